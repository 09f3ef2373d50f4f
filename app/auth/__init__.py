"""Sign-in, roles, purpose of access and break-glass for the workbench: ``install_auth``.

``create_app`` calls ``install_auth(app, settings)`` on every app it builds (there is no open
mode): every route except ``/auth/sign-in`` redirects there (Dash's JSON callback endpoints
answer 401) unless the request's server-side session passes its check (app.auth.session:
account enabled, role still held, not signed out, same browser, not idle, not too old);
cookies are HttpOnly + SameSite=Lax (+ Secure when ``settings.https``), forms carry CSRF tokens
(flask-wtf), cross-site POSTs to Dash callbacks are refused by Origin check, a callback fed
input of the wrong shape answers 400 with a plain message, and every response carries security
headers (CSP, frame-ancestors none, nosniff, referrer policy, HSTS under HTTPS). The sharing
agreements - and that the administrator role is one of their roles - are checked here, so a
broken agreement stops start-up.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import dash
import flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import HTTPException

from touchpoint.app.auth import admin_views, views
from touchpoint.app.auth.session import (
    EXTENSION,
    GRAPH_DOWN,
    AuthState,
    auth_state,
    check_request,
    secret_key,
)
from touchpoint.graph_model.access.agreements import agreements_in_force
from touchpoint.graph_model.access.context import AccessContext
from touchpoint.graph_model.model.errors import ConfigError, TouchpointError
from touchpoint.graph_model.model.settings import Settings

log = logging.getLogger(__name__)
OPEN_ENDPOINTS = frozenset({"touchpoint_auth.sign_in_view"})
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
DASH_API = "/_dash-"
BAD_INPUT = (TypeError, ValueError, KeyError, IndexError, AttributeError, LookupError)
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'"
)  # Dash's renderer and Plotly need inline scripts and eval; everything is served locally.
#: Why a session was refused -> the audit action that records it.
REFUSALS = {"idle": "session_expired", "too_old": "session_expired"}


def install_auth(app: dash.Dash, settings: Settings) -> flask.Flask:
    """Require sign-in for ``app`` (called by ``create_app(settings)``); returns its server."""
    server: flask.Flask = app.server
    https = settings.https
    agreements = agreements_in_force(settings.agreements_dir)
    if settings.admin_role not in agreements.grants:
        raise ConfigError(
            f"TOUCHPOINT_ADMIN_ROLE {settings.admin_role!r} is governed by no sharing agreement "
            f"(roles: {', '.join(agreements.roles)})"
        )
    server.extensions[EXTENSION] = AuthState(agreements, settings)
    server.config.update(
        SECRET_KEY=secret_key(settings.data_dir),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        SESSION_COOKIE_NAME="touchpoint_session",
        SESSION_REFRESH_EACH_REQUEST=False,  # the cookie names a session; the server times it
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.session_max_minutes),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the (server-checked) session
    )
    csrf = CSRFProtect()
    csrf.init_app(server)
    _exempt_dash(server, csrf)
    server.register_blueprint(views.blueprint)
    server.register_blueprint(admin_views.blueprint)
    server.before_request(_require_sign_in)
    server.after_request(lambda response: _security_headers(response, https))
    server.register_error_handler(TouchpointError, _graph_problem)
    server.register_error_handler(Exception, _plain_error)
    return server


def _graph_problem(exc: TouchpointError) -> Any:
    """A server-rendered page whose graph read failed says why (503), never a traceback."""
    if flask.request.path.startswith(DASH_API):
        return _plain(f"The graph is not answering: {exc}", 503)
    return views.page("The graph is not answering", "<p>{{ reason }}</p>", reason=str(exc)), 503


def _plain_error(exc: Exception) -> Any:
    """Hostile or malformed input to a callback is the caller's fault: 400 with a plain
    message (the traceback goes to the log, never to the caller); anything else is a plain
    500."""
    if isinstance(exc, HTTPException):
        return exc
    if flask.request.path.startswith(DASH_API) and isinstance(exc, BAD_INPUT):
        log.warning("refused malformed callback input: %s", exc, exc_info=exc)
        return _plain("Bad request: this input does not fit the page it was sent to.", 400)
    log.error("unhandled error", exc_info=exc)
    return _plain(
        "The server could not finish this request (it has been logged). Try again; if it "
        "keeps happening, tell your administrator.",
        500,
    )


def _plain(text: str, status: int) -> flask.Response:
    return flask.Response(text, status=status, mimetype="text/plain")


def _require_sign_in() -> Any:
    request = flask.request
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    is_dash_api = request.path.startswith(DASH_API)
    if request.method == "POST" and not _same_origin(request):
        return flask.Response("Cross-site request refused", status=403)
    check = check_request()
    if check.ok:
        if check.glass_ended:
            _audit_session(check.context, "break_glass_ended", check.glass_ended)
        return None
    if check.reason != "no_session":  # why a signed-in browser was turned away, for the log
        log.warning("refused %s %s: session %s", request.method, request.path, check.reason)
    if check.reason not in ("no_session", GRAPH_DOWN):
        action = REFUSALS.get(check.reason, "session_refused")
        _audit_session(check.context, action, check.reason)
    if check.reason != "no_session":  # keep a signed-out visitor's CSRF token: the browser's
        flask.session.clear()  # favicon request would otherwise void the sign-in form it races
    expired = check.reason in REFUSALS
    return _to_sign_in(is_dash_api, request.full_path, expired=expired)


def _audit_session(ctx: AccessContext | None, action: str, why: str) -> None:
    """Refused and ended sessions are evidence (a replayed cookie, a revoked role)."""
    try:
        auth_state().audit().record(
            ctx or AccessContext("-", "-"),
            action,
            outcome=why,
            browser=flask.request.headers.get("User-Agent", "")[:120],
        )
    except TouchpointError:
        log.warning("could not audit %s (%s): graph down", action, why)


def _to_sign_in(is_dash_api: bool, next_path: str, expired: bool = False) -> Any:
    if is_dash_api:
        return flask.jsonify({"error": "sign-in required"}), 401
    url = flask.url_for("touchpoint_auth.sign_in_view", next=next_path.rstrip("?"))
    return flask.redirect(url + ("&expired=1" if expired else ""))


def _same_origin(request: flask.Request) -> bool:
    """Browsers send Origin on cross-site POSTs; if present it must be this host."""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.host


def _security_headers(response: flask.Response, https: bool) -> flask.Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if not flask.request.path.startswith(STATIC_PREFIXES):  # code and styles may be cached;
        headers["Cache-Control"] = "no-store"  # pages and data (personal records) never are
    if https:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _exempt_dash(server: flask.Flask, csrf: CSRFProtect) -> None:
    """Dash's JSON callback endpoint cannot carry a form token; it is protected by the Origin
    check and SameSite cookies instead (a cross-site page cannot POST JSON to it)."""
    for endpoint, view in server.view_functions.items():
        if endpoint.endswith("_dash-update-component"):
            csrf.exempt(view)
