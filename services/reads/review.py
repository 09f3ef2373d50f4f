"""Match review: candidate pairs of agency records that entity resolution was unsure about.

Read through the signed-in viewer (``resolution.review.list_pairs``): a pair is listed only
when the agreement shows both records, the rest are counted ("3 pairs withheld under agreement
X"); an identifier the agreement does not grant comes back null and named, never its value.
A person's pairs are listed together, each with the open flags on either side a decision
would bring together or keep apart. A decision (same person, different people, or not sure -
ask the agency, which puts the pair on the waiting list) is recorded as the signed-in user
and audited (``review_decide``); the next resolution run applies it and never overrides it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from touchpoint.graph_model.access.notices import withheld_notice
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.resolution.review import decide_pair_as, list_pairs
from touchpoint.services.reads import identity
from touchpoint.services.reads.common import humanise
from touchpoint.services.reads.review_compare import CompareRow, compare, evidence_lines

#: The lists a pair can be on: to decide, waiting for an agency's answer, decided.
STATUSES = ("pending", "waiting", "decided")
STATUS_LABELS = {
    "pending": "To decide",
    "waiting": "Waiting for the agency",
    "decided": "Decided",
}
DECISION_LABELS = {
    "confirm": "Same person",
    "reject": "Different people",
    "unsure": "Not sure - asked the agency",
}
QUEUE_LIMIT = 200


@dataclass
class PairQueue:
    """The pairs a viewer may decide, and the notice for those the agreement withheld."""

    pairs: list[dict[str, Any]]
    notice: str | None

    def rows(self) -> list[dict[str, Any]]:
        """One table row per pair, a person's pairs together (see ``group_pairs``): the
        record they are grouped by, both records in brief, the match score, the decision."""
        return [
            {
                "pair_id": p["pair_id"],
                "group": p["group_label"],
                "score": round(float(p["probability"]) * 100),
                "record_a": brief(p["a"]),
                "record_b": brief(p["b"]),
                "decision": DECISION_LABELS.get(p.get("decision") or "", ""),
            }
            for p in self.pairs
        ]


def review_queue(viewer: ViewerGraph, status: str = "pending") -> PairQueue:
    """Pairs in ``status``, most probable first, under the viewer's agreement (audited)."""
    if status not in STATUSES:
        raise ValueError(f"Unknown review status {status!r}; one of {', '.join(STATUSES)}")
    pairs, withheld = list_pairs(viewer, status=status, limit=QUEUE_LIMIT)
    for pair in pairs:
        pair["agreement"] = viewer.agreement_id  # a withheld field names it
    return PairQueue(group_pairs(pairs), withheld_notice(withheld, "pair", viewer.agreement_id))


def side_key(record: dict[str, Any]) -> str:
    """Who a side of a pair is: the person its record resolves to, else the record."""
    return record.get("person_id") or record["record_id"]


