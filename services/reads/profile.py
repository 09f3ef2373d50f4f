"""A person's profile: every agency's record side by side, why they are one person, events.

The subject is a resolved Person or, before entity resolution has linked it, one record
standing alone (``resolved=False``); both render the same way so the page works either way.

Everything is read through the signed-in user's ``ViewerGraph`` with the ``cypher/access/person_*``
queries: only records and events of agencies (and event types) the sharing agreement shows,
detail fields it does not grant replaced by a label saying what is withheld - the field on a
record ("NHS number withheld"), the event kind once per event ("Gp appointment details
withheld"), never a guess at the content - and the count of what was left out (``Withheld``)
so the page says so. Opening a profile needs a recorded purpose (``PurposeRequired``
otherwise) and is audited as ``person_view``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from touchpoint.graph_model.access.notices import Withheld, WithheldPart
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.vocabulary import vocabulary
from touchpoint.services.reads.common import agency_name, humanise, risk_basis, risk_level
from touchpoint.services.reads.identity import PersonPairs, pending_pairs

#: Record fields shown side by side, in this order, with their labels.
RECORD_FIELDS = (
    ("full_name", "Name"),
    ("aliases", "Aliases"),
    ("dob", "Date of birth"),
    ("sex", "Sex"),
    ("postcode", "Postcode"),
    ("nhs_number", "NHS number"),
    ("ni_number", "NI number"),
    ("upn", "UPN"),
    ("phone", "Phone"),
)


@dataclass(frozen=True)
class AgencyRecord:
    record_id: str
    agency: str
    agency_name: str
    source_record_id: str | None
    load_run_id: str | None
    loaded_at: str | None
    fields: dict[str, Any]
    probability: float | None
    method: str | None
    evidence: dict[str, Any] | str | None


@dataclass(frozen=True)
class TimelineEvent:
    event_id: str
    date: str | None
    end_date: str | None
    category: str
    type: str
    agency: str
    description: str | None
    outcome: str | None
    roles: list[str]
    source_record_id: str | None
    place: str | None
    concern: bool
    notes: str | None = None  # narrative text, or the agency's withheld notice
    load_run_id: str | None = None
    withheld_fields: tuple[str, ...] = ()  # detail fields the agreement withheld on this event
    contributed: str | None = None  # the agency's own detail in words (sessions, outcome)


@dataclass(frozen=True)
class PlaceLink:
    rel_type: str
    place_key: str
    place_name: str
    postcode: str | None
    date_from: str | None
    date_to: str | None
    agency: str
    record_id: str


@dataclass
class PersonProfile:
    key: str
    resolved: bool
    records: list[AgencyRecord]
    events: list[TimelineEvent]
    places: list[PlaceLink]
    withheld: Withheld
    display_name: str | None = None
    pairs: PersonPairs | None = None  # pending match pairs: records that may be this person

    @property
    def name(self) -> str:
        """The Person's display name if a visible record carries it, else the commonest."""
        if self.display_name:
            return self.display_name
        names = Counter(r.fields["full_name"] for r in self.records if r.fields.get("full_name"))
        return names.most_common(1)[0][0] if names else "(no name recorded)"

    @property
    def dob(self) -> str | None:
        return _first(r.fields.get("dob") for r in self.records)

    @property
    def sex(self) -> str | None:
        return _first(r.fields.get("sex") for r in self.records)

    @property
    def agencies(self) -> list[str]:
        return sorted({r.agency for r in self.records if r.agency})

    @property
    def concerns(self) -> int:
        return sum(1 for e in self.events if e.concern)

    def risk(self, open_flags: int, top_flag: str | None = None) -> str:
        """The badge's band: at least the highest open flag's severity (``top_flag``)."""
        return risk_level(self.concerns, open_flags, top_flag)

    def risk_basis(self, open_flags: int, top_flag: str | None = None) -> str:
        return risk_basis(self.concerns, open_flags, top_flag)


def canonical_key(viewer: ViewerGraph, key: str) -> dict[str, Any] | None:
    """The subject ``key`` to show for ``key``, whether it is ``resolved`` (a visible record
    that resolved becomes its Person) and its ``display_name`` if a visible record carries it;
    None when nothing visible answers to ``key``."""
    return viewer.read_one("access/canonical_key", key=key)


def load_profile(viewer: ViewerGraph, key: str) -> PersonProfile | None:
    """Everything the profile page shows for one subject under the viewer's agreement, or None
    if nothing visible answers to ``key``. Raises ``PurposeRequired`` without a purpose."""
    found = canonical_key(viewer, key)
    if found is None:
        viewer.refused("person_view", key, "profile")  # an attempt is evidence too
        return None
    canonical = found["key"]
    records = viewer.read("access/person_records", key=canonical)  # audited: person_view
    if not records:
        return None
    counts = viewer.read_one("access/person_withheld", key=canonical) or {}
    return PersonProfile(
        key=canonical,
        resolved=found["resolved"],
        display_name=found["display_name"],
        records=[_record(row) for row in records],
        events=[_event(row) for row in viewer.read("access/person_events", key=canonical)],
        places=[PlaceLink(**row) for row in viewer.read("access/person_places", key=canonical)],
        withheld=withheld_by_agency(
            viewer, [canonical], counts.get("records", 0), counts.get("events", 0)
        ),
        pairs=pending_pairs(viewer, [canonical]).get(canonical) if found["resolved"] else None,
    )


