"""Network explorer: a person's ego network, expandable, filterable, exportable, shareable.

Read through the viewer of the case that covers the person at its centre (``person_viewer``)
under their sharing agreement: opening a network needs that case (else the purpose page asks),
the people it shows are reached within the case (``cover``), links the agreement withholds are
counted and the count is shown, every expansion and every export (PNG, CSV) is audited under
the case."""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from touchpoint.app import ids
from touchpoint.app.auth.session import cover, person_viewer, remember_shown, shown_copy
from touchpoint.app.components import playback
from touchpoint.app.components.access_notes import (
    access_problem,
    needs_purpose,
    page_path,
    purpose_redirect,
    withheld_note,
)
from touchpoint.app.components.common import empty_state, error_box
from touchpoint.app.components.explorer_chart import MAX_CHART_TITLE
from touchpoint.app.components.explorer_controls import controls
from touchpoint.app.components.explorer_load import chart_note, grow, note, placed, reopen
from touchpoint.app.components.explorer_parts import (
    details_panel,
    explorer_href,
    export_filters,
    graph_canvas,
    parse_years,
)
from touchpoint.app.components.graph_style import LAYOUTS, layout_options, legend
from touchpoint.app.components.network_view import (
    ViewFilter,
    apply_filter,
    case_people,
    counts_by_kind,
    households,
    people_in,
    to_csv,
    with_classes,
)
from touchpoint.app.components.placement import element_positions
from touchpoint.graph_model.access.context import PurposeRequired
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.services.reads.exports import (
    ExportError,
    png_from_data_url,
    provenance_for,
    stamp_png,
)
from touchpoint.services.reads.network import Network, ego_network
from touchpoint.services.reads.profile import withheld_by_agency

dash.register_page(
    __name__, path_template="/explorer/<key>", title="Explorer · Touchpoint", name="Explorer"
)


def layout(
    key: str | None = None,
    depth: str = "2",
    layout: str = "stable",
    rels: str | None = None,
    agencies: str | None = None,
    years: str | None = None,
    chart: str | None = None,
    **_: str,
) -> html.Div:
    if not key:
        return empty_state("No person chosen.", "Open the explorer from a search result.")
    if needs_purpose(key):
        params = {"depth": depth, "layout": layout, "rels": rels, "agencies": agencies}
        return purpose_redirect(page_path(f"/explorer/{key}", params | {"years": years}))
    depth_value = int(depth) if depth in ("1", "2", "3") else 2
    layout_value = layout if layout in LAYOUTS else "stable"
    year_value = parse_years(years)
    return html.Div(
        [
            dcc.Store(id=ids.EXPLORER_ROOT, data=key),
            dcc.Store(id=ids.EXPLORER_HIDDEN, data=[]),
            dcc.Store(id=ids.EXPLORER_PINNED, data=[]),
            dcc.Store(id=ids.EXPLORER_SELECTED),
            dcc.Store(id=ids.EXPLORER_NOTES, data={}),
            dcc.Store(id=ids.EXPLORER_CHART, data=(chart or "")[:MAX_CHART_TITLE] or None),
            dcc.Store(id=ids.EXPLORER_CONTEXT),
            dcc.Store(id=ids.EXPLORER_CONTEXT_BOUND),
            dcc.Store(id=ids.EXPLORER_HISTORY),
            dcc.Interval(id=ids.EXPLORER_TICK, interval=900, disabled=True),
            dcc.Store(id=ids.EXPLORER_PLAYHEAD),
            dcc.Download(id=ids.EXPLORER_DOWNLOAD),
            html.Div(
                [
                    html.H1("Network explorer", className="h-compact"),
                    html.Div(
                        id=ids.EXPLORER_STATUS,
                        className="muted",
                        role="status",
                        **{"aria-live": "polite"},
                    ),
                    html.A(
                        "Link to this view",
                        id=ids.EXPLORER_SHARE,
                        href="#",
                        className="button button-small",
                    ),
                ],
                className="title-row",
            ),
            html.Div(id=ids.EXPLORER_MESSAGE),
            html.Div(
                [
                    controls(depth_value, layout_value, rels, agencies, year_value),
                    html.Div(
                        canvas(key, layout_value),
                        className="graph-area",
                        role="img",
                        **{
                            "aria-label": "Network diagram; use the node list on the left "
                            "to choose a node with the keyboard"
                        },
                    ),
                    html.Aside(
                        [
                            html.H2("Details"),
                            html.Div(details_panel(None), id=ids.EXPLORER_DETAILS),
                            legend(),
                        ],
                        className="side-panel",
                    ),
                ],
                className="explorer-grid",
            ),
        ],
        className="page page-explorer",
    )


