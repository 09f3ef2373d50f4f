"""Incremental pattern runs: which people to re-check after some loads and resolution runs.

A pattern's flags are exact as of its last recorded run. Its hits about a person can change
only when something that person's hit reads changes: their own records and events (scope 0)
or people within one or two neighbourhood hops (shared address or event, relative, pending
review pair, living where the other's event happened), as each pattern's header declares. So
after a delta it is enough to re-check the people the loads and resolution runs since that
run touched, widened by the pattern's hops; everyone else's hits are what they were. A
pattern runs in full instead when it is global, has never run, last ran with other
parameters (including another ``as_of`` date: windows slide for everyone), or when a full,
failed or unfinished resolution run happened since (it stamps no touched people).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from touchpoint.graph_model.patterns.library import Pattern, params_key
from touchpoint.graph_model.store.db import Graph, QueryRef

NEIGHBOUR_BATCH = 5000


@dataclass
class ScopePlan:
    """Per pattern id the person ids to re-check, or None to run it in full; and why."""

    scopes: dict[str, list[str] | None] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    levels: list[int] = field(default_factory=list)  # people within 0, 1, 2 hops

    @property
    def scoped(self) -> int:
        return sum(scope is not None for scope in self.scopes.values())


def plan_scopes(graph: Graph, runs: list[tuple[Pattern, dict[str, Any]]]) -> ScopePlan:
    """Decide, for each (pattern, resolved parameters), whom an incremental run re-checks."""
    plan = ScopePlan({pattern.id: None for pattern, _ in runs})
    ids = [pattern.id for pattern, _ in runs]
    last = {
        row["pattern_id"]: row for row in graph.read("pattern_scope/last_runs", pattern_ids=ids)
    }
    eligible = [(p, r) for p, r in runs if _eligible(p, r, last.get(p.id), plan.reasons)]
    if not eligible:
        return plan
    since = min(last[p.id]["started_at"] for p, _ in eligible)
    changes = graph.read_one("pattern_scope/changes_since", since=since) or {}
    if not changes.get("all_incremental", False):
        for p, _ in eligible:
            plan.reasons[p.id] = "full: a full or unfinished resolution run since its last run"
        return plan
    hops = max(p.scope_hops or 0 for p, _ in eligible)
    levels = affected_people(graph, changes["load_runs"], changes["resolution_runs"], hops)
    plan.levels = [len(level) for level in levels]
    for p, _ in eligible:
        plan.scopes[p.id] = levels[p.scope_hops or 0]
        plan.reasons[p.id] = f"scoped: {len(plan.scopes[p.id]):,} people ({p.scope_hops} hops)"
    return plan


def _eligible(
    pattern: Pattern, resolved: dict[str, Any], last: dict[str, Any] | None, why: dict[str, str]
) -> bool:
    if not pattern.scoped:
        why[pattern.id] = "full: global pattern"
    elif last is None or last["started_at"] is None:
        why[pattern.id] = "full: no earlier run"
    elif last["params_json"] != params_key(resolved):
        why[pattern.id] = "full: parameters (or as_of) differ from its last run"
    else:
        return True
    return False


def affected_people(
    graph: Graph, load_runs: list[str], resolution_runs: list[str], hops: int
) -> list[list[str]]:
    """People touched by the loads and resolution runs, then widened hop by hop: element i
    holds everyone within i hops (sorted)."""
    touched = {
        row["person_id"]
        for row in graph.read(
            "pattern_scope/touched", load_runs=load_runs, resolution_runs=resolution_runs
        )
    }
    levels, reached, frontier = [sorted(touched)], set(touched), touched
    for _ in range(hops):
        found = neighbours(graph, sorted(frontier))
        frontier = found - reached
        reached |= found
        levels.append(sorted(reached))
    return levels


def neighbours(
    graph: Graph, person_ids: list[str], query: QueryRef = "pattern_scope/neighbours"
) -> set[str]:
    """Everyone one neighbourhood hop from ``person_ids`` (read in batches); it may include
    some of ``person_ids`` themselves (a housemate of one's own record). ``query``: another
    text of the saved hop query, for a side-by-side benchmark."""
    found: set[str] = set()
    for start in range(0, len(person_ids), NEIGHBOUR_BATCH):
        batch = person_ids[start : start + NEIGHBOUR_BATCH]
        rows = graph.read(query, person_ids=batch)
        found.update(row["person_id"] for row in rows)
    return found
