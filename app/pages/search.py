"""Search: one box for a name (fuzzy), date of birth, postcode or identifier."""

from __future__ import annotations

from urllib.parse import quote

import dash
from dash import Input, Output, State, callback, dcc, html

from app import ids
from app.components.common import (
    agency_chips,
    empty_state,
    error_box,
    person_link,
    resolved_badge,
    risk_badge,
)
from app.services.search import PersonHit, search_people
from app.state import current_graph
from graph_model.errors import TouchpointError

dash.register_page(__name__, path="/", title="Search · Touchpoint", name="Search")


def layout(q: str | None = None, **_: str) -> html.Div:
    return html.Div(
        [
            html.H1("Find a person"),
            html.P(
                "Search every agency's records at once. Names are matched approximately "
                "(Smyth finds Smith); dates can be 14/03/1990 or 1990-03-14.",
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
        ],
        className="page page-search",
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
            "Results show resolved people with the agencies that know them.",
        ), ""
    try:
        result = search_people(current_graph(), text or "")
    except TouchpointError as exc:
        return error_box(exc), ""
    if not result.hits:
        return empty_state(
            result.message or "No one found.",
            "Try fewer letters of the name, or another identifier.",
        ), ""
    summary = (
        f"{len(result.hits)} {'person' if len(result.hits) == 1 else 'people'} found "
        f"for {result.query.describe()}."
    )
    return results_table(result.hits), summary


def results_table(hits: list[PersonHit]) -> html.Table:
    head = html.Thead(
        html.Tr(
            [
                html.Th(h, scope="col")
                for h in (
                    "Name",
                    "Date of birth",
                    "Known to",
                    "Postcodes",
                    "Concerns",
                    "Open flags",
                    "",
                )
            ]
        )
    )
    rows = [
        html.Tr(
            [
                html.Td(
                    [
                        person_link(hit.key, hit.name),
                        " ",
                        resolved_badge(hit.resolved),
                        " ",
                        risk_badge(hit.risk),
                    ]
                ),
                html.Td(hit.dob or "—", className="nowrap"),
                html.Td(agency_chips(hit.agencies)),
                html.Td(", ".join(hit.postcodes) or "—"),
                html.Td(str(hit.concerns), className="num"),
                html.Td(str(hit.open_flags), className="num"),
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
