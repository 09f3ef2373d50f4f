"""Synthetic children's social care histories, written out by each standard's writer.

One seeded history per child (referrals, assessments, section 47 enquiries, child in need and
child protection plans with their visits, periods looked after, missing episodes with the
return home interview offered or not, care leaving) is rendered as the SSD, the SSDA903 return
and the CIN census, so the three packs describe the same children. Six children are planted
with fixed ids, relative to ``as_of``, for the saved patterns: a missing episode without a
return interview (and near misses: interview offered and accepted; away, not missing), and a
child protection plan without a visit (near misses: visited every fortnight; plan ended).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

PLANTED = ("missing_no_rhi", "missing_with_rhi", "away_no_rhi", "cp_no_visit", "cp_visited",
           "cp_ended")  # fmt: skip
NEEDS = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
ABUSE = ("NEG", "PHY", "SAB", "EMO", "MUL")
SOURCES = {"1A": "Individual", "2A": "Schools", "3A": "Health services - GP",
           "5A": "Police", "9": "Anonymous"}  # fmt: skip


@dataclass
class Plan:
    kind: str  # "cin" or "cp"
    start: date
    end: date | None
    visits: list[date] = field(default_factory=list)
    category: str = "NEG"


@dataclass
class Missing:
    start: date
    end: date | None
    kind: str  # "M" missing, "A" away from placement
    rhi_offered: str  # Y / N / NA
    rhi_accepted: str


@dataclass
class Referral:
    date: date
    source: str
    need: str
    closed: date | None
    assessment: tuple[date, date | None] | None = None
    s47: tuple[date, date | None] | None = None
    plans: list[Plan] = field(default_factory=list)


@dataclass
class Child:
    child_id: str
    forename: str
    surname: str
    sex: str  # M / F
    dob: date
    nhs_number: str
    upn: str
    address: dict[str, str]
    postcode: str
    family_id: str
    referrals: list[Referral] = field(default_factory=list)
    looked_after: list[tuple[date, date | None, str, str]] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    care_leaver: bool = False


def histories(children: int, seed: int, as_of: date) -> tuple[list[Child], dict[str, str]]:
    """``children`` random histories plus the planted ones; (children, case → child id)."""
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    made = [_random_child(rng, fake, i, as_of) for i in range(1, children + 1)]
    planted = {}
    for case in PLANTED:
        child = _person(rng, fake, f"PLANT-{case.upper().replace('_', '-')}", as_of, age=12)
        _plant(child, case, as_of)
        made.append(child)
        planted[case] = child.child_id
    return made, planted


def _person(rng: random.Random, fake: Faker, child_id: str, as_of: date, age: int) -> Child:
    sex = rng.choice("MF")
    forename = fake.first_name_male() if sex == "M" else fake.first_name_female()
    dob = as_of - timedelta(days=age * 365 + rng.randrange(300))
    house, street = str(rng.randrange(1, 180)), fake.street_name()
    flat = str(rng.randrange(1, 9)) if rng.random() < 0.3 else ""
    address = {"FLAT": flat, "HOUSE": house, "STREET": street, "TOWN": fake.city(),
               "UPRN": str(rng.randrange(10**11, 10**12))}  # fmt: skip
    return Child(child_id=child_id, forename=forename, surname=fake.last_name(), sex=sex,
                 dob=dob, nhs_number=_nhs_number(rng), upn=_upn(rng), address=address,
                 postcode=fake.postcode(), family_id=f"FAM{rng.randrange(10**6):06d}")  # fmt: skip


def _random_child(rng: random.Random, fake: Faker, i: int, as_of: date) -> Child:
    child = _person(rng, fake, f"C{i:06d}", as_of, age=rng.randrange(1, 19))
    start = as_of - timedelta(days=rng.randrange(60, 900))
    closed = start + timedelta(days=rng.randrange(30, 400))
    referral = Referral(start, rng.choice(list(SOURCES)), rng.choice(NEEDS),
                        closed if closed < as_of else None)  # fmt: skip
    assess_start = start + timedelta(days=rng.randrange(1, 10))
    referral.assessment = (assess_start, assess_start + timedelta(days=rng.randrange(10, 45)))
    if rng.random() < 0.4:
        referral.s47 = (assess_start, assess_start + timedelta(days=rng.randrange(5, 15)))
        plan_start = assess_start + timedelta(days=20)
        plan = Plan("cp", plan_start, referral.closed, category=rng.choice(ABUSE))
        plan.visits = _fortnightly(plan_start, referral.closed or as_of, rng)
        referral.plans.append(plan)
    elif rng.random() < 0.6:
        plan_start = assess_start + timedelta(days=30)
        plan = Plan("cin", plan_start, referral.closed)
        plan.visits = _fortnightly(plan_start, referral.closed or as_of, rng)
        referral.plans.append(plan)
    child.referrals.append(referral)
    if rng.random() < 0.2:
        cla_start = start + timedelta(days=rng.randrange(30, 200))
        if cla_start < as_of:
            child.looked_after.append((cla_start, None, "C2", "U1"))
            for _ in range(rng.randrange(0, 3)):
                span = max((as_of - cla_start).days, 2)
                gone = cla_start + timedelta(days=rng.randrange(1, span))
                back = gone + timedelta(days=rng.randrange(0, 4))
                if back < as_of:
                    child.missing.append(Missing(gone, back, "M", "Y", rng.choice("YN")))
    if (as_of - child.dob).days > 16 * 365 and rng.random() < 0.6:
        if not child.looked_after:
            left = as_of - timedelta(days=rng.randrange(1, 60))
            child.looked_after.append((start, left, "C2", "U1"))
        child.care_leaver = True
    return child


def _plant(child: Child, case: str, as_of: date) -> None:
    days = timedelta
    if case.startswith(("missing", "away")):
        child.looked_after.append((as_of - days(300), None, "C2", "U1"))
        offered = {"missing_no_rhi": ("N", "NA"), "missing_with_rhi": ("Y", "Y"),
                   "away_no_rhi": ("NA", "NA")}[case]  # fmt: skip
        kind = "A" if case == "away_no_rhi" else "M"
        child.missing.append(Missing(as_of - days(40), as_of - days(38), kind, *offered))
        child.referrals.append(Referral(as_of - days(400), "5A", "N1", None))
        return
    referral = Referral(as_of - days(150), "2A", "N1", None)
    referral.assessment = (as_of - days(148), as_of - days(130))
    referral.s47 = (as_of - days(140), as_of - days(128))
    end = as_of - days(100) if case == "cp_ended" else None
    start = as_of - days(200) if case == "cp_ended" else as_of - days(120)
    plan = Plan("cp", start, end, category="PHY")
    if case == "cp_visited":
        plan.visits = [start + days(n) for n in range(14, 120, 14)]
    referral.plans.append(plan)
    child.referrals.append(referral)


def _fortnightly(start: date, end: date, rng: random.Random) -> list[date]:
    out, day = [], start + timedelta(days=rng.randrange(3, 14))
    while day < end:
        out.append(day)
        day += timedelta(days=rng.randrange(10, 28))
    return out


def _nhs_number(rng: random.Random) -> str:
    """A 10-digit number with a valid modulus-11 check digit (9 99 … : a test range)."""
    while True:
        digits = [9, 9, *(rng.randrange(10) for _ in range(7))]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _upn(rng: random.Random) -> str:
    return "Z" + "".join(str(rng.randrange(10)) for _ in range(11)) + rng.choice("ABCDEFGH")
