"""Connections: the shortest paths between two people, drawn like the explorer.

Read through the signed-in viewer under their sharing agreement: the paths are read under the
case that covers the first person (``person_viewer``; else the purpose page asks), and the
second person and everyone on the paths are then reached within that case; the person pickers
use the data-minimised, audited search (name, year of birth, area), and only paths through
records and events the agreement shows are found (audited)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
from dash import Input, Output, State, callback, clientside_callback, dcc, html, no_update

from touchpoint.app import ids
from touchpoint.app.auth.session import cover, current_viewer, person_viewer
from touchpoint.app.components.access_notes import (
    access_problem,
    needs_purpose,
    page_path,
    purpose_redirect,
    withheld_note,
)
from touchpoint.app.components.common import empty_state, error_box, person_link
from touchpoint.app.components.explorer_parts import details_panel, graph_canvas
from touchpoint.app.components.graph_style import legend
from touchpoint.app.components.network_view import people_in, with_classes
from touchpoint.app.components.palette import REL_STYLE
from touchpoint.app.components.placement import path_rows, with_positions
from touchpoint.graph_model.access.context import PurposeRequired
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.services.reads.paths import (
    DEFAULT_PATH_TYPES,
    HUB_DEGREE,
    PATH_TYPES,
    Connections,
    connections_csv,
    find_connections,
)
from touchpoint.services.reads.profile import withheld_by_agency
from touchpoint.services.reads.search import search_people, summarise_people

dash.register_page(
    __name__, path="/connections", title="Connections · Touchpoint", name="Connections"
)


HUBS = "leave-out"  # the URL's hubs=leave-out: paths through hub organisations not searched


def layout(
    a: str | None = None,
    b: str | None = None,
    rels: str | None = None,
    hubs: str | None = None,
    **_: str,
) -> html.Div:
    if needs_purpose(a):
        return purpose_redirect(
            page_path("/connections", {"a": a, "b": b, "rels": rels, "hubs": hubs})
        )
    rel_value = (
        list(DEFAULT_PATH_TYPES)
        if rels is None
        else [t for t in rels.split(",") if t in PATH_TYPES]
    )
    return html.Div(
        [
            dcc.Store(id=ids.CONN_URL_SYNC),
            dcc.Download(id=ids.CONN_DOWNLOAD),
            html.Div(
                [
                    html.H1("Connections between two people", className="h-compact"),
                    html.A(
                        "Link to this view",
                        id=ids.CONN_SHARE,
                        href=connections_href(a, b, rel_value, hubs == HUBS),
                        className="button button-small",
                    ),
                    html.Button(
                        "Paths CSV",
                        id=ids.CONN_EXPORT,
                        className="button button-small",
                        title="The paths, step by step, as CSV with the case, your name, the "
                        "time, the agreement and the options at the top",
                    ),
                ],
                className="title-row",
            ),
            html.P(
                "The shortest chains of shared addresses, events, schools and family links "
                "between two people, across every agency's records.",
                className="lead",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label("First person", htmlFor=ids.CONN_A),
                            person_picker(ids.CONN_A, a),
                            html.Label("Second person", htmlFor=ids.CONN_B),
                            person_picker(ids.CONN_B, b),
                            html.Fieldset(
                                [
                                    html.Legend("Links a path may use"),
                                    dcc.Checklist(
                                        id=ids.CONN_RELS,
                                        options=[
                                            {"label": REL_STYLE[t]["label"], "value": t}
                                            for t in PATH_TYPES
                                        ],
                                        value=rel_value,
                                        className="checklist",
                                    ),
                                    dcc.Checklist(
                                        id=ids.CONN_HUBS,
                                        options=[
                                            {
                                                "label": "Leave out busy organisations "
                                                f"(GP practices, schools: over {HUB_DEGREE} "
                                                "links)",
                                                "value": HUBS,
                                            }
                                        ],
                                        value=[HUBS] if hubs == HUBS else [],
                                        className="checklist",
                                    ),
                                ]
                            ),
                            html.Button(
                                "Find connections",
                                id=ids.CONN_BUTTON,
                                className="button button-primary",
                            ),
                            html.Div(id=ids.CONN_SUMMARY, role="status", **{"aria-live": "polite"}),
                            html.Div(id=ids.CONN_PATHS),
                        ],
                        className="controls conn-controls",
                    ),
                    html.Div(
                        [
                            html.Div(
                                dcc.Loading(
                                    graph_canvas(ids.CONN_GRAPH, None, "preset"),
                                    type="circle",
                                    parent_className="graph-loading",
                                ),
                                className="graph-area conn-graph",
                                role="img",
                                **{
                                    "aria-label": "Paths between the two people; the same "
                                    "paths are listed on the left"
                                },
                            ),
                            html.Div(
                                [html.Div(details_panel(None), id=ids.CONN_DETAILS), legend()],
                                className="side-panel",
                            ),
                        ],
                        className="two-col",
                    ),
                ],
                className="conn-grid",
            ),
        ],
        className="page page-explorer",
    )


def person_picker(component_id: str, key: str | None) -> dcc.Dropdown:
    """A searchable person box; a key from the URL is shown by name."""
    options: list[dict[str, str]] = []
    if key:
        try:
            options = [
                _option(hit)
                for hit in summarise_people(current_viewer(), [key], audit_as="person_summary")
            ]
        except TouchpointError:
            options = [{"label": key, "value": key}]
    return dcc.Dropdown(
        id=component_id,
        options=options,
        value=key if options else None,
        placeholder="Type a name, date of birth or identifier…",
        searchable=True,
    )


def _option(hit: Any) -> dict[str, str]:
    """Only what is needed to pick the right person: name, year of birth, area."""
    born = f", born {hit.year_of_birth}" if hit.year_of_birth else ""
    area = f", {hit.area}" if hit.area else ""
    return {"label": f"{hit.name}{born}{area}", "value": hit.key}


def _search_options(text: str | None, current: str | None) -> Any:
    if not text or len(text.strip()) < 2:
        return no_update
    try:
        hits = search_people(current_viewer(), text, limit=15).hits
    except TouchpointError:
        return no_update
    options = [_option(hit) for hit in hits]
    if current and current not in {o["value"] for o in options}:
        options += [o for o in _keep(current)]
    return options


def _keep(key: str) -> list[dict[str, str]]:
    return [
        _option(hit) for hit in summarise_people(current_viewer(), [key], audit_as="person_summary")
    ]


@callback(
    Output(ids.CONN_A, "options"),
    Input(ids.CONN_A, "search_value"),
    State(ids.CONN_A, "value"),
    prevent_initial_call=True,
)
def search_first(text: str | None, current: str | None):
    return _search_options(text, current)


@callback(
    Output(ids.CONN_B, "options"),
    Input(ids.CONN_B, "search_value"),
    State(ids.CONN_B, "value"),
    prevent_initial_call=True,
)
def search_second(text: str | None, current: str | None):
    return _search_options(text, current)


def connections_href(a: str | None, b: str | None, rels: list[str], avoid_hubs: bool) -> str:
    """The shareable URL of a Connections view: both people and the options."""
    params: dict[str, str] = {k: v for k, v in (("a", a), ("b", b)) if v}
    if set(rels) != set(DEFAULT_PATH_TYPES):
        params["rels"] = ",".join(t for t in PATH_TYPES if t in rels)
    if avoid_hubs:
        params["hubs"] = HUBS
    return f"/connections?{urlencode(params)}" if params else "/connections"


@callback(
    Output(ids.CONN_SHARE, "href"),
    Input(ids.CONN_A, "value"),
    Input(ids.CONN_B, "value"),
    Input(ids.CONN_RELS, "value"),
    Input(ids.CONN_HUBS, "value"),
    prevent_initial_call=True,
)
def share_link(a: str | None, b: str | None, rels: list[str], hubs: list[str]) -> str:
    return connections_href(a, b, rels or [], HUBS in (hubs or []))


# The address bar follows the view (no reload, no new history entry), so reloading or copying
# it reopens the same two people with the same options.
clientside_callback(
    """function (href) {
        if (href && window.location.pathname === "/connections") {
            window.history.replaceState(window.history.state, "", href);
        }
        return href;
    }""",
    Output(ids.CONN_URL_SYNC, "data"),
    Input(ids.CONN_SHARE, "href"),
)


@callback(
    Output(ids.CONN_GRAPH, "elements"),
    Output(ids.CONN_SUMMARY, "children"),
    Output(ids.CONN_PATHS, "children"),
    Input(ids.CONN_BUTTON, "n_clicks"),
    State(ids.CONN_A, "value"),
    State(ids.CONN_B, "value"),
    State(ids.CONN_RELS, "value"),
    State(ids.CONN_HUBS, "value"),
)
def show_connections(
    _: int | None, a: str | None, b: str | None, rels: list[str], hubs: list[str] | None
):
    if not a or not b:
        return [], empty_state("Choose two people to connect."), None
    if a == b:
        return [], empty_state("Choose two different people."), None
    avoid_hubs = HUBS in (hubs or [])
    here = connections_href(a, b, rels or [], avoid_hubs)
    try:
        viewer = person_viewer(a)
        result = find_connections(viewer, a, b, rels, avoid_hubs=avoid_hubs)
        withheld = withheld_by_agency(viewer, [a, b]).notice()  # the same notice as the profile
    except PurposeRequired as exc:
        return [], access_problem(exc, here), None
    except TouchpointError as exc:
        return [], error_box(exc), None
    scope = withheld_note(
        f"Only paths through records and events shared under agreement {viewer.agreement_id} "
        "are searched."
    )
    scope = html.Div([scope, withheld_note(withheld)], id=ids.CONN_WITHHELD)
    if not result.paths:
        return (
            [],
            html.Div(
                [
                    empty_state(
                        "No connection found within 12 steps using these links"
                        + (" without going through a busy organisation." if avoid_hubs else "."),
                        "Allow more kinds of link, or check both people are right.",
                    ),
                    scope,
                ]
            ),
            None,
        )
    elements = with_classes(result.network.to_elements(), None, set())
    cover(viewer, [b, *people_in(elements)])  # reached from the first person, in the case
    for element in elements:
        if element["data"]["id"] in (a, b):
            element["classes"] += " root"
    rows = path_rows([[step.node.key for step in steps] for steps in result.paths])
    elements = with_positions(elements, rows)
    hubs_note = (
        f" Paths through a busy organisation (over {HUB_DEGREE} links) are listed last."
        if result.via_hub
        else ""
    )
    summary = html.Div(
        [
            html.P(
                f"Found {result.lengths()}, shortest first.{hubs_note}",
                className="alert alert-info",
                id="connections-lengths",
            ),
            scope,
        ]
    )
    return elements, summary, path_list(result)


@callback(
    Output(ids.CONN_DOWNLOAD, "data"),
    Input(ids.CONN_EXPORT, "n_clicks"),
    State(ids.CONN_A, "value"),
    State(ids.CONN_B, "value"),
    State(ids.CONN_RELS, "value"),
    State(ids.CONN_HUBS, "value"),
    prevent_initial_call=True,
)
def export_paths(clicks: int | None, a: Any, b: Any, rels: Any, hubs: Any) -> dict[str, Any]:
    """The paths searched again on the server under the case covering the first person,
    stamped with their provenance and audited as an export; no case, no file."""
    if not clicks or not isinstance(a, str) or not isinstance(b, str) or not a or a == b:
        return no_update
    chosen = [t for t in rels if t in PATH_TYPES] if isinstance(rels, list) else None
    avoid = isinstance(hubs, list) and HUBS in hubs
    try:
        text = connections_csv(person_viewer(a), a, b, chosen or None, avoid_hubs=avoid)
    except TouchpointError:
        return no_update
    return dcc.send_string(text, "touchpoint-connections.csv")


@callback(Output(ids.CONN_DETAILS, "children"), Input(ids.CONN_GRAPH, "tapNodeData"))
def show_details(data: dict | None):
    return details_panel(data)


def path_list(result: Connections) -> html.Ol:
    items = []
    for index, steps in enumerate(result.paths):
        hops = len(steps) - 1
        parts: list[Any] = [
            html.Span(f"{hops} step{'s' if hops != 1 else ''}: ", className="path-length")
        ]
        for step in steps:
            if step.via:
                parts.append(html.Span(f" — {step.via} — ", className="path-step-via"))
            node = step.node
            parts.append(
                person_link(node.key, node.label)
                if node.kind == "person"
                else html.Span(node.label)
            )
        if index in result.via_hub:
            parts.append(html.Span(" (through a busy organisation)", className="muted"))
        items.append(html.Li(parts))
    return html.Ol(items, className="path-list", **{"aria-label": "Paths"})
