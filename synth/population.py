"""The true population: households at addresses, the people in them and their moves.

Everything here is ground truth; agencies only ever see noisy renderings of it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from touchpoint.synth import ids
from touchpoint.synth.config import AS_OF, START, WINDOW_DAYS
from touchpoint.synth.pools import Org, Pools

if TYPE_CHECKING:
    from touchpoint.synth.facts import Facts


@dataclass(slots=True, frozen=True)
class Address:
    """A postal address in canonical form; renderers produce the agency variants."""

    number: str
    street: str
    town: str
    postcode: str
    flat: int | None = None
    building: str | None = None


@dataclass(slots=True)
class Residence:
    """One spell at an address; `end` is None for the current address."""

    address: Address
    start: date
    end: date | None


@dataclass(slots=True)
class Person:
    """A true person. `role` is the household role used to derive relationships."""

    pid: str
    serial: int
    hid: str
    role: str  # parent | partner | child | grandparent | adult
    sex: str  # M | F
    first: str
    middle: str | None
    last: str
    dob: date
    prev_last: str | None = None  # surname before a change (marriage) ...
    name_change: date | None = None  # ... and when it changed
    known_as: str | None = None  # child who goes by a middle name
    nhs: str = ""
    ni: str | None = None
    upn: str | None = None
    gp: Org | None = None
    gp_from: date | None = None

    @property
    def is_child(self) -> bool:
        return self.role == "child"

    def age(self, on: date = AS_OF) -> int:
        years = on.year - self.dob.year
        return years - ((on.month, on.day) < (self.dob.month, self.dob.day))

    def surname_on(self, on: date) -> str:
        if self.prev_last and self.name_change and on < self.name_change:
            return self.prev_last
        return self.last


@dataclass(slots=True)
class Household:
    """A household, its address history and the facts agencies will record about it."""

    hid: str
    members: list[Person]
    residences: list[Residence]
    tenure: str  # social | private | owner
    migrant: bool = False
    facts: Facts | None = None
    force_school_change: bool = False  # frequent-movers scenario: every move changes school

    def address_on(self, on: date) -> Address:
        for res in reversed(self.residences):
            if res.start <= on:
                return res.address
        return self.residences[0].address

    @property
    def adults(self) -> list[Person]:
        return [p for p in self.members if not p.is_child]

    @property
    def children(self) -> list[Person]:
        return [p for p in self.members if p.is_child]


def relationship(a: Person, b: Person) -> str:
    """What `b` is to `a` (parent, child, sibling, partner, carer, grandparent, other)."""
    if a.hid != b.hid:
        return "other"
    roles = (a.role, b.role)
    if roles == ("child", "child"):
        return "sibling"
    if a.role == "child":
        return {"parent": "parent", "partner": "carer", "grandparent": "grandparent"}.get(
            b.role, "other"
        )
    if b.role == "child":
        return {"parent": "child", "partner": "child", "grandparent": "grandchild"}.get(
            a.role, "other"
        )
    if {a.role, b.role} <= {"parent", "partner"}:
        return "partner"
    return "other"


def rand_date(rng: random.Random, lo: date, hi: date) -> date:
    """Uniform date in [lo, hi] (hi before lo collapses to lo)."""
    span = (hi - lo).days
    return lo if span <= 0 else lo + timedelta(days=rng.randint(0, span))


class PopulationBuilder:
    """Creates households one at a time; counters make ids sequential and deterministic."""

    def __init__(self, pools: Pools, rng: random.Random) -> None:
        self.pools = pools
        self.rng = rng
        self.serial = 0
        self.hh_serial = 0

    # -- names and addresses -------------------------------------------------------------
    def forename(self, sex: str) -> str:
        rng, pool = self.rng, self.pools.male if sex == "M" else self.pools.female
        # Squaring biases towards the front of Faker's popularity-ordered lists.
        return pool[int(len(pool) * rng.random() ** 2)]

    def surname(self) -> str:
        return self.rng.choices(self.pools.surnames, cum_weights=self.pools.surname_cum)[0]

    def new_address(self) -> Address:
        rng = self.rng
        street = rng.choice(self.pools.streets)
        if street.building and rng.random() < 0.5:
            flat, building, number = street.next_flat, street.building, street.next_number
            street.next_flat += 1
            if street.next_flat > 24:
                street.next_number += 1
                street.next_flat = 1
        else:
            flat, building, number = None, None, street.next_number
            street.next_number += rng.randint(1, 2)
        unit = (number // 16 + street.sector * 7 + len(street.name) * 3) % 400
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        postcode = f"{street.district} {street.sector}{letters[unit // 20]}{letters[unit % 20]}"
        return Address(str(number), street.name, street.town, postcode, flat, building)

    # -- people ---------------------------------------------------------------------------
    def person(self, hid: str, role: str, sex: str, dob: date, last: str) -> Person:
        rng = self.rng
        serial = self.serial
        self.serial += 1
        middle = self.forename(sex) if rng.random() < 0.6 else None
        p = Person(
            f"P{serial:07d}",
            serial,
            hid,
            role,
            sex,
            self.forename(sex),
            middle,
            last,
            dob,
            nhs=ids.nhs_number(serial),
        )
        if p.age() >= 16:
            p.ni = ids.nino(serial, rng.randint(0, 3))
        if role == "child" and middle and rng.random() < 0.04:
            p.known_as = middle
        return p

    def household(self, max_people: int) -> Household:
        """One household with at most `max_people` members (the last one is trimmed)."""
        rng = self.rng
        hid = f"H{self.hh_serial:07d}"
        self.hh_serial += 1
        kind = rng.choices(
            ("single", "couple", "family", "lone", "multi", "sharers"),
            cum_weights=(28, 55, 80, 92, 95, 100),
        )[0]
        if max_people < 3 and kind in ("family", "lone", "multi"):
            kind = "single" if max_people == 1 else "couple"
        members: list[Person] = []
        if kind in ("single", "sharers"):
            n = 1 if kind == "single" else rng.randint(2, 3)
            for _ in range(min(n, max_people)):
                sex = rng.choice("MF")
                members.append(
                    self.person(hid, "adult", sex, self._adult_dob(18, 90), self.surname())
                )
        elif kind == "couple":
            a, b = self._couple(hid, self._adult_dob(20, 85))
            members += [a, b][:max_people]
        else:
            n_kids = min(rng.choice((1, 1, 2, 2, 2, 3, 3, 4)), max_people - 1 - (kind != "lone"))
            eldest = AS_OF - timedelta(days=rng.randint(0, 18 * 365 - 30))
            kid_dobs = [eldest]
            for _ in range(n_kids - 1):
                nxt = kid_dobs[-1] + timedelta(days=rng.randint(400, 2000))
                if nxt < AS_OF:
                    kid_dobs.append(nxt)
            mum_dob = eldest - timedelta(days=rng.randint(18 * 365, 40 * 365))
            if kind == "lone":
                sex = "F" if rng.random() < 0.9 else "M"
                lead = self.person(hid, "parent", sex, mum_dob, self.surname())
                members.append(lead)
                kid_last = lead.last if rng.random() < 0.7 else self.surname()
                if rng.random() < 0.3 and len(kid_dobs) + 2 <= max_people:
                    other = "M" if sex == "F" else "F"
                    members.append(
                        self.person(hid, "partner", other, self._near(mum_dob), self.surname())
                    )
            else:
                lead, partner = self._couple(hid, mum_dob)
                members += [lead, partner]
                kid_last = lead.last if rng.random() < 0.8 else partner.last
            for kd in kid_dobs:
                members.append(self.person(hid, "child", rng.choice("MF"), kd, kid_last))
            if kind == "multi" and len(members) < max_people:
                gp_dob = mum_dob - timedelta(days=rng.randint(20 * 365, 35 * 365))
                members.append(self.person(hid, "grandparent", rng.choice("MF"), gp_dob, lead.last))
        tenure = rng.choices(("social", "private", "owner"), cum_weights=(17, 37, 100))[0]
        if any(p.is_child for p in members) and rng.random() < 0.1:
            tenure = "social"
        hh = Household(hid, members, self._residences(), tenure, migrant=rng.random() < 0.05)
        return hh

    def _adult_dob(self, lo: int, hi: int) -> date:
        return AS_OF - timedelta(days=self.rng.randint(lo * 365 + 5, hi * 365))

    def _near(self, dob: date) -> date:
        return dob + timedelta(days=self.rng.randint(-6 * 365, 6 * 365))

    def _couple(self, hid: str, dob: date) -> tuple[Person, Person]:
        """A couple; most share a surname because one of them changed it on marriage."""
        rng = self.rng
        a_sex = "F" if rng.random() < 0.97 else "M"
        b_sex = "M" if (a_sex == "F") == (rng.random() < 0.97) else "F"
        b = self.person(hid, "parent", b_sex, self._near(dob), self.surname())
        a = self.person(hid, "parent", a_sex, dob, b.last)
        if rng.random() < 0.7:
            a.prev_last = self.surname()
            a.name_change = rand_date(rng, START - timedelta(days=15 * 365), AS_OF)
            if a.name_change > START and a.age(a.name_change) < 18:
                a.name_change = None
                a.prev_last = None
        else:
            a.last = self.surname()
        return a, b

    def _residences(self) -> list[Residence]:
        """Address history: the address held at START plus ~8% chance of a move per year."""
        rng = self.rng
        first = Residence(self.new_address(), START - timedelta(days=rng.randint(30, 6000)), None)
        out = [first]
        moves = sum(1 for _ in range(3) if rng.random() < 0.08)
        for day in sorted(rng.randint(1, WINDOW_DAYS - 1) for _ in range(moves)):
            when = START + timedelta(days=day)
            if when <= out[-1].start:
                continue
            out[-1].end = when
            out.append(Residence(self.new_address(), when, None))
        return out


def add_move(builder: PopulationBuilder, hh: Household, when: date) -> None:
    """Insert a move on `when` (used by scenarios); keeps spells contiguous."""
    res = hh.residences
    if when <= res[-1].start:
        return
    res[-1].end = when
    res.append(Residence(builder.new_address(), when, None))
