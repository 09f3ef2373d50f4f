"""Small shared view pieces: badges, agency chips, and clear empty/error states."""

from __future__ import annotations

import re
from urllib.parse import quote

from dash import dcc, html

from touchpoint.app.components.palette import RISK_LABEL, agency_colour
from touchpoint.graph_model.model.errors import GraphUnavailable, ServerError
from touchpoint.graph_model.store.db import QueryFailed
from touchpoint.services.reads.common import agency_name


def agency_chip(agency: str) -> html.Span:
    return html.Span(
        agency_name(agency),
        className="chip",
        style={"borderColor": agency_colour(agency), "color": agency_colour(agency)},
    )


def agency_chips(agencies: list[str]) -> html.Span:
    return html.Span([agency_chip(a) for a in agencies], className="chips")


def resolved_badge(resolved: bool | None) -> html.Span:
    if resolved:
        return html.Span(
            "Resolved",
            className="badge badge-ok",
            title="Entity resolution linked the agencies' records to this person",
        )
    return html.Span(
        "Unresolved",
        className="badge badge-warn",
        title="One agency record, not yet linked to a resolved person",
    )


def risk_badge(risk: str, basis: str | None = None) -> html.Span | None:
    """The risk band, with what it is based on as its tooltip (and for screen readers)."""
    if risk == "none":
        return None
    return html.Span(
        RISK_LABEL[risk],
        className=f"badge badge-risk-{risk}",
        title=basis,
        **{"aria-label": f"{RISK_LABEL[risk]}. {basis}" if basis else RISK_LABEL[risk]},
    )


def empty_state(message: str, hint: str | None = None) -> html.Div:
    return html.Div(
        [
            html.P(message, className="empty-title"),
            html.P(hint, className="empty-hint") if hint else None,
        ],
        className="empty-state",
        role="status",
    )


#: Failures the user cannot fix by changing what they typed or chose.
UNEXPECTED = (GraphUnavailable, ServerError, QueryFailed)
_CLI_HINT = re.compile(
    r"\s*\((?:give |use |with )?--[a-z][a-z-]*[^)]*\)|\s*--[a-z][a-z-]*(?:=\S*)?"
)


def plain_text(exc: Exception | str) -> str:
    """The message without command-line hints ("(--reason)", "--param x=…"): the app has
    boxes and buttons, not flags."""
    return _CLI_HINT.sub("", str(exc)).strip()


def error_box(exc: Exception | str) -> html.Div:
    """A plain-language message, never a traceback or a command-line flag: a refused input
    says what to fix, as it is; a failure the user cannot fix (the graph not answering, a
    query failing) says so and what to try."""
    text = plain_text(exc)
    if isinstance(exc, UNEXPECTED):
        children = [
            html.Strong("This could not be finished. "),
            html.Span(text),
            html.Span(" Try again in a moment; if it keeps happening, tell your administrator."),
        ]
    else:
        children = [html.Span(text)]
    return html.Div(children, className="alert alert-error", role="alert")


def person_link(key: str, text: str) -> dcc.Link:
    return dcc.Link(text, href=f"/person/{key}", className="person-link")


def section(title: str, *children: object, id: str | None = None) -> html.Section:
    props = {"id": id} if id else {}
    return html.Section([html.H2(title), *children], className="card", **props)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&])")


def markdown_link(text: str, href: str) -> str:
    """A markdown table cell linking ``text`` to ``href``: the text (agency data) is escaped, so
    a name like ``x](javascript:…)`` stays text and the only link is ours."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text or ""))
    return f"[{escaped}]({quote(href, safe='/')})"
