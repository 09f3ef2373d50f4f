"""Flags for the app: counts per subject, a person's open flags, the review queue, decisions.

The patterns/flags feature (``graph_model.patterns.flags``) owns the ``Flag`` model and its
review state machine; the app only calls its API (and its named queries), so the rules - which
status may follow which, when a reason is required, the append-only review history - are
enforced in one place.

This is the one flag reader: the Flags and Person pages, ``touchpoint patterns flags|flag|review
--as USER`` and the household risk of ``touchpoint analyse risk`` all read here. The review
queue, a flag's evidence and status changes are read and made through the signed-in viewer
(``ViewerGraph``): only flags whose every evidencing record and event the agreement shows are
listed, opened or reviewed (the rest are counted; a list is audited once as
``pattern_results``), and a decision is recorded as the session user and audited
(``flag_review``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from touchpoint.graph_model.access.context import AccessDenied
from touchpoint.graph_model.access.notices import withheld_notice
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.csv_safe import csv_text
from touchpoint.graph_model.patterns import flag_work
from touchpoint.graph_model.patterns import flags as flag_model
from touchpoint.services.reads.common import agency_name, plain
from touchpoint.services.reads.exports import provenance_for
from touchpoint.services.reads.identity import (
    PendingPair,
    PersonPairs,
    event_details,
    pending_pairs,
    related_ids,
)

OPEN_STATUSES = ("new", "in_review")
STATUSES = flag_model.STATUSES
SEVERITIES = ("high", "medium", "low")
QUEUE_LIMIT = 500


@dataclass
class ViewerFlags:
    """Flags one read showed, and how many the agreement withheld."""

    flags: list[dict[str, Any]]
    withheld: int
    agreement: str

    def notice(self) -> str | None:
        return withheld_notice(self.withheld, "flag", self.agreement)


def read_flags(
    viewer: ViewerGraph,
    pattern_id: str | None = None,
    status: str | None = None,
    limit: int = 200,
    person_ids: list[str] | None = None,
    severity: str | None = None,
    include_past: bool = False,
    assignee: str | None = None,
    overdue_on: date | None = None,
) -> ViewerFlags:
    """Current pattern results (with ``include_past`` also those no longer raised) whose every
    piece of evidence the viewer may see (each flag's properties plus ``display_name`` and the
    person's ``pending_pairs`` - undecided match pairs, pending or waiting for the agency, that
    may be the same person);
    ``assignee`` keeps a user's flags, ``overdue_on`` the open ones due before that day;
    audited once as ``pattern_results`` with the count withheld."""
    row = viewer.read_one(
        "access/flags_list",
        pattern_id=pattern_id,
        status=status,
        person_ids=person_ids,
        severity=severity,
        include_past=include_past,
        assignee=assignee,
        overdue_on=overdue_on,
        limit=limit,
    ) or {"flags": [], "withheld": 0}
    shown = [item["flag"] | {"display_name": item["display_name"]} for item in row["flags"]]
    pairs = pending_pairs(viewer, [f["person_id"] for f in shown])
    for flag in shown:
        found = pairs.get(flag["person_id"])
        flag["pending_pairs"] = [p.as_dict() for p in found.pairs] if found else []
        flag["pending_pairs_withheld"] = found.withheld if found else 0
        flag["pending_pairs_agreement"] = viewer.agreement_id
    viewer.record(
        "pattern_results",
        subjects=sorted({f["person_id"] for f in shown}) + related_ids(pairs),
        terms={
            "pattern_id": pattern_id,
            "status": status,
            "severity": severity,
            "include_past": include_past,
            "assignee": assignee,
            "overdue_on": overdue_on.isoformat() if overdue_on else None,
        },
        result_count=len(shown),
        withheld=row["withheld"],
    )
    return ViewerFlags(shown, row["withheld"], viewer.agreement_id)


def visible_flag(viewer: ViewerGraph, flag_id: str) -> dict[str, Any]:
    """One flag whose every piece of evidence the viewer may see (its properties, the person's
    name and the review history); ``AccessDenied`` - the same for a withheld flag as for none."""
    row = viewer.read_one("access/flag_visible", flag_id=flag_id)
    if row is None or not row["visible"]:
        raise AccessDenied(f"No flag {flag_id} under agreement {viewer.agreement_id}")
    return row


def review_flag(
    viewer: ViewerGraph, flag_id: str, to: str, reason: str | None = None
) -> dict[str, Any]:
    """Move a flag through review as the signed-in user - only a flag they may see - and
    audit the status change (who, from the session; never a name typed into a box)."""
    row = visible_flag(viewer, flag_id)
    result = flag_model.transition(viewer.system, flag_id, to, viewer.ctx.user, reason)
    viewer.record("flag_review", subjects=[flag_id, row["person_id"]], to=to, reason=reason)
    return result


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
    current: bool = True  # False: a later run no longer raised it (kept, never deleted)
    pairs: PersonPairs | None = None  # match pairs waiting for review: may be the same person
    assignee: str | None = None
    due_date: str | None = None  # YYYY-MM-DD

    def overdue(self, today: date | None = None) -> bool:
        """Open and due before today."""
        due = self.due_date or ""
        return (
            self.status in OPEN_STATUSES and bool(due) and due < (today or date.today()).isoformat()
        )

    @property
    def identity_note(self) -> str | None:
        """ "2 pending match pairs: ..." when the person's identity is still being decided."""
        return self.pairs.sentence() if self.pairs else None

    def as_row(self) -> dict[str, Any]:
        """A flat row for the review table."""
        return {
            "flag_id": self.flag_id,
            "person": self.person_name or self.person_id,
            "person_id": self.person_id,
            "pattern": self.title,
            "severity": self.severity,
            "status": flag_model.status_label(self.status, self.current),
            "score": self.score,
            "summary": self.summary,
            "raised": (self.raised_at or "")[:10],
            "pending_pairs": (len(self.pairs.pairs) + self.pairs.withheld) if self.pairs else 0,
            "assignee": self.assignee or "",
            "due": (self.due_date or "") + (" (overdue)" if self.overdue() else ""),
        }


