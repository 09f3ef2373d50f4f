"""Connections: the shortest paths between two people, drawn at person level.

The one path reader: the Connections page draws it and ``touchpoint analyse path`` (through
``analysis.py``) lists it. Neo4j finds all shortest record-level paths (``allShortestPaths``)
over the relationship types the analyst allows; each path is then folded to person level (a
record becomes its Person, a ``RESOLVES_TO`` step disappears) so it reads "Alice - lives at -
12 Park Lane - lives at - Bob", and each step keeps the agency record that asserts it.

Paths are found under the viewer's sharing agreement (``access/shortest_paths``): every
record and event on a path must be visible, detail fields are masked, a recorded purpose is
needed and each search is audited (``connections``). A path through a withheld record is not
shown - nor hinted at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.services.reads.common import iso_date, plain
from touchpoint.services.reads.network import (
    NetEdge,
    NetNode,
    Network,
    node_from_graph,
    style_people,
)

PATH_TYPES = (
    "RELATED_TO",
    "LIVES_AT",
    "INVOLVED_IN",
    "ENROLLED_AT",
    "REGISTERED_WITH",
    "OCCURRED_AT",
)
DEFAULT_PATH_TYPES = ("RELATED_TO", "LIVES_AT", "INVOLVED_IN", "ENROLLED_AT", "OCCURRED_AT")
MAX_PATHS = 10


@dataclass
class PathStep:
    node: NetNode
    via: str | None = None  # label of the link from the previous step


@dataclass
class Connections:
    a: str
    b: str
    paths: list[list[PathStep]] = field(default_factory=list)
    network: Network | None = None

    @property
    def hops(self) -> int | None:
        return len(self.paths[0]) - 1 if self.paths else None


def find_connections(
    graph: ViewerGraph,
    a: str,
    b: str,
    rel_types: list[str] | None = None,
    limit: int = MAX_PATHS,
) -> Connections:
    """Shortest paths between subjects ``a`` and ``b``; empty ``paths`` when none exists."""
    types = [t for t in (rel_types or DEFAULT_PATH_TYPES) if t in PATH_TYPES] + ["RESOLVES_TO"]
    rows = graph.read("access/shortest_paths", keys=[a, b], rel_types=types, limit=limit)
    result = Connections(a, b, network=Network(root=None))
    seen: set[tuple[str, ...]] = set()
    for row in rows:
        steps, edges = fold_path(row["nodes"], row["rels"])
        signature = tuple(step.node.key for step in steps)
        if signature in seen:
            continue
        seen.add(signature)
        result.paths.append(steps)
        for step in steps:
            result.network.nodes.setdefault(step.node.key, step.node)
        for edge in edges:
            result.network.add_edge(edge)
    result.paths.sort(key=len)
    if result.network.nodes:
        style_people(graph, result.network)
    return result


def fold_path(
    nodes: list[dict[str, Any]], rels: list[dict[str, Any]]
) -> tuple[list[PathStep], list[NetEdge]]:
    """Fold a record-level path to person level: records merge into their Person."""
    folded = [
        node_from_graph(n["labels"], plain(n["props"]), _person_of(n), n.get("person_name"))
        for n in nodes
    ]
    steps = [PathStep(folded[0])]
    edges: list[NetEdge] = []
    for index, rel in enumerate(rels):
        before, after = folded[index], folded[index + 1]
        if before.key == after.key:  # a RESOLVES_TO step, or two records of one person
            continue
        props = plain(rel["props"])
        qualifier = props.get("role") or props.get("relation")
        source, target = (before, after) if rel["forward"] else (after, before)
        record = _asserted_by(nodes[index], nodes[index + 1])
        if props.get("source_agency") and props.get("source_record_id"):
            record = (props["source_agency"], props["source_record_id"])  # its own provenance
        agency = props.get("source_agency") or (record[0] if record else None)
        edge = NetEdge(
            source.key,
            target.key,
            rel["type"],
            qualifier,
            {agency} if agency else set(),
            iso_date(props.get("from")),
            iso_date(props.get("to")),
            {record} if record else set(),
        )
        edges.append(edge)
        steps.append(PathStep(after, via=edge.label))
    return steps, edges


def _asserted_by(a: dict[str, Any], b: dict[str, Any]) -> tuple[str, str] | None:
    """The agency record behind one step: its person record, else its event."""
    for label in ("PersonRecord", "Event"):
        for node in (a, b):
            props = node["props"]
            if label in node["labels"] and props.get("source_record_id"):
                return props.get("source_agency") or "", props["source_record_id"]
    return None


def _person_of(node: dict[str, Any]) -> str | None:
    if "Person" in node["labels"]:
        return node["props"]["person_id"]
    return node.get("person_id")
