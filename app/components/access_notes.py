"""What the network, connections, patterns and flags pages show about the sharing agreement:
the "N links withheld under agreement X" notice, the purpose prompt, access errors.

Pages never decide what is visible - the ``ViewerGraph`` and the ``cypher/access/`` queries do;
these helpers only make the decision visible to the user.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import flask
from dash import dcc, html

from touchpoint.app.auth.session import covering_case, current_context
from touchpoint.graph_model.access.context import PurposeRequired

PURPOSE_PATH = "/auth/purpose"


def needs_purpose(key: str | None = None) -> bool:
    """True when no case of this session covers ``key`` (``graph_model.access.cases``) - or,
    for a page about no one person, when the session has no case yet (and no active
    break-glass). Outside a request (layout validation) nothing is read, so nothing is asked:
    the callbacks that read refuse without a covering case in any case (``CaseRequired``)."""
    if not flask.has_request_context():
        return False
    ctx = current_context()
    if ctx is None:
        return True
    if key is not None:
        return covering_case(key) is None
    return ctx.purpose is None and not ctx.glass_active


def page_path(path: str, params: dict[str, str | None]) -> str:
    """``path`` with the non-empty query parameters, for a purpose prompt's way back."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def purpose_redirect(next_path: str, what: str = "a network") -> html.Div:
    """Send the browser to the purpose form, which comes back to ``next_path`` once recorded."""
    href = f"{PURPOSE_PATH}?next={quote(next_path, safe='')}"
    return html.Div(
        [
            dcc.Location(id="purpose-redirect", href=href, refresh=True),
            html.P(
                [
                    f"Opening {what} needs the case it is for (case reference and reason). ",
                    html.A("Record one", href=href),
                    ".",
                ],
                className="alert alert-info",
                role="status",
            ),
        ],
        className="page",
    )


def withheld_note(notice: str | None) -> html.Div | None:
    """The visible trace of what the agreement withheld, or nothing."""
    if not notice:
        return None
    return html.Div(notice, className="alert alert-info alert-withheld", role="status")


def access_problem(exc: PurposeRequired, next_path: str) -> html.Div:
    """A purpose that lapsed mid-session (role switch, expiry): say so and link to the form."""
    href = f"{PURPOSE_PATH}?next={quote(next_path, safe='')}"
    return html.Div(
        [str(exc), " ", html.A("Record a purpose", href=href)],
        className="alert alert-info",
        role="alert",
    )
