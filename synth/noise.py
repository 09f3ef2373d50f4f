"""Realistic recording defects: typos, nicknames, old surnames, DOB swaps, address variants.

Registration-style agencies keep one stable (possibly wrong) view of a person, while
incident-style agencies (police, A&E) re-key details on every contact; both patterns
matter to entity resolution, so views can be cached per agency or drawn per row.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from touchpoint.synth.config import NoiseConfig
from touchpoint.synth.population import Address, Person

NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy", "Liam"), "Robert": ("Bob", "Rob", "Bobby"),
    "Richard": ("Rich", "Dick", "Richie"), "James": ("Jim", "Jimmy", "Jamie"),
    "Thomas": ("Tom", "Tommy"), "Michael": ("Mike", "Mick", "Mikey"),
    "Christopher": ("Chris",), "Anthony": ("Tony", "Ant"), "Andrew": ("Andy", "Drew"),
    "Daniel": ("Dan", "Danny"), "Matthew": ("Matt",), "Joseph": ("Joe", "Joey"),
    "Benjamin": ("Ben",), "Samuel": ("Sam", "Sammy"), "Alexander": ("Alex", "Sandy"),
    "Nicholas": ("Nick", "Nicky"), "Jonathan": ("Jon", "Jonny"), "Stephen": ("Steve",),
    "Steven": ("Steve",), "Edward": ("Ed", "Eddie", "Ted"), "Charles": ("Charlie", "Chas"),
    "David": ("Dave", "Davy"), "Peter": ("Pete",), "Philip": ("Phil",), "Timothy": ("Tim",),
    "Kenneth": ("Ken", "Kenny"), "Raymond": ("Ray",), "Geoffrey": ("Geoff",),
    "Lewis": ("Lew",), "Oliver": ("Ollie",), "Nathan": ("Nate",), "Joshua": ("Josh",),
    "Frederick": ("Fred", "Freddie"), "Harry": ("Haz",), "Henry": ("Harry", "Hal"),
    "Victoria": ("Vicky", "Tori", "Vic"), "Elizabeth": ("Liz", "Beth", "Lizzie", "Betty"),
    "Katherine": ("Kate", "Kath", "Katie"), "Catherine": ("Cath", "Kate", "Cathy"),
    "Margaret": ("Maggie", "Peggy", "Meg"), "Rebecca": ("Becky", "Becca"),
    "Jennifer": ("Jen", "Jenny"), "Samantha": ("Sam", "Sammy"), "Jessica": ("Jess",),
    "Christine": ("Chris", "Chrissie"), "Deborah": ("Debbie", "Deb"), "Susan": ("Sue", "Suzy"),
    "Patricia": ("Pat", "Trish"), "Alexandra": ("Alex", "Lexi"), "Charlotte": ("Charlie",),
    "Amanda": ("Mandy",), "Jacqueline": ("Jackie",), "Nicola": ("Nicky", "Nic"),
    "Joanne": ("Jo",), "Natalie": ("Nat",), "Gillian": ("Gill",), "Abigail": ("Abbie", "Abi"),
    "Eleanor": ("Ellie", "Nell"), "Olivia": ("Liv",), "Sophie": ("Soph",),
    "Jacob": ("Jake",), "Daniela": ("Dani",), "Bethany": ("Beth",), "Caroline": ("Caz",),
    "Pamela": ("Pam",), "Barbara": ("Babs",), "Josephine": ("Jo", "Josie"),
}  # fmt: skip

_ABBREV = {
    "Road": "Rd",
    "Street": "St",
    "Avenue": "Ave",
    "Close": "Cl",
    "Drive": "Dr",
    "Crescent": "Cres",
    "Gardens": "Gdns",
    "Court": "Ct",
    "Place": "Pl",
    "Lane": "Ln",
    "Terrace": "Terr",
    "Square": "Sq",
    "Grove": "Gr",
    "Park": "Pk",
}
_KEYS = "qwertyuiopasdfghjklzxcvbnm"
T = TypeVar("T")


@dataclass(slots=True)
class View:
    """How one agency record shows a person (stable for registration-style agencies)."""

    first: str
    middle: str | None
    last: str
    dob: date | None
    old_surname: bool  # agency never caught up with a surname change
    local_id: str = ""


class Noise:
    """Applies defects at the configured rates and counts how often each was applied."""

    def __init__(self, rng: random.Random, cfg: NoiseConfig, counts: dict[str, int]) -> None:
        self.rng, self.cfg, self.counts = rng, cfg, counts
        self._views: dict[tuple[str, str], list[View]] = {}

    def _hit(self, kind: str, rate: float) -> bool:
        if self.rng.random() < rate:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            return True
        return False

    def reset(self) -> None:
        """Forget per-household caches (called after each household is written)."""
        self._views.clear()

    # -- names ---------------------------------------------------------------------------
    def typo(self, name: str) -> str:
        if len(name) < 3 or not self._hit("typo", self.cfg.typo):
            return name
        rng, i = self.rng, self.rng.randrange(1, len(name))
        op = rng.randrange(4)
        if op == 0:  # transpose
            j = i - 1 if i == len(name) - 1 else i
            return name[:j] + name[j + 1] + name[j] + name[j + 2 :]
        if op == 1:  # drop
            return name[:i] + name[i + 1 :]
        if op == 2:  # double
            return name[:i] + name[i] + name[i:]
        return name[:i] + rng.choice(_KEYS) + name[i + 1 :]

    def forename(self, p: Person, preferred: bool = False) -> str:
        """Forename as recorded; `preferred` agencies (schools) use the known-as name."""
        name = p.known_as if (preferred and p.known_as) else p.first
        short = NICKNAMES.get(name)
        if short and self._hit("nickname", self.cfg.nickname):
            name = self.rng.choice(short)
        return self.typo(name)

    def dob(self, d: date, missing_rate: float = 0.0) -> date | None:
        if missing_rate and self._hit("dob_missing", missing_rate):
            return None
        if d.day <= 12 and d.day != d.month and self._hit("dob_swap", self.cfg.dob_swap):
            return date(d.year, d.day, d.month)
        return d

    def view(self, p: Person, dob_missing: float = 0.0, preferred: bool = False) -> View:
        """A fresh rendering of `p` (used per row by police and A&E)."""
        old = bool(p.prev_last) and self._hit("old_surname", self.cfg.old_surname)
        return View(
            self.forename(p, preferred),
            p.middle,
            self.typo(p.last),
            self.dob(p.dob, dob_missing),
            old,
        )

    def records(
        self, agency: str, p: Person, preferred: bool = False, dup: bool = True
    ) -> list[View]:
        """The agency's person record(s) for `p`: usually one, two when duplicated."""
        key = (agency, p.pid)
        views = self._views.get(key)
        if views is None:
            views = [self.view(p, preferred=preferred)]
            if dup and self._hit("duplicate", self.cfg.duplicate):
                views.append(self.view(p, preferred=preferred))
            self._views[key] = views
        return views

    def pick(self, items: list[T]) -> T:
        """One of an agency's duplicate records, chosen per row."""
        return items[0] if len(items) == 1 else self.rng.choice(items)

    def surname(self, p: Person, v: View, on: date) -> str:
        """Surname as held on `on`: the old one before a change, or if never updated."""
        if p.prev_last and p.name_change and (on < p.name_change or v.old_surname):
            return self.typo(p.prev_last) if v.last != p.last else p.prev_last
        return v.last

    def blank(self, value: str | None, rate: float | None = None) -> str | None:
        """Drop an identifier the agency usually holds."""
        if value and self._hit("id_missing", self.cfg.id_missing if rate is None else rate):
            return None
        return value

    # -- addresses -----------------------------------------------------------------------
    def postcode(self, pc: str) -> str:
        if not self._hit("postcode_variant", self.cfg.address_variant / 2):
            return pc
        r = self.rng.random()
        return pc.replace(" ", "") if r < 0.5 else pc.lower() if r < 0.75 else pc.replace(" ", "  ")

    def address_lines(self, a: Address) -> tuple[str, str]:
        """(line 1, line 2) with abbreviation / flat-format variants at the configured rate."""
        street, number = a.street, a.number
        varied = self._hit("address_variant", self.cfg.address_variant)
        r = self.rng.random() if varied else 1.0
        if varied and r < 0.45:
            head, _, suffix = street.rpartition(" ")
            street = f"{head} {_ABBREV.get(suffix, suffix)}"
        if a.flat is None:
            line1, line2 = f"{number} {street}", ""
        elif varied and r < 0.7:
            line1, line2 = f"{a.flat}/{number} {street}", ""
        elif varied and r < 0.85:
            line1, line2 = f"Flat {a.flat} {a.building}", f"{number} {street}"
        else:
            line1, line2 = f"Flat {a.flat}, {a.building}", f"{number} {street}"
        if varied and 0.85 <= r < 0.95:
            line1, line2 = line1.upper(), line2.upper()
        return line1, line2

    def address_line(self, a: Address, with_town: bool = True) -> str:
        """Single free-text address line, as police and housing systems store it."""
        line1, line2 = self.address_lines(a)
        parts = [line1, line2, a.town if with_town else ""]
        return ", ".join(x for x in parts if x)
