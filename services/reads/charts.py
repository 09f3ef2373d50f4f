"""Saved, annotated explorer charts: kept under a case, reopened through the opener's agreement.

A chart keeps what the analyst made of a network - which nodes, where they were drawn, which
were hidden, a note on any node, a title - and nothing read from an agency: no name, no date of
birth, no event detail. Reopening it never serves the saved copy. The network is read again,
hop by hop from its person and only through nodes the chart holds, under the agreement of
whoever opens it; a node that read does not reach (a record their agreement withholds, or one
no longer in the graph) is left out with its position and note, and the page says how many.
Saving and opening are each audited once (``chart_save``, ``chart_open``) under the case; the
hops themselves are audited as every network read is (``network_expand``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.ids import stable_id
from touchpoint.services.reads.network import (
    LINK_TYPES,
    PER_NODE_ROWS,
    SUMMARY_PREFIX,
    neighbour_from_row,
    people_summaries,
    style_people,
)
from touchpoint.services.reads.network_model import NetNode, Network

MAX_TITLE = 120  # characters of a chart title
MAX_NOTE = 2000  # characters of one node's note
MAX_NODES = 2000  # nodes one chart keeps
ENTITY_KINDS = {"address", "event", "organisation"}
Point = tuple[float, float]


class ChartError(TouchpointError):
    """A chart that cannot be saved or opened (no title, no case, not found)."""


@dataclass
class Chart:
    """What a chart holds: ids and layout, hidden nodes and notes - never a person's details."""

    title: str
    root: str
    positions: dict[str, Point]
    hidden: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    chart_id: str | None = None
    case_reference: str | None = None
    saved_by: str | None = None
    saved_at: str | None = None


@dataclass
class OpenedChart:
    """A chart as its opener may see it: the network re-read under their agreement, and how
    many of the chart's nodes that read left out (their positions and notes dropped too)."""

    chart: Chart
    network: Network
    left_out: int


def chart_key(case_reference: str, title: str) -> str:
    """One chart per title within a case: saving the same title again updates it."""
    return stable_id("chart", case_reference, title.strip().casefold())


def save_chart(viewer: ViewerGraph, chart: Chart) -> str:
    """Store ``chart`` under the viewer's current case (attributed to them) and audit it."""
    purpose = viewer.ctx.purpose
    title = " ".join(chart.title.split())[:MAX_TITLE]
    if purpose is None:
        raise ChartError("A chart is saved under a case: record a purpose first.")
    if not title:
        raise ChartError("Give the chart a title before saving it.")
    kept = dict(list(chart.positions.items())[:MAX_NODES])
    chart_id = chart_key(purpose.case_reference, title)
    row = {
        "chart_id": chart_id,
        "case_reference": purpose.case_reference,
        "title": title,
        "root": chart.root,
        "node_ids": list(kept),
        "xs": [float(p[0]) for p in kept.values()],
        "ys": [float(p[1]) for p in kept.values()],
        "hidden": [k for k in chart.hidden if k in kept],
        "note_ids": [k for k, v in chart.notes.items() if k in kept and v.strip()],
        "notes": [v.strip()[:MAX_NOTE] for k, v in chart.notes.items() if k in kept and v.strip()],
        "saved_by": viewer.ctx.user,
        "saved_at": datetime.now(UTC),
        "saved_agreement": viewer.agreement_id,
    }
    viewer.system.write("charts/save", row=row)
    viewer.record("chart_save", subjects=[chart.root], chart=chart_id, title=title,
                  result_count=len(kept))  # fmt: skip
    return chart_id


def list_charts(viewer: ViewerGraph) -> list[dict[str, Any]]:
    """The charts saved under the viewer's current case (titles only; no node is read)."""
    purpose = viewer.ctx.purpose
    if purpose is None:
        return []
    return viewer.system.read("charts/list", case_reference=purpose.case_reference)


