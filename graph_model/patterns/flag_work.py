"""The flag workflow beyond status: who a flag is assigned to and by when, and comments on it.

Like review decisions, every change is appended (``FlagAssignment``, ``FlagComment``) with who
made it and when, never overwritten or deleted, so the history under a flag tells the whole
story. Writes MERGE on stable ids: the same request sent twice (a double click, a retried
form) records one change. Whether the person acting - or the assignee - may see the flag is
the caller's check (``services.reads.flag_work``); this module keeps the rules of the data.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.patterns.flags import FlagError, get_flag
from touchpoint.graph_model.store.db import Graph

MAX_COMMENT = 2000  # characters: a note for colleagues, not a report
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # keeps newlines and tabs


def due_date(value: date | str | None, today: date) -> date | None:
    """A due date as a date, refused when it is not one or is already past."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            raise FlagError(f"{value!r} is not a date; give one as YYYY-MM-DD.") from None
    if not isinstance(value, date):
        raise FlagError("A due date is a date.")
    if value < today:
        raise FlagError(f"The due date {value.isoformat()} has passed; choose today or later.")
    return value


def assign(
    graph: Graph,
    flag: str,
    assignee: str | None,
    due: date | None,
    who: str,
    key: str | None = None,
) -> dict[str, Any] | None:
    """Set a flag's assignee (None clears it) and due date as ``who``; the new assignment
    record, or None when nothing changes (the flag already has that assignee and date).
    ``key`` names the request, so resending it records one change."""
    if not who or not who.strip():
        raise FlagError("An assignment needs the name of the person making it.")
    current = get_flag(graph, flag)["flag"]
    now_due = current.get("due_date")
    now_due = now_due.to_native() if hasattr(now_due, "to_native") else now_due
    if (current.get("assignee"), now_due) == (assignee, due):
        return None
    at = datetime.now(UTC)
    assignment_id = stable_id(
        "flagassign", flag, who, assignee, due, key if key else at.isoformat()
    )
    rows = graph.write_returning(
        "flags/assign",
        flag_id=flag,
        assignment_id=assignment_id,
        assignee=assignee,
        due_date=due,
        who=who.strip(),
        at=at,
    )
    if not rows:
        raise FlagError(f"No flag {flag!r}")
    return rows[0]["assignment"]


def comment_text(text: Any) -> str:
    """A comment as stored: plain text, trimmed, without control characters, not empty and at
    most ``MAX_COMMENT`` characters (refused, never cut - the writer decides what to drop)."""
    if not isinstance(text, str):
        raise FlagError("A comment is text.")
    cleaned = _CONTROL.sub("", text).strip()
    if not cleaned:
        raise FlagError("Write a comment first: it is empty.")
    if len(cleaned) > MAX_COMMENT:
        raise FlagError(
            f"A comment may be at most {MAX_COMMENT} characters; this one has {len(cleaned)}."
        )
    return cleaned


def comment(
    graph: Graph, flag: str, text: Any, who: str, key: str | None = None
) -> tuple[dict[str, Any], bool]:
    """Add a comment to a flag as ``who``: the comment and whether it is new (``key`` names
    the request, so a form sent twice adds one comment)."""
    if not who or not who.strip():
        raise FlagError("A comment needs the name of the person making it.")
    body = comment_text(text)
    at = datetime.now(UTC)
    comment_id = stable_id("flagcomment", flag, who, key or f"{at.isoformat()}|{body}")
    rows = graph.write_returning(
        "flags/comment", flag_id=flag, comment_id=comment_id, text=body, who=who.strip(), at=at
    )
    if not rows:
        raise FlagError(f"No flag {flag!r}")
    return rows[0]["comment"], bool(rows[0]["created"])


def history(row: dict[str, Any]) -> list[dict[str, Any]]:
    """A flag's status decisions, assignments and comments as one list, oldest first, each
    marked with its ``kind`` ("status", "assignment", "comment")."""
    entries = [
        *({**r, "kind": "status"} for r in row.get("reviews") or [] if r),
        *({**a, "kind": "assignment"} for a in row.get("assignments") or [] if a),
        *({**c, "kind": "comment"} for c in row.get("comments") or [] if c),
    ]
    return sorted(entries, key=lambda e: str(e.get("at") or ""))
