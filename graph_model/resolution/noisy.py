"""A seeded noisy-record benchmark with every error type named, for resolution quality.

Each person has a clean original record and (most) one or more duplicates carrying one to
three named errors, so precision and recall can be read per error type. People who are easy
to merge wrongly are planted on purpose and named too: twins (one address, one date of
birth, different forenames, neighbouring NHS numbers), a parent and a child with the same
name at one address, and people sharing a very common name.

Two variants, after the public record-linkage benchmarks: ``link`` (two sources, every
person once in each, like FEBRL 4) and ``dedupe`` (one source, zero to three duplicates per
person, like FEBRL 3). Names come from Faker en_GB pools; nothing is real.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from faker import Faker
from nicknames import NickNamer

from touchpoint.graph_model.resolution.identifiers import NI_PREFIXES, nhs_number_from, upn_from

ERROR_TYPES = (
    "identifier_typo", "transposed_digits", "swapped_names", "nickname", "missing_surname",
    "invalid_date", "day_month_swap", "moved_address", "name_typo", "dob_typo",
)  # fmt: skip
CONFUSERS = ("twins", "parent_child", "common_name")
COMMON_NAMES = [
    ("John", "Smith", "M"), ("David", "Jones", "M"), ("Sarah", "Williams", "F"),
    ("Mohammed", "Khan", "M"), ("Emma", "Taylor", "F"), ("James", "Brown", "M"),
]  # fmt: skip
TODAY = date(2025, 6, 1)
SOURCES = {"link": ("gp", "police"), "dedupe": ("social_care", "social_care")}


@dataclass
class Benchmark:
    """Records (with their true ``person`` and ``errors``), and who may be confused."""

    records: pd.DataFrame
    people: pd.DataFrame
    confusers: pd.DataFrame  # person_a, person_b, kind (twins | parent_child)


class _World:
    """Pools and a seeded random source shared by every generation step."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        self.female = sorted({fake.first_name_female() for _ in range(3000)})
        self.male = sorted({fake.first_name_male() for _ in range(3000)})
        self.surnames = sorted({fake.last_name() for _ in range(6000)})
        self.streets = sorted({fake.street_name() for _ in range(4000)})
        self.towns = sorted({fake.city() for _ in range(300)})[:80]
        self.outward = {t: [fake.postcode().split()[0] for _ in range(4)] for t in self.towns}
        self.namer = NickNamer()
        self.serial = 0

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def forename(self, sex: str) -> str:
        return self.pick(self.female if sex == "F" else self.male)

    def address(self) -> dict[str, str | None]:
        town = self.pick(self.towns)
        rng = self.rng
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        inward = f"{rng.randint(1, 9)}{self.pick(letters)}{self.pick(letters)}"
        line2 = f"Flat {rng.randint(1, 40)}" if rng.random() < 0.2 else None
        return {
            "address": f"{rng.randint(1, 250)} {self.pick(self.streets)}",
            "address_line_2": line2,
            "place": town,
            "postcode": f"{self.pick(self.outward[town])} {inward}",
        }

    def identifiers(self, dob: date, twin_of: dict | None = None) -> dict[str, str | None]:
        self.serial += 1
        # A twin's NHS number is the next one issued after their sibling's (a different,
        # valid number a couple of digits away).
        stem = 400_000_000 + self.serial * 37 if twin_of is None else twin_of["_stem"] + 1
        age = (TODAY - dob).days / 365.25
        ni = None
        if age >= 16:
            ni = f"{self.pick(NI_PREFIXES)}{self.rng.randint(0, 999_999):06d}{self.pick('ABCD')}"
        upn = upn_from(f"{330_000_000_000 + self.serial}") if 4 <= age <= 18 else None
        nhs = nhs_number_from(stem)
        return {"nhs_number": nhs, "ni_number": ni, "upn": upn, "_stem": int(nhs[:9])}


def _dob(rng: random.Random, start: int, end: int) -> date:
    return date(start, 1, 1) + timedelta(
        days=rng.randrange((date(end, 12, 31) - date(start, 1, 1)).days)
    )


def _person(
    world: _World,
    pid: str,
    home: dict,
    surname: str,
    dob: date,
    sex: str,
    scenario: str = "",
    forename: str | None = None,
    twin_of: dict | None = None,
) -> dict:
    rng = world.rng
    middle = world.forename(sex) if rng.random() < 0.3 else None
    return {
        "person": pid, "scenario": scenario, "forename": forename or world.forename(sex),
        "middle_names": middle, "surname": surname, "sex": sex, "dob": dob, **home,
        **world.identifiers(dob, twin_of),
    }  # fmt: skip


