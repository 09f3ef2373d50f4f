"""Red flags: pattern hits kept as ``Flag`` nodes, reviewed by people, never deleted.

A flag's id is a stable hash of its pattern, its person and the evidence that raised it, so a
rerun on unchanged data MERGEs the same flag instead of adding a duplicate, while genuinely new
evidence raises a new flag. Review is a small state machine; every change is appended as a
``FlagReview`` (who, when, from, to, reason). Flags are prompts for a professional's judgement:
each carries its evidence, and accuracy per pattern is measured from the reviews.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.patterns.library import (
    Hit,
    Pattern,
    padded_scope,
    params_key,
    run_pattern,
)
from touchpoint.graph_model.store.db import Graph

STATUSES = ("new", "in_review", "actioned", "dismissed")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("in_review", "actioned", "dismissed"),
    "in_review": ("actioned", "dismissed", "new"),
    "actioned": ("in_review",),
    "dismissed": ("in_review",),
}
WRITE_BATCH = 1000


class FlagError(TouchpointError):
    """A flag does not exist or cannot move to the requested status."""


@dataclass(frozen=True)
class RunSummary:
    pattern_id: str
    run_id: str
    hits: int
    created: int
    already_known: int
    seconds: float
    params: dict[str, Any]


def flag_id(hit: Hit) -> str:
    """Deterministic: same pattern, person and evidence give the same flag."""
    return stable_id("flag", hit.pattern_id, hit.person_id, evidence_signature(hit))


def evidence_signature(hit: Hit) -> str:
    return "|".join(sorted({e.node_id for e in hit.evidence}))


def _flag_row(pattern: Pattern, hit: Hit, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "flag_id": flag_id(hit),
        "pattern_id": hit.pattern_id,
        "person_id": hit.person_id,
        "signature": evidence_signature(hit),
        "title": pattern.title,
        "severity": hit.severity,
        "score": hit.score,
        "summary": hit.summary,
        "evidence_json": json.dumps([e.as_dict() for e in hit.evidence]),
        "params_json": params_key(params),
        "as_of": params.get("as_of"),
        "event_ids": sorted({e.node_id for e in hit.evidence if e.kind == "event"}),
        "record_ids": sorted({e.node_id for e in hit.evidence if e.kind == "record"}),
    }


def raise_flags(
    graph: Graph, pattern: Pattern, params: dict[str, Any] | None = None
) -> tuple[RunSummary, list[Hit]]:
    """Run a pattern and write its hits as flags; returns what happened and the hits."""
    started = datetime.now(UTC)
    began = time.perf_counter()
    resolved, hits = run_pattern(graph, pattern, params)
    summary = write_flags(graph, pattern, resolved, hits, started, time.perf_counter() - began)
    return summary, hits


def write_flags(
    graph: Graph,
    pattern: Pattern,
    resolved: dict[str, Any],
    hits: list[Hit],
    started: datetime,
    run_seconds: float = 0.0,
    scope: list[str] | None = None,
) -> RunSummary:
    """Keep the hits of a run already made (``run_pattern``) as flags: MERGE on stable ids,
    retire the flags this run no longer raised, record the run. The pipeline runs each pattern
    once and writes its hits here, instead of running it again. A scoped run (``scope``: the
    person ids it re-checked) retires only flags about those people: the rest still hold."""
    began = time.perf_counter()
    run_id = stable_id("patternrun", pattern.id, started.isoformat())
    rows = [_flag_row(pattern, hit, resolved) for hit in hits]
    graph.write_batches("flags/merge_flags", rows, WRITE_BATCH, run_id=run_id, now=started)
    graph.write("flags/retire_unraised", pattern_id=pattern.id, run_id=run_id,
                scope=padded_scope(scope))  # fmt: skip
    counts = graph.read_one("flags/run_counts", pattern_id=pattern.id, run_id=run_id) or {}
    created = int(counts.get("created", 0))
    seconds = run_seconds + time.perf_counter() - began
    graph.write(
        "flags/record_run",
        run={
            "run_id": run_id,
            "pattern_id": pattern.id,
            "params_json": params_key(resolved),
            "started_at": started,
            "seconds": round(seconds, 3),
            "hits": len(hits),
            "flags_created": created,
            "scope_people": None if scope is None else len(scope),
        },
    )
    return RunSummary(
        pattern.id, run_id, len(hits), created, len(hits) - created, seconds, resolved
    )


def status_label(status: str, current: bool) -> str:
    """A flag's status as lists show it: one a later run no longer raised says so."""
    return status if current else f"{status} (no longer raised)"


