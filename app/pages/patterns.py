"""Patterns: the saved pattern library - pick, set parameters, run, sort, export, raise flags.

Runs for the signed-in viewer: only results whose evidence their sharing agreement shows are
listed (the rest are counted and the count shown); runs, flag raises and CSV exports (re-run on
the server under the agreement) are audited."""

from __future__ import annotations

from typing import Any

import dash
from dash import ALL, Input, Output, State, callback, ctx, dash_table, dcc, html, no_update

from touchpoint.app import ids
from touchpoint.app.auth.session import current_viewer
from touchpoint.app.components.access_notes import withheld_note
from touchpoint.app.components.common import (
    agency_chips,
    empty_state,
    error_box,
    markdown_link,
)
from touchpoint.app.components.tables import data_table
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.services.reads import patterns as pattern_service
from touchpoint.services.reads.common import humanise

dash.register_page(__name__, path="/patterns", title="Patterns · Touchpoint", name="Patterns")


def layout(pattern: str | None = None, **_: str) -> html.Div:
    try:
        patterns = pattern_service.library()
    except TouchpointError as exc:
        return html.Div([html.H1("Saved patterns"), error_box(exc)], className="page")
    known = {p.id for p in patterns}
    chosen = pattern if pattern in known else (patterns[0].id if patterns else None)
    return html.Div(
        [
            dcc.Store(id=ids.PATTERN_STORE),
            dcc.Download(id=ids.PATTERN_DOWNLOAD),
            html.H1("Saved patterns"),
            html.P(
                "Each pattern is a saved, reviewed query for a known safeguarding risk. "
                "Running one only reads the graph; “Raise flags” keeps the results for "
                "review in the Flags queue.",
                className="lead",
            ),
            html.Div(
                [
                    html.Label("Pattern", htmlFor=ids.PATTERN_SELECT),
                    dcc.Dropdown(
                        id=ids.PATTERN_SELECT,
                        value=chosen,
                        clearable=False,
                        options=[
                            {"label": f"{p.title} ({p.severity})", "value": p.id} for p in patterns
                        ],
                    ),
                    html.Div(id=ids.PATTERN_DESCRIPTION),
                    html.H2("Parameters"),
                    html.Div(id=ids.PATTERN_PARAMS, className="form-grid"),
                    html.Div(
                        [
                            html.Button(
                                "Run pattern", id=ids.PATTERN_RUN, className="button button-primary"
                            ),
                            html.Button(
                                "Raise flags for review", id=ids.PATTERN_RAISE, className="button"
                            ),
                            html.Button("Export CSV", id=ids.PATTERN_EXPORT, className="button"),
                        ],
                        className="actions",
                    ),
                ],
                className="card",
            ),
            html.Div(id=ids.PATTERN_STATUS, role="status", **{"aria-live": "polite"}),
            dcc.Loading(html.Div(id=ids.PATTERN_TABLE), type="dot"),
        ],
        className="page page-patterns",
    )


@callback(
    Output(ids.PATTERN_DESCRIPTION, "children"),
    Output(ids.PATTERN_PARAMS, "children"),
    Input(ids.PATTERN_SELECT, "value"),
)
def describe(pattern_id: str | None):
    if not pattern_id:
        return empty_state("No saved patterns are installed."), None
    info = pattern_service.pattern_info(pattern_id)
    description = html.Div(
        [
            html.P(
                [
                    html.Span(
                        humanise(info.severity), className=f"badge badge-sev-{info.severity}"
                    ),
                    " ",
                    info.description,
                ]
            ),
            html.P([html.Strong("Why it matters: "), info.why], className="muted"),
            html.P(
                [html.Span("Uses records from ", className="muted"), agency_chips(info.agencies)]
            ),
        ]
    )
    fields = [param_field(p) for p in info.params]
    return description, fields


