"""Value pools built once per run from Faker(en_GB), then sampled with a seeded RNG.

Faker is ~15 µs per call, far too slow to call per record for a million people, so we
draw its towns and postcode districts once and reuse its (weighted) name lists.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from faker import Faker

_UK_STREET_SUFFIX = (
    "Road", "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Crescent", "Gardens",
    "Court", "Place", "Grove", "Terrace", "Walk", "Mews", "Hill", "Rise", "View", "Park",
    "Square",
)  # fmt: skip
_CLASSIC_STREET = (
    "Church", "Mill", "Station", "High", "Victoria", "Park", "Queens", "Kings", "New",
    "School", "Albert", "Manor", "Chapel", "Green", "Springfield", "York", "Windsor", "Oak",
    "Elm", "Beech", "Willow", "Meadow", "Orchard", "Castle", "Bridge", "North", "South",
)  # fmt: skip
_BUILDING_WORDS = ("House", "Court", "Lodge", "Heights", "Tower", "Point", "Mansions")
_NATIONALITIES = (
    "POLAND", "ROMANIA", "INDIA", "PAKISTAN", "NIGERIA", "SYRIA", "AFGHANISTAN", "ERITREA",
    "SUDAN", "IRAN", "ALBANIA", "UKRAINE", "HONG KONG", "BANGLADESH", "SOMALIA", "IRAQ",
)  # fmt: skip


@dataclass(slots=True)
class Street:
    """A street with its town and postcode district; numbers are handed out in order."""

    name: str
    town: str
    district: str  # outward code, e.g. "LS6"
    sector: int
    next_number: int = 1
    building: str | None = None  # block of flats on this street, if any
    next_flat: int = 1


@dataclass(slots=True)
class Org:
    """A school, GP practice or hospital site: a code, a name and (for schools) a phase."""

    code: str
    name: str
    phase: str = ""


@dataclass(slots=True)
class Pools:
    """Everything sampled per person or per address, plus cumulative weights for speed."""

    male: list[str]
    female: list[str]
    surnames: list[str]
    surname_cum: list[float]
    streets: list[Street]
    primaries: list[Org]
    secondaries: list[Org]
    practices: list[Org]
    hospitals: list[Org]
    nationalities: tuple[str, ...] = _NATIONALITIES
    first_cum: list[float] = field(default_factory=list)


def _name_list(provider: object, attr: str) -> list[str]:
    names = getattr(provider, attr)
    return list(names.keys()) if isinstance(names, dict) else list(names)


def build_pools(seed: int, people: int) -> Pools:
    """Draw all pools for a run; sizes scale with the population so density stays UK-like."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = random.Random(seed ^ 0x5EED)
    person = next(p for p in fake.providers if type(p).__module__.endswith("person.en_GB"))
    male = _name_list(person, "first_names_male")
    female = _name_list(person, "first_names_female")
    last = person.last_names
    surnames = list(last.keys())
    surname_cum = list(itertools.accumulate(float(w) for w in last.values()))

    n_towns = min(60, max(6, people // 20_000))
    towns = sorted({fake.city() for _ in range(n_towns * 2)})[:n_towns]
    districts: dict[str, list[str]] = {}
    for town in towns:
        districts[town] = sorted({fake.postcode().split()[0] for _ in range(4)})
    n_streets = min(40_000, max(150, people // 50))
    streets: list[Street] = []
    seen: set[tuple[str, str]] = set()
    while len(streets) < n_streets:
        base = rng.choice(_CLASSIC_STREET) if rng.random() < 0.3 else rng.choice(surnames)
        name = f"{base} {rng.choice(_UK_STREET_SUFFIX)}"
        town = rng.choice(towns)
        if (name, town) in seen:
            continue
        seen.add((name, town))
        building = None
        if rng.random() < 0.25:
            building = f"{rng.choice(surnames)} {rng.choice(_BUILDING_WORDS)}"
        streets.append(
            Street(
                name,
                town,
                rng.choice(districts[town]),
                rng.randint(1, 9),
                next_number=rng.randint(1, 60),
                building=building,
            )
        )

    def orgs(n: int, code: str, namer: Callable[[int], str], phase: str) -> list[Org]:
        return [Org(code.format(i), namer(i), phase) for i in range(n)]

    n_primary = max(4, people // 1_500)
    n_secondary = max(2, people // 7_000)
    saints = ("St Mary's", "St John's", "St Peter's", "Holy Trinity", "St Joseph's", "All Saints")
    primaries = orgs(
        n_primary,
        "1{:05d}",
        lambda i: (
            f"{rng.choice(saints)} C of E Primary School"
            if i % 5 == 0
            else f"{rng.choice(streets).name.split()[0]} Primary School"
        ),
        "primary",
    )
    secondaries = orgs(
        n_secondary,
        "13{:04d}",
        lambda i: f"{rng.choice(towns)} {rng.choice(('Academy', 'High School', 'School'))}",
        "secondary",
    )
    practices: list[Org] = []
    for i in range(max(3, people // 8_000)):
        name = rng.choice(
            (
                f"The {rng.choice(streets).name} Surgery",
                f"{rng.choice(towns)} Medical Centre",
                f"{rng.choice(surnames)} Health Centre",
                f"{rng.choice(_CLASSIC_STREET)} Street Medical Practice",
            )
        )
        practices.append(Org(f"{'ABCDGJKLMNPY'[i % 12]}{81_000 + i:05d}", name))
    hospitals = [
        Org("RX1A1", f"{towns[0]} General Hospital"),
        Org("RX2B2", f"{towns[-1]} Royal Infirmary"),
        Org("RX3C3", f"{towns[len(towns) // 2]} University Hospital"),
    ]
    return Pools(
        male, female, surnames, surname_cum, streets, primaries, secondaries, practices, hospitals
    )
