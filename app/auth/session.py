"""The signed-in session: who, which role, the recorded purpose, any break-glass - and expiry.

Flask's session cookie is signed (itsdangerous) with a key kept in the data directory, HttpOnly
and SameSite=Lax (Secure under HTTPS). It holds identifiers only; the account is re-read from
the graph on every request, so disabling a user takes effect at once. ``last_seen`` is checked
server-side: a session idle for longer than the configured minutes cannot act.
"""

from __future__ import annotations

import os
import secrets
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import flask

from touchpoint.app import state
from touchpoint.graph_model.access.agreements import Agreements
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.context import AccessContext, BreakGlass, Purpose
from touchpoint.graph_model.access.viewer import ViewerGraph

EXTENSION = "touchpoint_auth"
SEEN_EVERY = 20  # seconds: the resolution of the inactivity expiry


class AuthState:
    """What ``install_auth`` keeps on the Flask app."""

    def __init__(self, agreements: Agreements, idle_seconds: int, mirror: Path | None) -> None:
        self.agreements = agreements
        self.idle_seconds = idle_seconds
        self.mirror = mirror

    def audit(self) -> AuditLog:
        return AuditLog(state.current_graph(), self.mirror)


def auth_state() -> AuthState:
    return flask.current_app.extensions[EXTENSION]


def secret_key(data_dir: Path) -> str:
    """A random signing key, created once (mode 0600) beside the local Neo4j password."""
    path = data_dir / "app" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def start_session(username: str, role: str, session_id: str | None = None) -> None:
    flask.session.clear()
    flask.session.permanent = True
    flask.session.update(
        username=username, role=role, sid=session_id or secrets.token_hex(8), seen=time.time()
    )


def expired() -> bool:
    """True when the session has been idle too long; refreshes ``seen`` otherwise - at most
    every ``SEEN_EVERY`` seconds, because each rewrite re-sends the whole (client-side) session
    cookie, and a Dash callback still in flight would then put back an older session over a
    purpose or CSRF token that a form had just stored."""
    seen = flask.session.get("seen")
    now = time.time()
    if seen is None or now - float(seen) > auth_state().idle_seconds:
        return True
    if now - float(seen) > SEEN_EVERY:
        flask.session["seen"] = now
    return False


def current_context() -> AccessContext | None:
    """The signed-in user's access context, or None."""
    data = flask.session
    if "username" not in data:
        return None
    purpose = data.get("purpose")
    glass = data.get("glass")
    return AccessContext(
        user=data["username"],
        role=data["role"],
        purpose=Purpose(**purpose) if purpose else None,
        break_glass=_glass(glass) if glass else None,
        session_id=data.get("sid"),
    )


def remember_purpose(purpose: Purpose) -> None:
    flask.session["purpose"] = {
        "code": purpose.code,
        "case_reference": purpose.case_reference,
        "reason": purpose.reason,
    }


def remember_glass(glass: BreakGlass) -> None:
    flask.session["glass"] = {
        "break_glass_id": glass.break_glass_id,
        "reason": glass.reason,
        "started_at": glass.started_at.isoformat(),
        "expires_at": glass.expires_at.isoformat(),
    }


def current_viewer() -> ViewerGraph:
    """The graph as the signed-in user may see it, audited (what pages should read through)."""
    ctx = current_context()
    if ctx is None:
        flask.abort(401)
    auth = auth_state()
    return ViewerGraph(state.current_graph(), ctx, agreements=auth.agreements, audit=auth.audit())


def _glass(data: dict[str, Any]) -> BreakGlass:
    return BreakGlass(
        data["break_glass_id"],
        data["reason"],
        datetime.fromisoformat(data["started_at"]),
        datetime.fromisoformat(data["expires_at"]),
    )
