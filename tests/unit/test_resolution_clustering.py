"""Constrained clustering: conflicts, human decisions and the twin guard shape people."""

from __future__ import annotations

import json

import pandas as pd

from touchpoint.graph_model.resolution.clustering import cluster, record_links
from touchpoint.graph_model.resolution.deterministic import identifier_edges

EVIDENCE_SAME = json.dumps({"forename": {"level": "same forename", "weight": 8.0}})
EVIDENCE_TWIN = json.dumps({"forename": {"level": "different forename", "weight": -6.0}})


def _edges(*rows: tuple[str, str, float, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"record_a": a, "record_b": b, "probability": p, "method": "probabilistic",
             "evidence": ev}
            for a, b, p, ev in rows
        ]
    )  # fmt: skip


def _ids(**nhs: str | None) -> pd.DataFrame:
    return pd.DataFrame({"record_id": list(nhs), "nhs_number": list(nhs.values())})


def test_conflicting_identifiers_block_a_chain_through_an_unidentified_record() -> None:
    edges = _edges(("a", "b", 0.999, EVIDENCE_SAME), ("b", "c", 0.998, EVIDENCE_SAME))
    result = cluster(["a", "b", "c"], edges, _ids(a="111", b=None, c="222"), [], 0.99)
    assert result.assignment["a"] == result.assignment["b"]
    assert result.assignment["c"] != result.assignment["a"]
    assert result.blocked == 1


def test_rejected_pair_is_never_linked_nor_queued_again() -> None:
    edges = _edges(("a", "b", 0.999, EVIDENCE_SAME))
    result = cluster(["a", "b"], edges, _ids(a=None, b=None), [("a", "b")], 0.99)
    assert result.assignment["a"] != result.assignment["b"]
    assert result.review.empty


def test_pairs_between_thresholds_and_twin_like_pairs_go_to_review() -> None:
    edges = _edges(("a", "b", 0.8, EVIDENCE_SAME), ("c", "d", 0.9999, EVIDENCE_TWIN))
    result = cluster(list("abcd"), edges, _ids(a=None, b=None, c=None, d=None), [], 0.99)
    assert len(set(result.assignment.values())) == 4
    assert set(map(tuple, result.review[["record_a", "record_b"]].to_numpy())) == {
        ("a", "b"),
        ("c", "d"),
    }


def test_every_record_gets_an_explanation_even_alone() -> None:
    edges = _edges(("a", "b", 0.999, EVIDENCE_SAME))
    links = record_links(cluster(["a", "b", "c"], edges, _ids(a=None, b=None, c=None), [], 0.99))
    assert links["evidence"].map(lambda e: bool(json.loads(e))).all()
    assert links.set_index("record_id").loc["c", "method"] == "singleton"
    assert links.set_index("record_id").loc["a", "via"] == "b"


def test_shared_identifier_links_unless_another_identifier_conflicts() -> None:
    features = pd.DataFrame(
        {
            "record_id": ["a", "b", "c"],
            "nhs_number": ["111", "111", "111"],
            "upn": [None, "U1", "U2"],
            "dob": ["2014-03-07", "2014-07-03", "2014-03-07"],
            "dob_swapped": ["2014-07-03", "2014-03-07", "2014-07-03"],
            "birth_year": ["2014"] * 3,
        }
    )
    edges = identifier_edges(features, ["nhs_number", "upn"])
    pairs = set(zip(edges["record_a"], edges["record_b"], strict=True))
    assert pairs == {("a", "b"), ("a", "c")}
    result = cluster(["a", "b", "c"], edges.assign(method="identifier"),
                     features[["record_id", "nhs_number", "upn"]], [], 0.99)  # fmt: skip
    assert result.assignment["b"] != result.assignment["c"]
