"""User accounts: argon2id password hashes, roles from the agreements, lock-out with back-off.

Accounts are ``:User`` nodes. There is no default account or password: the first run tells the
operator to create an admin with ``touchpoint users add NAME --role admin``. After
``LOCK_AFTER`` failed sign-ins an account is locked for a back-off that doubles with each
further failure (capped), so guessing is slow while a forgetful user is not locked out for
long. Unknown usernames cost the same argon2 work as known ones and get the same answer, so
sign-in does not reveal which usernames exist. Every change is audited by the caller.

Designed so an agency identity provider (OIDC) can replace the password check: ``sign_in``
is the only password path; an OIDC callback would map the provider's verified subject and
groups to a ``User`` (``external_id``) and roles, then continue exactly as after a password.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from touchpoint.graph_model.access.agreements import Agreements
from touchpoint.graph_model.access.audit import now_iso
from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.store.db import Graph

LOCK_AFTER = 5
BASE_LOCK_MINUTES = 1
MAX_LOCK_MINUTES = 60
MIN_PASSWORD = 12
MAX_PASSWORD = 256
MIN_STRENGTH = 3  # zxcvbn: 'safely unguessable' (about 10^8 guesses or more)
#: Words an attacker tries first against this system (zxcvbn counts them as dictionary words).
PRODUCT_WORDS = ("touchpoint", "safeguarding", "mash", "council", "agency", "social", "police")
_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,62}$")
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not-a-real-password-only-burns-time")
FIRST_RUN_HINT = (
    "No admin account exists yet. Create the first one (you will be asked for a password):\n"
    "    touchpoint users add <your-name> --role admin"
)


@dataclass(frozen=True)
class User:
    user_id: str
    username: str
    display_name: str
    roles: tuple[str, ...]
    disabled: bool


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    reason: str  # "ok", "bad_credentials", "locked", "disabled", "no_role"

    @property
    def ok(self) -> bool:
        return self.user is not None


def check_password(password: str, user_inputs: list[str] | None = None) -> None:
    """Refuse guessable passwords: 12+ characters *and* a zxcvbn score of at least
    ``MIN_STRENGTH`` (it knows common passwords, words, keyboard runs, dates and sequences, and
    the user's own name), so ``password1234`` and ``123456789012`` are refused however long."""
    if len(password) < MIN_PASSWORD or len(password) > MAX_PASSWORD:
        raise ConfigError(f"A password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters.")
    if password.strip() != password:
        raise ConfigError("A password may not start or end with a space.")
    words = [*PRODUCT_WORDS, *(u for u in user_inputs or [] if u)]
    verdict = zxcvbn(password, user_inputs=words)
    if verdict["score"] < MIN_STRENGTH:
        hint = verdict["feedback"].get("warning") or "it is easy to guess"
        raise ConfigError(
            f"That password is too weak ({hint.rstrip('.')}). Use a longer phrase of "
            "unrelated words, e.g. four or five words that do not belong together."
        )


def add_user(
    graph: Graph,
    username: str,
    password: str,
    roles: list[str],
    agreements: Agreements,
    display_name: str | None = None,
) -> User:
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise ConfigError("Usernames are 2-63 of a-z 0-9 . _ - starting with a letter.")
    _check_roles(roles, agreements)
    check_password(password, [username, display_name or ""])
    row = {
        "user_id": f"usr_{uuid.uuid4().hex[:16]}",
        "username": username,
        "display_name": display_name or username,
        "roles": list(dict.fromkeys(roles)),
        "password_hash": _HASHER.hash(password),
        "created_at": now_iso(),
        "password_changed_at": now_iso(),
    }
    result = graph.write_returning("users/create", row=row)
    if not result or not result[0]["created"]:
        raise ConfigError(f"User {username!r} already exists.")
    return _user({**row, "disabled": False})


def get_user(graph: Graph, username: str) -> dict[str, Any] | None:
    row = graph.read_one("users/get", username=username.strip().lower())
    return row["user"] if row else None


def list_users(graph: Graph) -> list[dict[str, Any]]:
    return [row["user"] for row in graph.read("users/list")]


def set_disabled(graph: Graph, username: str, disabled: bool) -> None:
    _update(graph, username, {"disabled": disabled})
    end_sessions(graph, username)


def reset_password(graph: Graph, username: str, password: str) -> None:
    check_password(password, [username])
    _update(
        graph,
        username,
        {
            "password_hash": _HASHER.hash(password),
            "password_changed_at": now_iso(),
            "failed_attempts": 0,
            "locked_until": None,
        },
    )
    end_sessions(graph, username)


def grant(
    graph: Graph, username: str, role: str, agreements: Agreements, revoke: bool = False
) -> tuple[str, ...]:
    """Add (or with ``revoke`` remove) a role; returns the user's roles after the change. Every
    session of the account ends: it signs in again with what it now holds."""
    found = get_user(graph, username)
    if found is None:
        raise ConfigError(f"No user {username!r}.")
    if not revoke:
        _check_roles([role], agreements)
    roles = [r for r in found.get("roles") or [] if r != role] + ([] if revoke else [role])
    _update(graph, username, {"roles": roles})
    end_sessions(graph, username)
    return tuple(roles)


def end_sessions(graph: Graph, username: str) -> None:
    """End every session of the account, wherever its cookie is (sign-out, reset, role change,
    disable): the server-side sessions check the account's session generation."""
    graph.write("users/end_sessions", username=username.strip().lower())


def admin_count(graph: Graph, admin_role: str = "admin") -> int:
    row = graph.read_one("users/count_admins", role=admin_role)
    return int(row["admins"]) if row else 0


def first_run_hint(graph: Graph, admin_role: str = "admin") -> str | None:
    """How to create the first admin, or None once one exists."""
    if admin_count(graph, admin_role) > 0:
        return None
    return FIRST_RUN_HINT.replace("--role admin", f"--role {admin_role}")


def sign_in(
    graph: Graph, username: str, password: str, now: datetime | None = None
) -> SignInResult:
    """Check a password with lock-out and back-off; the same work whatever the outcome."""
    now = now or datetime.now(UTC)
    found = get_user(graph, username) if _USERNAME.match(username.strip().lower()) else None
    stored = found.get("password_hash") if found else None
    try:
        good = _HASHER.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        good = False
    if found is None:
        return SignInResult(None, "bad_credentials")
    locked_until = found.get("locked_until")
    if locked_until and datetime.fromisoformat(locked_until) > now:
        return SignInResult(None, "locked")
    if not good:
        _record_failure(graph, found["username"], now)
        return SignInResult(None, "bad_credentials")
    if found.get("disabled"):
        return SignInResult(None, "disabled")
    if not found.get("roles"):
        return SignInResult(None, "no_role")
    changes: dict[str, Any] = {
        "failed_attempts": 0,
        "locked_until": None,
        "last_sign_in_at": now.isoformat(timespec="microseconds"),
    }
    if _HASHER.check_needs_rehash(stored or ""):
        changes["password_hash"] = _HASHER.hash(password)
    _update(graph, found["username"], changes)
    return SignInResult(_user(found), "ok")


def lock_minutes(failed_attempts: int) -> int:
    """0 below the threshold, then 1, 2, 4 … minutes, capped."""
    if failed_attempts < LOCK_AFTER:
        return 0
    return min(MAX_LOCK_MINUTES, BASE_LOCK_MINUTES * 2 ** (failed_attempts - LOCK_AFTER))


def _record_failure(graph: Graph, username: str, now: datetime) -> None:
    rows = graph.write_returning(
        "users/record_failure", username=username, at=now.isoformat(timespec="microseconds")
    )
    minutes = lock_minutes(int(rows[0]["failed_attempts"])) if rows else 0
    if minutes:
        until = (now + timedelta(minutes=minutes)).isoformat(timespec="microseconds")
        _update(graph, username, {"locked_until": until})


def _update(graph: Graph, username: str, changes: dict[str, Any]) -> None:
    rows = graph.write_returning("users/update", username=username.strip().lower(), changes=changes)
    if not rows:
        raise ConfigError(f"No user {username!r}.")


def _check_roles(roles: list[str], agreements: Agreements) -> None:
    if not roles:
        raise ConfigError("Give at least one --role.")
    unknown = [r for r in roles if r not in agreements.grants]
    if unknown:
        raise ConfigError(
            f"Role(s) {', '.join(unknown)} are governed by no sharing agreement "
            f"(roles: {', '.join(agreements.roles)})"
        )


def _user(row: dict[str, Any]) -> User:
    return User(
        user_id=row["user_id"],
        username=row["username"],
        display_name=row.get("display_name") or row["username"],
        roles=tuple(row.get("roles") or ()),
        disabled=bool(row.get("disabled")),
    )