def canvas(key: str, layout_value: str) -> dcc.Loading:
    """The graph, with a busy indicator while the network is fetched or grown (the store the
    fetch answers into sits inside it) and while it is drawn; the picture stays visible."""
    return dcc.Loading(
        [dcc.Store(id=ids.EXPLORER_STORE), graph_canvas(ids.EXPLORER_GRAPH, key, layout_value)],
        target_components={ids.EXPLORER_STORE: "data", ids.EXPLORER_GRAPH: "elements"},
        custom_spinner=html.Div(
            [html.Span(className="busy-dot"), "Loading the network…"],
            className="graph-busy",
            role="status",
        ),
        overlay_style={"visibility": "visible", "opacity": 0.6},
        parent_className="graph-loading",
    )


@callback(
    Output(ids.EXPLORER_STORE, "data"),
    Output(ids.EXPLORER_MESSAGE, "children"),
    Output(ids.EXPLORER_HIDDEN, "data"),
    Output(ids.EXPLORER_NOTES, "data"),
    Input(ids.EXPLORER_DEPTH, "value"),
    Input(ids.EXPLORER_EXPAND, "n_clicks"),
    Input(ids.EXPLORER_CONTEXT, "data"),
    State(ids.EXPLORER_ROOT, "data"),
    State(ids.EXPLORER_STORE, "data"),
    State(ids.EXPLORER_SELECTED, "data"),
    State(ids.EXPLORER_CHART, "data"),
)
def load_network(
    depth: int,
    _: int | None,
    context: dict | None,
    root: str,
    stored: dict | None,
    selected: dict | None,
    chart: str | None,
):
    """Fetch the ego network (depth change), grow it (expand the selection, or the node
    right-clicked) or reopen a saved chart under this viewer's agreement. Nodes already
    drawn keep their positions; new ones are placed around them."""
    drawn = element_positions((stored or {}).get("elements") or [])
    note_, hidden, notes = None, no_update, no_update
    try:
        graph = person_viewer(root)
        growing = ctx.triggered_id in (ids.EXPLORER_EXPAND, ids.EXPLORER_CONTEXT)
        if growing and stored:
            keys = _to_expand(selected, context)
            if not keys:
                return no_update, note("Select a node first, then press Expand."), hidden, notes
            network, note_ = grow(graph, stored, keys)
            elements = placed(network, drawn)
        elif chart and not stored:
            opened, elements = reopen(graph, chart)
            network = opened.network
            note_ = chart_note(opened, graph.agreement_id)
            hidden, notes = opened.chart.hidden, opened.chart.notes
        else:
            network = ego_network(graph, root, depth)
            note_ = _truncation_note(network)
            elements = placed(network, drawn)
    except PurposeRequired as exc:
        return None, access_problem(exc, f"/explorer/{root}"), hidden, notes
    except TouchpointError as exc:
        return None, error_box(exc), hidden, notes
    if network.root is None:
        graph.refused("network_expand", root, "explorer")
        return (
            None,
            empty_state(
                f"No person or record has the id {root}.",
                f"Records outside agreement {graph.agreement_id} are not shown.",
            ),
            hidden,
            notes,
        )
    remember_shown(elements)
    cover(graph, case_people(elements, network.root))  # the subject's own circle, not all
    people = [k for k, n in network.nodes.items() if n.kind == "person"]
    withheld = withheld_note(withheld_by_agency(graph, people).notice())
    message = [n for n in (withheld, note_) if n is not None] or None
    return {"root": network.root, "elements": elements}, message, hidden, notes


def _to_expand(selected: dict | None, context: dict | None) -> list[str]:
    """What to grow: the node right-clicked, else every selected node."""
    if ctx.triggered_id == ids.EXPLORER_CONTEXT:
        return [str(context["id"])] if isinstance(context, dict) and context.get("id") else []
    if not selected:
        return []
    return [str(k) for k in selected.get("ids") or [selected["id"]]]


