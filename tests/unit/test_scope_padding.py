"""An incremental run's scope is padded to one list-size bucket, so Neo4j plans each scoped
pattern once (its plan cache keys on the list's size bucket, a power of ten) instead of once
per order of magnitude a night's changes happen to reach."""

from __future__ import annotations

from touchpoint.graph_model.patterns.library import SCOPE_BUCKET, list_patterns, padded_scope


def test_every_scope_up_to_the_bucket_has_one_size_and_keeps_its_ids_in_order() -> None:
    for n in (0, 1, 7, 459, 5_000, SCOPE_BUCKET):
        ids = [f"person_{i}" for i in range(n)]
        padded = padded_scope(ids)
        assert padded is not None and len(padded) == SCOPE_BUCKET
        assert padded[:n] == ids and set(padded[n:]) <= {""}  # "" is no person's id


def test_a_larger_scope_goes_to_the_next_power_of_ten_and_everyone_stays_none() -> None:
    assert len(padded_scope(["p"] * (SCOPE_BUCKET + 1)) or []) == SCOPE_BUCKET * 10
    assert padded_scope(None) is None


def test_a_scoped_pattern_is_given_the_padded_scope() -> None:
    pattern = next(p for p in list_patterns() if p.scoped)
    params = pattern.cypher_params(pattern.resolve_params({}), ["person_a", "person_b"])
    assert len(params["scope"]) == SCOPE_BUCKET and params["scope"][:2] == ["person_a", "person_b"]