def group_pairs(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pairs reordered so a person's (or record's) pairs sit together, each tagged with the
    side it is grouped by (``group_key``, ``group_label``): the side in the most pairs, so a
    record with three candidates is weighed once, against all three. Groups keep the order
    of their most probable pair; within a group, most probable first."""
    counts = Counter(side_key(p[s]) for p in pairs for s in ("a", "b"))
    groups: dict[str, list[dict[str, Any]]] = {}
    for pair in pairs:  # already most probable first
        side = max(("a", "b"), key=lambda s: (counts[side_key(pair[s])], s == "a"))
        key = side_key(pair[side])
        many = counts[key]
        label = f"{_who(pair[side])} ({many} possible matches)" if many > 1 else _who(pair[side])
        groups.setdefault(key, []).append(pair | {"group_key": key, "group_label": label})
    return [pair for members in groups.values() for pair in members]


def _who(record: dict[str, Any]) -> str:
    name = record.get("person_name") or " ".join(
        x for x in (record.get("forename"), record.get("surname")) if x
    )
    return name or record["record_id"]


@dataclass
class OtherPairs:
    """A pair's sides' other undecided pairs, and how many the agreement withheld."""

    pairs: list[dict[str, Any]]
    notice: str | None


def other_pairs(
    viewer: ViewerGraph, pair: dict[str, Any], listed: list[dict[str, Any]]
) -> OtherPairs:
    """Everything else either side of ``pair`` may be: every undecided pair (to decide, or
    waiting for the agency) of either record or of any record of the person it resolves to,
    whether on the list on screen or not (the queue shows the most probable
    ``QUEUE_LIMIT``), under the agreement; when the list on screen is of decided pairs, its
    other decisions about the same people too. Audited as ``review_others``: it names
    records the queue may not have shown."""
    sides = [pair["a"], pair["b"]]
    row = (
        viewer.read_one(
            "access/review_others",
            record_ids=[s["record_id"] for s in sides],
            person_ids=[s["person_id"] for s in sides if s.get("person_id")],
        )
        or {}
    )
    found = {p["pair_id"]: _as_listed(p) for p in row.get("pairs") or []}
    for other in _listed_with(pair, listed):
        found.setdefault(other["pair_id"], other | {"label": _listed_label(other)})
    found.pop(pair["pair_id"], None)
    shown = list(found.values())
    if shown:
        subjects = sorted({r for p in shown for r in (p["a"]["record_id"], p["b"]["record_id"])})
        viewer.record("review_others", subjects=subjects, pair=pair["pair_id"])
    withheld = int(row.get("withheld") or 0)
    return OtherPairs(shown, withheld_notice(withheld, "pair", viewer.agreement_id))


def _as_listed(row: dict[str, Any]) -> dict[str, Any]:
    label = identity.PendingPair(
        row["pair_id"], row["probability"], row["a"], row["b"], row["b"].get("person_id"),
        row["status"], row["asked_by"], row["asked_on"],
    ).label()  # fmt: skip
    return {**row, "probability": float(row["probability"] or 0.0), "label": label}


def _listed_label(pair: dict[str, Any]) -> str:
    """'Decided - Different people', or the list it is on ('To decide')."""
    decision = DECISION_LABELS.get(pair.get("decision") or "")
    if pair["status"] == "decided" and decision:
        return f"Decided - {decision}"
    return STATUS_LABELS.get(pair["status"], pair["status"])


def _listed_with(pair: dict[str, Any], listed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The listed pairs sharing a side with ``pair`` (a side is its person, else its record)."""
    mine = {side_key(pair["a"]), side_key(pair["b"])}
    return [
        {**p, "status": p.get("status") or "pending"}
        for p in listed
        if p["pair_id"] != pair["pair_id"] and mine & {side_key(p["a"]), side_key(p["b"])}
    ]


def affected_flags(pair: dict[str, Any]) -> list[dict[str, Any]]:
    """The open flags on either side (those the agreement shows): a merge would put them on
    one person - where two halves may explain each other - and keeping apart leaves them
    split. Read with the pair, from the flags already raised; nothing is re-run."""
    return [
        {
            "side": side,
            "person_id": pair[side].get("person_id"),
            "who": _who(pair[side]),
            "title": flag.get("title") or humanise(flag.get("pattern_id")),
            "severity": humanise(flag.get("severity")),
            "summary": flag.get("summary") or "",
        }
        for side in ("a", "b")
        for flag in pair[side].get("flags") or []
    ]


def brief(record: dict[str, Any]) -> str:
    """'Alice Smith, 1990-03-14 (police)' - enough to tell the two records apart."""
    name = " ".join(x for x in (record.get("forename"), record.get("surname")) if x) or "?"
    return f"{name}, {record.get('dob') or 'dob unknown'} ({record.get('source_agency')})"


def side_by_side(pair: dict[str, Any]) -> list[CompareRow]:
    """Every identifying field of both records, each marked same / different / withheld."""
    return compare(pair)


def evidence(pair: dict[str, Any]) -> list[tuple[str, str]]:
    """The evidence in words, strongest first, each with its match weight."""
    return evidence_lines(pair.get("evidence") or {})


def decide(viewer: ViewerGraph, pair_id: str, decision: str, note: str | None) -> str:
    """Confirm, reject or mark unsure ("ask the agency") as the signed-in user; returns the
    decision id. An unsure pair moves to the waiting list and is decided later the same way."""
    return decide_pair_as(viewer, pair_id, decision, (note or "").strip() or None)
