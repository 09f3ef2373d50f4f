"""Server-side sessions: the cookie only names a session; the record in the graph decides.

A signed-in browser holds a random 256-bit token; the graph keeps a ``:Session`` keyed by the
token's SHA-256 (reading the graph does not hand out live sessions). Every request is checked
against it (``check_session``), so a cookie signed with a stolen key but naming no live session
is useless, and:

* the account must still be enabled and still hold the session's role;
* the session's *generation* must be the account's current one - sign-out, a password reset, a
  role grant or revoke and disabling move it on (``users.end_sessions``), ending every session
  of the account, wherever its cookie has been copied;
* it is bound to the browser that signed in (a hash of its User-Agent: another browser must
  sign in again);
* it has been used within the idle limit, and is younger than the absolute limit, so replaying
  the freshest cookie cannot keep it alive for ever.

The role, the cases worked on (``access.cases``: each a purpose and the people it covers; the
current one is also kept as ``purpose``) and any break-glass live in the record, never in the
cookie; a break-glass that an admin reviewed (or that ran out) is dropped at the next check.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from touchpoint.graph_model.access.cases import Case
from touchpoint.graph_model.access.context import AccessContext, BreakGlass, Purpose
from touchpoint.graph_model.store.db import Graph

TOUCH_EVERY = timedelta(seconds=20)  # the idle clock's resolution (a write per 20 s, not per hit)
OK = "ok"


@dataclass(frozen=True)
class SessionCheck:
    """The outcome of checking one request's session: ``ok``, or why it may not act."""

    reason: str
    context: AccessContext | None = None
    user: dict[str, Any] | None = None
    glass_ended: str | None = None  # the break-glass id dropped by this check (reviewed / over)
    cases: tuple[Case, ...] = ()  # the session's cases, the current one first

    @property
    def ok(self) -> bool:
        return self.reason == OK


def new_token() -> str:
    return secrets.token_urlsafe(32)


def session_key(token: str) -> str:
    return hashlib.sha256(f"touchpoint-session:{token}".encode()).hexdigest()


def browser_of(user_agent: str | None) -> str:
    return hashlib.sha256((user_agent or "").encode("utf-8", "replace")).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def open_session(
    graph: Graph, username: str, role: str, user_agent: str | None, now: datetime | None = None
) -> str | None:
    """A new session for an account that just proved who it is; returns the browser's token
    (None if the account is unknown or disabled)."""
    token, at = new_token(), _iso(now or datetime.now(UTC))
    row = {
        "session_key": session_key(token),
        "session_id": secrets.token_hex(8),
        "username": username,
        "role": role,
        "browser": browser_of(user_agent),
        "created_at": at,
        "last_seen": at,
    }
    return token if graph.write_returning("sessions/open", row=row) else None


def check_session(
    graph: Graph,
    token: str | None,
    user_agent: str | None,
    idle_seconds: int,
    max_seconds: int,
    now: datetime | None = None,
) -> SessionCheck:
    """May the session this token names act now? Touches its idle clock when it may."""
    if not token or not isinstance(token, str):
        return SessionCheck("no_session")
    now = now or datetime.now(UTC)
    key = session_key(token)
    row = graph.read_one("sessions/check", key=key)
    if row is None:
        return SessionCheck("unknown")
    session, user = row["session"], row["user"]
    reason = _refusal(session, user, user_agent, idle_seconds, max_seconds, now)
    if reason != OK:
        graph.write("sessions/end", key=key)
        return SessionCheck(reason, context=_context(session, keep_glass=False), user=user)
    ended = None
    glass = row.get("glass")
    if session.get("glass_id") and (
        glass is None or glass.get("reviewed") or str(glass.get("expires_at") or "") <= _iso(now)
    ):
        ended = session["glass_id"]
        update(graph, token, {"glass_id": None, "glass": None})
        session = {**session, "glass_id": None, "glass": None}
    if now - datetime.fromisoformat(session["last_seen"]) > TOUCH_EVERY:
        graph.write("sessions/touch", key=key, at=_iso(now))
    return SessionCheck(
        OK, context=_context(session), user=user, glass_ended=ended, cases=cases_of(session)
    )


