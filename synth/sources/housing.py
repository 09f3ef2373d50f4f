"""Council housing: tenancies, evictions and homelessness applications (CSV).

Housing systems store a single "SURNAME, Forename" name, dd.mm.yyyy dates and free-text
addresses; household members appear as rows with a relationship to the lead person.
"""

from __future__ import annotations

from datetime import date

from touchpoint.synth.config import ddmmyyyy
from touchpoint.synth.population import Household, Person, relationship
from touchpoint.synth.sources import Source
from touchpoint.synth.writers import CsvSink, Sink

TENANCY_COLUMNS = (
    "Tenancy Ref",
    "Person No",
    "Relationship To Lead",
    "Full Name",
    "Date of Birth",
    "Property Address",
    "Post Code",
    "Tenancy Start",
    "Tenancy End",
    "End Reason",
)
EVICTION_COLUMNS = (
    "Case Ref",
    "Tenancy Ref",
    "Lead Tenant Name",
    "Notice Served",
    "Possession Order",
    "Eviction Date",
    "Reason",
)
HOMELESS_COLUMNS = (
    "Application Ref",
    "Person No",
    "Relationship To Applicant",
    "Full Name",
    "Date of Birth",
    "Last Settled Address",
    "Post Code",
    "Application Date",
    "Reason",
    "Decision",
)


def _d(d: date | None) -> str:
    return ddmmyyyy(d, ".")


def _rel(lead: Person, m: Person) -> str:
    if m is lead:
        return "Lead"
    rel = relationship(lead, m)
    if rel == "partner":
        return "Partner"
    if rel == "child":
        return "Son" if m.sex == "M" else "Daughter"
    if rel == "grandchild":
        return "Grandchild"
    return "Other household member"


class HousingSource(Source):
    def open(self) -> list[Sink]:
        self.tenancies = CsvSink(self.root, "housing/tenancies.csv", TENANCY_COLUMNS)
        self.evictions = CsvSink(self.root, "housing/evictions.csv", EVICTION_COLUMNS)
        self.homeless = CsvSink(self.root, "housing/homelessness.csv", HOMELESS_COLUMNS)
        return [self.tenancies, self.evictions, self.homeless]

    def _name(self, p: Person, on: date) -> str:
        v = self.noise.records("housing", p, dup=False)[0]
        return f"{self.noise.surname(p, v, on).upper()}, {v.first}"

    def _dob(self, p: Person) -> str:
        v = self.noise.records("housing", p, dup=False)[0]
        return "" if self.world.rng.random() < self.noise.cfg.dob_missing / 2 else _d(v.dob)

    def emit(self, hh: Household) -> None:
        assert hh.facts is not None
        nid = self.world.next_id
        for t in hh.facts.tenancies:
            ref = f"T{nid('tenancy'):07d}"
            lead = t.members[0]
            addr = self.noise.address_line(t.address)
            for i, m in enumerate(t.members, start=1):
                self.tenancies.add(
                    (
                        ref,
                        i,
                        _rel(lead, m),
                        self._name(m, t.start),
                        self._dob(m),
                        addr,
                        self.noise.postcode(t.address.postcode),
                        _d(t.start),
                        _d(t.end),
                        t.end_reason,
                    )
                )
                self.label("housing.tenancies", f"{ref}|{i}", m)
            if t.eviction is not None:
                notice, order, evicted, reason = t.eviction
                cref = f"EV{nid('eviction'):06d}"
                self.evictions.add(
                    (
                        cref,
                        ref,
                        self._name(lead, notice),
                        _d(notice),
                        _d(order),
                        _d(evicted),
                        reason,
                    )
                )
                self.label("housing.evictions", cref, lead)
        for h in hh.facts.homeless:
            ref = f"HA{nid('homeless'):07d}"
            for i, m in enumerate(h.members, start=1):
                self.homeless.add(
                    (
                        ref,
                        i,
                        _rel(h.applicant, m).replace("Lead", "Applicant"),
                        self._name(m, h.when),
                        self._dob(m),
                        self.noise.address_line(h.last_address),
                        self.noise.postcode(h.last_address.postcode),
                        _d(h.when),
                        h.reason,
                        h.decision,
                    )
                )
                self.label("housing.homelessness", f"{ref}|{i}", m)
