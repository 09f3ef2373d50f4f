"""Small noisy PersonRecord sets with known truth, for resolution tests and speed benchmarks.

The project's full synthetic population (``synth/``) is the quality benchmark; this module
makes record frames quickly at any size (a million in well under a minute) with the defects
resolution must survive: nicknames, typos, swapped day/month, missing dates and identifiers,
old surnames, postcode formatting, twins and siblings sharing an address. Names come from
Faker en_GB pools, so nothing is real.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from faker import Faker
from nicknames import NickNamer

from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.resolution.identifiers import nhs_number_from, upn_from
from touchpoint.graph_model.resolution.store import write_frame
from touchpoint.graph_model.store.db import Graph

AGENCIES = ["police", "gp", "hospital", "schools", "social_care", "benefits", "housing"]
ID_BY_AGENCY = {"gp": "nhs_number", "hospital": "nhs_number", "schools": "upn"}


def _pools(seed: int, size: int) -> dict[str, np.ndarray]:
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    return {
        "female": np.array(sorted({fake.first_name_female() for _ in range(size)})),
        "male": np.array(sorted({fake.first_name_male() for _ in range(size)})),
        "surname": np.array(sorted({fake.last_name() for _ in range(size * 2)})),
        "postcode": np.array([fake.postcode() for _ in range(size * 10)]),
        "street": np.array([fake.street_name() for _ in range(size * 5)]),
    }


def _typo(rng: np.random.Generator, word: str) -> str:
    if len(word) < 4:
        return word
    i = int(rng.integers(1, len(word) - 1))
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def make_people(n: int, seed: int = 7) -> pd.DataFrame:
    """True people: households of 1-4 share surname, postcode and street; some twins."""
    rng = np.random.default_rng(seed)
    pools = _pools(seed, 400)
    household = np.sort(rng.integers(0, max(1, n // 2), size=n))
    sex = rng.choice(["F", "M"], size=n)
    first = np.where(
        sex == "F", rng.choice(pools["female"], size=n), rng.choice(pools["male"], size=n)
    )
    middle = np.where(
        rng.random(n) < 0.3,
        np.where(
            sex == "F", rng.choice(pools["female"], size=n), rng.choice(pools["male"], size=n)
        ),
        None,
    )
    days = rng.integers(0, 80 * 365, size=n)
    twin = rng.random(n) < 0.02
    days[1:] = np.where(twin[1:] & (household[1:] == household[:-1]), days[:-1], days[1:])
    dob = pd.Timestamp("1940-01-01") + pd.to_timedelta(days, unit="D")
    h_surname = rng.choice(pools["surname"], size=n)[household]
    h_postcode = rng.choice(pools["postcode"], size=n)[household]
    h_street = rng.choice(pools["street"], size=n)[household]
    h_number = rng.integers(1, 200, size=n)[household]
    return pd.DataFrame(
        {
            "person": [f"P{i:07d}" for i in range(n)],
            "forename": first,
            "middle_names": middle,
            "surname": h_surname,
            "old_surname": np.where(
                rng.random(n) < 0.05, rng.choice(pools["surname"], size=n), None
            ),
            "sex": sex,
            "dob": dob.strftime("%Y-%m-%d"),
            "postcode": h_postcode,
            "address": [f"{num} {st}" for num, st in zip(h_number, h_street, strict=True)],
            "nhs_number": [nhs_number_from(400_000_000 + i * 11) for i in range(n)],
            "upn": [upn_from(f"{330_000_000_000 + i}") for i in range(n)],
        }
    )


def make_records(
    n_people: int, seed: int = 7, mean_records: float = 2.5, noise: float = 1.0
) -> pd.DataFrame:
    """Records as agencies hold them, with a ``person`` truth column (drop it before use)."""
    rng = np.random.default_rng(seed + 1)
    people = make_people(n_people, seed)
    counts = np.clip(rng.poisson(mean_records - 1, size=n_people) + 1, 1, len(AGENCIES))
    rows = people.loc[people.index.repeat(counts)].reset_index(drop=True)
    rows["source_agency"] = rng.choice(AGENCIES, size=len(rows))
    namer = NickNamer()
    _apply_noise(rows, rng, namer, noise)
    rows["record_id"] = [f"rec_{seed}_{i:08d}" for i in range(len(rows))]
    rows["source_record_id"] = [f"S{i}" for i in range(len(rows))]
    rows["aliases"] = None
    rows["ni_number"] = None
    for column in ("nhs_number", "upn"):
        holds = rows["source_agency"].map(lambda a, c=column: ID_BY_AGENCY.get(a) == c)
        blank = rng.random(len(rows)) < 0.03 * noise
        rows[column] = rows[column].where(holds & ~blank, None)
    return rows


def _apply_noise(
    rows: pd.DataFrame, rng: np.random.Generator, namer: NickNamer, noise: float
) -> None:
    n = len(rows)

    def hit(rate: float) -> np.ndarray:
        return rng.random(n) < rate * noise

    nick = hit(0.06)
    rows.loc[nick, "forename"] = [
        sorted(namer.nicknames_of(f.lower()) or [f.lower()])[0].title()
        for f in rows.loc[nick, "forename"]
    ]
    for column in ("forename", "surname"):
        typo = hit(0.03)
        rows.loc[typo, column] = [_typo(rng, w) for w in rows.loc[typo, column]]
    old = rows["old_surname"].notna() & hit(0.5)
    rows.loc[old, "surname"] = rows.loc[old, "old_surname"]
    parts = rows["dob"].str.split("-", expand=True)
    swap = hit(0.02) & (parts[2].astype(int) <= 12)
    rows.loc[swap, "dob"] = parts[0] + "-" + parts[2] + "-" + parts[1]
    rows.loc[hit(0.05), "dob"] = None
    spaced = hit(0.2)
    rows.loc[spaced, "postcode"] = rows.loc[spaced, "postcode"].str.replace(" ", "").str.lower()
    moved = hit(0.05)
    rows.loc[moved, "postcode"] = rng.choice(rows["postcode"].to_numpy(), size=int(moved.sum()))
    rows.loc[hit(0.1), "address"] = rows["address"].str.replace("Road", "Rd")
    known_as = (rows["source_agency"] == "schools") & rows["middle_names"].notna() & hit(0.3)
    rows.loc[known_as, "forename"] = rows.loc[known_as, "middle_names"]
    rows.loc[known_as, "middle_names"] = None
    rows.loc[hit(0.4), "middle_names"] = None
    rows.drop(columns=["old_surname"], inplace=True)


def write_records(
    graph: Graph, records: pd.DataFrame, batch_size: int = 10_000, threads: int = 1
) -> None:
    """Write a record frame as PersonRecords + LIVES_AT addresses (the truth column is dropped)."""
    frame = records.drop(columns=["person"], errors="ignore").copy()
    frame["address_id"] = [
        stable_id("addr", pc, line)
        for pc, line in zip(frame["postcode"], frame["address"], strict=True)
    ]
    write_frame(graph, "resolution/fixture_records", frame, batch_size, threads,
                load_run_id="fixture")  # fmt: skip