def _refusal(
    session: dict[str, Any],
    user: dict[str, Any] | None,
    user_agent: str | None,
    idle_seconds: int,
    max_seconds: int,
    now: datetime,
) -> str:
    if user is None or user.get("disabled"):
        return "account_disabled"
    if int(session.get("generation") or 0) != int(user.get("generation") or 0):
        return "ended"  # sign-out elsewhere, password reset, role change
    if session.get("role") not in (user.get("roles") or []):
        return "role_revoked"
    if session.get("browser") != browser_of(user_agent):
        return "browser_changed"
    if (now - datetime.fromisoformat(session["last_seen"])).total_seconds() > idle_seconds:
        return "idle"
    if (now - datetime.fromisoformat(session["created_at"])).total_seconds() > max_seconds:
        return "too_old"
    return OK


def update(graph: Graph, token: str, changes: dict[str, Any]) -> bool:
    """Store a purpose or break-glass on the session (server-side); False if it has ended."""
    return bool(graph.write_returning("sessions/update", key=session_key(token), changes=changes))


def remember_cases(graph: Graph, token: str, cases: tuple[Case, ...]) -> bool:
    """Store the session's cases; the first is the current case (and its purpose the
    session's purpose)."""
    purpose = json.dumps(_purpose(cases[0].purpose)) if cases else None
    return update(
        graph, token, {"cases": json.dumps([c.to_json() for c in cases]), "purpose": purpose}
    )


def stored_cases(graph: Graph, token: str) -> tuple[Case, ...] | None:
    """The session's cases as stored now (None if it has ended) - re-read before a change, so
    two requests of one session do not lose each other's people."""
    row = graph.read_one("sessions/check", key=session_key(token))
    return cases_of(row["session"]) if row else None


def cases_of(session: dict[str, Any]) -> tuple[Case, ...]:
    """The cases a session record holds (one recorded before cases existed: its purpose)."""
    if session.get("cases"):
        return tuple(Case.from_json(c) for c in json.loads(session["cases"]))
    if session.get("purpose"):
        return (Case(Purpose(**json.loads(session["purpose"]))),)
    return ()


def remember_glass(graph: Graph, token: str, glass: BreakGlass, cases: tuple[Case, ...]) -> bool:
    """Store a break-glass and the cases, its own (``cases[0]``: its purpose) current."""
    return update(
        graph,
        token,
        {"glass_id": glass.break_glass_id, "glass": json.dumps(_glass(glass)),
         "purpose": json.dumps(_purpose(cases[0].purpose)),
         "cases": json.dumps([c.to_json() for c in cases])},
    )  # fmt: skip


def end_session(graph: Graph, token: str | None) -> None:
    if token:
        graph.write("sessions/end", key=session_key(token))


def prune(graph: Graph, idle_seconds: int, max_seconds: int) -> None:
    now = datetime.now(UTC)
    graph.write(
        "sessions/prune",
        idle_before=_iso(now - timedelta(seconds=idle_seconds)),
        opened_before=_iso(now - timedelta(seconds=max_seconds)),
    )


def _context(session: dict[str, Any], keep_glass: bool = True) -> AccessContext:
    purpose = json.loads(session["purpose"]) if session.get("purpose") else None
    glass = json.loads(session["glass"]) if keep_glass and session.get("glass") else None
    return AccessContext(
        user=session["username"],
        role=session["role"],
        purpose=Purpose(**purpose) if purpose else None,
        break_glass=BreakGlass(
            glass["break_glass_id"], glass["reason"],
            datetime.fromisoformat(glass["started_at"]),
            datetime.fromisoformat(glass["expires_at"]),
        ) if glass else None,
        session_id=session.get("session_id"),
    )  # fmt: skip


def _purpose(purpose: Purpose) -> dict[str, str]:
    return {"code": purpose.code, "case_reference": purpose.case_reference,
            "reason": purpose.reason}  # fmt: skip


def _glass(glass: BreakGlass) -> dict[str, str]:
    return {
        "break_glass_id": glass.break_glass_id,
        "reason": glass.reason,
        "started_at": _iso(glass.started_at),
        "expires_at": _iso(glass.expires_at),
    }