def transition(
    graph: Graph, flag: str, to: str, who: str, reason: str | None = None
) -> dict[str, Any]:
    """Move a flag to ``to``; refused unless allowed from its current status."""
    if to not in STATUSES:
        raise FlagError(f"Unknown status {to!r}; use one of {', '.join(STATUSES)}")
    if not who or not who.strip():
        raise FlagError("A decision needs the name of the person making it.")
    current = get_flag(graph, flag)["flag"]["status"]
    if to not in TRANSITIONS[current]:
        allowed = ", ".join(TRANSITIONS[current])
        raise FlagError(f"Flag {flag} is {current}: it can move to {allowed}, not {to}")
    reopening = current in ("actioned", "dismissed")
    if (to == "dismissed" or reopening) and not (reason and reason.strip()):
        what = "reopen a decided flag" if reopening else "dismiss a flag"
        raise FlagError(f"Give a reason: one is needed to {what}.")
    at = datetime.now(UTC)
    rows = graph.write_returning(
        "flags/transition",
        flag_id=flag,
        expected=current,
        to=to,
        who=who.strip(),
        reason=(reason or "").strip() or None,
        at=at,
        review_id=stable_id("flagreview", flag, at.isoformat(), who, to),
    )
    if not rows:
        raise FlagError(f"Flag {flag} changed while you were deciding; look at it again")
    return get_flag(graph, flag)


def get_flag(graph: Graph, flag: str) -> dict[str, Any]:
    """A flag with its evidence and full review history."""
    row = graph.read_one("flags/get", flag_id=flag)
    if row is None:
        raise FlagError(f"No flag {flag!r}")
    row["flag"]["evidence"] = json.loads(row["flag"].get("evidence_json") or "[]")
    return row


@dataclass(frozen=True)
class Accuracy:
    """Per pattern: flags by status, and the reviewed share actioned, overall and by month."""

    pattern_id: str
    by_status: dict[str, int]
    periods: dict[str, dict[str, int]]

    @property
    def reviewed(self) -> int:
        return self.by_status.get("actioned", 0) + self.by_status.get("dismissed", 0)

    @property
    def actioned_share(self) -> float | None:
        return self.by_status.get("actioned", 0) / self.reviewed if self.reviewed else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "pattern_id": self.pattern_id,
            "flags": sum(self.by_status.values()),
            **{s: self.by_status.get(s, 0) for s in STATUSES},
            "reviewed": self.reviewed,
            "actioned_share": self.actioned_share,
            "periods": self.periods,
        }


def accuracy(graph: Graph, pattern_ids: list[str]) -> list[Accuracy]:
    """Accuracy per pattern, from current statuses and the dated review decisions."""
    status: dict[str, dict[str, int]] = {p: {} for p in pattern_ids}
    for row in graph.read("flags/accuracy_status"):
        status.setdefault(row["pattern_id"], {})[row["status"]] = row["flags"]
    periods: dict[str, dict[str, dict[str, int]]] = {p: {} for p in status}
    for row in graph.read("flags/accuracy_decisions"):
        period = periods.setdefault(row["pattern_id"], {}).setdefault(row["period"], {})
        period[row["decision"]] = row["decisions"]
    return [Accuracy(p, status[p], periods.get(p, {})) for p in sorted(status)]
