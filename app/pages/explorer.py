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
from touchpoint.app.components.access_notes import (
    access_problem,
    needs_purpose,
    page_path,
    purpose_redirect,
    withheld_note,
)
from touchpoint.app.components.common import empty_state, error_box
from touchpoint.app.components.explorer_controls import controls
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
    counts_by_kind,
    people_in,
    to_csv,
    with_classes,
    year_bounds,
)
from touchpoint.app.components.placement import (
    element_positions,
    place_new,
    radial,
    with_positions,
)
from touchpoint.graph_model.access.context import PurposeRequired
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.services.reads.exports import (
    ExportError,
    png_from_data_url,
    provenance_for,
    stamp_png,
)
from touchpoint.services.reads.network import Network, ego_network, expand
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
    Output(ids.EXPLORER_YEARS, "min"),
    Output(ids.EXPLORER_YEARS, "max"),
    Output(ids.EXPLORER_YEARS, "value"),
    Input(ids.EXPLORER_DEPTH, "value"),
    Input(ids.EXPLORER_EXPAND, "n_clicks"),
    State(ids.EXPLORER_ROOT, "data"),
    State(ids.EXPLORER_STORE, "data"),
    State(ids.EXPLORER_SELECTED, "data"),
    State(ids.EXPLORER_YEARS, "value"),
)
def load_network(
    depth: int,
    _: int | None,
    root: str,
    stored: dict | None,
    selected: dict | None,
    years: list[int] | None,
):
    """Fetch the ego network (depth change) or grow it (expand the selected node). Nodes
    already drawn keep their positions; new ones are placed around them."""
    drawn = element_positions((stored or {}).get("elements") or [])
    note = None
    try:
        graph = person_viewer(root)
        if ctx.triggered_id == ids.EXPLORER_EXPAND and stored:
            if not selected:
                return (
                    no_update,
                    _note("Select a node first, then press Expand."),
                    no_update,
                    no_update,
                    no_update,
                )
            held = shown_copy(stored["elements"])  # the server's copy, never the browser's
            network = Network.from_elements(str(stored["root"]), held)
            before = set(network.nodes)
            chosen = network.nodes.get(str(selected["id"]))
            network = expand(graph, network, str(selected["id"]))
            if chosen is not None and not set(network.nodes) - before:
                note = _note(
                    f"Nothing more to show around {chosen.label} under your agreement "
                    f"({graph.agreement_id})."
                )
        else:
            network = ego_network(graph, root, depth)
            note = _truncation_note(network)
    except PurposeRequired as exc:
        return None, access_problem(exc, f"/explorer/{root}"), no_update, no_update, no_update
    except TouchpointError as exc:
        return None, error_box(exc), no_update, no_update, no_update
    if network.root is None:
        graph.refused("network_expand", root, "explorer")
        return (
            None,
            empty_state(
                f"No person or record has the id {root}.",
                f"Records outside agreement {graph.agreement_id} are not shown.",
            ),
            no_update,
            no_update,
            no_update,
        )
    elements = placed(network, drawn)
    remember_shown(elements)
    cover(graph, people_in(elements))  # whom the network shows is reached within the case
    low, high = year_bounds(elements) or (2000, 2026)
    if high == low:
        low -= 1
    value = years if years and low <= years[0] <= years[1] <= high else [low, high]
    people = [k for k, n in network.nodes.items() if n.kind == "person"]
    withheld = withheld_note(withheld_by_agency(graph, people).notice())
    message = [n for n in (withheld, note) if n is not None] or None
    return {"root": network.root, "elements": elements}, message, low, high, value


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
)
def render(
    stored: dict | None,
    rels: list[str],
    agencies: list[str],
    years: list[int] | None,
    hidden: list[str],
    pinned: list[str],
):
    """Apply filters, hidden and pinned nodes to the fetched network; never queries the graph."""
    if not stored:
        return [], "", []
    root, elements = stored["root"], stored["elements"]
    view = ViewFilter(
        frozenset(rels or []),
        frozenset(agencies or []),
        tuple(years) if years else None,
        frozenset(hidden or []),
    )
    visible = apply_filter(elements, view, root)
    styled = with_classes(visible, root, set(pinned or []))
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
    State(ids.EXPLORER_STORE, "data"),
)
def select_node(tapped: dict | None, picked: str | None, stored: dict | None):
    data = tapped
    if ctx.triggered_id == ids.EXPLORER_NODE_PICKER and stored:
        data = next((e["data"] for e in stored["elements"] if e["data"]["id"] == picked), None)
    if data is None:
        return None, details_panel(None)
    return {"id": data["id"]}, details_panel(data)


@callback(
    Output(ids.EXPLORER_PINNED, "data"),
    Output(ids.EXPLORER_HIDDEN, "data"),
    Input(ids.EXPLORER_PIN, "n_clicks"),
    Input(ids.EXPLORER_HIDE, "n_clicks"),
    Input(ids.EXPLORER_SHOW_ALL, "n_clicks"),
    State(ids.EXPLORER_SELECTED, "data"),
    State(ids.EXPLORER_PINNED, "data"),
    State(ids.EXPLORER_HIDDEN, "data"),
    prevent_initial_call=True,
)
def pin_or_hide(
    _: Any, __: Any, ___: Any, selected: dict | None, pinned: list[str], hidden: list[str]
):
    if ctx.triggered_id == ids.EXPLORER_SHOW_ALL:
        return no_update, []
    if not selected:
        return no_update, no_update
    key = selected["id"]
    if ctx.triggered_id == ids.EXPLORER_PIN:
        return (sorted(set(pinned) ^ {key})), no_update
    return no_update, sorted(set(hidden) | {key})


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
    return _note(
        "This neighbourhood is large: the view stops growing at a few hundred nodes. "
        "Select a node and press Expand to go further from it."
    )


def _note(text: str) -> html.Div:
    return html.Div(text, className="alert alert-info", role="status")
