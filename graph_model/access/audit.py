"""The append-only, tamper-evident audit trail: who looked at what, when, why, and how much.

Every entry is an ``:AuditEntry`` node with a sequence number and a SHA-256 hash computed over
its own fields *and the previous entry's hash*; a single ``:AuditHead`` node holds the last
sequence number and hash and is write-locked by each append, so appends are serialised and
the chain has no forks. ``verify`` recomputes the chain: an edited entry breaks its own hash, a
removed entry leaves a gap and breaks the next ``prev_hash``, a cut tail disagrees with the
head. Every append also writes the new head to an append-only anchor file under the data
directory, and optionally the whole entry to a JSON-lines mirror for a council's log platform
(``access.anchor``): copies outside the database that ``verify`` compares, so a tail cut, a
rewound head or a re-chained trail shows, and a removed sequence number is never reused.

Entries are written from the data-access choke point (``ViewerGraph``) for reads, and by the
sign-in, user-admin and break-glass code for everything else.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from touchpoint.graph_model.access.anchor import AnchorFile, compare
from touchpoint.graph_model.access.context import AccessContext
from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.store.db import Graph

GENESIS = "0" * 64
#: The fields each hash covers, in a fixed order (values are canonical JSON).
HASHED = (
    "seq", "entry_id", "at", "user", "role", "action", "agreement", "purpose_code",
    "case_reference", "reason", "break_glass_id", "subjects", "terms", "result_count",
    "withheld", "outcome", "detail", "prev_hash",
)  # fmt: skip


def anchor_path(data_dir: Path) -> Path:
    """The append-only file of (sequence, hash) outside the graph (``audit verify`` reads it)."""
    return data_dir / "audit" / "anchor.jsonl"


def now_iso() -> str:
    """UTC time as fixed-width ISO text: sorts and compares correctly as a string."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def entry_hash(entry: dict[str, Any]) -> str:
    canonical = json.dumps(
        [entry.get(name) for name in HASHED], sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class VerifyReport:
    entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class AuditLog:
    """Appends to and reads the audit chain of one graph (and its anchors outside it)."""

    def __init__(
        self, graph: Graph, mirror: Path | None = None, anchor: Path | None = None
    ) -> None:
        self.graph = graph
        self.mirror = mirror
        self.anchor = AnchorFile(anchor or anchor_path(graph.settings.data_dir), "anchor file")

    def record(self, ctx: AccessContext, action: str, **details: Any) -> dict[str, Any]:
        """Append one entry for ``ctx`` doing ``action``; returns the stored entry."""
        purpose, glass = ctx.purpose, ctx.break_glass if ctx.glass_active else None
        base = {
            "entry_id": f"aud_{uuid.uuid4().hex}",
            "at": now_iso(),
            "user": ctx.user,
            "role": ctx.role,
            "action": action,
            "agreement": details.pop("agreement", None),
            "purpose_code": purpose.code if purpose else None,
            "case_reference": purpose.case_reference if purpose else None,
            "reason": purpose.reason if purpose else None,
            "break_glass_id": glass.break_glass_id if glass else None,
            "subjects": [str(s) for s in details.pop("subjects", []) or []],
            "terms": _json(details.pop("terms", None)),
            "result_count": details.pop("result_count", None),
            "withheld": details.pop("withheld", None),
            "outcome": details.pop("outcome", "ok"),
        }
        query = details.pop("query", None)
        base["detail"] = _json({**details, **({"query": query} if query else {})} or None)
        stored: dict[str, Any] = {}
        anchored = self.anchor.highest_seq()  # a rewound head never hands a number out twice

        def build(head: dict[str, Any] | None) -> dict[str, Any]:
            head = head or {"seq": 0, "hash": GENESIS}
            seq = max(int(head["seq"]), anchored) + 1
            entry = {**base, "seq": seq, "prev_hash": head["hash"]}
            entry["hash"] = entry_hash(entry)
            stored.update(entry)
            return {"entry": entry}

        self.graph.write_chained("audit/head_lock", "audit/append", build, genesis=GENESIS)
        self.anchor.append({"seq": stored["seq"], "hash": stored["hash"], "at": stored["at"]})
        if self.mirror is not None:
            AnchorFile(self.mirror, "mirror").append(stored)
        return stored

    def entries(self, page_size: int = 1000) -> Iterator[dict[str, Any]]:
        for page in self.graph.read_pages("audit/entries_page", key="seq", page_size=page_size):
            for row in page:
                yield row["entry"]

    def verify(self) -> VerifyReport:
        """Recompute the whole chain; every problem is named by sequence number."""
        report = VerifyReport()
        prev_hash, expected_seq = GENESIS, 1
        for entry in self.entries():
            seq = int(entry["seq"])
            report.entries += 1
            if seq != expected_seq:
                report.problems.append(
                    f"entries {expected_seq}-{seq - 1} are missing (removed?)"
                    if seq > expected_seq
                    else f"entry {seq} is out of order"
                )
            if entry.get("prev_hash") != prev_hash:
                report.problems.append(f"entry {seq} does not follow the entry before it")
            if entry_hash(entry) != entry.get("hash"):
                report.problems.append(f"entry {seq} was altered after it was written")
            prev_hash, expected_seq = entry.get("hash"), seq + 1
        head = self.graph.read_one("audit/head") or {}
        if head.get("seq") is None and report.entries:
            report.problems.append("the chain head is missing (deleted?)")
        elif head.get("seq") is not None and (
            int(head["seq"]) != expected_seq - 1 or head["hash"] != prev_hash
        ):
            report.problems.append(
                f"the chain head says {head['seq']} entries but the trail ends at "
                f"{expected_seq - 1} (entries removed from the end?)"
            )
        report.problems += compare(self.graph, self.anchor, expected_seq - 1)
        if self.mirror is not None:
            report.problems += compare(self.graph, AnchorFile(self.mirror, "mirror"),
                                       expected_seq - 1)  # fmt: skip
        return report

    def search(
        self,
        user: str | None = None,
        subject: str | None = None,
        action: str | None = None,
        since: str | None = None,
        until: str | None = None,
        break_glass_only: bool = False,
        limit: int = 200,
    ) -> list[dict[str, Any]]:
        rows = self.graph.read(
            "audit/search", user=user, subject=subject, action=action, since=since,
            until=until, break_glass_only=break_glass_only, limit=limit,
        )  # fmt: skip
        return [row["entry"] for row in rows]

    def open_break_glass(self, ctx: AccessContext) -> None:
        """Record the break-glass session (for review) and audit its start."""
        glass = ctx.break_glass
        if glass is None:
            raise ValueError("context has no break-glass")
        row = {
            "break_glass_id": glass.break_glass_id,
            "user": ctx.user,
            "role": ctx.role,
            "reason": glass.reason,
            "started_at": glass.started_at.isoformat(timespec="microseconds"),
            "expires_at": glass.expires_at.isoformat(timespec="microseconds"),
        }
        self.graph.write("audit/break_glass_open", row=row)
        self.record(ctx, "break_glass", detail_reason=glass.reason, until=row["expires_at"])

    def break_glass_sessions(self, unreviewed_only: bool = True) -> list[dict[str, Any]]:
        rows = self.graph.read("audit/break_glass_list", unreviewed_only=unreviewed_only, limit=500)
        return [{**row["session"], "actions": row["actions"]} for row in rows]

    def review_break_glass(self, admin: AccessContext, break_glass_id: str, verdict: str) -> bool:
        rows = self.graph.write_returning(
            "audit/break_glass_review", break_glass_id=break_glass_id, reviewer=admin.user,
            verdict=verdict, at=now_iso(),
        )  # fmt: skip
        self.record(admin, "break_glass_review", subjects=[break_glass_id], verdict=verdict)
        return bool(rows)


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, default=str)


def parse_since(text: str | None) -> str | None:
    """``7d`` / ``12h`` / ``30m`` ago, or an ISO date/time (UTC), as comparable ISO text."""
    if not text:
        return None
    units = {"d": "days", "h": "hours", "m": "minutes"}
    try:
        if text[-1:] in units and text[:-1].isdigit():
            moment = datetime.now(UTC) - timedelta(**{units[text[-1]]: int(text[:-1])})
        else:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    except (ValueError, OverflowError):
        raise ConfigError(
            f"since {text!r}: use e.g. 7d, 12h, 30m or 2026-11-01[T09:00] (UTC)"
        ) from None
