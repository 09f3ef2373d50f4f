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
from touchpoint.graph_model.model.csv_safe import csv_text
from touchpoint.services.reads.common import iso_date, plain
from touchpoint.services.reads.exports import provenance_for
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
#: An organisation with more links than this (a GP practice, a school) is a hub: a path through
#: it says little about two people, so the page can leave such paths out and lists them last.
HUB_DEGREE = 25


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
    via_hub: set[int] = field(default_factory=set)  # indexes of paths through a hub

    @property
    def hops(self) -> int | None:
        """Steps of the shortest path found (each path's own length is ``len(path) - 1``)."""
        return min(len(p) - 1 for p in self.paths) if self.paths else None

    def lengths(self) -> str:
        """How many paths of how many steps: "2 paths of 4 steps, 3 of 6"."""
        return describe_lengths([len(p) - 1 for p in self.paths])


def describe_lengths(lengths: list[int]) -> str:
    counts: dict[int, int] = {}
    for length in sorted(lengths):
        counts[length] = counts.get(length, 0) + 1
    parts = []
    for index, (length, count) in enumerate(counts.items()):
        noun = ("path" if count == 1 else "paths") + " of " if index == 0 else "of "
        parts.append(f"{count} {noun}{length} step{'s' if length != 1 else ''}")
    return ", ".join(parts)


def find_connections(
    graph: ViewerGraph,
    a: str,
    b: str,
    rel_types: list[str] | None = None,
    limit: int = MAX_PATHS,
    *,
    avoid_hubs: bool = False,
    hub_degree: int = HUB_DEGREE,
) -> Connections:
    """Shortest paths between subjects ``a`` and ``b``; empty ``paths`` when none exists.

    Each path is simple at person level (no person, place or event twice, even through two
    records of one person) and paths are ordered by their own length, those through a hub
    (an organisation of more than ``hub_degree`` links) after the others of the same length;
    with ``avoid_hubs`` paths through a hub are not searched at all."""
    types = [t for t in (rel_types or DEFAULT_PATH_TYPES) if t in PATH_TYPES] + ["RESOLVES_TO"]
    rows = graph.read(
        "access/shortest_paths",
        keys=[a, b],
        rel_types=types,
        limit=limit,
        hub_degree=hub_degree if avoid_hubs else None,
    )
    found: list[tuple[list[PathStep], list[NetEdge], bool]] = []
    seen: set[tuple[str, ...]] = set()
    for row in rows:
        steps, edges = fold_path(row["nodes"], row["rels"])
        signature = tuple(step.node.key for step in steps)
        if signature in seen or len(steps) < 2:
            continue
        seen.add(signature)
        hubs = {_key(n) for n in row["nodes"] if (n.get("degree") or 0) > hub_degree}
        found.append((steps, edges, bool(hubs & set(signature))))
    found.sort(key=lambda item: (len(item[0]), item[2]))
    result = Connections(a, b, network=Network(root=None))
    for index, (steps, edges, via_hub) in enumerate(found):
        result.paths.append(steps)
        if via_hub:
            result.via_hub.add(index)
        for step in steps:
            result.network.nodes.setdefault(step.node.key, step.node)
        for edge in edges:
            result.network.add_edge(edge)
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
    return simple_path(steps, edges)


def simple_path(
    steps: list[PathStep], edges: list[NetEdge]
) -> tuple[list[PathStep], list[NetEdge]]:
    """The path without detours: a node met twice (a person reached again through another of
    their records, say) has the loop between the two visits cut out. ``edges[i]`` is the link
    into ``steps[i + 1]``."""
    while True:
        first: dict[str, int] = {}
        loop = None
        for index, step in enumerate(steps):
            if step.node.key in first:
                loop = (first[step.node.key], index)
                break
            first[step.node.key] = index
        if loop is None:
            return steps, edges
        start, end = loop
        steps = steps[: start + 1] + steps[end + 1 :]
        edges = edges[:start] + edges[end:]


def _asserted_by(a: dict[str, Any], b: dict[str, Any]) -> tuple[str, str] | None:
    """The agency record behind one step: its person record, else its event."""
    for label in ("PersonRecord", "Event"):
        for node in (a, b):
            props = node["props"]
            if label in node["labels"] and props.get("source_record_id"):
                return props.get("source_agency") or "", props["source_record_id"]
    return None


def _key(node: dict[str, Any]) -> str | None:
    props = node["props"]
    return props.get("org_id") or props.get("address_id")


def _person_of(node: dict[str, Any]) -> str | None:
    if "Person" in node["labels"]:
        return node["props"]["person_id"]
    return node.get("person_id")


PATH_CSV_COLUMNS = ("path", "steps", "step", "via", "kind", "id", "label", "agency", "busy_hub")


def connections_csv(
    viewer: ViewerGraph,
    a: str,
    b: str,
    rel_types: list[str] | None = None,
    *,
    avoid_hubs: bool = False,
) -> str:
    """The paths between ``a`` and ``b`` as CSV - searched again on the server under the
    agreement (never the browser's copy), one line per step, stamped with the export's
    provenance and audited as an ``export`` naming the people on the paths."""
    result = find_connections(viewer, a, b, rel_types, avoid_hubs=avoid_hubs)
    rows = [
        {
            "path": index + 1,
            "steps": len(steps) - 1,
            "step": number,
            "via": step.via or "",
            "kind": step.node.kind,
            "id": step.node.key,
            "label": step.node.label,
            "agency": step.node.agency or "",
            "busy_hub": "yes" if index in result.via_hub else "no",
        }
        for index, steps in enumerate(result.paths)
        for number, step in enumerate(steps)
    ]
    people = sorted({r["id"] for r in rows if r["kind"] == "person"} | {a, b})
    viewer.record(
        "export",
        subjects=people,
        terms={"what": "connections_csv", "rel_types": rel_types, "avoid_hubs": avoid_hubs},
        result_count=len(result.paths),
    )
    chosen = [t for t in PATH_TYPES if t in (rel_types or DEFAULT_PATH_TYPES)]
    filters = {
        "from": a,
        "to": b,
        "relationships": None if set(chosen) == set(DEFAULT_PATH_TYPES) else chosen,
        "busy organisations": "left out" if avoid_hubs else None,
    }
    return csv_text(rows, PATH_CSV_COLUMNS, provenance_for(viewer, "connections (CSV)", filters))