def param_field(param: pattern_service.ParamField) -> html.Div:
    field_id = {"type": ids.PATTERN_PARAM, "name": param.name}
    bounds = {k: v for k, v in (("min", param.min), ("max", param.max)) if v is not None}
    hint = param.description or humanise(param.name)
    if bounds:
        hint += (
            f" ({param.min if param.min is not None else '…'}–"
            f"{param.max if param.max is not None else '…'})"
        )
    return html.Div(
        html.Label(
            [
                humanise(param.name),
                dcc.Input(
                    id=field_id,
                    type=param.input_type,
                    value=param.initial,
                    step=1 if param.type == "int" else "any",
                    debounce=True,
                    **{k: v for k, v in bounds.items() if param.type in ("int", "float")},
                ),
                html.Small(hint, className="muted param-hint"),
            ],
            className="param-label",
        )
    )


@callback(
    Output(ids.PATTERN_TABLE, "children"),
    Output(ids.PATTERN_STATUS, "children"),
    Output(ids.PATTERN_STORE, "data"),
    Input(ids.PATTERN_RUN, "n_clicks"),
    Input(ids.PATTERN_RAISE, "n_clicks"),
    State(ids.PATTERN_SELECT, "value"),
    State({"type": ids.PATTERN_PARAM, "name": ALL}, "value"),
    State({"type": ids.PATTERN_PARAM, "name": ALL}, "id"),
    prevent_initial_call=True,
)
def run_pattern(_: Any, __: Any, pattern_id: str, values: list[Any], field_ids: list[dict]):
    params = {f["name"]: v for f, v in zip(field_ids, values, strict=True)}
    try:
        viewer = current_viewer()
        result = pattern_service.run(viewer, pattern_id, params)
        note = None
        if ctx.triggered_id == ids.PATTERN_RAISE:
            summary = pattern_service.raise_flags(viewer, pattern_id, params)
            note = html.Div(
                [
                    f"{summary.hits} hit(s): {summary.created} new flag(s), "
                    f"{summary.already_known} already known. ",
                    dcc.Link("Review them in the Flags queue", href=f"/flags?pattern={pattern_id}"),
                ],
                className="alert alert-ok",
            )
    except TouchpointError as exc:
        return None, error_box(exc), None
    count = len(result.rows)
    status = html.Div(
        [
            html.P(
                f"{count} {'person' if count == 1 else 'people'} matched "
                f"(parameters: {_describe(result.params)})."
            ),
            withheld_note(result.notice),
            note,
        ]
    )
    if not result.rows:
        return (
            empty_state(
                "No one matches this pattern with these parameters.",
                "Widen the look-back window or lower the thresholds.",
            ),
            status,
            None,
        )
    return results_table(result.rows), status, {"pattern": pattern_id, "params": params}


@callback(
    Output(ids.PATTERN_DOWNLOAD, "data"),
    Input(ids.PATTERN_EXPORT, "n_clicks"),
    State(ids.PATTERN_STORE, "data"),
    prevent_initial_call=True,
)
def export(_: int, stored: dict | None):
    """Re-run on the server under the agreement (the browser's copy is never trusted) and
    audit the export."""
    if not stored:
        return no_update
    try:
        text = pattern_service.export_csv(current_viewer(), stored["pattern"], stored["params"])
    except TouchpointError:
        return no_update
    return dcc.send_string(text, f"touchpoint-{stored['pattern']}.csv")


def results_table(rows: list[dict[str, Any]]) -> dash_table.DataTable:
    data = [
        row | {"person": markdown_link(row["person"], f"/person/{row['person_id']}")}
        for row in rows
    ]
    columns = [
        {"name": "Person", "id": "person", "presentation": "markdown"},
        {"name": "Score", "id": "score", "type": "numeric"},
        {"name": "Severity", "id": "severity"},
        {"name": "Why", "id": "summary"},
        {"name": "Agencies", "id": "agencies"},
        {"name": "First evidence", "id": "first"},
        {"name": "Last evidence", "id": "last"},
    ]
    return data_table(
        f"{ids.PATTERN_TABLE}-table",
        data,
        columns,
        sort_by=[{"column_id": "score", "direction": "desc"}],
        page_size=25,
        markdown_options={"link_target": "_self"},
    )


def _describe(params: dict[str, Any]) -> str:
    return ", ".join(f"{humanise(k).lower()} {v}" for k, v in params.items())
