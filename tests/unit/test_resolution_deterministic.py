"""Deterministic identifier links: only checked identifiers link outright; guards decide the
rest (a shared number with impossible dates of birth is reviewed, not silently refused)."""

from __future__ import annotations

import json

import pandas as pd

from touchpoint.graph_model.resolution.deterministic import identifier_edges
from touchpoint.graph_model.resolution.features import build_features

CHECKED = ["nhs_number", "ni_number", "upn"]
VALID_NHS = "9434765919"
INVALID_NHS = "9434765918"  # one digit off: fails the modulus-11 check


def _linked(rows: list[dict]) -> set[tuple[str, str]]:
    edges = identifier_edges(build_features(pd.DataFrame(rows)), CHECKED)
    return set(zip(edges["record_a"], edges["record_b"], strict=True))


def test_shared_valid_nhs_number_links_even_with_a_swapped_dob_and_nickname() -> None:
    rows = [
        {"record_id": "a", "forename": "William", "dob": "2010-03-07", "nhs_number": "943 476 5919"},  # noqa: E501
        {"record_id": "b", "forename": "Bill", "dob": "2010-07-03", "nhs_number": VALID_NHS},
    ]  # fmt: skip
    edges = identifier_edges(build_features(pd.DataFrame(rows)), CHECKED)
    assert _linked(rows) == {("a", "b")}
    assert edges.loc[0, "method"] == "identifier" and "nhs_number" in edges.loc[0, "evidence"]


def test_a_shared_number_that_fails_its_check_never_links_on_its_own() -> None:
    rows = [{"record_id": r, "nhs_number": INVALID_NHS} for r in ("a", "b")]
    assert _linked(rows) == set()


def test_every_pair_sharing_a_value_is_an_edge_so_one_bad_record_cannot_cut_the_rest() -> None:
    rows = [{"record_id": r, "nhs_number": VALID_NHS} for r in ("a", "b", "c")]
    assert _linked(rows) == {("a", "b"), ("a", "c"), ("b", "c")}


def test_a_value_held_by_many_records_links_them_as_a_star() -> None:
    rows = [{"record_id": f"r{i:02d}", "upn": "B801200005001"} for i in range(12)]
    assert _linked(rows) == {("r00", f"r{i:02d}") for i in range(1, 12)}


def test_a_pair_sharing_two_identifiers_is_one_edge_that_names_both() -> None:
    rows = [{"record_id": r, "nhs_number": VALID_NHS, "upn": "B801200005001"} for r in ("b", "a")]
    edges = identifier_edges(build_features(pd.DataFrame(rows)), CHECKED)
    assert list(zip(edges["record_a"], edges["record_b"], strict=True)) == [("a", "b")]
    assert json.loads(edges.loc[0, "evidence"]) == {
        "rule": "same checked identifier",
        "identifiers": ["nhs_number", "upn"],
    }
