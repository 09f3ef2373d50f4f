"""Features entity resolution compares: nicknames, name sounds, dob variants, clean keys."""

from __future__ import annotations

import hashlib
from datetime import date

import numpy as np
import pandas as pd
from neo4j.time import Date

from touchpoint.graph_model.resolution.features import (
    RAW_COLUMNS,
    build_features,
    name_forms,
    normalise_address,
    normalise_postcode,
    record_fingerprint,
)


def _raw(**values: object) -> pd.DataFrame:
    row = {column: None for column in RAW_COLUMNS}
    row.update(record_id="r1", source_agency="police", **values)
    return pd.DataFrame([row])


def test_nickname_shares_a_form_with_the_formal_name() -> None:
    assert "william" in name_forms("bill")
    assert set(name_forms("vicky")) & set(name_forms("victoria"))
    assert not set(name_forms("victoria")) & set(name_forms("anna"))


def test_day_month_swap_is_recognised_and_impossible_swaps_are_not() -> None:
    features = build_features(
        pd.concat([_raw(dob="2014-03-07"), _raw(dob="2014-03-25")], ignore_index=True)
    )
    assert features.loc[0, "dob_swapped"] == "2014-07-03"
    assert features.loc[1, "dob_swapped"] is None
    assert features.loc[0, "dob_sorted"] == "2014-03-07"


def test_postcode_and_address_formats_normalise_to_one_key() -> None:
    assert normalise_postcode("sw1a  1aa") == normalise_postcode("SW1A 1AA") == "SW1A1AA"
    assert normalise_address("12 Elm Rd.") == normalise_address("12 ELM ROAD")


def test_middle_names_and_aliases_become_name_tokens() -> None:
    row = build_features(
        _raw(forename="Victoria", middle_names="Anna", surname="Smith", aliases="Tori Jones")
    ).iloc[0]
    assert {"victoria", "anna", "tori"} <= set(row["name_tokens"])
    assert {"smith", "jones"} <= set(row["surname_forms"])


def test_missing_values_stay_missing_not_nan() -> None:
    row = build_features(_raw(forename=None, dob=None, postcode="")).iloc[0]
    assert row["forename"] is None and row["dob"] is None and row["postcode"] is None


def test_fingerprint_changes_when_a_compared_field_changes() -> None:
    before = record_fingerprint(_raw(forename="Anna", dob="2014-03-07"))
    same = record_fingerprint(_raw(forename="Anna", dob="2014-03-07"))
    after = record_fingerprint(_raw(forename="Anna", dob="2014-07-03"))
    assert before.iloc[0] == same.iloc[0] != after.iloc[0]


def test_forenames_field_with_a_middle_name_compares_on_the_first() -> None:
    row = build_features(_raw(forename="Victoria Anna", surname="Smith")).iloc[0]
    assert row["forename"] == "victoria"
    assert "anna" in row["name_tokens"]


def test_either_name_sound_blocks_a_swapped_name_with_a_typo() -> None:
    one = build_features(_raw(forename="Amanda", surname="Glover"))
    other = build_features(_raw(forename="Klover", surname="Amanda"))
    sounds = {one.at[0, "name_sdx_lo"], one.at[0, "name_sdx_hi"]}
    assert one.at[0, "name_pair_sdx"] != other.at[0, "name_pair_sdx"]
    assert sounds & {other.at[0, "name_sdx_lo"], other.at[0, "name_sdx_hi"]}
    missing = build_features(_raw(forename="Amanda"))
    assert missing.at[0, "name_sdx_lo"] is None and missing.at[0, "name_sdx_hi"] is None


def _fingerprint_as_first_written(frame: pd.DataFrame) -> pd.Series:
    """The implementation links were first written with (until 2026-12-07)."""
    columns = frame[RAW_COLUMNS].astype("string").fillna("\x00")
    joined = columns.iloc[:, 0].str.cat([columns[c] for c in RAW_COLUMNS[1:]], sep="\x1f")
    digests = [hashlib.blake2b(s.encode(), digest_size=8).hexdigest() for s in joined]
    return pd.Series(digests, index=frame.index, dtype=object)


def test_fingerprints_stored_by_earlier_versions_still_match_every_kind_of_value() -> None:
    """Links keep the fingerprint they were resolved with: a different digest for the same
    record would rescore the whole graph once. Strings, blanks, numbers a mapping typed,
    lists, dates and every kind of missing value."""
    values = ["Anna", "", " ", 7, 7.0, -0.0, 1e20, True, ["a", "b"], date(2014, 3, 7),
              Date(2014, 3, 7), np.int64(3), np.float64(4.5), None, float("nan"),
              pd.NA]  # fmt: skip
    frame = pd.concat([_raw(nhs_number=v, aliases=v) for v in values], ignore_index=True)
    frame["record_id"] = [f"r{i}" for i in range(len(values))]
    typed = pd.DataFrame({c: ["x", None] for c in RAW_COLUMNS}).assign(upn=[4.0, np.nan])
    for case in (frame, typed, frame.astype("string")):
        assert record_fingerprint(case).equals(_fingerprint_as_first_written(case))
