"""Search: one box for a name (fuzzy), date of birth, postcode or identifier.

Read through the signed-in user's ``ViewerGraph`` under their sharing agreement (audited with
the terms); the results are data-minimised - name, year of birth, area and the agencies that
know the person - and opening a profile asks for a purpose. The query lives in the address bar
(``/?q=...``), as Connections' people do: reloading, going back or copying it shows the same
search.
"""

from __future__ import annotations

from urllib.parse import quote

import dash
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from touchpoint.app import ids
from touchpoint.app.auth.session import current_viewer
from touchpoint.app.components.common import (
    agency_chips,
    empty_state,
    error_box,
    person_link,
    resolved_badge,
)
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.services.reads.search import PersonHit, search_people

dash.register_page(__name__, path="/", title="Search · Touchpoint", name="Search")


def layout(q: str | None = None, **_: str) -> html.Div:
    return html.Div(
        [
            dcc.Store(id=ids.SEARCH_URL_SYNC),
            html.H1("Find a person"),
            html.P(
                "Search the records your sharing agreement covers. Names are matched "
                "approximately (Smyth finds Smith); dates can be 14/03/1990 or 1990-03-14. "
                "Results show just enough to pick the right person; opening a profile asks "
                "for your purpose.",
                className="lead",
            ),
            html.Div(
                [
                    html.Label(
                        "Name, date of birth, postcode or identifier", htmlFor=ids.SEARCH_INPUT
                    ),
                    html.Div(
                        [
                            dcc.Input(
                                id=ids.SEARCH_INPUT,
                                type="search",
                                value=q or "",
                                placeholder="e.g. Alice Smith, 14/03/1990, LS1 4AB, "
                                "NHS or NI number",
                                debounce=True,
                                autoFocus=True,
                                className="input-wide",
                                autoComplete="off",
                            ),
                            html.Button(
                                "Search",
                                id=ids.SEARCH_BUTTON,
                                type="button",
                                className="button button-primary",
                            ),
                        ],
                        className="search-row",
                    ),
                ],
                className="search-form",
                role="search",
            ),
            html.Div(id=ids.SEARCH_SUMMARY, role="status", **{"aria-live": "polite"}),
            dcc.Loading(html.Div(id=ids.SEARCH_RESULTS), type="dot"),
            chart_library_preload(),
        ],
        className="page page-search",
    )


def chart_library_preload() -> html.Div:
    """An empty chart no one sees, so the browser loads the charting library (Plotly, ~3.5 MB
    of JavaScript, fetched and compiled once per browser tab) while the analyst types a name,
    not when the first profile opens: browser-measured, that first profile paid ~0.9 s for it
    and the first explorer view, clicked at once, carried the rest."""
    return html.Div(
        dcc.Graph(
            id=ids.SEARCH_CHART_PRELOAD,
            figure={"data": [], "layout": {"width": 10, "height": 10}},
            config={"staticPlot": True},
            style={"width": "10px", "height": "10px"},
        ),
        hidden=True,
        **{"aria-hidden": "true"},
    )


# The address bar follows the search (no reload, no new history entry): ``/?q=...`` is the
# query the page shows, read back by ``layout(q=...)`` when the page is loaded or reloaded.
clientside_callback(
    """function (text) {
        if (window.location.pathname === "/") {
            const q = (text || "").trim();
            const url = q ? "/?" + new URLSearchParams({q: q}).toString() : "/";
            window.history.replaceState(window.history.state, "", url);
        }
        return text;
    }""",
    Output(ids.SEARCH_URL_SYNC, "data"),
    Input(ids.SEARCH_INPUT, "value"),
)


@callback(
    Output(ids.SEARCH_RESULTS, "children"),
    Output(ids.SEARCH_SUMMARY, "children"),
    Input(ids.SEARCH_BUTTON, "n_clicks"),
    Input(ids.SEARCH_INPUT, "value"),
    State(ids.SEARCH_INPUT, "value"),
)
def run_search(_: int | None, __: str | None, text: str | None):
    if not (text or "").strip():
        return empty_state(
            "Start typing to search.",
            "Results show each person's name, year of birth, area and the agencies that know them.",
        ), ""
    try:
        result = search_people(current_viewer(), text or "")
    except TouchpointError as exc:
        return error_box(exc), ""
    limits = _limits(result.limits)
    if not result.hits:
        hint = "Try fewer letters of the name, or another identifier."
        if result.message in result.limits:  # the agreement, not the person, is why: say so
            hint = "Search by name, date of birth or postcode instead."
        shown = [m for m in result.limits if m != result.message]
        return html.Div([empty_state(result.message or "No one found.", hint), _limits(shown)]), ""
    summary = (
        f"{len(result.hits)} {'person' if len(result.hits) == 1 else 'people'} found "
        f"for {result.query.describe()}."
    )
    return html.Div([limits, results_table(result.hits)]), summary


def _limits(sentences: list[str]) -> html.Div | None:
    """What the agreement did not let this search look at (an identifier it does not show)."""
    if not sentences:
        return None
    return html.Div(
        [html.P(s) for s in sentences], className="alert alert-info search-limits", role="note"
    )


def results_table(hits: list[PersonHit]) -> html.Table:
    columns = ("Name", "Year of birth", "Area", "Known to", "")
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in columns]))
    rows = [
        html.Tr(
            [
                html.Td([person_link(hit.key, hit.name), " ", resolved_badge(hit.resolved)]),
                html.Td(str(hit.year_of_birth or "—"), className="nowrap"),
                html.Td(hit.area or "—"),
                html.Td([agency_chips(hit.agencies), _withheld(hit.withheld_records)]),
                html.Td(
                    dcc.Link(
                        "Network",
                        href=f"/explorer/{quote(hit.key)}",
                        className="button button-small",
                        title=f"Explore {hit.name}'s network",
                    )
                ),
            ],
            className="result-row",
        )
        for hit in hits
    ]
    return html.Table(
        [html.Caption("Search results", className="visually-hidden"), head, html.Tbody(rows)],
        className="table results-table",
    )


def _withheld(records: int) -> html.Span | None:
    """The trace of what the agreement withholds about this person (never what it is)."""
    if not records:
        return None
    plural = "" if records == 1 else "s"
    return html.Span(f" +{records} record{plural} withheld", className="muted withheld-count")