@callback(
    Output(ids.EXPLORER_GRAPH, "elements"),
    Output(ids.EXPLORER_STATUS, "children"),
    Output(ids.EXPLORER_NODE_PICKER, "options"),
    Input(ids.EXPLORER_STORE, "data"),
    Input(ids.EXPLORER_RELS, "value"),
    Input(ids.EXPLORER_AGENCIES, "value"),
    Input(ids.EXPLORER_YEARS, "value"),
    Input(ids.EXPLORER_HIDDEN, "data"),
    Input(ids.EXPLORER_PINNED, "data"),
    Input(ids.EXPLORER_GROUP, "value"),
    Input(ids.EXPLORER_NOTES, "data"),
    Input(ids.EXPLORER_PLAYHEAD, "data"),
)
def render(
    stored: dict | None,
    rels: list[str],
    agencies: list[str],
    years: list[int] | None,
    hidden: list[str],
    pinned: list[str],
    group: list[str] | None,
    notes: dict[str, str] | None,
    playhead: int | None = None,
):
    """Apply filters, hidden and pinned nodes, notes and household groups to the fetched
    network; never queries the graph."""
    if not stored:
        return [], "", []
    root, elements = stored["root"], stored["elements"]
    view = ViewFilter(
        frozenset(rels or []),
        frozenset(agencies or []),
        tuple(years) if years else None,
        frozenset(hidden or []),
        until=playback.until(playhead if isinstance(playhead, int) else None, years),
    )
    visible = apply_filter(elements, view, root)
    styled = with_classes(visible, root, set(pinned or []), set(notes or {}))
    if "household" in (group or []):
        styled = households(styled)
    status = _status(visible, len(elements), len(hidden or []))
    options = sorted(
        (
            {"label": f"{e['data']['label']} ({e['data']['kind']})", "value": e["data"]["id"]}
            for e in visible
            if "source" not in e["data"]
        ),
        key=lambda o: o["label"],
    )
    return styled, status, options


@callback(
    Output(ids.EXPLORER_SHARE, "href"),
    Input(ids.EXPLORER_STORE, "data"),
    Input(ids.EXPLORER_DEPTH, "value"),
    Input(ids.EXPLORER_LAYOUT, "value"),
    Input(ids.EXPLORER_RELS, "value"),
    Input(ids.EXPLORER_AGENCIES, "value"),
    Input(ids.EXPLORER_YEARS, "value"),
)
def share_link(
    stored: dict | None,
    depth: int,
    layout: str,
    rels: list[str],
    agencies: list[str],
    years: list[int] | None,
) -> str:
    """The view's own URL: every control that shapes the picture (layout too) is in it."""
    if not stored:
        return "#"
    return explorer_href(stored["root"], depth, layout, rels, agencies, years)


@callback(
    Output(ids.EXPLORER_SELECTED, "data"),
    Output(ids.EXPLORER_DETAILS, "children"),
    Input(ids.EXPLORER_GRAPH, "tapNodeData"),
    Input(ids.EXPLORER_NODE_PICKER, "value"),
    Input(ids.EXPLORER_GRAPH, "selectedNodeData"),
    State(ids.EXPLORER_STORE, "data"),
    State(ids.EXPLORER_SELECTED, "data"),
)
def select_node(
    tapped: dict | None,
    picked: str | None,
    boxed: list[dict] | None,
    stored: dict | None,
    before: dict | None,
):
    """The chosen node (click or list) and the selection (box or shift-click): actions act on
    every selected node, the details panel shows the one chosen last."""
    data = tapped
    if ctx.triggered_id == ids.EXPLORER_GRAPH and isinstance(boxed, list):
        chosen = [d for d in boxed if isinstance(d, dict) and d.get("kind") != "household"]
        if not chosen:  # nothing selected on the canvas: the chosen node stays chosen
            return ({"id": before["id"], "ids": [before["id"]]} if before else None), no_update
        focus = next((d for d in chosen if before and d["id"] == before.get("id")), chosen[-1])
        keys = [str(d["id"]) for d in chosen]
        return {"id": focus["id"], "ids": keys}, details_panel(focus, len(keys))
    if ctx.triggered_id == ids.EXPLORER_NODE_PICKER and stored:
        data = next((e["data"] for e in stored["elements"] if e["data"]["id"] == picked), None)
    if data is None:
        return None, details_panel(None)
    return {"id": data["id"], "ids": [data["id"]]}, details_panel(data)


@callback(
    Output(ids.EXPLORER_PINNED, "data"),
    Output(ids.EXPLORER_HIDDEN, "data", allow_duplicate=True),
    Input(ids.EXPLORER_PIN, "n_clicks"),
    Input(ids.EXPLORER_HIDE, "n_clicks"),
    Input(ids.EXPLORER_SHOW_ALL, "n_clicks"),
    State(ids.EXPLORER_SELECTED, "data"),
    State(ids.EXPLORER_PINNED, "data"),
    State(ids.EXPLORER_HIDDEN, "data"),
    State(ids.EXPLORER_ROOT, "data"),
    prevent_initial_call=True,
)
def pin_or_hide(
    _: Any,
    __: Any,
    ___: Any,
    selected: dict | None,
    pinned: list[str],
    hidden: list[str],
    root: str,
):
    """Pin/unpin or hide every selected node (the subject itself is never hidden)."""
    if ctx.triggered_id == ids.EXPLORER_SHOW_ALL:
        return no_update, []
    if not selected:
        return no_update, no_update
    keys = {str(k) for k in selected.get("ids") or [selected["id"]]}
    if ctx.triggered_id == ids.EXPLORER_PIN:
        return (sorted(set(pinned) ^ keys)), no_update
    return no_update, sorted(set(hidden) | (keys - {root}))


