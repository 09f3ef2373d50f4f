"""What goes with a flag wherever it is shown: the person's undecided match pairs ("this may
be the same person as …") and the detail of its evidence (notes, under the agreement).

Entity resolution sends the pairs it is unsure of to the review queue; until a person decides,
the two halves of a split identity are two people, each with half the story. Wherever a person
is shown with flags (profile, Flags page, ``patterns flags``), the pairs waiting on them are
shown too, so no one acts on half a story without knowing the other half may exist - both the
pairs still to decide (``pending``) and those a reviewer was not sure of and asked the agency
about (``waiting``), labelled apart. Read under the viewer's agreement (a pair whose records it
does not show is counted, not shown, whatever its status).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from touchpoint.graph_model.access.notices import withheld_notice
from touchpoint.graph_model.access.viewer import ViewerGraph

#: An undecided pair's status, in words (``waiting``: the reviewer asked the agency).
PAIR_STATUS_LABELS = {
    "pending": "Waiting for a decision",
    "waiting": "Waiting for the agency",
}


def waiting_label(asked_by: str | None, asked_on: str | None) -> str:
    """ "Waiting for the agency (asked by asha on 2026-12-01)", as far as it is known."""
    asked = " ".join(
        x
        for x in (
            f"by {asked_by}" if asked_by else "",
            f"on {asked_on}" if asked_on and asked_on != "None" else "",
        )
        if x
    )
    text = PAIR_STATUS_LABELS["waiting"]
    return f"{text} (asked {asked})" if asked else text


@dataclass(frozen=True)
class PendingPair:
    """One undecided pair: this person's record and the other record, still to decide
    (``pending``) or waiting for the agency's answer (``waiting``: who asked, on which day)."""

    pair_id: str
    probability: float | None
    record: dict[str, Any]
    other: dict[str, Any]
    other_person_id: str | None
    status: str = "pending"
    asked_by: str | None = None
    asked_on: str | None = None

    @property
    def waiting(self) -> bool:
        return self.status == "waiting"

    def label(self) -> str:
        """ "Waiting for the agency (asked by asha on 2026-12-01)" or "Waiting for a decision"."""
        if not self.waiting:
            return PAIR_STATUS_LABELS.get(self.status, self.status)
        return waiting_label(self.asked_by, self.asked_on)

    def describe(self) -> str:
        """ "hospital record RX1-123 (Kai Smith, 2021-03-04) - 72%" """
        o = self.other
        name = " ".join(x for x in (o.get("forename"), o.get("surname")) if x) or "no name"
        born = f", {o['dob']}" if o.get("dob") and o["dob"] != "None" else ""
        chance = f" - {self.probability:.0%}" if self.probability is not None else ""
        return f"{o.get('source_agency')} record {o.get('source_record_id')} ({name}{born}){chance}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "pair_id": self.pair_id,
            "probability": self.probability,
            "record": self.record,
            "other": self.other,
            "other_person_id": self.other_person_id,
            "status": self.status,
            "asked_by": self.asked_by,
            "asked_on": self.asked_on,
        }


@dataclass
class PersonPairs:
    """A person's undecided pairs the agreement shows, and how many it withheld."""

    person_id: str
    pairs: list[PendingPair] = field(default_factory=list)
    withheld: int = 0
    agreement: str = ""

    @property
    def pending(self) -> list[PendingPair]:
        """The pairs still to decide on the Matches page."""
        return [p for p in self.pairs if not p.waiting]

    @property
    def waiting(self) -> list[PendingPair]:
        """The pairs a reviewer was not sure of: asked the agency, waiting for its answer."""
        return [p for p in self.pairs if p.waiting]

    def notice(self) -> str | None:
        # pending or waiting alike: the notice counts what it withholds, and says no more
        return withheld_notice(self.withheld, "possible match pair", self.agreement)

    @property
    def any(self) -> bool:
        return bool(self.pairs or self.withheld)

    def sentence(self) -> str | None:
        """What a flag or profile says about the pairs, or None when there are none."""
        if not self.any:
            return None
        shown = len(self.pairs) + self.withheld
        plural = "s" if shown != 1 else ""
        if not self.waiting:
            return (
                f"{shown} pending match pair{plural}: records that may be this same person "
                "are waiting for review, and may explain or change this"
            )
        return (
            f"{shown} possible match pair{plural} ({len(self.waiting)} waiting for the agency): "
            "records that may be this same person are waiting for review or for an agency's "
            "answer, and may explain or change this"
        )


def pending_pairs(viewer: ViewerGraph, person_ids: list[str]) -> dict[str, PersonPairs]:
    """Each person's undecided match pairs - pending, and waiting for the agency - under the
    viewer's agreement (people without any are left out)."""
    ids = sorted({p for p in person_ids if p})
    if not ids:
        return {}
    rows = viewer.read("access/pending_pairs", person_ids=ids)
    return {
        row["person_id"]: PersonPairs(
            row["person_id"],
            [PendingPair(**pair) for pair in row["pairs"] or []],
            int(row["withheld"] or 0),
            viewer.agreement_id,
        )
        for row in rows
    }


def event_details(viewer: ViewerGraph, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Description, outcome, notes and load run of events, under the agreement (withheld
    fields carry the agency's notice), by event id - to show with evidence."""
    if not event_ids:
        return {}
    rows = viewer.read("access/event_details", event_ids=list(event_ids))
    return {row["event_id"]: {k: v for k, v in row.items() if v is not None} for row in rows}


def related_ids(found: dict[str, PersonPairs]) -> list[str]:
    """The other people and records the pairs show (for the audit of the read they go with)."""
    return sorted(
        {
            x
            for pairs in found.values()
            for pair in pairs.pairs
            for x in (pair.other_person_id, pair.other.get("record_id"))
            if x
        }
    )
