"""Match review: candidate pairs of agency records that entity resolution was unsure about.

Read through the signed-in viewer (``resolution.review.list_pairs``): a pair is listed only
when the agreement shows both records, the rest are counted ("3 pairs withheld under agreement
X"). A decision is recorded as the signed-in user and audited (``review_decide``); it takes
effect at the next resolution run, scheduled or by hand, which never overrides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from touchpoint.graph_model.access.notices import withheld_notice
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.resolution.explain import reasons
from touchpoint.graph_model.resolution.review import decide_pair_as, list_pairs

STATUSES = ("pending", "decided")
QUEUE_LIMIT = 200
COMPARED = (
    ("Forename", "forename"),
    ("Surname", "surname"),
    ("Date of birth", "dob"),
    ("Postcode", "postcode"),
    ("Agency", "source_agency"),
    ("Record", "record_id"),
)


@dataclass
class PairQueue:
    """The pairs a viewer may decide, and the notice for those the agreement withheld."""

    pairs: list[dict[str, Any]]
    notice: str | None

    def rows(self) -> list[dict[str, Any]]:
        """One table row per pair: both records in brief, the probability, the decision."""
        return [
            {
                "pair_id": p["pair_id"],
                "probability": round(float(p["probability"]), 3),
                "record_a": brief(p["a"]),
                "record_b": brief(p["b"]),
                "decision": p.get("decision") or "",
            }
            for p in self.pairs
        ]


def review_queue(viewer: ViewerGraph, status: str = "pending") -> PairQueue:
    """Pairs in ``status``, most probable first, under the viewer's agreement (audited)."""
    if status not in STATUSES:
        raise ValueError(f"Unknown review status {status!r}; one of {', '.join(STATUSES)}")
    pairs, withheld = list_pairs(viewer, status=status, limit=QUEUE_LIMIT)
    return PairQueue(pairs, withheld_notice(withheld, "pair", viewer.agreement_id))


def brief(record: dict[str, Any]) -> str:
    """'Alice Smith, 1990-03-14 (police)' - enough to tell the two records apart."""
    name = " ".join(x for x in (record.get("forename"), record.get("surname")) if x) or "?"
    return f"{name}, {record.get('dob') or 'dob unknown'} ({record.get('source_agency')})"


def side_by_side(pair: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """(label, record A's value, record B's value, whether they agree) per compared field."""
    rows = []
    for label, key in COMPARED:
        a, b = pair["a"].get(key) or "", pair["b"].get(key) or ""
        rows.append((label, str(a), str(b), bool(a) and a == b))
    return rows


def evidence_lines(pair: dict[str, Any]) -> list[str]:
    """Per comparison, the level reached and its match weight, strongest first."""
    return reasons(pair.get("evidence") or {})


def decide(viewer: ViewerGraph, pair_id: str, decision: str, note: str | None) -> str:
    """Confirm or reject as the signed-in user; returns the decision id."""
    return decide_pair_as(viewer, pair_id, decision, (note or "").strip() or None)
