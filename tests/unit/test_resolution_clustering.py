"""Constrained clustering: conflicts, human decisions and guards shape people."""

from __future__ import annotations

import json

import pandas as pd

from touchpoint.graph_model.resolution.clustering import CONFLICT, Clusters, cluster, record_links

EVIDENCE = json.dumps({"forename": {"level": "same forename", "weight": 8.0}})


def _edges(*rows: tuple) -> pd.DataFrame:
    """(a, b, probability[, guard[, method]]) rows."""
    return pd.DataFrame(
        [
            {"record_a": r[0], "record_b": r[1], "probability": r[2],
             "method": r[4] if len(r) > 4 else "probabilistic", "evidence": EVIDENCE,
             "guard": r[3] if len(r) > 3 else None}
            for r in rows
        ]
    )  # fmt: skip


def _ids(**nhs: str | None) -> pd.DataFrame:
    return pd.DataFrame({"record_id": list(nhs), "nhs_number": list(nhs.values())})


def test_conflicting_identifiers_block_a_chain_through_an_unidentified_record() -> None:
    edges = _edges(("a", "b", 0.999), ("b", "c", 0.998))
    result = cluster(["a", "b", "c"], edges, _ids(a="9434765919", b=None, c="9434765870"), [],
                     0.99)  # fmt: skip
    assert result.assignment["a"] == result.assignment["b"]
    assert result.assignment["c"] != result.assignment["a"]
    assert result.blocked[CONFLICT] == 1


def test_identifier_values_one_typo_apart_do_not_conflict() -> None:
    ids = pd.DataFrame({"record_id": ["a", "b", "c"], "ni_number": ["AB123456", None, "AB123465"]})
    result = cluster(["a", "b", "c"], _edges(("a", "b", 0.999), ("b", "c", 0.998)), ids, [], 0.99)
    assert len(set(result.assignment.values())) == 1
    assert not result.blocked


def test_rejected_pair_is_never_linked_nor_queued_again() -> None:
    edges = _edges(("a", "b", 0.999))
    result = cluster(["a", "b"], edges, _ids(a=None, b=None), [("a", "b")], 0.99)
    assert result.assignment["a"] != result.assignment["b"]
    assert result.review.empty


def test_pairs_between_thresholds_and_guarded_pairs_go_to_review() -> None:
    edges = _edges(("a", "b", 0.8), ("c", "d", 0.9999, "twin"), ("e", "f", 1.0, "generational",
                   "identifier"))  # fmt: skip
    result = cluster(list("abcdef"), edges, _ids(**dict.fromkeys("abcdef")), [], 0.99)
    assert len(set(result.assignment.values())) == 6
    queued = set(map(tuple, result.review[["record_a", "record_b"]].to_numpy()))
    assert queued == {("a", "b"), ("c", "d"), ("e", "f")}


def test_a_guarded_pair_is_not_joined_through_a_third_record() -> None:
    # parent p and child c share a name; x (no date of birth) looks like both
    edges = _edges(("p", "c", 0.999, "generational"), ("p", "x", 0.998), ("c", "x", 0.997))
    result = cluster(["p", "c", "x"], edges, _ids(p=None, c=None, x=None), [], 0.99)
    assert result.assignment["p"] != result.assignment["c"]
    assert result.blocked["guard"] == 1


def test_a_human_confirmation_overrides_a_guard_but_not_a_rejection() -> None:
    edges = _edges(("a", "b", 0.9999, "twin"), ("a", "b", 1.0, None, "human"),
                   ("c", "d", 1.0, None, "human"))  # fmt: skip
    result = cluster(list("abcd"), edges, _ids(**dict.fromkeys("abcd")), [("c", "d")], 0.99)
    assert result.assignment["a"] == result.assignment["b"]
    assert result.assignment["c"] != result.assignment["d"]


def test_an_identifier_conflict_is_reviewed_only_with_strong_other_evidence() -> None:
    edges = _edges(("a", "b", 0.995, CONFLICT), ("c", "d", 0.9, CONFLICT))
    result = cluster(list("abcd"), edges, _ids(**dict.fromkeys("abcd")), [], 0.99, 0.99)
    assert set(map(tuple, result.review[["record_a", "record_b"]].to_numpy())) == {("a", "b")}
    assert len(set(result.assignment.values())) == 4


def test_every_record_gets_an_explanation_even_alone() -> None:
    edges = _edges(("a", "b", 0.999))
    links = record_links(cluster(["a", "b", "c"], edges, _ids(a=None, b=None, c=None), [], 0.99))
    assert links["evidence"].map(lambda e: bool(json.loads(e))).all()
    assert links.set_index("record_id").loc["c", "method"] == "singleton"
    assert links.set_index("record_id").loc["a", "via"] == "b"


def test_each_record_is_explained_by_its_strongest_edge_in_record_order() -> None:
    """Kept beats human beats identifier beats scored; then the higher probability."""
    accepted = _edges(
        ("m", "z", 0.97), ("a", "m", 0.999), ("m", "b", 1.0, None, "identifier"),
        ("c", "m", 1.0, None, "kept"), ("b", "z", 0.995),
    ).drop(columns="guard")  # fmt: skip
    links = record_links(Clusters({r: "a" for r in "zmcba"}, accepted, pd.DataFrame()))
    assert list(links["record_id"]) == list("zmcba")
    best = links.set_index("record_id")[["method", "via"]].apply(tuple, axis=1).to_dict()
    assert best == {
        "m": ("kept", "c"),
        "c": ("kept", "m"),
        "b": ("identifier", "m"),
        "z": ("probabilistic", "b"),
        "a": ("probabilistic", "m"),
    }
