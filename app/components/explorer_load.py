"""How the explorer's network is fetched, grown and reopened, for ``pages/explorer.py``.

Every read is through the viewer of the case covering the network's person; what is grown
starts from the server's copy of what this session was shown, never the browser's. Nodes
already drawn keep their positions (``placement``); a reopened chart keeps the positions it was
saved with, for the nodes the opener's agreement still shows.
"""

from __future__ import annotations

from typing import Any

from dash import html

from touchpoint.app.auth.session import shown_copy
from touchpoint.app.components.placement import place_new, radial, with_positions
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.services.reads.charts import OpenedChart, open_chart, stored_chart
from touchpoint.services.reads.network import Network, expand


def grow(
    graph: ViewerGraph, stored: dict[str, Any], keys: list[str]
) -> tuple[Network, html.Div | None]:
    """The stored network with each of ``keys`` expanded; a note when that added nothing."""
    held = shown_copy(stored["elements"])  # the server's copy, never the browser's
    network = Network.from_elements(str(stored["root"]), held)
    before = set(network.nodes)
    chosen = [network.nodes[k] for k in keys if k in network.nodes]
    for node in chosen:
        network = expand(graph, network, node.key)
    if chosen and not set(network.nodes) - before:
        names = ", ".join(n.label for n in chosen[:3]) + (" …" if len(chosen) > 3 else "")
        return network, note(
            f"Nothing more to show around {names} under your agreement ({graph.agreement_id})."
        )
    return network, None


def reopen(graph: ViewerGraph, chart_id: str) -> tuple[OpenedChart, list[dict[str, Any]]]:
    """A saved chart re-read under this viewer's agreement, drawn where it was saved."""
    opened = open_chart(graph, stored_chart(graph, chart_id))
    network = opened.network
    elements = network.to_elements()
    nodes = [e["data"]["id"] for e in elements if "source" not in e["data"]]
    edges = [(e["data"]["source"], e["data"]["target"]) for e in elements if "source" in e["data"]]
    positions = place_new(network.root, dict(opened.chart.positions), nodes, edges)
    return opened, with_positions(elements, positions)


def chart_note(opened: OpenedChart, agreement: str) -> html.Div:
    """What the opener is told: whose chart it is, and how much of it their agreement hides."""
    chart = opened.chart
    text = f"Chart “{chart.title}”, saved by {chart.saved_by} ({(chart.saved_at or '')[:16]})."
    if opened.left_out:
        nodes = "node is" if opened.left_out == 1 else "nodes are"
        text += (
            f" {opened.left_out} of its {nodes} not shown under your agreement ({agreement}) "
            "and left out, with their notes; nothing is shown from the saved copy."
        )
    return note(text, chart_notice=True)


def placed(network: Network, drawn: dict[str, tuple[float, float]]) -> list[dict[str, Any]]:
    """The network's elements with positions: those already drawn stay put, the rest are
    placed around them; a fresh picture is rings around the subject."""
    elements = network.to_elements()
    nodes = [e["data"]["id"] for e in elements if "source" not in e["data"]]
    edges = [(e["data"]["source"], e["data"]["target"]) for e in elements if "source" in e["data"]]
    kept = {key: drawn[key] for key in nodes if key in drawn}
    root = str(network.root)
    if root in kept:
        positions = place_new(root, kept, [k for k in nodes if k not in kept], edges)
    else:
        positions = radial(root, nodes, edges)
    return with_positions(elements, positions)


def note(text: str, chart_notice: bool = False) -> html.Div:
    classes = "alert alert-info" + (" chart-notice" if chart_notice else "")
    return html.Div(text, className=classes, role="status")