def _people(world: _World, n_people: int) -> tuple[list[dict], list[tuple[str, str, str]]]:
    """Households of one to four; some with twins, some with a same-named parent and child;
    a few people with a very common name."""
    rng, people, confusers = world.rng, [], []
    while len(people) < n_people:
        home, surname = world.address(), world.pick(world.surnames)
        pid = f"P{len(people):07d}"
        roll = rng.random()
        if roll < 0.03:
            dob, first_sex = _dob(rng, 2006, 2022), rng.choice("FM")
            a = _person(world, pid, home, surname, dob, first_sex, "twins")
            b = _person(world, f"{pid}t", home, surname, dob, rng.choice("FM"), "twins", twin_of=a)
            while b["forename"] == a["forename"]:
                b["forename"] = world.forename(b["sex"])
            people += [a, b]
            confusers.append((a["person"], b["person"], "twins"))
        elif roll < 0.05:
            parent_dob = _dob(rng, 1960, 1985)
            gap = rng.randint(20, 40)
            child_dob = _dob(
                rng, min(parent_dob.year + gap, 2022), min(parent_dob.year + gap, 2022)
            )
            a = _person(world, pid, home, surname, parent_dob, "M", "parent_child")
            b = _person(
                world, f"{pid}c", home, surname, child_dob, "M", "parent_child", a["forename"]
            )
            people += [a, b]
            confusers.append((a["person"], b["person"], "parent_child"))
        elif roll < 0.07:
            first, last, sex = world.pick(COMMON_NAMES)
            people.append(_person(world, pid, home, last, _dob(rng, 1950, 2015), sex,
                                  "common_name", first))  # fmt: skip
        else:
            for k in range(rng.choice((1, 1, 2, 2, 3, 4))):
                sex = rng.choice("FM")
                dob = _dob(rng, 1945, 2000) if k < 2 else _dob(rng, 2003, 2022)
                people.append(_person(world, f"{pid}h{k}", home, surname, dob, sex))
    return people[:n_people], confusers


# ---- errors: each takes a record (dict) and returns False when it does not apply ----------
def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    kind = rng.choice(("sub", "ins", "del", "swap")) if len(word) > 3 else "sub"
    if kind == "sub":
        return word[:i] + letter + word[i + 1 :]
    if kind == "ins":
        return word[:i] + letter + word[i:]
    if kind == "del":
        return word[:i] + word[i + 1 :]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _an_identifier(rec: dict) -> str | None:
    held = [c for c in ("nhs_number", "upn", "ni_number") if rec.get(c)]
    return held[0] if held else None


def _identifier_typo(world: _World, rec: dict) -> bool:
    column = _an_identifier(rec)
    if column is None:
        return False
    value = rec[column]
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    i = world.pick(digits)
    new = world.pick([d for d in "0123456789" if d != value[i]])
    rec[column] = value[:i] + new + value[i + 1 :]
    return True


def _transposed_digits(world: _World, rec: dict) -> bool:
    column = _an_identifier(rec)
    if column is None:
        return False
    value = rec[column]
    spots = [i for i in range(len(value) - 1) if value[i].isdigit() and value[i + 1].isdigit()
             and value[i] != value[i + 1]]  # fmt: skip
    if not spots:
        return False
    i = world.pick(spots)
    rec[column] = value[:i] + value[i + 1] + value[i] + value[i + 2 :]
    return True


def _swapped_names(world: _World, rec: dict) -> bool:
    if not rec["forename"] or not rec["surname"]:
        return False
    rec["forename"], rec["surname"] = rec["surname"], rec["forename"]
    return True


def _nickname(world: _World, rec: dict) -> bool:
    names = sorted(world.namer.nicknames_of(rec["forename"].lower()))
    if not names:
        return False
    rec["forename"] = world.pick(names).title()
    return True


def _missing_surname(world: _World, rec: dict) -> bool:
    rec["surname"] = None
    return True


def _invalid_date(world: _World, rec: dict) -> bool:
    """An unparseable date kept as an empty field (a mapping's ``on_error: null``)."""
    rec["dob"] = None
    rec["dq_notes"] = "date_of_birth: not a date (kept the record, field left empty)"
    return True


def _day_month_swap(world: _World, rec: dict) -> bool:
    dob = rec["dob"]
    if dob is None or dob.day > 12 or dob.day == dob.month:
        return False
    rec["dob"] = date(dob.year, dob.day, dob.month)
    return True