def flags_for_subject(viewer: ViewerGraph, key: str) -> Queue:
    """A subject's open flags the agreement shows, most severe first, with the notice for the
    ones it withholds (the person page); each piece of evidence with its detail and notes as
    far as the agreement grants them."""
    found = read_flags(viewer, None, None, 100, person_ids=[key])
    views = [to_view({"flag": f, "display_name": f.get("display_name")}) for f in found.flags]
    views = with_details(viewer, views)
    shown = sorted(
        (v for v in views if v.status in OPEN_STATUSES),
        key=lambda v: (
            SEVERITIES.index(v.severity) if v.severity in SEVERITIES else 9,
            -(v.score or 0),
        ),
    )
    return Queue(shown, found.notice())


@dataclass
class Queue:
    """The flags a viewer may review, and the notice for those the agreement withheld."""

    flags: list[FlagView]
    notice: str | None


def review_queue(
    viewer: ViewerGraph,
    pattern_id: str | None = None,
    severity: str | None = None,
    status: str | None = None,
    include_past: bool = False,
    mine: bool = False,
    overdue: bool = False,
) -> Queue:
    """Current flags (with ``include_past`` also those no longer raised) for the review queue
    under the agreement, filtered; ``None`` means any. ``mine`` keeps the flags assigned to the
    signed-in user, ``overdue`` the open flags whose due date has passed."""
    if status and status not in STATUSES:
        raise flag_model.FlagError(f"Unknown status {status!r}")
    found = read_flags(
        viewer,
        pattern_id or None,
        status or None,
        QUEUE_LIMIT,
        severity=severity or None,
        include_past=include_past,
        assignee=viewer.ctx.user if mine else None,
        overdue_on=date.today() if overdue else None,
    )
    views = [to_view({"flag": f, "display_name": f.get("display_name")}) for f in found.flags]
    return Queue(views, found.notice())


QUEUE_CSV_COLUMNS = (
    "flag_id", "person_id", "person", "pattern", "severity", "status", "score", "raised",
    "pending_pairs", "assignee", "due", "summary",
)  # fmt: skip


def export_queue_csv(
    viewer: ViewerGraph,
    pattern_id: str | None = None,
    severity: str | None = None,
    status: str | None = None,
    include_past: bool = False,
) -> str:
    """The review queue as CSV, read again on the server under the agreement with the page's
    filters (never the browser's copy), stamped with its provenance and audited as an
    ``export``."""
    queue = review_queue(viewer, pattern_id, severity, status, include_past)
    rows = [view.as_row() for view in queue.flags]
    viewer.record(
        "export",
        subjects=sorted({row["person_id"] for row in rows}),
        terms={"what": "flags", "pattern_id": pattern_id, "severity": severity, "status": status},
        result_count=len(rows),
    )
    filters = {
        "pattern": pattern_id,
        "severity": severity,
        "status": status,
        "include no longer raised": include_past,
    }
    stamp = provenance_for(viewer, "flags for review", filters)
    return csv_text(rows, QUEUE_CSV_COLUMNS, stamp)


