"""Sign-in, roles, purpose of access and break-glass for the workbench: ``install_auth``.

``create_app`` calls ``install_auth(app, settings)`` on every app it builds (there is no open
mode): every route except ``/auth/sign-in`` redirects there (Dash's JSON callback endpoints
answer 401), sessions expire after ``settings.session_minutes`` of inactivity, cookies are
HttpOnly + SameSite=Lax (+ Secure when ``settings.https``), forms carry CSRF tokens (flask-wtf),
cross-site POSTs to Dash callbacks are refused by Origin check, and every response carries
security headers (CSP, frame-ancestors none, nosniff, referrer policy, HSTS under HTTPS).
The sharing agreements are loaded and validated here, so a broken agreement stops start-up.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import dash
import flask
import flask_login
from flask_wtf.csrf import CSRFProtect

from touchpoint.app.auth import admin_views, views
from touchpoint.app.auth.session import EXTENSION, AuthState, auth_state, expired, secret_key
from touchpoint.graph_model.access.agreements import agreements_in_force
from touchpoint.graph_model.access.context import AccessContext
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.settings import Settings

OPEN_ENDPOINTS = frozenset({"touchpoint_auth.sign_in_view"})
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'"
)  # Dash's renderer and Plotly need inline scripts and eval; everything is served locally.


def install_auth(app: dash.Dash, settings: Settings) -> flask.Flask:
    """Require sign-in for ``app`` (called by ``create_app(settings)``); returns its server."""
    server: flask.Flask = app.server
    https = settings.https
    agreements = agreements_in_force(settings.agreements_dir)
    server.extensions[EXTENSION] = AuthState(
        agreements, settings.session_minutes * 60, settings.audit_mirror
    )
    server.config.update(
        SECRET_KEY=secret_key(settings.data_dir),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        SESSION_COOKIE_NAME="touchpoint_session",
        SESSION_REFRESH_EACH_REQUEST=False,  # only a changed session is re-sent (see expired)
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.session_minutes),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the (idle-limited) session
        REMEMBER_COOKIE_DURATION=timedelta(seconds=0),
    )
    csrf = CSRFProtect()
    csrf.init_app(server)
    _exempt_dash(server, csrf)
    login = flask_login.LoginManager()
    login.init_app(server)
    login.login_view = "touchpoint_auth.sign_in_view"
    login.session_protection = "strong"
    login.user_loader(views.load_user)
    server.register_blueprint(views.blueprint)
    server.register_blueprint(admin_views.blueprint)
    server.before_request(_require_sign_in)
    server.after_request(lambda response: _security_headers(response, https))
    server.register_error_handler(TouchpointError, _graph_problem)
    return server


def _graph_problem(exc: TouchpointError) -> Any:
    """A server-rendered page whose graph read failed says why (503), never a traceback."""
    return views.page("The graph is not answering", "<p>{{ reason }}</p>", reason=str(exc)), 503


def _require_sign_in() -> Any:
    request = flask.request
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    is_dash_api = request.path.startswith("/_dash-")
    if request.method == "POST" and not _same_origin(request):
        return flask.Response("Cross-site request refused", status=403)
    user = flask_login.current_user
    if not user.is_authenticated:
        return _to_sign_in(is_dash_api, request.full_path)
    if expired():
        ctx = AccessContext(flask.session.get("username", "?"), flask.session.get("role", "-"))
        auth_state().audit().record(ctx, "session_expired")
        flask_login.logout_user()
        flask.session.clear()
        return _to_sign_in(is_dash_api, request.full_path, expired=True)
    return None


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