@callback(
    Output(ids.EXPLORER_GRAPH, "layout"),
    Input(ids.EXPLORER_LAYOUT, "value"),
    State(ids.EXPLORER_ROOT, "data"),
    prevent_initial_call=True,
)
def change_layout(name: str, root: str) -> dict[str, Any]:
    return layout_options(name, root)


@callback(
    Output(ids.EXPLORER_GRAPH, "generateImage"),
    Input(ids.EXPLORER_PNG, "n_clicks"),
    State(ids.EXPLORER_ROOT, "data"),
    prevent_initial_call=True,
)
def export_png(_: int, root: str | None) -> dict[str, Any]:
    """Ask the browser for the picture as drawn (Cytoscape renders it and stores it in
    ``imageData``); ``export`` stamps it with its provenance, audits it and sends the file.
    No case covering the network's person, no picture."""
    _export_viewer(root)
    return {
        "type": "png",
        "action": "store",
        "options": {"full": True, "bg": "#FFFFFF", "scale": 2},
    }


EXPORT_FILTERS = (
    State(ids.EXPLORER_DEPTH, "value"),
    State(ids.EXPLORER_RELS, "value"),
    State(ids.EXPLORER_AGENCIES, "value"),
    State(ids.EXPLORER_YEARS, "value"),
    State(ids.EXPLORER_HIDDEN, "data"),
)


@callback(
    Output(ids.EXPLORER_DOWNLOAD, "data"),
    Output(ids.EXPLORER_EXPORT_MESSAGE, "children"),
    Input(ids.EXPLORER_NODES_CSV, "n_clicks"),
    Input(ids.EXPLORER_EDGES_CSV, "n_clicks"),
    Input(ids.EXPLORER_GRAPH, "imageData"),
    State(ids.EXPLORER_GRAPH, "elements"),
    State(ids.EXPLORER_ROOT, "data"),
    *EXPORT_FILTERS,
    prevent_initial_call=True,
)
def export(
    _: Any,
    __: Any,
    image: Any,
    elements: list[dict[str, Any]],
    root: str | None,
    *filters: Any,
):
    """The visible nodes or links as CSV - the server's copy of what this viewer was shown
    (already filtered by their agreement), never the browser's - or the browser's picture of
    them, each stamped with its provenance (marking, case, user, time, agreement, filters) and
    audited as an export under the case of the network's person."""
    viewer = _export_viewer(root)
    exported = shown_copy(elements or [])
    narrowed = export_filters(*filters)
    if ctx.triggered_id == ids.EXPLORER_GRAPH:
        stamp = provenance_for(viewer, "explorer picture (PNG)", narrowed)
        try:
            png = stamp_png(png_from_data_url(image), stamp)
        except ExportError as exc:
            return no_update, error_box(exc)
        audit_export(viewer, "network_png", exported)
        return dcc.send_bytes(png, "touchpoint-network.png"), None
    which = "nodes" if ctx.triggered_id == ids.EXPLORER_NODES_CSV else "links"
    stamp = provenance_for(viewer, f"explorer {which} (CSV)", narrowed)
    nodes, edges = to_csv(exported, stamp)
    audit_export(viewer, f"network_{which}_csv", exported)
    if which == "nodes":
        return dcc.send_string(nodes, "touchpoint-nodes.csv"), None
    return dcc.send_string(edges, "touchpoint-links.csv"), None


def _export_viewer(root: str | None) -> Any:
    """The viewer of the case covering the network's person; no case, no export."""
    if not isinstance(root, str) or not root:
        raise PreventUpdate
    try:
        return person_viewer(root)
    except PurposeRequired as exc:
        raise PreventUpdate from exc


def audit_export(viewer: Any, what: str, elements: list[dict[str, Any]]) -> None:
    """One ``export`` audit entry: who, which people are in it, under which agreement."""
    people = people_in(elements)
    viewer.record("export", subjects=people, terms={"what": what}, result_count=len(elements))


def _status(visible: list[dict[str, Any]], total: int, hidden: int) -> str:
    counts = counts_by_kind(visible)
    shown = sum(v for k, v in counts.items() if k != "edge")
    parts = [f"{shown} nodes, {counts.get('edge', 0)} links shown"]
    if counts.get("summary"):
        parts.append(f"{counts['summary']} busy groups summarised")
    if hidden:
        parts.append(f"{hidden} hidden")
    return " · ".join(parts)


def _truncation_note(network: Network) -> html.Div | None:
    if not network.truncated:
        return None
    return note(
        "This neighbourhood is large: the view stops growing at a few hundred nodes. "
        "Select a node and press Expand to go further from it."
    )
