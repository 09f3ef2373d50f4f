"""Incremental pipeline runs keep exactly the flags a full run would (issue 19, item 2).

A small synthetic world is delivered in pieces: a first load of most rows, then nightly
deltas of held-back rows (new people, household members, events, parties to known incidents)
and changed rows. After each delta the pipeline re-checks only the people it touched and
their neighbourhood; the current flags must then equal the hits of every pattern run in full
on the same graph.
"""

from __future__ import annotations

from pathlib import Path

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.patterns.flags import evidence_signature, raise_flags
from touchpoint.graph_model.patterns.library import list_patterns, run_pattern
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.services.pipeline.flows import run_folder
from touchpoint.services.pipeline.records import RunSummary
from touchpoint.synth import generate
from touchpoint.synth.delta import DeltaWorld, next_delta, split_world

SEED = 20261205
PEOPLE = 400
ROUNDS = 3
FlagKey = tuple[str, str, str]

CURRENT_FLAGS = Query(
    name="test/current_flags",
    text="MATCH (f:Flag {current: true}) "
    "RETURN f.pattern_id AS pattern, f.person_id AS person, f.signature AS signature",
)
ACTIVE_PEOPLE = Query(
    name="test/active_people", text="MATCH (p:Person {status: 'active'}) RETURN count(p) AS n"
)


def current_flags(graph: Graph) -> set[FlagKey]:
    """What the flags say now: (pattern, person, evidence keys) of every current flag."""
    return {(r["pattern"], r["person"], r["signature"]) for r in graph.read(CURRENT_FLAGS)}


def full_run_hits(graph: Graph) -> set[FlagKey]:
    """What a full run of every pattern would raise on the graph as it is."""
    keys = set()
    for pattern in list_patterns():
        _, hits = run_pattern(graph, pattern)
        keys |= {(h.pattern_id, h.person_id, evidence_signature(h)) for h in hits}
    return keys


def step_counts(summary: RunSummary, name: str) -> dict[str, int]:
    return next(step.result.counts for step in summary.steps if step.name == name)


def deliver(settings: Settings, graph: Graph, folder: Path) -> RunSummary:
    summary = run_folder(settings, graph, folder)
    assert summary.status == "succeeded", f"{summary.failed_step}: {summary.error}"
    return summary


def first_delivery(settings: Settings, graph: Graph, tmp_path: Path) -> DeltaWorld:
    generate(tmp_path / "world", PEOPLE, seed=SEED, scenario_rate=0.2)
    world = split_world(tmp_path / "world", tmp_path / "base", hold_back=0.2, seed=SEED)
    deliver(settings, graph, tmp_path / "base")
    return world


def test_incremental_runs_after_random_deltas_keep_the_flags_a_full_run_would_raise(
    settings: Settings, graph: Graph, tmp_path: Path
) -> None:
    world = first_delivery(settings, graph, tmp_path)
    assert current_flags(graph) == full_run_hits(graph)
    seen = [current_flags(graph)]
    for round_no in range(ROUNDS):
        delta = tmp_path / f"delta-{round_no}"
        new_rows = world.delivered_rows // 40
        assert next_delta(world, delta, new_rows=new_rows, changed_rows=new_rows // 2) > 0
        summary = deliver(settings, graph, delta)

        patterns = step_counts(summary, "patterns")
        assert patterns["scoped"] == len(list_patterns()), "every pattern re-checked a scope"
        people = graph.read_one(ACTIVE_PEOPLE)["n"]  # type: ignore[index]
        assert 0 < patterns["people_0_hops"] < people, "the delta touched some, not all"
        flags = current_flags(graph)
        expected = full_run_hits(graph)
        assert flags == expected, (
            f"round {round_no}: only incremental {sorted(flags - expected)[:5]}, "
            f"only full {sorted(expected - flags)[:5]}"
        )
        seen.append(flags)
    assert len({frozenset(flags) for flags in seen}) > 1, "the deltas changed some flags"

    # a pattern run by hand with another as_of since: that pattern's next run is full
    raise_flags(graph, list_patterns()[0], {"as_of": "2026-01-01"})
    next_delta(world, tmp_path / "delta-last", new_rows=50, changed_rows=20)
    summary = deliver(settings, graph, tmp_path / "delta-last")
    assert step_counts(summary, "patterns")["scoped"] == len(list_patterns()) - 1
    assert current_flags(graph) == full_run_hits(graph)
