"""The shell around every page: skip link, navigation, graph-status banner, page container."""

from __future__ import annotations

import dash
from dash import Input, Output, dcc, html

from touchpoint.app import ids
from touchpoint.app.auth.session import is_admin
from touchpoint.app.components import explorer_chart, explorer_history
from touchpoint.app.components.session_strip import case_text, session_strip
from touchpoint.app.state import graph_status

NAV = (
    ("Search", "/"),
    ("Connections", "/connections"),
    ("Patterns", "/patterns"),
    ("Flags", "/flags"),
    ("Matches", "/review"),
)
ADMIN_NAV = ("Admin", "/admin/sources")
STATUS_EVERY_MS = 20_000


def shell() -> html.Div:
    return html.Div(
        [
            html.A("Skip to main content", href=f"#{ids.MAIN}", className="skip-link"),
            html.Header(
                [
                    dcc.Link(
                        [
                            html.Span("◆", className="brand-mark", **{"aria-hidden": "true"}),
                            "Touchpoint",
                        ],
                        href="/",
                        className="brand",
                    ),
                    html.Nav(
                        html.Ul([html.Li(dcc.Link(text, href=href)) for text, href in nav()]),
                        **{"aria-label": "Main"},
                    ),
                    html.Span("Synthetic data only", className="header-note"),
                ],
                className="topbar",
            ),
            session_strip(),  # who, role, purpose, sign-out; the break-glass banner
            html.Div(id=ids.STATUS_BANNER, role="status", **{"aria-live": "polite"}),
            dcc.Interval(id=ids.STATUS_INTERVAL, interval=STATUS_EVERY_MS),
            html.Main(dash.page_container, id=ids.MAIN, tabIndex="-1"),
        ],
        className="app",
    )


def nav() -> tuple[tuple[str, str], ...]:
    """The main menu: Admin only for the administrator role (the shell is built per page
    load, so a granted or revoked role shows on the next one)."""
    return (*NAV, ADMIN_NAV) if is_admin() else NAV


def register_callbacks(app: dash.Dash) -> None:
    """Shell and component callbacks are bound to each app (page callbacks are re-registered
    by Dash pages, which runs each page module again for every app)."""
    explorer_history.register(app)
    explorer_chart.register(app)
    app.callback(Output(ids.STATUS_BANNER, "children"), Input(ids.STATUS_INTERVAL, "n_intervals"))(
        show_graph_status
    )
    app.callback(  # the current case after the page has read (it may have switched case)
        Output(ids.STRIP_CASE, "children"),
        Input("_pages_content", "children"),
        prevent_initial_call=True,
    )(case_text)


def show_graph_status(_: int | None) -> html.Div | None:
    """A banner, not a traceback, when the graph is down; it clears when it is back."""
    problem = graph_status()
    if problem is None:
        return None
    return html.Div(
        [
            html.Strong("The graph is not answering. "),
            html.Span(problem),
            html.Span(" Pages will work again as soon as it is back."),
        ],
        className="alert alert-error banner",
    )
