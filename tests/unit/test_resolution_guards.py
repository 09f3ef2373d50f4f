"""Guards keep dangerous pairs from linking without a human, whatever their score."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from touchpoint.graph_model.resolution.features import extract_features
from touchpoint.graph_model.resolution.guards import guard_reasons
from touchpoint.graph_model.resolution.settings import load_resolution_settings

CFG = load_resolution_settings()
HOME = {"surname": "Campbell", "postcode": "LS6 2QT", "address": "14 Oakfield Road", "sex": "M"}


def _reasons(*rows: dict, method: str = "probabilistic", cfg=CFG) -> dict[tuple, str | None]:
    raw = pd.DataFrame([{**HOME, "record_id": f"r{i}", **row} for i, row in enumerate(rows)])
    fs = extract_features(raw)
    plan = fs.plan()
    pairs = list(itertools.combinations(raw["record_id"], 2))
    edges = pd.DataFrame(
        {"record_a": [a for a, _ in pairs], "record_b": [b for _, b in pairs],
         "probability": 0.9999, "method": method, "evidence": "{}"}
    )  # fmt: skip
    reasons = guard_reasons(edges, fs.frame, list(plan.identifiers), plan.checked, cfg)
    return dict(zip(pairs, reasons, strict=True))


def test_same_name_parent_and_child_are_never_linked_automatically() -> None:
    found = _reasons(
        {"forename": "Andrew", "dob": "1982-04-11"}, {"forename": "Andrew", "dob": "2011-09-30"}
    )
    assert found[("r0", "r1")] == "generational"


def test_a_shared_identifier_does_not_link_a_parent_and_child_either() -> None:
    nhs = {"nhs_number": "9434765919"}  # the child's record keyed with the parent's number
    found = _reasons(
        {"forename": "Andrew", "dob": "1982-04-11", **nhs},
        {"forename": "Andrew", "dob": "2011-09-30", **nhs},
        method="identifier",
    )
    assert found[("r0", "r1")] == "generational"


def test_a_one_digit_year_slip_with_the_same_identifier_is_a_typo() -> None:
    nhs = {"nhs_number": "9434765919"}
    found = _reasons(
        {"forename": "Andrew", "dob": "1982-04-11", **nhs},
        {"forename": "Andrew", "dob": "1952-04-11", **nhs},
    )
    assert found[("r0", "r1")] is None


def test_an_identifier_link_with_unexplained_dates_of_birth_is_reviewed() -> None:
    found = _reasons(
        {"forename": "Andrew", "dob": "1982-04-11", "upn": "B801200005001"},
        {"forename": "Bella", "dob": "1985-09-30", "upn": "B801200005001"},
        method="identifier",
    )
    assert found[("r0", "r1")] == "dob_implausible"


def test_two_valid_different_nhs_numbers_are_a_conflict_but_a_typo_is_not() -> None:
    found = _reasons(
        {"forename": "Andrew", "dob": "1982-04-11", "nhs_number": "9434765919"},
        {"forename": "Andrew", "dob": "1982-04-11", "nhs_number": "4857773457"},
        {"forename": "Andrew", "dob": "1982-04-11", "nhs_number": "9434765918"},
    )
    assert found[("r0", "r1")] == "identifier_conflict"
    assert found[("r0", "r2")] is None


def test_twins_go_to_review_unless_an_identifier_agrees() -> None:
    twin = {"dob": "2014-03-07", "sex": None}
    found = _reasons(
        {"forename": "Oliver", **twin},
        {"forename": "Harry", **twin},
        {"forename": "Harriet", **twin, "upn": "B801200005001"},
        {"forename": "Hattie", **twin, "upn": "B801200005001"},
    )
    assert found[("r0", "r1")] == "twin"
    assert found[("r2", "r3")] is None  # same UPN: a nickname or typo, not a twin


def test_the_twin_guard_is_a_setting() -> None:
    off = CFG.model_copy(update={"twin_guard": False})
    twin = {"dob": "2014-03-07"}
    found = _reasons({"forename": "Oliver", **twin}, {"forename": "Harry", **twin}, cfg=off)
    assert found[("r0", "r1")] is None


@pytest.mark.parametrize(
    ("others", "expected"),
    [
        ([{"dob": "1982-04-11"}], None),  # one generation around: no doubt
        ([{"dob": "1982-04-11"}, {"dob": "2011-09-30"}], "dob_missing"),  # parent and child
    ],
)
def test_a_record_without_a_date_of_birth_is_reviewed_when_two_generations_share_its_name(
    others: list[dict], expected: str | None
) -> None:
    found = _reasons(
        {"forename": "Andrew", "dob": None}, *[{"forename": "Andrew", **o} for o in others]
    )
    assert found[("r0", "r1")] == expected


def test_a_one_letter_slip_in_a_forename_is_not_taken_for_a_twin() -> None:
    twin = {"dob": "2014-03-07"}
    found = _reasons(
        {"forename": "Sian", **twin}, {"forename": "Sixn", **twin}, {"forename": "Jake", **twin}
    )
    assert found[("r0", "r1")] is None  # JW 0.87, but one keying slip in a four-letter name
    assert found[("r0", "r2")] == "twin"  # a different name is still a twin


def test_short_names_one_letter_apart_still_count_as_different() -> None:
    twin = {"dob": "2014-03-07"}
    found = _reasons({"forename": "Leo", **twin}, {"forename": "Lea", **twin})
    assert found[("r0", "r1")] == "twin"
