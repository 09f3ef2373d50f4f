"""Who is reading, in which role, for what purpose - the context every viewer read carries.

An ``AccessContext`` is built once per session (app) or command (CLI) and bound to the graph
with ``ViewerGraph(graph, ctx)``. The *purpose* (case reference + reason, under one of the
agreement's declared purposes) is required before a full profile or network opens; in the app it
belongs to the case that covers the person opened (``access.cases``), not to the whole
session. *Break-glass* widens the view to everything for a short, stated, audited time and is
flagged for admin review.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from touchpoint.graph_model.access.agreements import Agreements, Grant
from touchpoint.graph_model.model.errors import TouchpointError

BREAK_GLASS_MINUTES = 30
BREAK_GLASS_MAX_MINUTES = 60  # Settings.break_glass_max_minutes in the app
MAX_TEXT = 500
MIN_REASON = 20
_WORD = re.compile(r"[^\W\d_]{2,}")
_CASE_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/\-_. ]{1,63}$")


class AccessDenied(TouchpointError):
    """The agreement (or a missing purpose) does not allow this read."""


class PurposeRequired(AccessDenied):
    """A full profile or network needs a recorded purpose first."""


class CaseRequired(PurposeRequired):
    """The person is covered by none of this session's cases: add them to the current case,
    or give the case they are for (``access.cases``)."""

    def __init__(self, key: str | None = None) -> None:
        self.key = key
        who = f"Person {key} is" if key else "This is"
        super().__init__(
            f"{who} not part of your current case: add them to it (with a reason) or give "
            "the case reference they are for."
        )


@dataclass(frozen=True)
class Purpose:
    """Why this session looks: one of the agreement's purposes, a case reference and a reason."""

    code: str
    case_reference: str
    reason: str

    def describe(self) -> str:
        return f"{self.code} / {self.case_reference}: {self.reason}"


@dataclass(frozen=True)
class BreakGlass:
    """Access beyond the agreement, with a stated reason, until ``expires_at``."""

    break_glass_id: str
    reason: str
    started_at: datetime
    expires_at: datetime

    def active(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(UTC)) < self.expires_at


@dataclass(frozen=True)
class AccessContext:
    user: str
    role: str
    purpose: Purpose | None = None
    break_glass: BreakGlass | None = None
    session_id: str | None = None

    def with_purpose(self, purpose: Purpose, agreements: Agreements) -> AccessContext:
        """This context with a checked purpose (the code must be one the agreement allows)."""
        grant = agreements.grant(self.role)
        check_purpose(purpose, grant)
        return replace(self, purpose=purpose)

    def with_break_glass(
        self,
        reason: str,
        agreements: Agreements,
        purpose: Purpose,
        minutes: int = BREAK_GLASS_MINUTES,
        max_minutes: int = BREAK_GLASS_MAX_MINUTES,
        now: datetime | None = None,
    ) -> AccessContext:
        """This context beyond its agreement, for ``minutes``: only a role whose agreement
        allows break-glass, for one of its purposes, with a reason of substance, for at most
        ``max_minutes``; the purpose is carried by every view made under it."""
        grant = agreements.grant(self.role)
        if not grant.break_glass:
            raise AccessDenied(
                f"Role {self.role!r} may not break glass under agreement "
                f"{grant.agreement.agreement}."
            )
        check_purpose(purpose, grant)
        reason = check_reason(reason)
        if not 1 <= minutes <= max_minutes:
            raise AccessDenied(f"Break-glass lasts between 1 and {max_minutes} minutes.")
        start = now or datetime.now(UTC)
        glass = BreakGlass(
            f"bg_{uuid.uuid4().hex[:16]}", reason, start, start + timedelta(minutes=minutes)
        )
        return replace(self, break_glass=glass, purpose=purpose)

    @property
    def glass_active(self) -> bool:
        return self.break_glass is not None and self.break_glass.active()


def check_purpose(purpose: Purpose, grant: Grant) -> None:
    allowed = grant.agreement.purposes
    if purpose.code not in allowed:
        raise AccessDenied(
            f"Purpose {purpose.code!r} is not one agreement {grant.agreement.agreement} allows "
            f"({', '.join(allowed)})"
        )
    if not _CASE_REF.match(purpose.case_reference or ""):
        raise AccessDenied(
            "A case reference is 2-64 letters, digits, spaces or / - _ . (e.g. MASH-2026-0142)."
        )
    reason = " ".join((purpose.reason or "").split())
    if len(reason) < 5 or len(reason) > MAX_TEXT:
        raise AccessDenied("Give a reason of 5 to 500 characters for looking.")


def check_reason(text: str) -> str:
    """A break-glass reason someone could review: 20-500 characters, at least four different
    words, not a run of one character ("aaaaaaaaaa") or one word repeated ("asdf asdf asdf")."""
    reason = " ".join((text or "").split())
    words = [word.lower() for word in _WORD.findall(reason)]
    distinct = set(words)
    repetitive = len(words) > 0 and len(distinct) < max(4, len(words) // 2)
    if (
        not MIN_REASON <= len(reason) <= MAX_TEXT
        or len(distinct) < 4
        or repetitive
        or re.search(r"(.)\1{4,}", reason)
    ):
        raise AccessDenied(
            "Say why in words a reviewer can check: 20 to 500 characters, at least four "
            "different words (e.g. 'Child missing overnight, need the A&E attendances')."
        )
    return reason
