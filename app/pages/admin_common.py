"""Shared pieces of the admin pages: the admin-role check, their sub-navigation, tables.

The workbench always requires sign-in (``app.auth``), and the server-side session's role decides
who is an administrator - the one check, ``app.auth.session.is_admin`` (``Settings.admin_role``,
``TOUCHPOINT_ADMIN_ROLE``, default ``admin``). A request header - even one a reverse proxy would
set - never does: it could be forged, and an agency's identity provider plugs in at sign-in
instead (docs/access-control.md). The pages reach the pipeline only through
``app.admin_ops.current_admin()`` - audited, confined, never the raw graph.
(This module is a helper, not a page: Dash only registers page modules that declare a page.)
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from touchpoint.app import ids
from touchpoint.app.admin_ops import current_admin
from touchpoint.app.auth.session import is_admin
from touchpoint.app.components.tables import data_table
from touchpoint.graph_model.model.errors import TouchpointError

__all__ = ["current_admin", "is_admin"]
ADMIN_PAGES = (
    ("Sources & schedules", "/admin/sources"),
    ("Run history", "/admin/runs"),
    ("Quarantine", "/admin/quarantine"),
    ("Health", "/admin/health"),
)


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


def table(table_id: str, rows: list[dict[str, Any]], columns: list[tuple[str, str]], **extra: Any):
    """An admin list: the workbench's table, compact, with (header, key) columns."""
    cols = [{"name": name, "id": key} for name, key in columns]
    return data_table(table_id, rows, cols, compact=True, **extra)


def message(text: str, kind: str = "info") -> html.Div:
    return html.Div(text, className=f"alert alert-{kind}", role="status")


def short_time(value: str | None) -> str:
    """``2026-11-25T11:50:18.123Z`` → ``2026-11-25 11:50:18`` (UTC), for tables."""
    return (value or "").replace("T", " ")[:19]


ALL_SOURCES = "__all__"


def source_filter(dropdown_id: str, chosen: str | None, class_name: str = "field") -> html.Div:
    """The labelled "Source" dropdown of the admin lists: every registered source, or all."""
    admin = current_admin()
    try:
        names = admin.source_names() if admin else []
    except TouchpointError:
        names = []  # the page still opens; its table callback shows the error
    options = [{"label": "All sources", "value": ALL_SOURCES}]
    options += [{"label": n, "value": n} for n in names]
    return html.Div(
        [
            html.Label("Source", htmlFor=dropdown_id),
            dcc.Dropdown(
                id=dropdown_id,
                options=options,
                value=chosen if chosen in names else ALL_SOURCES,
                clearable=False,
            ),
        ],
        className=class_name,
    )


def chosen_source(value: str | None) -> str | None:
    """The dropdown's value as a filter: None for all sources."""
    return None if value in (None, ALL_SOURCES) else value
