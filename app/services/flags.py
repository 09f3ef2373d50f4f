"""Flags for the app: counts per subject, a person's open flags, the review queue, decisions.

The patterns/flags feature (``graph_model.flags``) owns the ``Flag`` model and its review
state machine; the app only calls its API (and its named queries), so the rules - which
status may follow which, when a reason is required, the append-only review history - are
enforced in one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from app.services.common import plain
from graph_model import flags as flag_model
from graph_model.db import Graph

OPEN_STATUSES = ("new", "in_review")
STATUSES = flag_model.STATUSES
SEVERITIES = ("high", "medium", "low")
QUEUE_LIMIT = 500


@dataclass(frozen=True)
class FlagView:
    flag_id: str
    pattern_id: str
    title: str
    severity: str
    status: str
    person_id: str
    person_name: str | None
    summary: str
    score: float | None = None
    raised_at: str | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def as_row(self) -> dict[str, Any]:
        """A flat row for the review table."""
        return {
            "flag_id": self.flag_id,
            "person": self.person_name or self.person_id,
            "person_id": self.person_id,
            "pattern": self.title,
            "severity": self.severity,
            "status": self.status,
            "score": self.score,
            "summary": self.summary,
            "raised": (self.raised_at or "")[:10],
        }


def open_flag_counts(graph: Graph, keys: list[str]) -> dict[str, int]:
    """Open (new or in-review) current flags per subject key."""
    if not keys:
        return {}
    counts: dict[str, int] = {}
    for row in graph.read("flags/person_flags", person_ids=keys):
        if row["status"] in OPEN_STATUSES:
            counts[row["person_id"]] = counts.get(row["person_id"], 0) + 1
    return counts


def flags_for_subject(graph: Graph, key: str) -> list[FlagView]:
    """A subject's open flags, most severe first, with their evidence."""
    rows = flag_model.list_flags(graph, person_id=key, limit=100)
    views = [to_view(row) for row in rows]
    return sorted(
        (v for v in views if v.status in OPEN_STATUSES),
        key=lambda v: (
            SEVERITIES.index(v.severity) if v.severity in SEVERITIES else 9,
            -(v.score or 0),
        ),
    )


def review_queue(
    graph: Graph,
    pattern_id: str | None = None,
    severity: str | None = None,
    status: str | None = None,
) -> list[FlagView]:
    """Current flags for the review queue, filtered; ``None`` means any."""
    rows = flag_model.list_flags(
        graph, pattern_id=pattern_id or None, status=status or None, limit=QUEUE_LIMIT
    )
    views = [to_view(row) for row in rows]
    return [v for v in views if not severity or v.severity == severity]


def flag_detail(graph: Graph, flag_id: str) -> tuple[FlagView, list[dict[str, Any]]]:
    """One flag with its evidence, and its review history (oldest first)."""
    row = flag_model.get_flag(graph, flag_id)
    history = sorted(
        (plain(r) for r in row.get("reviews") or [] if r), key=lambda r: str(r.get("at") or "")
    )
    return to_view(row), history


def change_status(graph: Graph, flag_id: str, to: str, who: str, reason: str | None) -> FlagView:
    """Record a review decision (the flags feature refuses illegal moves with a reason)."""
    row = flag_model.transition(graph, flag_id, to, who, reason)
    return to_view(row)


def allowed_next(status: str) -> tuple[str, ...]:
    return flag_model.TRANSITIONS.get(status, ())


def to_view(row: dict[str, Any]) -> FlagView:
    flag = plain(row["flag"])
    evidence = flag.get("evidence")
    if evidence is None:
        evidence = json.loads(flag.get("evidence_json") or "[]")
    return FlagView(
        flag_id=flag["flag_id"],
        pattern_id=flag.get("pattern_id") or "",
        title=flag.get("title") or flag.get("pattern_id") or "",
        severity=flag.get("severity") or "low",
        status=flag.get("status") or "new",
        person_id=flag.get("person_id") or "",
        person_name=row.get("display_name"),
        summary=flag.get("summary") or "",
        score=flag.get("score"),
        raised_at=flag.get("last_raised_at") or flag.get("first_raised_at"),
        evidence=evidence,
    )
