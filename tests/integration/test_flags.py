"""Flags: idempotent writes linked to person and evidence, review transitions, accuracy."""

from __future__ import annotations

from typing import Any

import pytest
from access_support import context
from small_world import AS_OF, World, days_ago, years_ago

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.patterns.flags import (
    FlagError,
    accuracy,
    get_flag,
    raise_flags,
    transition,
)
from touchpoint.graph_model.patterns.library import get_pattern
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads.flags import read_flags


def list_flags(
    graph: Graph,
    pattern_id: str | None = None,
    person_id: str | None = None,
    current_only: bool = True,
) -> list[dict[str, Any]]:
    """The flags as the one flag reader lists them for a hub worker (every agency visible)."""
    found = read_flags(
        ViewerGraph(graph, context("hub_staff")),
        pattern_id,
        person_ids=[person_id] if person_id else None,
        include_past=not current_only,
    )
    return [{"flag": flag} for flag in found.flags]


def _runner_world(graph: Graph, episodes: tuple[int, ...] = (100, 90, 75)) -> None:
    world = World()
    world.person("runner", years_ago(14))
    world.person("runner2", years_ago(15))
    for d in episodes:
        world.event("runner", "police", "police_incident", "missing_person", days_ago(d))
        world.event("runner2", "police", "police_incident", "missing_person", days_ago(d + 1))
    world.flush(graph)


def _count(graph: Graph, statement: str) -> int:
    from touchpoint.graph_model.store.queries import Query

    return graph.read(Query("test/count", statement))[0]["n"]


def _raise(graph: Graph):
    return raise_flags(graph, get_pattern("repeated_missing"), {"as_of": AS_OF})


def test_rerun_on_unchanged_data_creates_no_duplicate_flags(graph: Graph) -> None:
    _runner_world(graph)
    first, _ = _raise(graph)
    second, _ = _raise(graph)
    assert (first.hits, first.created) == (2, 2)
    assert (second.hits, second.created, second.already_known) == (2, 0, 2)
    assert _count(graph, "MATCH (f:Flag) RETURN count(f) AS n") == 2
    assert _count(graph, "MATCH (:Flag)-[r:EVIDENCED_BY]->() RETURN count(r) AS n") == 6
    assert _count(graph, "MATCH (:Flag)-[r:ABOUT]->(:Person) RETURN count(r) AS n") == 2
    flags = list_flags(graph, pattern_id="repeated_missing")
    assert {f["flag"]["raised_count"] for f in flags} == {2}
    assert _count(graph, "MATCH (r:PatternRun) RETURN count(r) AS n") == 2


def test_flag_shows_the_records_that_raised_it(graph: Graph) -> None:
    _runner_world(graph)
    _, hits = _raise(graph)
    hit = next(h for h in hits if h.person_id == "runner")
    flag = get_flag(graph, list_flags(graph, person_id="runner")[0]["flag"]["flag_id"])
    assert flag["flag"]["status"] == "new"
    assert {e["node_id"] for e in flag["flag"]["evidence"]} == {e.node_id for e in hit.evidence}
    assert set(flag["evidence_nodes"]) == {e.node_id for e in hit.evidence}
    assert all(e["agency"] == "police" and e["record_id"] for e in flag["flag"]["evidence"])


def test_new_evidence_raises_a_new_flag_and_keeps_the_old_one(graph: Graph) -> None:
    _runner_world(graph)
    _raise(graph)
    old = list_flags(graph, person_id="runner")[0]["flag"]["flag_id"]
    transition(graph, old, "in_review", who="analyst.a")
    world = World(_serial=100)  # event ids continue after the first world's
    world.event("runner", "police", "police_incident", "missing_person", days_ago(80))
    world.flush(graph)  # adds a fourth episode inside the window: new evidence
    summary, _ = _raise(graph)
    assert summary.created == 1
    current = list_flags(graph, person_id="runner")
    assert [f["flag"]["flag_id"] for f in current] != [old]
    everything = list_flags(graph, person_id="runner", current_only=False)
    kept = next(f["flag"] for f in everything if f["flag"]["flag_id"] == old)
    assert kept["current"] is False and kept["status"] == "in_review"


def test_review_transitions_are_recorded_with_who_when_and_why(graph: Graph) -> None:
    _runner_world(graph)
    _raise(graph)
    fid = list_flags(graph, person_id="runner")[0]["flag"]["flag_id"]
    transition(graph, fid, "in_review", who="hub.worker")
    with pytest.raises(FlagError, match="Give a reason"):
        transition(graph, fid, "dismissed", who="hub.worker")
    transition(graph, fid, "dismissed", who="hub.worker", reason="known runaway, plan in place")
    with pytest.raises(FlagError, match="can move to in_review, not actioned"):
        transition(graph, fid, "actioned", who="hub.worker")
    with pytest.raises(FlagError, match="needed to reopen"):
        transition(graph, fid, "in_review", who="lead")
    flag = transition(graph, fid, "in_review", who="lead", reason="new information")
    assert flag["flag"]["status"] == "in_review"
    history = [(r["from"], r["to"], r["who"]) for r in flag["reviews"]]
    assert history == [
        ("new", "in_review", "hub.worker"),
        ("in_review", "dismissed", "hub.worker"),
        ("dismissed", "in_review", "lead"),
    ]
    assert flag["reviews"][1]["reason"] == "known runaway, plan in place"


def test_transition_needs_a_known_flag_status_and_person(graph: Graph) -> None:
    _runner_world(graph)
    _raise(graph)
    fid = list_flags(graph, person_id="runner")[0]["flag"]["flag_id"]
    with pytest.raises(FlagError, match="No flag"):
        transition(graph, "flag_nope", "in_review", who="x")
    with pytest.raises(FlagError, match="Unknown status"):
        transition(graph, fid, "closed", who="x")
    with pytest.raises(FlagError, match="name of the person making it"):
        transition(graph, fid, "in_review", who=" ")


def test_accuracy_counts_actioned_and_dismissed_per_pattern(graph: Graph) -> None:
    _runner_world(graph)
    _raise(graph)
    a, b = (f["flag"]["flag_id"] for f in list_flags(graph, pattern_id="repeated_missing"))
    transition(graph, a, "actioned", who="hub")
    transition(graph, b, "dismissed", who="hub", reason="duplicate of an open case")
    results = {r.pattern_id: r for r in accuracy(graph, ["repeated_missing", "toxic_trio"])}
    rm = results["repeated_missing"]
    assert rm.reviewed == 2 and rm.actioned_share == 0.5
    (period,) = rm.periods.values()
    assert period == {"actioned": 1, "dismissed": 1}
    assert results["toxic_trio"].reviewed == 0 and results["toxic_trio"].actioned_share is None