def flag_detail(viewer: ViewerGraph, flag_id: str) -> tuple[FlagView, list[dict[str, Any]]]:
    """One flag the viewer may see, with its evidence and history - status decisions,
    assignments and comments, each with its ``kind``, oldest first;
    opening it is audited (``flag_view``), and so is an attempt at one the agreement withholds."""
    if not isinstance(flag_id, str):
        raise TypeError("a flag id is text")
    row = viewer.read_one("access/flag_visible", flag_id=flag_id)
    if row is None or not row["visible"]:
        viewer.refused("flag_view", flag_id, "flag evidence")
        raise AccessDenied(f"No flag {flag_id} under agreement {viewer.agreement_id}")
    viewer.record("flag_view", subjects=[flag_id, row["person_id"]], result_count=1)
    history = flag_work.history(plain(row))
    view = to_view(row)
    pairs = pending_pairs(viewer, [view.person_id]).get(view.person_id)
    return with_details(viewer, [replace(view, pairs=pairs)])[0], history


def with_details(viewer: ViewerGraph, views: list[FlagView]) -> list[FlagView]:
    """The flags with each evidencing event's description, outcome and narrative notes - or the
    agency's withheld notice where the agreement does not grant the field."""
    ids = sorted({i for v in views for e in v.evidence if (i := _event_id(e))})
    details = event_details(viewer, ids)
    return [
        replace(v, evidence=[e | details.get(_event_id(e) or "", {}) for e in v.evidence])
        for v in views
    ]


def evidence_source(item: dict[str, Any]) -> str:
    """Whose record an evidence item is, in plain words: the agency holding it and the record's
    own id there (what a colleague would quote when ringing that agency)."""
    held = f"held by {agency_name(item.get('agency'))}"
    record = item.get("record_id")
    return f"Record {record} {held}" if record else f"A record {held} (no record id given)"


def _event_id(item: dict[str, Any]) -> str | None:
    """An evidence item's event id (flags keep ``node_id`` and ``kind``, rows ``event_id``)."""
    if item.get("event_id"):
        return item["event_id"]
    return item.get("node_id") if item.get("kind") == "event" else None


def change_status(viewer: ViewerGraph, flag_id: str, to: str, reason: str | None) -> FlagView:
    """Record a review decision as the signed-in user (audited; the flags feature refuses
    illegal moves with a reason; a flag the agreement withholds cannot be reviewed)."""
    return to_view(review_flag(viewer, flag_id, to, reason))


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
        current=flag.get("current") is not False,
        pairs=_pairs(flag),
        assignee=flag.get("assignee"),
        due_date=str(flag.get("due_date") or "")[:10] or None,
    )


def _pairs(flag: dict[str, Any]) -> PersonPairs | None:
    """The pending pairs a flag list read attached to the flag (``read_flags``)."""
    if "pending_pairs" not in flag:
        return None
    return PersonPairs(
        flag.get("person_id") or "",
        [PendingPair(**p) for p in flag.get("pending_pairs") or []],
        int(flag.get("pending_pairs_withheld") or 0),
        flag.get("pending_pairs_agreement") or "",
    )


@dataclass
class HouseholdFlags:
    """Flags whose people share a current address (the Flags page's "Group by household"):
    the address, the people and their flags; ``address_id`` None for the flags whose people
    have no current address the agreement shows."""

    address_id: str | None
    label: str
    people: list[str]
    flags: list[FlagView]


def group_by_household(
    viewer: ViewerGraph, flags: list[FlagView], as_of: date | None = None
) -> list[HouseholdFlags]:
    """``flags`` grouped by the current address (on ``as_of``, default today) their people
    share, as visible records have it: households with the most flagged people first, then the
    flags of people with no current address. A person living at several addresses joins the
    one with most flagged people. Read with the flag list (audited with it)."""
    person_ids = sorted({f.person_id for f in flags})
    rows = viewer.read(
        "access/current_addresses", person_ids=person_ids, as_of=as_of or date.today()
    )
    labels: dict[str, str] = {}
    living: dict[str, set[str]] = {}  # address -> flagged people there
    for row in rows:
        labels[row["address_id"]] = ", ".join(
            x for x in (row.get("address"), row.get("postcode")) if x
        )
        living.setdefault(row["address_id"], set()).add(row["person_id"])
    home: dict[str, str] = {}
    for person_id in person_ids:
        places = [a for a, people in living.items() if person_id in people]
        if places:
            home[person_id] = min(places, key=lambda a: (-len(living[a]), labels[a], a))
    groups: dict[str | None, HouseholdFlags] = {}
    for flag in flags:
        address = home.get(flag.person_id)
        group = groups.setdefault(
            address,
            HouseholdFlags(
                address, labels[address] if address else "No current address recorded", [], []
            ),
        )
        group.flags.append(flag)
        name = flag.person_name or flag.person_id
        if name not in group.people:
            group.people.append(name)
    return sorted(
        groups.values(),
        key=lambda g: (g.address_id is None, -len(g.people), -len(g.flags), g.label),
    )
