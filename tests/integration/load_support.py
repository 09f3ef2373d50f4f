"""Helpers for loader integration tests: a small synthetic world and exact graph snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.load import Loader

VOLATILE = frozenset(
    {"loaded_at", "started_at", "ended_at", "attempts", "pid", "nodes_created",
     "relationships_created"}
)  # fmt: skip
"""Wall-clock times and a LoadRun's per-attempt bookkeeping (how many attempts, what the
latest attempt itself created): the only properties allowed to differ between a reload or an
interrupted-then-rerun load and one clean run. Every fact's properties are compared."""
LOADER_LABELS = ["PersonRecord", "Event", "Address", "Organisation", "Agency", "LoadRun",
                 "QuarantinedRow"]  # fmt: skip
LOADER_TYPES = ["RECORDED_BY", "LIVES_AT", "INVOLVED_IN", "RELATED_TO", "ENROLLED_AT",
                "REGISTERED_WITH", "OCCURRED_AT", "QUARANTINED"]  # fmt: skip


def snapshot(graph: Graph) -> tuple[list[Any], list[Any]]:
    """All nodes and relationships as sorted, comparable tuples (volatile keys dropped)."""
    nodes = sorted(
        (tuple(sorted(row["labels"])), _stable(row["props"]))
        for row in graph.read("load/snapshot_nodes")
    )
    rels = sorted(
        (row["type"], row["from_key"], row["to_key"], _stable(row["props"]))
        for row in graph.read("load/snapshot_relationships")
    )
    return nodes, rels


def _stable(props: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, repr(v)) for k, v in props.items() if k not in VOLATILE))


def loader(graph: Graph, tmp_path: Path, **kwargs: Any) -> Loader:
    return Loader(graph, tmp_path / "quarantine", **kwargs)


Snapshot = tuple[list[Any], list[Any]]


def assert_same_graph(actual: Snapshot, expected: Snapshot) -> None:
    """Equal snapshots, or a readable list of what differs."""
    problems: list[str] = []
    for index, name in ((0, "node"), (1, "relationship")):
        got, want = set(actual[index]), set(expected[index])
        problems += [f"extra {name}: {x}" for x in sorted(got - want)[:3]]
        problems += [f"missing {name}: {x}" for x in sorted(want - got)[:3]]
        if len(actual[index]) != len(expected[index]):
            problems.append(f"{name} count {len(actual[index])} != {len(expected[index])}")
    assert not problems, "\n".join(problems)
