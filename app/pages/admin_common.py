"""Shared pieces of the admin pages: the admin-role check, their sub-navigation, tables.

The workbench has no login of its own; it sits behind the organisation's reverse proxy and
single sign-on. That proxy passes the user's roles in a header, named by
``TOUCHPOINT_ROLES_HEADER`` (e.g. ``X-Forwarded-Groups``); the admin pages (and their
callbacks) then require the role ``TOUCHPOINT_ADMIN_ROLE`` (default ``admin``) in it. With no
header configured - a single-user workbench on loopback - the local user is the administrator.
When Touchpoint's own sign-in (``app.auth``) is installed, the signed-in user's role decides
instead, and a signed-out request is never an administrator.
(This module is a helper, not a page: Dash only registers page modules that declare a page.)
"""

from __future__ import annotations

import os
from typing import Any

import flask
from dash import dash_table, dcc, html

from app import ids
from app.auth.session import EXTENSION as AUTH_EXTENSION
from app.components.palette import FONT_STACK
from app.state import holder
from graph_model.pipeline.admin import Schedules
from graph_model.pipeline.sources import registry_path
from graph_model.settings import Settings

ROLES_HEADER_ENV = "TOUCHPOINT_ROLES_HEADER"
ADMIN_ROLE_ENV = "TOUCHPOINT_ADMIN_ROLE"
ADMIN_PAGES = (
    ("Sources & schedules", "/admin/sources"),
    ("Run history", "/admin/runs"),
    ("Quarantine", "/admin/quarantine"),
    ("Health", "/admin/health"),
)


def roles_of_request() -> set[str] | None:
    """Roles the proxy asserted for this request; None when no roles header is configured."""
    header = os.environ.get(ROLES_HEADER_ENV)
    if not header:
        return None
    raw = flask.request.headers.get(header, "") if flask.has_request_context() else ""
    return {part.strip().lower() for part in raw.replace(";", ",").split(",") if part.strip()}


def signed_in_role() -> str | None:
    """With Touchpoint's own sign-in installed (app.auth): the session's role, "" when signed
    out. None when it is not installed, so the proxy header (or loopback default) decides."""
    if not flask.has_request_context() or AUTH_EXTENSION not in flask.current_app.extensions:
        return None
    return str(flask.session.get("role") or "").lower()


def is_admin() -> bool:
    admin_role = os.environ.get(ADMIN_ROLE_ENV, "admin").lower()
    role = signed_in_role()
    if role is not None:
        return role == admin_role
    roles = roles_of_request()
    return roles is None or admin_role in roles


def denied() -> html.Div:
    return html.Div(
        [
            html.H1("Administrators only"),
            html.P(
                "These pages set up and watch the scheduled loads. Ask an administrator, or "
                "sign in with an account that has the administrator role."
            ),
        ],
        id=ids.ADMIN_DENIED,
        className="page",
    )


def admin_page(title: str, lead: str, *children: Any, current: str) -> html.Div:
    """The frame every admin page shares: the role check, heading and sub-navigation."""
    if not is_admin():
        return denied()
    nav = html.Nav(
        html.Ul(
            [
                html.Li(dcc.Link(text, href=href, className="active" if href == current else None))
                for text, href in ADMIN_PAGES
            ],
            className="admin-tabs",
        ),
        id=ids.ADMIN_NAV,
        **{"aria-label": "Administration"},
    )
    return html.Div(
        [nav, html.H1(title), html.P(lead, className="lead"), *children],
        className="page page-admin",
    )


def settings() -> Settings:
    return holder().settings


def schedules() -> Schedules:
    current = settings()
    return Schedules(current, registry_path(current))


def table(table_id: str, rows: list[dict[str, Any]], columns: list[tuple[str, str]], **extra: Any):
    """A DataTable styled like the rest of the workbench."""
    return dash_table.DataTable(
        id=table_id,
        data=rows,
        columns=[{"name": name, "id": key} for name, key in columns],
        sort_action="native",
        page_size=extra.pop("page_size", 20),
        style_cell={
            "textAlign": "left",
            "padding": "6px 8px",
            "fontFamily": FONT_STACK,
            "fontSize": 13,
            "whiteSpace": "normal",
            "height": "auto",
            "maxWidth": 420,
        },
        style_header={"backgroundColor": "#EEF2F6", "fontWeight": 600},
        style_table={"overflowX": "auto"},
        **extra,
    )


def message(text: str, kind: str = "info") -> html.Div:
    return html.Div(text, className=f"alert alert-{kind}", role="status")


def short_time(value: str | None) -> str:
    """``2026-11-25T11:50:18.123Z`` → ``2026-11-25 11:50:18`` (UTC), for tables."""
    return (value or "").replace("T", " ")[:19]
