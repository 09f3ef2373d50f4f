"""A tiny DSL for hand-built test graphs, written through ``Graph`` with a saved fixture query.

Tests describe people, their agency records and events in a few lines; ``flush`` writes them
in one transaction with ``tests/fixtures/cypher/small_graph.cypher``. Ids are stable and
readable (``e-police-3``), so assertions can name the evidence they expect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query, parse_cypher_file

FIXTURE = Path(__file__).parents[1] / "fixtures" / "cypher" / "small_graph.cypher"
AS_OF = date(2026, 6, 1)


def years_ago(n: float, as_of: date = AS_OF) -> date:
    return as_of - timedelta(days=round(n * 365.25))


def days_ago(n: int, as_of: date = AS_OF) -> date:
    return as_of - timedelta(days=n)


@dataclass
class World:
    """Accumulates nodes and relationships, then writes them all at once."""

    persons: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    involvements: list[dict[str, Any]] = field(default_factory=list)
    addresses: list[dict[str, Any]] = field(default_factory=list)
    orgs: list[dict[str, Any]] = field(default_factory=list)
    lives_at: list[dict[str, Any]] = field(default_factory=list)
    enrolments: list[dict[str, Any]] = field(default_factory=list)
    registrations: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    occurred_at: list[dict[str, Any]] = field(default_factory=list)
    review_pairs: list[dict[str, Any]] = field(default_factory=list)
    _serial: int = 0

    def _next(self) -> int:
        self._serial += 1
        return self._serial

    def person(self, person_id: str, dob: date, **props: Any) -> str:
        self.persons.append(
            {"person_id": person_id, "dob": dob, "display_name": person_id.title(), **props}
        )
        return person_id

    def record(self, person_id: str, agency: str) -> str:
        """The person's record at ``agency`` (created once, then reused)."""
        record_id = f"rec-{agency}-{person_id}"
        if not any(r["props"]["record_id"] == record_id for r in self.records):
            props = {
                "record_id": record_id,
                "source_agency": agency,
                "source_record_id": f"{agency.upper()}-{person_id}",
            }
            self.records.append({"person_id": person_id, "source_agency": agency, "props": props})
        return record_id

    def event(
        self,
        people: str | list[tuple[str, str]],
        agency: str,
        category: str,
        type_: str,
        when: date,
        role: str = "subject",
        **props: Any,
    ) -> str:
        """An event recorded by ``agency``; ``people`` is one person or [(person, role), …]."""
        event_id = f"e-{agency}-{self._next()}"
        self.events.append(
            {
                "event_id": event_id,
                "category": category,
                "type": type_,
                "date": when,
                "source_agency": agency,
                "source_record_id": f"{agency.upper()}-EV-{self._serial}",
                **props,
            }
        )
        parties = [(people, role)] if isinstance(people, str) else people
        for person_id, party_role in parties:
            self.involvements.append(
                {
                    "record_id": self.record(person_id, agency),
                    "event_id": event_id,
                    "role": party_role,
                }
            )
        return event_id

    def address(self, address_id: str) -> str:
        if not any(a["address_id"] == address_id for a in self.addresses):
            self.addresses.append({"address_id": address_id, "postcode": "LS1 1AA"})
        return address_id

    def org(self, org_id: str, kind: str) -> str:
        if not any(o["org_id"] == org_id for o in self.orgs):
            self.orgs.append({"org_id": org_id, "kind": kind, "name": org_id})
        return org_id

    def lives(
        self,
        person_id: str,
        address_id: str,
        agency: str = "housing",
        start: date | None = None,
        end: date | None = None,
    ) -> None:
        self.address(address_id)
        self.lives_at.append(
            {
                "record_id": self.record(person_id, agency),
                "address_id": address_id,
                "from": start,
                "to": end,
            }
        )

    def enrol(
        self,
        person_id: str,
        school: str,
        start: date | None = None,
        end: date | None = None,
        agency: str = "schools",
    ) -> None:
        self.org(school, "school")
        self.enrolments.append(
            {
                "record_id": self.record(person_id, agency),
                "org_id": school,
                "from": start,
                "to": end,
            }
        )

    def register_gp(
        self,
        person_id: str,
        practice: str = "gp-1",
        start: date | None = None,
        end: date | None = None,
    ) -> None:
        self.org(practice, "gp_practice")
        self.registrations.append(
            {
                "record_id": self.record(person_id, "gp"),
                "org_id": practice,
                "from": start,
                "to": end,
            }
        )

    def relate(self, a: str, b: str, relation: str, agency: str = "social_care") -> None:
        self.relations.append(
            {
                "from_record": self.record(a, agency),
                "to_record": self.record(b, agency),
                "relation": relation,
            }
        )

    def at(self, event_id: str, address_id: str) -> None:
        self.address(address_id)
        self.occurred_at.append({"event_id": event_id, "address_id": address_id})

    def pending_pair(
        self, a: str, agency_a: str, b: str, agency_b: str, probability: float = 0.6
    ) -> str:
        """A pending match pair between ``a``'s record at ``agency_a`` and ``b``'s at ``agency_b``
        (the review queue's "may be the same person"); the records are created if need be."""
        pair_id = f"pair-{a}-{b}"
        self.review_pairs.append(
            {
                "pair_id": pair_id,
                "record_a": self.record(a, agency_a),
                "record_b": self.record(b, agency_b),
                "probability": probability,
            }
        )
        return pair_id

    def flush(self, graph: Graph) -> None:
        query = parse_cypher_file(FIXTURE, "fixtures/small_graph")
        graph.write(
            query,
            **{name: getattr(self, name) for name in query.params},
        )


NAMED_RECORDS = Query(
    name="tests/named_records",
    text="MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person) "
    "SET r.full_name = p.display_name, r.dob = p.dob",
    meta={"params": []},
)


def name_records(graph: Graph) -> None:
    """Give every record its person's name and date of birth, as agency records carry them.

    The small world keeps both on the Person only; a viewer's reads name people from the
    records they may see, never from the resolved Person, so tests of those reads call this."""
    graph.write(NAMED_RECORDS)
