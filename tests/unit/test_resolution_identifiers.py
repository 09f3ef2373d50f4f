"""Identifier checks: a value failing its check digit or format is unknown, never a conflict;
a column of some other scheme's numbers is compared softly; placeholders are ignored."""

from __future__ import annotations

import pandas as pd

from touchpoint.graph_model.resolution.features import extract_features
from touchpoint.graph_model.resolution.identifiers import (
    nhs_number_valid,
    ni_number_stem,
    upn_permanent,
    upn_valid,
)


def test_nhs_numbers_are_checked_with_modulus_11() -> None:
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")  # one digit slipped
    assert not nhs_number_valid("9434765991")  # two digits transposed
    assert not nhs_number_valid("943476591")  # too short
    assert not nhs_number_valid("0000000000")  # a placeholder that happens to pass


def test_ni_numbers_are_checked_by_format_and_compared_without_the_suffix() -> None:
    assert ni_number_stem("AB123456C") == ni_number_stem("AB123456") == "AB123456"
    assert ni_number_stem("QQ123456C") is None  # Q is never a first letter
    assert ni_number_stem("GB123456A") is None  # an unused prefix
    assert ni_number_stem("1234567") is None  # another scheme's number


def test_upn_check_letter_covers_permanent_and_temporary_numbers() -> None:
    assert upn_valid("B801200005001") and upn_permanent("B801200005001")
    assert not upn_valid("A801200005001")
    temporary = "A80120000500A"
    letter = next(c for c in "ABCDEFGHJKLMNPQRTUVWXYZ" if upn_valid(c + temporary[1:]))
    assert not upn_permanent(letter + temporary[1:])


def _trust(column: str, values: list[str | None]) -> dict:
    raw = pd.DataFrame({"record_id": [f"r{i}" for i in range(len(values))], column: values})
    fs = extract_features(raw)
    return {"trust": fs.trust[column].describe(), "frame": fs.frame}


def test_a_failing_value_can_be_compared_but_never_vetoes_or_links() -> None:
    found = _trust("nhs_number", ["943 476 5919", "9434765918"])
    frame = found["frame"]
    assert found["trust"]["use"] == "checked" and found["trust"]["failing_check"] == 1
    assert frame["nhs_number"].tolist() == ["9434765919", "9434765918"]
    assert frame["nhs_number_auth"].tolist() == ["9434765919", None]


def test_a_core_column_of_another_schemes_numbers_is_compared_softly() -> None:
    found = _trust("ni_number", ["1234567", "7654321", "1234568", "AB123456C"])
    assert found["trust"]["use"] == "soft"
    assert found["frame"]["ni_number_auth"].isna().all()
    assert found["frame"]["ni_number_ok"].notna().all()  # softly: every value is evidence


def test_a_value_held_by_hundreds_of_records_is_a_placeholder() -> None:
    found = _trust("nhs_number", ["4010232137"] * 250 + ["9434765919", "9434765919"])
    assert found["trust"]["placeholders"] == ["4010232137"]
    assert found["frame"]["nhs_number"].notna().sum() == 2
