"""Saved, annotated charts on the explorer: notes on nodes, save under the case, reopen.

A chart is saved from the server's copy of what this session was shown (ids the browser made
up are dropped) with the positions as drawn (read in the browser, so a dragged node is saved
where it was dropped), the hidden nodes and the notes. The list offers the charts of the case
that covers the network's person; opening one is a link to the explorer with ``?chart=``, where
``load_network`` re-reads it under the opener's agreement (``services.reads.charts``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import dash
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from touchpoint.app import ids
from touchpoint.app.auth.session import person_viewer, shown_copy
from touchpoint.app.components.common import error_box
from touchpoint.app.components.placement import element_positions
from touchpoint.graph_model.access.context import PurposeRequired
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.services.reads.charts import MAX_NOTE, Chart, list_charts, save_chart

MAX_CHART_TITLE = 120


def chart_panel() -> html.Fieldset:
    """Title and save; the case's saved charts and open; the note on the chosen node."""
    return html.Fieldset(
        [
            html.Legend("Chart"),
            html.Label("Note on the chosen node", htmlFor=ids.EXPLORER_NOTE),
            dcc.Textarea(
                id=ids.EXPLORER_NOTE,
                maxLength=MAX_NOTE,
                className="note-box",
                placeholder="Choose a node, then write a note…",
            ),
            html.Button("Save note", id=ids.EXPLORER_NOTE_SAVE, className="button button-small"),
            html.Label("Chart title", htmlFor=ids.EXPLORER_CHART_TITLE),
            dcc.Input(
                id=ids.EXPLORER_CHART_TITLE,
                type="text",
                maxLength=MAX_CHART_TITLE,
                placeholder="e.g. Household at 12 Park Lane",
            ),
            html.Button("Save chart", id=ids.EXPLORER_CHART_SAVE, className="button button-small"),
            html.Label("Saved charts of this case", htmlFor=ids.EXPLORER_CHART_LIST),
            dcc.Dropdown(id=ids.EXPLORER_CHART_LIST, placeholder="Choose a saved chart…"),
            dcc.Link(
                "Open chart", id=ids.EXPLORER_CHART_OPEN, href="#", className="button button-small"
            ),
            html.Div(id=ids.EXPLORER_CHART_MESSAGE, role="status", **{"aria-live": "polite"}),
            dcc.Store(id=ids.EXPLORER_CHART_POSITIONS),
        ],
        className="chart-panel",
    )


def chart_href(root: str, chart_id: str) -> str:
    return f"/explorer/{quote(root)}?{urlencode({'chart': chart_id})}"


def save(
    drawn: dict | None,
    title: str | None,
    root: str,
    stored: dict | None,
    hidden: list[str] | None,
    notes: dict[str, str] | None,
) -> Any:
    """Save the chart as drawn, keeping only nodes the server sent this session."""
    if not drawn or not stored:
        raise PreventUpdate
    shown = {e["data"]["id"] for e in shown_copy(stored.get("elements") or [])
             if "source" not in e["data"]}  # fmt: skip
    held = element_positions(stored.get("elements") or [])  # hidden nodes are not drawn
    positions = {k: p for k, p in held.items() if k in shown}
    positions |= _positions(drawn.get("positions"), shown)
    chart = Chart(
        title=str(title or ""),
        root=str(stored.get("root") or root),
        positions=positions,
        hidden=[str(k) for k in hidden or [] if k in positions],
        notes={str(k): str(v) for k, v in (notes or {}).items() if k in positions},
    )
    try:
        chart_id = save_chart(person_viewer(root), chart)
    except (PurposeRequired, TouchpointError) as exc:
        return error_box(exc)
    return html.Div(
        [f"Chart “{' '.join(chart.title.split())}” saved under this case. ",
         dcc.Link("Link to it", href=chart_href(chart.root, chart_id))],
        className="alert alert-info",
    )  # fmt: skip


def _positions(found: Any, shown: set[str]) -> dict[str, tuple[float, float]]:
    """Numeric positions of nodes the server showed (anything else from the browser dropped)."""
    if not isinstance(found, dict):
        return {}
    out: dict[str, tuple[float, float]] = {}
    for key, value in found.items():
        if key in shown and isinstance(value, list) and len(value) == 2:
            x, y = value
            if all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y)):
                out[key] = (float(x), float(y))
    return out


def saved_charts(root: str | None, _: Any) -> list[dict[str, str]]:
    """The charts saved under the case covering this person (none without one)."""
    if not root:
        return []
    try:
        charts = list_charts(person_viewer(root))
    except (PurposeRequired, TouchpointError):
        return []
    return [
        {"label": f"{c['title']} ({c['nodes']} nodes, {c['saved_by']}, {c['saved_at'][:16]})",
         "value": chart_href(c["root"], c["chart_id"])}
        for c in charts
    ]  # fmt: skip


def open_link(value: str | None) -> str:
    return value if isinstance(value, str) and value.startswith("/explorer/") else "#"


def show_note(selected: dict | None, notes: dict[str, str] | None) -> str:
    if not selected:
        return ""
    return (notes or {}).get(str(selected.get("id")), "")


def save_note(_: Any, selected: dict | None, text: str | None, notes: dict | None) -> Any:
    """A note on the chosen node (an empty note removes it); kept with the chart when saved."""
    if not selected:
        return no_update
    changed = dict(notes or {})
    key = str(selected["id"])
    if (text or "").strip():
        changed[key] = str(text).strip()[:MAX_NOTE]
    else:
        changed.pop(key, None)
    return changed


def register(app: dash.Dash) -> None:
    """Bind the note, save and open callbacks to ``app`` (per app, as in
    ``explorer_history.register``: a global ``dash.callback`` reaches only the first app)."""
    app.clientside_callback(
        ClientsideFunction("explorer", "positions"),
        Output(ids.EXPLORER_CHART_POSITIONS, "data"),
        Input(ids.EXPLORER_CHART_SAVE, "n_clicks"),
        State(ids.EXPLORER_GRAPH, "id"),
        prevent_initial_call=True,
    )
    app.callback(
        Output(ids.EXPLORER_CHART_MESSAGE, "children"),
        Input(ids.EXPLORER_CHART_POSITIONS, "data"),
        State(ids.EXPLORER_CHART_TITLE, "value"),
        State(ids.EXPLORER_ROOT, "data"),
        State(ids.EXPLORER_STORE, "data"),
        State(ids.EXPLORER_HIDDEN, "data"),
        State(ids.EXPLORER_NOTES, "data"),
        prevent_initial_call=True,
    )(save)
    app.callback(
        Output(ids.EXPLORER_CHART_LIST, "options"),
        Input(ids.EXPLORER_ROOT, "data"),
        Input(ids.EXPLORER_CHART_MESSAGE, "children"),
    )(saved_charts)
    app.callback(Output(ids.EXPLORER_CHART_OPEN, "href"), Input(ids.EXPLORER_CHART_LIST, "value"))(
        open_link
    )
    app.callback(
        Output(ids.EXPLORER_NOTE, "value"),
        Input(ids.EXPLORER_SELECTED, "data"),
        State(ids.EXPLORER_NOTES, "data"),
    )(show_note)
    app.callback(
        Output(ids.EXPLORER_NOTES, "data", allow_duplicate=True),
        Input(ids.EXPLORER_NOTE_SAVE, "n_clicks"),
        State(ids.EXPLORER_SELECTED, "data"),
        State(ids.EXPLORER_NOTE, "value"),
        State(ids.EXPLORER_NOTES, "data"),
        prevent_initial_call=True,
    )(save_note)
