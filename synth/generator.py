"""`generate()`: build the population household by household and stream every extract.

Households are independent once created, so each is generated, planted, rendered by all
agencies and dropped before the next: memory stays flat however many people are asked for.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from touchpoint.synth.background import World
from touchpoint.synth.background_adult import adult_services
from touchpoint.synth.config import NoiseConfig, SynthSummary, iso
from touchpoint.synth.life import generate_background
from touchpoint.synth.noise import Noise
from touchpoint.synth.planter import Planter
from touchpoint.synth.pools import build_pools
from touchpoint.synth.population import Household, PopulationBuilder
from touchpoint.synth.sources import all_sources
from touchpoint.synth.writers import CsvSink

PEOPLE_COLUMNS = (
    "person_id",
    "household_id",
    "household_role",
    "forename",
    "middle_names",
    "surname",
    "previous_surname",
    "surname_changed",
    "known_as",
    "sex",
    "date_of_birth",
    "nhs_number",
    "ni_number",
    "upn",
    "gp_practice_code",
)
RESIDENCE_COLUMNS = (
    "household_id",
    "from_date",
    "to_date",
    "flat",
    "building",
    "number",
    "street",
    "town",
    "postcode",
    "tenure",
)


def generate(
    out_dir: Path,
    people: int,
    seed: int = 42,
    scenario_rate: float = 0.03,
    progress: Callable[[int], None] | None = None,
    *,
    noise: NoiseConfig | None = None,
    progress_every: int = 1_000,
) -> SynthSummary:
    """Write fully synthetic multi-agency extracts for `people` people into `out_dir`.

    Same arguments give byte-identical files. Ground truth goes to `out_dir/labels/`.
    `progress(n)` is called with the number of people completed since the last call.
    """
    started = time.perf_counter()
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    summary = SynthSummary(out_dir=str(root), seed=seed)
    rng = random.Random(seed)
    pools = build_pools(seed, people)
    builder = PopulationBuilder(pools, rng)
    world = World(pools, rng, builder)
    noise_model = Noise(random.Random(seed + 1), noise or NoiseConfig(), summary.noise)
    records = CsvSink(root, "labels/records.csv", ("source", "record_key", "person_id"))
    people_out = CsvSink(root, "labels/people.csv", PEOPLE_COLUMNS)
    residences = CsvSink(root, "labels/residences.csv", RESIDENCE_COLUMNS)
    scenarios = CsvSink(
        root,
        "labels/scenarios.csv",
        ("scenario_id", "scenario", "person_id", "household_id", "details"),
    )
    sources = all_sources(root, world, noise_model, records)
    planter = Planter(world, scenario_rate)
    seen: dict[str, set[str]] = {}

    done = pending = 0
    while done < people:
        hh = builder.household(people - done)
        choice = planter.choose(hh)
        generate_background(world, hh)
        adult_services(world, hh)
        if choice is not None:
            sid = f"S{world.next_id('scenario'):06d}"
            for name, person, details in planter.plant(hh, choice):
                scenarios.add((sid, name, person.pid, hh.hid, details))
                seen.setdefault(name, set()).add(person.pid)
        for source in sources:
            source.emit(hh)
        _write_truth(hh, people_out, residences)
        noise_model.reset()
        world.recent.extend((a, hh) for a in hh.adults)
        hh.facts = None
        summary.households += 1
        done += len(hh.members)
        pending += len(hh.members)
        if progress is not None and pending >= progress_every:
            progress(pending)
            pending = 0
    if progress is not None and pending:
        progress(pending)

    for source in sources:
        summary.files.update(source.close())
    for sink in (records, people_out, residences, scenarios):
        sink.close()
        summary.files[sink.name] = sink.rows
    summary.people = done
    summary.scenarios = {k: len(v) for k, v in sorted(seen.items())}
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def _write_truth(hh: Household, people_out: CsvSink, residences: CsvSink) -> None:
    for p in hh.members:
        people_out.add(
            (
                p.pid,
                hh.hid,
                p.role,
                p.first,
                p.middle or "",
                p.last,
                p.prev_last or "",
                iso(p.name_change) or "",
                p.known_as or "",
                p.sex,
                p.dob.isoformat(),
                p.nhs,
                p.ni or "",
                p.upn or "",
                p.gp.code if p.gp else "",
            )
        )
    for r in hh.residences:
        a = r.address
        residences.add(
            (
                hh.hid,
                r.start.isoformat(),
                iso(r.end) or "",
                a.flat or "",
                a.building or "",
                a.number,
                a.street,
                a.town,
                a.postcode,
                hh.tenure,
            )
        )