def _dob_typo(world: _World, rec: dict) -> bool:
    dob = rec["dob"]
    if dob is None:
        return False
    for _ in range(10):
        text = dob.isoformat()
        i = world.pick([0, 2, 3, 5, 6, 8, 9])
        candidate = text[:i] + world.pick("0123456789") + text[i + 1 :]
        try:
            new = date.fromisoformat(candidate)
        except ValueError:
            continue
        if new != dob and date(1900, 1, 1) < new < TODAY:
            rec["dob"] = new
            return True
    return False


def _moved_address(world: _World, rec: dict) -> bool:
    new = world.address()
    if world.rng.random() < 0.5:  # moved within the same town
        new["place"] = rec["place"]
    rec.update(new)
    return True


def _name_typo(world: _World, rec: dict) -> bool:
    column = world.pick(["forename", "surname"])
    if not rec[column] or len(rec[column]) < 3:
        return False
    rec[column] = _typo(world.rng, rec[column].lower()).title()
    return True


ERRORS = {
    "identifier_typo": _identifier_typo, "transposed_digits": _transposed_digits,
    "swapped_names": _swapped_names, "nickname": _nickname, "missing_surname": _missing_surname,
    "invalid_date": _invalid_date, "day_month_swap": _day_month_swap,
    "moved_address": _moved_address, "name_typo": _name_typo, "dob_typo": _dob_typo,
}  # fmt: skip
WEIGHTS = {
    "identifier_typo": 1.0, "transposed_digits": 0.6, "swapped_names": 0.5, "nickname": 0.8,
    "missing_surname": 0.4, "invalid_date": 0.5, "day_month_swap": 0.6, "moved_address": 1.0,
    "name_typo": 2.0, "dob_typo": 0.8,
}  # fmt: skip


ONE_PER_IDENTIFIER = {"identifier_typo", "transposed_digits"}
"""A record gets one identifier error at most: two slips in one number may pass its check
digit (1 in 11 for NHS numbers) and then look like another person's number."""


def _duplicate(world: _World, person: dict) -> dict:
    """A copy of the person's record with one to three named errors (10 %: none)."""
    rec = dict(person)
    rng = world.rng
    wanted = 0 if rng.random() < 0.1 else rng.choices((1, 2, 3), (0.5, 0.35, 0.15))[0]
    applied: list[str] = []
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    for _ in range(wanted * 4):
        if len(applied) >= wanted:
            break
        kind = rng.choices(kinds, weights)[0]
        if kind in applied or (kind in ONE_PER_IDENTIFIER and ONE_PER_IDENTIFIER & set(applied)):
            continue
        if ERRORS[kind](world, rec):
            applied.append(kind)
    rec["errors"] = ";".join(applied)
    return rec


def _as_record(world: _World, rec: dict, agency: str) -> dict:
    """What an agency extract holds: some fields missing, formats varying."""
    rng = world.rng
    row = {k: v for k, v in rec.items() if not k.startswith("_")}
    row["source_agency"] = agency
    row["dob"] = row["dob"].isoformat() if row["dob"] else None
    for column, keep in (("nhs_number", 0.9), ("ni_number", 0.7), ("upn", 0.8), ("sex", 0.95),
                         ("middle_names", 0.6)):  # fmt: skip
        if row.get(column) and rng.random() > keep:
            row[column] = None
    if row.get("postcode") and rng.random() < 0.2:
        row["postcode"] = row["postcode"].replace(" ", "").lower()
    return row


def make_benchmark(n_records: int, seed: int = 42, variant: str = "link") -> Benchmark:
    """About ``n_records`` records with a ``person`` truth column and named ``errors``."""
    if variant not in SOURCES:
        raise ValueError(f"variant must be one of {', '.join(SOURCES)}, not {variant!r}")
    world = _World(seed)
    rng = world.rng
    per_person = 2.0 if variant == "link" else 1.9
    people, confusers = _people(world, max(2, round(n_records / per_person)))
    first, second = SOURCES[variant]
    rows = []
    for person in people:
        rows.append(_as_record(world, dict(person, errors=""), first))
        copies = 1 if variant == "link" else rng.choices((0, 1, 2, 3), (0.3, 0.4, 0.2, 0.1))[0]
        for _ in range(copies):
            rows.append(_as_record(world, _duplicate(world, person), second))
    records = pd.DataFrame(rows)
    records.insert(0, "record_id", [f"{variant}_{seed}_{i:07d}" for i in range(len(records))])
    records["source_record_id"] = records["record_id"]
    records["aliases"] = None
    frame = pd.DataFrame(people)[["person", "scenario"]]
    pairs = pd.DataFrame(confusers, columns=["person_a", "person_b", "kind"])
    return Benchmark(records, frame, pairs)
