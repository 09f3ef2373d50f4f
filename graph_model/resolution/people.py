"""What a resolved Person shows: the best-supported name, the others kept.

A person is shown by the name most of their records' agencies give (then most records, word
order ignored), not whichever record sorts first nor one agency's typo ("Alicia Smiht" at the
GP while police, school and social care say "Alicia Smith"); between names equally supported
the most authoritative record's wins (settings ``display_name_agencies``: a GP registration
before a police nominal), and within one agency the spelling most of its records use. Every
other name the records use is kept as an alias. Date of birth and sex come from the most
authoritative record that holds them.
"""

from __future__ import annotations

import pandas as pd

PERSON_COLUMNS = [
    "person_id", "display_name", "aliases", "dob", "sex", "record_count", "agencies",
]  # fmt: skip
MAX_ALIASES = 20


def person_rows(
    raw: pd.DataFrame, person_of_record: pd.Series, touched: set[str], agencies: list[str]
) -> pd.DataFrame:
    """One row per touched person (``person_of_record``: record id -> person id)."""
    frame = raw[["record_id", "forename", "surname", "dob", "sex", "source_agency"]].copy()
    frame["person_id"] = frame["record_id"].map(person_of_record)
    frame = frame[frame["person_id"].isin(touched)]
    if frame.empty:
        return pd.DataFrame(columns=PERSON_COLUMNS)
    first = frame["forename"].fillna("").astype(str).str.strip()
    last = frame["surname"].fillna("").astype(str).str.strip()
    frame["name"] = (first + " " + last).str.strip()
    frame["name_key"] = frame["name"].str.casefold()
    rank = {agency: i for i, agency in enumerate(agencies)}
    frame["rank"] = frame["source_agency"].map(rank).fillna(len(rank))
    named = frame["name"] != ""
    frame["uses"] = (
        frame.groupby(["person_id", "source_agency", "name_key"])["record_id"].transform("size")
        * named
    )
    # support of a name: how many agencies and records give it (word order ignored, so a
    # swapped forename/surname still backs the name); a typo is given by one record at most
    frame["support_key"] = frame["name_key"].str.split().map(lambda w: " ".join(sorted(w)))
    by_name = frame[named].groupby(["person_id", "support_key"])
    frame["name_agencies"] = by_name["source_agency"].transform("nunique").reindex(frame.index)
    frame["name_records"] = by_name["record_id"].transform("size").reindex(frame.index)
    frame[["name_agencies", "name_records"]] = frame[["name_agencies", "name_records"]].fillna(0)
    frame = frame.sort_values(
        ["person_id", "name_agencies", "name_records", "rank", "uses", "record_id"],
        ascending=[True, False, False, True, False, True],
    )
    named = named.reindex(frame.index)  # the same mask, in the sorted order
    grouped = frame.groupby("person_id", sort=True)
    persons = grouped[["dob", "sex"]].first()
    persons["record_count"] = grouped.size()
    shown = frame[named].drop_duplicates("person_id").set_index("person_id")["name"]
    persons["display_name"] = shown.reindex(persons.index).fillna("")
    persons["aliases"] = _aliases(frame[named], persons["display_name"])
    persons["agencies"] = _agencies(frame).reindex(persons.index)
    return persons.reset_index()[PERSON_COLUMNS]


def _aliases(named: pd.DataFrame, display: pd.Series) -> list[list[str]]:
    """Other spellings per person, most authoritative first (a plain loop over distinct
    pairs: a pandas per-group Python aggregation costs minutes at a million records)."""
    distinct = named.drop_duplicates(["person_id", "name_key"])
    shown = display.str.casefold()
    found: dict[str, list[str]] = {}
    for person, name, key in zip(
        distinct["person_id"], distinct["name"], distinct["name_key"], strict=True
    ):
        if key != shown.get(person):
            held = found.setdefault(person, [])
            if len(held) < MAX_ALIASES:
                held.append(name)
    return [found.get(p, []) for p in display.index]


def _agencies(frame: pd.DataFrame) -> pd.Series:
    held = frame.dropna(subset=["source_agency"]).drop_duplicates(["person_id", "source_agency"])
    agencies: dict[str, list[str]] = {}
    for person, agency in sorted(zip(held["person_id"], held["source_agency"], strict=True)):
        agencies.setdefault(person, []).append(agency)
    return pd.Series({p: agencies.get(p, []) for p in frame["person_id"].unique()}, dtype=object)