def stored_chart(viewer: ViewerGraph, chart_id: str) -> Chart:
    """The stored chart of the viewer's current case; a chart of another case is not found."""
    row = viewer.system.read_one("charts/get", chart_id=chart_id)
    purpose = viewer.ctx.purpose
    if row is None or purpose is None or row["case_reference"] != purpose.case_reference:
        raise ChartError(f"No saved chart {chart_id} under this case.")
    positions = {
        k: (float(x), float(y))
        for k, x, y in zip(row["node_ids"], row["xs"], row["ys"], strict=True)
    }
    return Chart(
        title=row["title"],
        root=row["root"],
        positions=positions,
        hidden=list(row["hidden"] or []),
        notes=dict(zip(row["note_ids"] or [], row["notes"] or [], strict=True)),
        chart_id=row["chart_id"],
        case_reference=row["case_reference"],
        saved_by=row["saved_by"],
        saved_at=row["saved_at"],
    )


def open_chart(viewer: ViewerGraph, chart: Chart) -> OpenedChart:
    """Re-read ``chart``'s network under the viewer's agreement and audit the opening; only
    what that read reaches is kept (positions, hidden nodes and notes included)."""
    network = reread(viewer, chart.root, set(chart.positions))
    shown = set(network.nodes)
    wanted = {k for k in chart.positions if not k.startswith(SUMMARY_PREFIX)}
    kept = Chart(
        title=chart.title,
        root=chart.root,
        positions={k: p for k, p in chart.positions.items() if k in shown},
        hidden=[k for k in chart.hidden if k in shown],
        notes={k: v for k, v in chart.notes.items() if k in shown},
        chart_id=chart.chart_id,
        case_reference=chart.case_reference,
        saved_by=chart.saved_by,
        saved_at=chart.saved_at,
    )
    left_out = len(wanted - shown)
    viewer.record("chart_open", subjects=sorted(k for k, n in network.nodes.items()
                  if n.kind == "person"), chart=chart.chart_id, left_out=left_out,
                  result_count=len(shown))  # fmt: skip
    return OpenedChart(kept, network, left_out)


def reread(viewer: ViewerGraph, root: str, wanted: set[str]) -> Network:
    """The chart's network as the viewer may see it: from its person, hop by hop through the
    agreement's hop queries, keeping only neighbours the chart holds (and links between them)."""
    people = people_summaries(viewer, [root])
    if not people:
        return Network(root=None)
    key = people[0]["key"]
    network = Network(root=key)
    network.nodes[key] = NetNode(key, "person", people[0]["name"], hop=0)
    frontier = [key]
    while frontier:
        frontier = _hop_within(viewer, network, frontier, wanted)
    style_people(viewer, network)
    return network


def _hop_within(
    viewer: ViewerGraph, network: Network, keys: list[str], wanted: set[str]
) -> list[str]:
    """One hop from ``keys``: neighbours in ``wanted`` are added; returns the new ones."""
    read = {"rel_types": list(LINK_TYPES), "per_node": PER_NODE_ROWS}
    people = [k for k in keys if network.nodes[k].kind == "person"]
    entities = [k for k in keys if network.nodes[k].kind in ENTITY_KINDS]
    rows: list[dict[str, Any]] = []
    if people:
        rows += viewer.read("access/hop_from_people", keys=people, **read)
    if entities:
        rows += viewer.read("access/hop_from_entities", keys=entities, hub_degree=None, **read)
    added: list[str] = []
    for row in rows:
        if row["rel_type"] is None:
            continue
        node, edge = neighbour_from_row(row)
        if node.key not in wanted or node.key == row["from_key"]:
            continue
        if node.key not in network.nodes:
            network.nodes[node.key] = node
            added.append(node.key)
        network.add_edge(edge)
    network.expanded.update(keys)
    return added


def positions_from(mapping: Mapping[str, Any]) -> dict[str, Point]:
    """Chart positions from ``{id: [x, y]}`` (numbers only; anything else is dropped)."""
    out: dict[str, Point] = {}
    for key, value in mapping.items():
        if isinstance(value, list | tuple) and len(value) == 2:
            x, y = value
            if isinstance(x, int | float) and isinstance(y, int | float):
                out[str(key)] = (float(x), float(y))
    return out
