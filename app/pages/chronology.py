"""The multi-agency chronology page: a person's (or household's) events from every agency in
date order - cited, significant ones marked, silences shown as gaps, notes where the agreement
allows - filterable, printable, and exported as PDF, DOCX or CSV.

What is shown is read once per view through ``services.reads.chronology`` under the signed-in
user's agreement (audited as ``chronology_view``); the filters live in the URL, so a view can be
shared and reopened. Exports are rebuilt on the server from the same URL state (never the
browser's copy) and audited as exports.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import dash
from dash import Input, Output, State, callback, clientside_callback, dcc, html, no_update

from touchpoint.app import ids
from touchpoint.app.auth.session import cover, person_viewer
from touchpoint.app.components.access_notes import needs_purpose, page_path, purpose_redirect
from touchpoint.app.components.common import agency_chip, empty_state, error_box, person_link
from touchpoint.graph_model.access.context import PurposeRequired
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.services.reads.chronology import (
    PROTECTIVE_MARKING,
    Chronology,
    Entry,
    Gap,
    build_chronology,
    filtered,
)
from touchpoint.services.reads.chronology_documents import export_chronology, header_lines
from touchpoint.services.reads.common import agency_name

dash.register_page(
    __name__,
    path_template="/chronology/<key>",
    title="Chronology · Touchpoint",
    name="Chronology",
)

FLAGS = ("household", "matches", "significant")


def layout(key: str | None = None, **query: str) -> html.Div:
    if not key:
        return empty_state("No person chosen.", "Open a person's profile first.")
    state = _state(key, query)
    here = page_path(f"/chronology/{quote(key)}", _query(state))
    if needs_purpose(key):
        return purpose_redirect(here, "a chronology")
    try:
        viewer = person_viewer(key)
        whole = build_chronology(
            viewer,
            key,
            household=state["household"],
            include_possible_matches=state["matches"],
        )
        if whole is not None:  # the household shown is reached within the case
            cover(viewer, [str(p["person_id"]) for p in whole.people])
    except PurposeRequired:
        return purpose_redirect(here, "a chronology")
    except TouchpointError as exc:
        return html.Div([html.H1("Chronology"), error_box(exc)], className="page")
    if whole is None:
        return html.Div(
            [html.H1("Chronology"), empty_state(f"No person or record you may see has id {key}.")],
            className="page",
        )
    shown = filtered(
        whole,
        agencies=state["agencies"],
        date_from=state["from"],
        date_to=state["to"],
        significant_only=state["significant"],
    )
    return html.Div(
        [
            dcc.Location(id=ids.CHRONO_LOCATION, refresh=True),
            dcc.Store(id=ids.CHRONO_STATE, data=state),
            dcc.Download(id=ids.CHRONO_DOWNLOAD),
            html.P(PROTECTIVE_MARKING, className="marking"),
            html.H1(shown.title),
            html.P(
                [person_link(whole.subject, "Back to the profile"), " · ", _scope_note(shown)],
                className="lead no-print",
            ),
            _controls(whole, state),
            html.Div(_facts(shown), id=ids.CHRONO_FACTS),
            html.Div(_withheld(shown), id=ids.CHRONO_WITHHELD),
            html.Div(chronology_table(shown), id=ids.CHRONO_TABLE),
        ],
        className="page page-chronology",
    )


def _state(key: str, query: dict[str, str]) -> dict[str, Any]:
    agencies = [a for a in (query.get("agencies") or "").split(",") if a]
    return {
        "key": key,
        "agencies": agencies,
        "from": query.get("from") or None,
        "to": query.get("to") or None,
        **{name: query.get(name) in ("1", "true", "yes") for name in FLAGS},
    }


def _query(state: dict[str, Any]) -> dict[str, str | None]:
    return {
        "agencies": ",".join(state["agencies"]) or None,
        "from": state["from"],
        "to": state["to"],
        **{name: "1" if state[name] else None for name in FLAGS},
    }


def _scope_note(c: Chronology) -> str:
    people = len(c.people)
    return f"{len(c.entries)} events about {people} {'person' if people == 1 else 'people'}"


def _controls(c: Chronology, state: dict[str, Any]) -> html.Div:
    seen = sorted({e.agency for e in c.entries}, key=agency_name)
    options = [
        {"label": " Household (same address, recorded relatives)", "value": "household"},
        {"label": " Include records that may be the same person (pending match pairs)",
         "value": "matches"},
        {"label": " Significant events only", "value": "significant"},
    ]  # fmt: skip
    return html.Div(
        [
            html.Fieldset(
                [
                    html.Legend("Agencies"),
                    dcc.Checklist(
                        id=ids.CHRONO_AGENCIES,
                        options=[{"label": f" {agency_name(a)}", "value": a} for a in seen],
                        value=state["agencies"] or seen,
                        inline=True,
                    ),
                ]
            ),
            html.Div(
                [
                    html.Label("From", htmlFor=ids.CHRONO_FROM),
                    dcc.Input(id=ids.CHRONO_FROM, type="date", value=state["from"]),
                    html.Label("To", htmlFor=ids.CHRONO_TO),
                    dcc.Input(id=ids.CHRONO_TO, type="date", value=state["to"]),
                ],
                className="date-range",
            ),
            dcc.Checklist(
                id=ids.CHRONO_OPTIONS,
                options=options,
                value=[name for name in FLAGS if state[name]],
            ),
            html.Div(
                [
                    html.Button("Apply", id=ids.CHRONO_APPLY, className="button button-primary"),
                    html.Button("Print", id=ids.CHRONO_PRINT, className="button"),
                    html.Button("PDF", id=ids.CHRONO_PDF, className="button"),
                    html.Button("Word (DOCX)", id=ids.CHRONO_DOCX, className="button"),
                    html.Button("CSV", id=ids.CHRONO_CSV, className="button"),
                ],
                className="actions",
            ),
            html.Div(id=ids.CHRONO_MESSAGE, role="status", **{"aria-live": "polite"}),
        ],
        className="filters card no-print",
    )


def _facts(c: Chronology) -> html.Dl:
    items: list[Any] = []
    for label, value in header_lines(c):
        items += [html.Dt(label), html.Dd(value)]
    return html.Dl(items, className="facts")


def _withheld(c: Chronology) -> html.Div | None:
    said = c.withheld_statements()
    identity = c.pairs.sentence() if c.pairs else None
    if not said and not identity:
        return None
    return html.Div(
        [
            html.Strong("Withheld under the sharing agreement: ") if said else None,
            html.Ul([html.Li(s) for s in said]) if said else None,
            html.P(f"Identity: {identity}.") if identity else None,
        ],
        className="alert alert-info",
        role="note",
    )


def chronology_table(c: Chronology) -> Any:
    lines = c.lines()
    if not lines:
        return empty_state("No events you may see match these filters.")
    head = html.Tr(
        [
            html.Th(h, scope="col")
            for h in ("Date", "Agency", "What", "Who", "Detail and notes", "Source", "Significant")
        ]
    )
    return html.Div(
        html.Table(
            [html.Thead(head), html.Tbody([_row(x) for x in lines])],
            className="table chronology",
        ),
        className="table-scroll",
    )


def _row(line: Entry | Gap) -> html.Tr:
    if isinstance(line, Gap):
        return html.Tr(
            html.Td(
                f"No contact recorded by any agency for {line.days} days "
                f"({line.start} to {line.end})",
                colSpan=7,
            ),
            className="gap-row",
        )
    when = line.date or "undated"
    if line.end_date and line.end_date != line.date:
        when += f" to {line.end_date}"
    detail: list[Any] = [line.detail or "—"]
    if line.notes:
        detail.append(html.Blockquote(line.notes, className="event-notes"))
    if line.possible_match:
        detail.insert(0, html.Span(line.possible_match, className="badge badge-warn"))
    return html.Tr(
        [
            html.Td(when),
            html.Td(agency_chip(line.agency)),
            html.Td(
                [line.what, html.Div(f"at {line.place}", className="muted") if line.place else None]
            ),
            html.Td(line.who),
            html.Td(detail),
            html.Td(
                [
                    html.Div(f"record {line.source_record_id or '(no id)'}"),
                    html.Div(f"load {line.load_run_id or '(unknown)'}", className="muted"),
                ]
            ),
            html.Td(line.significant or ""),
        ],
        className="significant" if line.significant else None,
    )


@callback(
    Output(ids.CHRONO_LOCATION, "href"),
    Input(ids.CHRONO_APPLY, "n_clicks"),
    State(ids.CHRONO_STATE, "data"),
    State(ids.CHRONO_AGENCIES, "value"),
    State(ids.CHRONO_FROM, "value"),
    State(ids.CHRONO_TO, "value"),
    State(ids.CHRONO_OPTIONS, "value"),
    prevent_initial_call=True,
)
def apply(_: int, state: dict[str, Any], agencies, date_from, date_to, options):
    """The filters go into the URL; the page reads again for that view (one audit entry)."""
    if not state:
        return no_update
    chosen = {
        "agencies": list(agencies or []),
        "from": date_from or None,
        "to": date_to or None,
        **{name: name in (options or []) for name in FLAGS},
    }
    query = {k: v for k, v in _query(chosen).items() if v}
    return f"/chronology/{quote(state['key'])}" + (f"?{urlencode(query)}" if query else "")


clientside_callback(
    "function(n) { if (n) { window.print(); } return ''; }",
    Output(ids.CHRONO_MESSAGE, "children"),
    Input(ids.CHRONO_PRINT, "n_clicks"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.CHRONO_DOWNLOAD, "data"),
    Input(ids.CHRONO_PDF, "n_clicks"),
    Input(ids.CHRONO_DOCX, "n_clicks"),
    Input(ids.CHRONO_CSV, "n_clicks"),
    State(ids.CHRONO_STATE, "data"),
    prevent_initial_call=True,
)
def download(_pdf: int, _docx: int, _csv: int, state: dict[str, Any] | None):
    """Rebuilt on the server under the agreement from the page's state; audited as an export."""
    fmt = {ids.CHRONO_PDF: "pdf", ids.CHRONO_DOCX: "docx", ids.CHRONO_CSV: "csv"}.get(
        dash.ctx.triggered_id or ""
    )
    if not state or fmt is None:
        return no_update
    options = {
        "household": state["household"],
        "include_possible_matches": state["matches"],
        "agencies": state["agencies"],
        "date_from": state["from"],
        "date_to": state["to"],
        "significant_only": state["significant"],
    }
    try:
        found = export_chronology(person_viewer(state["key"]), state["key"], fmt, options)
    except TouchpointError:
        return no_update
    if found is None:
        return no_update
    data, name = found
    return dcc.send_bytes(data, name)
