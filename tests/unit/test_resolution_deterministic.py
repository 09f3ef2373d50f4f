"""Deterministic identifier rules: link on a shared identifier only when nothing contradicts it."""

from __future__ import annotations

import pandas as pd

from touchpoint.graph_model.resolution.deterministic import identifier_edges
from touchpoint.graph_model.resolution.features import build_features

IDS = ["nhs_number", "ni_number", "upn"]


def _features(rows: list[dict]) -> pd.DataFrame:
    return build_features(pd.DataFrame(rows))


def _linked(features: pd.DataFrame) -> set[tuple[str, str]]:
    edges = identifier_edges(features, IDS)
    return set(zip(edges["record_a"], edges["record_b"], strict=True))


def test_shared_nhs_number_links_even_with_a_swapped_dob_and_nickname() -> None:
    features = _features(
        [
            {"record_id": "a", "forename": "William", "dob": "2010-03-07", "nhs_number": "485 777 3456"},  # noqa: E501
            {"record_id": "b", "forename": "Bill", "dob": "2010-07-03", "nhs_number": "4857773456"},
        ]
    )  # fmt: skip
    edges = identifier_edges(features, IDS)
    assert _linked(features) == {("a", "b")}
    assert edges.loc[0, "method"] == "identifier" and "nhs_number" in edges.loc[0, "evidence"]


def test_shared_identifier_with_a_conflicting_one_does_not_link() -> None:
    features = _features(
        [
            {"record_id": "a", "dob": "2010-03-07", "nhs_number": "4857773456", "upn": "A1"},
            {"record_id": "b", "dob": "2010-03-07", "nhs_number": "4857773456", "upn": "B2"},
        ]
    )
    assert _linked(features) == set()


def test_shared_identifier_with_impossible_dates_of_birth_does_not_link() -> None:
    features = _features(
        [
            {"record_id": "a", "dob": "1975-01-20", "nhs_number": "4857773456"},
            {"record_id": "b", "dob": "2012-09-02", "nhs_number": "4857773456"},
            {"record_id": "c", "dob": None, "nhs_number": "4857773456"},
        ]
    )
    assert _linked(features) == {("a", "c")}