def withheld_by_agency(
    viewer: ViewerGraph, keys: list[str], records: int = 0, events: int = 0
) -> Withheld:
    """What the agreement withholds about ``keys``, by agency and reason, in agency records:
    the one notice the profile, the explorer and the connections page show (never content)."""
    rows = viewer.read("access/withheld_by_agency", keys=[k for k in keys if isinstance(k, str)])
    parts = [
        WithheldPart(row["agency"], agency_name(row["agency"]), row["reason"], row["records"])
        for row in rows
    ]
    return Withheld(viewer.agreement_id, records, events, parts=parts, role=viewer.ctx.role)


def parse_evidence(evidence: Any) -> dict[str, Any] | str | None:
    """Resolution evidence is stored as JSON text; show it as a mapping when it parses."""
    if evidence is None or isinstance(evidence, dict):
        return evidence
    try:
        parsed = json.loads(evidence)
    except (TypeError, ValueError):
        return str(evidence)
    return parsed if isinstance(parsed, dict) else str(evidence)


def withheld_label(field: str) -> str:
    """What a masked record field says: which field is withheld ("NHS number withheld") - not
    the agency's notice, which would read the same for an identifier and a diagnosis."""
    return f"{dict(RECORD_FIELDS).get(field, humanise(field))} withheld"


_ACRONYMS = {"ae": "A&E", "gp": "GP", "cs": "CS", "cp": "CP", "ehe": "EHE"}


def event_withheld_label(category: str, event_type: str) -> str:
    """What a masked event says, once: the kind of event whose details are withheld
    ("A&E attendance details withheld") - never the agency's notice on every field."""
    return f"{event_kind(category, event_type)} details withheld"


def event_kind(category: str, event_type: str) -> str:
    """The kind of event in words ("A&E attendance", "CS referral")."""
    words = [_ACRONYMS.get(w, w) for w in (category or event_type or "event").split("_")]
    kind = " ".join(words)
    return f"{kind[:1].upper()}{kind[1:]}"


def _record(row: dict[str, Any]) -> AgencyRecord:
    fields = {name: row.get(name) for name, _ in RECORD_FIELDS}
    for name in row.get("withheld_fields") or ():
        fields[name] = withheld_label(name)
    if not fields["full_name"]:
        parts = (row.get("forename"), row.get("middle_names"), row.get("surname"))
        fields["full_name"] = " ".join(p for p in parts if p) or None
    agency = row.get("agency") or ""
    return AgencyRecord(
        record_id=row["record_id"],
        agency=agency,
        agency_name=row["agency_name"] or agency_name(agency),
        source_record_id=row.get("source_record_id"),
        load_run_id=row.get("load_run_id"),
        loaded_at=row.get("loaded_at"),
        fields=fields,
        probability=row["probability"],
        method=row["method"],
        evidence=parse_evidence(row["evidence"]),
    )


def contributed_detail(
    category: str, event_type: str, sessions: dict[str, Any] | None, outcome: str | None
) -> str | None:
    """What the agency itself recorded, in plain words rather than a bare category: a term's
    attendance ("School attendance: 142 of 180 sessions (79%)") or an outcome ("Police
    incident: outcome - no further action"). None when the agreement withheld it."""
    if sessions and sessions.get("possible"):
        possible = int(sessions["possible"])
        missed = int(sessions.get("authorised") or 0) + int(sessions.get("unauthorised") or 0)
        attended = max(possible - missed, 0)
        share = round(100 * attended / possible)
        return f"School attendance: {attended} of {possible} sessions ({share}%)"
    if outcome:
        return f"{event_kind(category, event_type)}: outcome - {outcome}"
    return None


def unsaid_outcome(contributed: str | None, outcome: str | None) -> str | None:
    """The outcome to show beside the contributed words: None when they already say it."""
    if contributed and outcome and contributed.endswith(f"outcome - {outcome}"):
        return None
    return outcome


def _event(row: dict[str, Any]) -> TimelineEvent:
    category, event_type = row["category"] or "", row["type"] or ""
    masked = tuple(row.get("withheld_fields") or ())
    texts = {f: row.get(f) for f in ("description", "outcome", "notes")}
    label = event_withheld_label(category, event_type)
    for name in ("description", "outcome", "notes"):  # the label once, never repeated
        if name in masked:
            texts[name] = None if label in texts.values() else label
    return TimelineEvent(
        event_id=row["event_id"],
        date=row["date"],
        end_date=row["end_date"],
        category=category,
        type=event_type,
        agency=row["agency"] or "",
        description=texts["description"],
        outcome=texts["outcome"],
        roles=[r for r in row["roles"] if r],
        source_record_id=row["source_record_id"],
        place=row["place"],
        concern=vocabulary().is_concern(category, event_type),
        notes=texts["notes"],
        load_run_id=row.get("load_run_id"),
        withheld_fields=masked,
        contributed=contributed_detail(
            category,
            event_type,
            row.get("sessions"),
            None if "outcome" in masked else row.get("outcome"),
        ),
    )


def _first(values: Any) -> Any:
    return next((v for v in values if v), None)
