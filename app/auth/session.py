"""The signed-in session, held on the server: who, which role, its cases, any break-glass.

The cookie (signed with the key in the data directory; HttpOnly, SameSite=Lax, Secure under
HTTPS) carries only a random token - and flask-wtf's CSRF token. The session itself is a record
in the graph (``graph_model.access.sessions``), checked on every request (``check_request``):
the account enabled, the role still held, the account's session generation unchanged (sign-out,
password reset, role change and disable move it on), the same browser, used within the idle
limit and younger than the absolute limit. A cookie forged with a stolen key names no session
and is useless; a copy replayed after sign-out names an ended one.

A purpose belongs to a case (``graph_model.access.cases``): a person's profile, network and
chronology are read through ``person_viewer(key)``, the viewer of the case of this session that
covers that person - it raises ``CaseRequired`` when none does, and the page sends the browser
to the purpose page. ``current_viewer()`` (search, flags, review...) may not run a
``purpose: required`` query at all, so no crafted callback can read a person under an unrelated
case. Case changes are read-modify-write of the session record under one lock per process.

While the graph is down nothing can be checked: a session this process verified within the idle
limit stands (the pages then say the graph is not answering); any other cookie is refused.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from typing import Any

import flask
from flask_wtf.csrf import generate_csrf

from touchpoint.app import state
from touchpoint.app.auth.shown import ShownLedger
from touchpoint.graph_model.access import cases as case_rules
from touchpoint.graph_model.access import sessions
from touchpoint.graph_model.access.agreements import Agreements
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.cases import Case
from touchpoint.graph_model.access.context import (
    AccessContext,
    BreakGlass,
    CaseRequired,
    Purpose,
)
from touchpoint.graph_model.access.sessions import SessionCheck
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.settings import Settings

EXTENSION = "touchpoint_auth"
TOKEN = "token"
GRAPH_DOWN = "graph_down"
REMEMBERED = 10_000  # verified sessions kept in memory (for while the graph is down)


class AuthState:
    """What ``install_auth`` keeps on the Flask app."""

    def __init__(self, agreements: Agreements, settings: Settings) -> None:
        self.agreements = agreements
        self.idle_seconds = settings.session_minutes * 60
        self.max_seconds = settings.session_max_minutes * 60
        self.mirror = settings.audit_mirror
        self.admin_role = settings.admin_role
        self.glass_max_minutes = settings.break_glass_max_minutes
        self._verified: OrderedDict[str, tuple[float, SessionCheck]] = OrderedDict()
        self._lock = threading.Lock()
        self.case_lock = threading.Lock()  # one case change at a time (read-modify-write)
        self.shown = ShownLedger()

    def audit(self) -> AuditLog:
        return AuditLog(state.current_graph(), self.mirror)

    def remember(self, token: str, check: SessionCheck) -> None:
        with self._lock:
            self._verified[sessions.session_key(token)] = (time.monotonic(), check)
            self._verified.move_to_end(sessions.session_key(token))
            while len(self._verified) > REMEMBERED:
                self._verified.popitem(last=False)

    def recalled(self, token: str) -> SessionCheck | None:
        """The last check of this session, if it was within the idle limit."""
        with self._lock:
            found = self._verified.get(sessions.session_key(token))
        if found and time.monotonic() - found[0] <= self.idle_seconds:
            return found[1]
        return None

    def forget(self, token: str | None) -> None:
        if token:
            with self._lock:
                self._verified.pop(sessions.session_key(token), None)
            self.shown.forget(sessions.session_key(token))


def auth_state() -> AuthState:
    return flask.current_app.extensions[EXTENSION]


def secret_key(data_dir: Path) -> str:
    """A random signing key, created once (mode 0600) beside the local Neo4j password."""
    path = data_dir / "app" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def _user_agent() -> str:
    return flask.request.headers.get("User-Agent", "")


def _token() -> str | None:
    token = flask.session.get(TOKEN)
    return token if isinstance(token, str) else None


def start_session(username: str, role: str) -> bool:
    """A new server-side session for an account that just proved who it is (or switched role);
    the cookie gets its token and its CSRF secret, nothing else."""
    auth = auth_state()
    old = _token()
    graph = state.current_graph()
    token = sessions.open_session(graph, username, role, _user_agent())
    if token is None:
        return False
    if old:
        sessions.end_session(graph, old)
        auth.forget(old)
    flask.session.clear()
    flask.session.permanent = True
    flask.session[TOKEN] = token
    _fresh_csrf()
    flask.g.touchpoint_session = _checked(token)
    return True


def _fresh_csrf() -> None:
    """Give the new session its CSRF secret in the same response: otherwise the first pages
    (the workbench's layout and a form opened in another tab) each mint one at once, the
    last cookie wins, and a form posted with the other token is refused with a 400."""
    field = flask.current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    flask.g.pop(field, None)
    generate_csrf()


def check_request() -> SessionCheck:
    """Check this request's session on the server (once per request)."""
    if "touchpoint_session" in flask.g:
        return flask.g.touchpoint_session
    token = _token()
    flask.g.touchpoint_session = _checked(token) if token else SessionCheck("no_session")
    return flask.g.touchpoint_session


def _checked(token: str) -> SessionCheck:
    auth = auth_state()
    try:
        graph = state.current_graph()
        check = sessions.check_session(
            graph, token, _user_agent(), auth.idle_seconds, auth.max_seconds
        )
    except TouchpointError:
        return auth.recalled(token) or SessionCheck(GRAPH_DOWN)
    if check.ok:
        auth.remember(token, check)
    else:
        auth.forget(token)
    return check


def end_current_session() -> None:
    """Sign-out: every session of the account ends, wherever its cookie has been copied."""
    from touchpoint.graph_model.access.users import end_sessions

    check = check_request()
    token = _token()
    auth_state().forget(token)
    if check.ok and check.context is not None:
        end_sessions(state.current_graph(), check.context.user)
    elif token:
        sessions.end_session(state.current_graph(), token)
    flask.session.clear()
    flask.g.touchpoint_session = SessionCheck("no_session")


def current_context() -> AccessContext | None:
    """The signed-in user's access context, or None."""
    if not flask.has_request_context():
        return None
    check = check_request()
    return check.context if check.ok else None


def current_user() -> dict | None:
    check = check_request()
    return check.user if check.ok else None


def _refresh(token: str) -> None:
    flask.g.touchpoint_session = _checked(token)


def current_cases() -> tuple[Case, ...]:
    """This session's cases, the current one first (empty when signed out)."""
    check = check_request()
    return check.cases if check.ok else ()


def _change_cases(change: Any) -> Any:
    """Apply ``change(cases) -> (result, new cases)`` to the stored cases, under the lock;
    returns the result (None if the session has ended)."""
    token = _token()
    if not token:
        return None
    graph = state.current_graph()
    with auth_state().case_lock:
        stored = sessions.stored_cases(graph, token)
        if stored is None:
            return None
        result, changed = change(stored)
        if changed == stored:
            return result
        if not sessions.remember_cases(graph, token, changed):
            return None
    _refresh(token)
    return result


def open_case(purpose: Purpose, person: str | None) -> Case | None:
    """Make the case of ``purpose.case_reference`` current - a new one, or one this session
    used before (its purpose and reason kept) - covering ``person`` too, if given."""

    def change(cases: tuple[Case, ...]) -> tuple[Case, tuple[Case, ...]]:
        case = case_rules.find(cases, purpose.case_reference) or Case(purpose)
        case = case.adding([person] if person else [])
        return case, case_rules.to_front(cases, case)

    return _change_cases(change)


def switch_case(reference: str) -> Case | None:
    """Make a case this session already used current (None if it used no such case)."""

    def change(cases: tuple[Case, ...]) -> tuple[Case | None, tuple[Case, ...]]:
        case = case_rules.find(cases, reference)
        return case, case_rules.to_front(cases, case) if case else cases

    return _change_cases(change)


def remember_glass(glass: BreakGlass, purpose: Purpose) -> bool:
    """Store a break-glass; its purpose's case becomes current (and covers whoever is opened
    while the break-glass lasts)."""
    token = _token()
    if not token:
        return False
    graph = state.current_graph()
    with auth_state().case_lock:
        stored = sessions.stored_cases(graph, token) or ()
        case = case_rules.find(stored, purpose.case_reference) or Case(purpose)
        cases = case_rules.to_front(stored, case)
        if not sessions.remember_glass(graph, token, glass, cases):
            return False
    _refresh(token)
    return True


def covering_case(key: str) -> Case | None:
    """The case of this session that would cover ``key`` (nothing is changed)."""
    ctx = current_context()
    if ctx is None:
        return None
    return case_rules.resolve(current_cases(), key, ctx.glass_active)[0]


def is_admin(ctx: AccessContext | None = None) -> bool:
    """The one administrator check: the session's role is ``Settings.admin_role``."""
    if not flask.has_request_context():
        return False
    ctx = ctx or current_context()
    return ctx is not None and ctx.role == auth_state().admin_role


def current_viewer() -> ViewerGraph:
    """The graph as the signed-in user may see it, audited (what pages should read through);
    no ``purpose: required`` read runs through it - those need ``person_viewer``/
    ``case_viewer``."""
    return _viewer(purpose_reads=False)


def _viewer(purpose_reads: bool, ctx: AccessContext | None = None) -> ViewerGraph:
    ctx = ctx or current_context()
    if ctx is None:
        flask.abort(401)
    auth = auth_state()
    return ViewerGraph(
        state.current_graph(), ctx, agreements=auth.agreements, audit=auth.audit(),
        purpose_reads=purpose_reads,
    )  # fmt: skip


def person_viewer(key: str) -> ViewerGraph:
    """The viewer for reading ``key``'s profile, network or chronology: under the case of this
    session that covers ``key`` (which becomes current); ``CaseRequired`` when none does."""
    ctx = current_context()
    if ctx is None:
        flask.abort(401)
    key = str(key)

    def change(cases: tuple[Case, ...]) -> tuple[Case | None, tuple[Case, ...]]:
        return case_rules.resolve(cases, key, ctx.glass_active)

    case = _change_cases(change)
    if case is None:
        raise CaseRequired(key)
    return _viewer(purpose_reads=True, ctx=replace(ctx, purpose=case.purpose))


def case_viewer() -> ViewerGraph:
    """The viewer under the current case, for a ``purpose: required`` read about no one person
    (an admin's look at refused rows); ``CaseRequired`` without a case."""
    ctx = current_context()
    if ctx is None:
        flask.abort(401)
    if ctx.purpose is None:
        raise CaseRequired()
    return _viewer(purpose_reads=True, ctx=ctx)


def cover(viewer: ViewerGraph, keys: list[str]) -> None:
    """The people a network or path read under a case showed are reached within that case."""
    purpose = viewer.ctx.purpose
    if purpose is None or not keys:
        return

    def change(cases: tuple[Case, ...]) -> tuple[None, tuple[Case, ...]]:
        case = case_rules.find(cases, purpose.case_reference)
        if case is None:
            return None, cases
        grown = case.adding(keys)
        return None, cases if grown is case else tuple(
            grown if c.reference == case.reference else c for c in cases
        )

    _change_cases(change)


def session_token_key() -> str | None:
    """An opaque key for this session (never the token), for per-session server state."""
    token = _token()
    return sessions.session_key(token) if token else None


def remember_shown(elements: list[dict[str, Any]]) -> None:
    """Keep the server's copy of the network elements this session was sent (app.auth.shown)."""
    key = session_token_key()
    if key:
        auth_state().shown.remember(key, elements)


def shown_copy(elements: Any) -> list[dict[str, Any]]:
    """The server's copy of the elements the browser lists; ids it never sent are dropped."""
    key = session_token_key()
    return auth_state().shown.server_copy(key, elements) if key else []
