"""Who is signed in, as which role, for which case - and the break-glass banner - on every
workbench page, with the links to give a purpose, switch among this session's cases, break
glass or sign out.

Rendered with the page shell, from the signed-in session (``current_context``): the shell is
built per page load, so a new purpose or an active break-glass shows at once. Sign-out is a
POST carrying the session's CSRF token, like every other form.
"""

from __future__ import annotations

from urllib.parse import quote

import flask
from dash import dcc, html
from flask_wtf.csrf import generate_csrf

from touchpoint.app import ids
from touchpoint.app.auth.session import current_cases, current_context, is_admin

ADMIN_LINKS = (
    ("Users", "/admin/access/users"),
    ("Agreements", "/admin/access/agreements"),
    ("Audit", "/admin/access/audit"),
    ("Break-glass review", "/admin/access/break-glass"),
)


def session_strip() -> html.Div | None:
    """The strip under the top bar; nothing outside a signed-in request."""
    if not flask.has_request_context():
        return None
    ctx = current_context()
    if ctx is None:
        return None
    here = quote(flask.request.path if not flask.request.path.startswith("/_dash") else "/")
    links = [("Purpose", f"/auth/purpose?next={here}"), ("Break-glass", "/auth/break-glass")]
    if is_admin(ctx):
        links += list(ADMIN_LINKS)
    parts: list = [
        html.Span(
            [
                "Signed in as ",
                html.Strong(ctx.user),
                f" ({ctx.role}) · ",
                html.Span(case_text(), id=ids.STRIP_CASE),
            ]
        ),
        *[html.A(text, href=href, className="strip-link") for text, href in links],
        case_switcher(here),
        html.Form(
            [
                dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
                html.Button("Sign out", id="sign-out", type="submit", className="button-link"),
            ],
            method="post",
            action="/auth/sign-out",
            className="strip-form",
        ),
    ]
    glass = None
    if ctx.glass_active and ctx.break_glass is not None:
        until = ctx.break_glass.expires_at.strftime("%H:%M UTC")
        glass = html.Div(
            f"BREAK-GLASS active until {until}: you see beyond your sharing agreement, and "
            "everything you open is flagged for admin review.",
            id=ids.GLASS_BANNER,
            className="alert alert-error banner",
            role="alert",
        )
    return html.Div([html.Div(parts, className="session-strip"), glass], id=ids.SESSION_STRIP)


def case_text(_: object = None) -> str:
    """The current case, as the strip says it - refreshed after each page renders, because
    opening a person another case covers makes that case current (``person_viewer``)."""
    ctx = current_context() if flask.has_request_context() else None
    if ctx is None or ctx.purpose is None:
        return "no case yet"
    return f"case {ctx.purpose.case_reference}"


def case_switcher(here: str) -> html.Form | None:
    """Switch among the cases this session used (a POST with the CSRF token, like sign-out);
    nothing until there are two."""
    cases = current_cases()
    if len(cases) < 2:
        return None
    return html.Form(
        [
            dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
            html.Label("Case", htmlFor=ids.CASE_SWITCH, className="muted"),
            html.Select(
                [html.Option(c.reference, value=c.reference) for c in cases],
                id=ids.CASE_SWITCH,
                name="case_reference",
            ),
            html.Button(
                "Switch case", id=ids.CASE_SWITCH_BUTTON, type="submit", className="button-link"
            ),
        ],
        method="post",
        action=f"/auth/case?next={here}",
        className="strip-form",
    )
