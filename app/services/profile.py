"""A person's profile: every agency's record side by side, why they are one person, events.

The subject is a resolved Person or, before entity resolution has linked it, one record
standing alone (``resolved=False``); both render the same way so the page works either way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from app.services.common import agency_name, concern_pairs, plain
from app.services.search import PersonHit, summarise_people
from graph_model.db import Graph
from graph_model.vocabulary import vocabulary

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
    summary: PersonHit
    records: list[AgencyRecord]
    events: list[TimelineEvent]
    places: list[PlaceLink]
    person: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.summary.key


def canonical_key(graph: Graph, key: str) -> str | None:
    """The subject key to show for ``key`` (a record that resolved becomes its Person)."""
    row = graph.read_one("app/canonical_key", key=key)
    return row["key"] if row else None


def load_profile(graph: Graph, key: str) -> PersonProfile | None:
    """Everything the profile page shows for one subject, or None if the key is unknown."""
    canonical = canonical_key(graph, key)
    if canonical is None:
        return None
    summaries = summarise_people(graph, [canonical])
    if not summaries:
        return None
    person = graph.read_one("app/person_node", key=canonical)
    return PersonProfile(
        summary=summaries[0],
        records=[_record(row) for row in graph.read("app/person_records", key=canonical)],
        events=[_event(row) for row in graph.read("app/person_events", key=canonical)],
        places=[PlaceLink(**row) for row in graph.read("app/person_places", key=canonical)],
        person=plain(person["person"]) if person else {},
    )


def parse_evidence(evidence: Any) -> dict[str, Any] | str | None:
    """Resolution evidence is stored as JSON text; show it as a mapping when it parses."""
    if evidence is None or isinstance(evidence, dict):
        return evidence
    try:
        parsed = json.loads(evidence)
    except (TypeError, ValueError):
        return str(evidence)
    return parsed if isinstance(parsed, dict) else str(evidence)


def _record(row: dict[str, Any]) -> AgencyRecord:
    record = plain(row["record"])
    fields = {name: record.get(name) for name, _ in RECORD_FIELDS}
    if not fields["full_name"]:
        parts = (record.get("forename"), record.get("middle_names"), record.get("surname"))
        fields["full_name"] = " ".join(p for p in parts if p) or None
    agency = record.get("source_agency") or ""
    return AgencyRecord(
        record_id=record["record_id"],
        agency=agency,
        agency_name=row["agency_name"] or agency_name(agency),
        source_record_id=record.get("source_record_id"),
        load_run_id=record.get("load_run_id"),
        loaded_at=record.get("loaded_at"),
        fields=fields,
        probability=row["probability"],
        method=row["method"],
        evidence=parse_evidence(row["evidence"]),
    )


def _event(row: dict[str, Any]) -> TimelineEvent:
    category, event_type = row["category"] or "", row["type"] or ""
    return TimelineEvent(
        event_id=row["event_id"],
        date=row["date"],
        end_date=row["end_date"],
        category=category,
        type=event_type,
        agency=row["agency"] or "",
        description=row["description"],
        outcome=row["outcome"],
        roles=[r for r in row["roles"] if r],
        source_record_id=row["source_record_id"],
        place=row["place"],
        concern=[category, event_type] in concern_pairs(),
    )


def is_known_category(category: str) -> bool:
    return category in vocabulary().event_categories
