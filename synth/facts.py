"""Canonical (true, noise-free) events per household, before any agency renders them.

Background generation and scenario planting both edit these lists; sources only read
them, so each agency's extract is a different view of the same underlying story.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from touchpoint.synth.pools import Org
from touchpoint.synth.population import Address, Person


@dataclass(slots=True)
class Party:
    """A person's part in a police incident, with the address they gave at the time."""

    person: Person
    role: str  # SUBJECT VICTIM SUSPECT WITNESS REPORTER CHILD PRESENT
    address: Address


@dataclass(slots=True)
class Incident:
    ref: str
    kind: str
    when: datetime
    parties: list[Party]
    location: Address
    found: datetime | None = None  # missing-person episodes: when the child was found
    episode: str | None = None  # the police episode reference a missing and its found share
    notes: str | None = None  # the officer's narrative
    hv_notify: bool = True  # domestic abuse: health visiting told about under-fives


@dataclass(slots=True)
class Notification:
    """Operation Encompass: police tell a child's school about a domestic abuse incident."""

    incident: Incident
    child: Person
    school: Org
    sent: datetime


@dataclass(slots=True)
class Appointment:
    person: Person
    when: date
    category: str
    attendance: str  # attended | did_not_attend | was_not_brought


@dataclass(slots=True)
class AeVisit:
    person: Person
    when: datetime
    complaint: str  # injury | self_harm | overdose | other
    hospital: Org
    address: Address
    notes: str | None = None  # clinician's free text


@dataclass(slots=True)
class HvContact:
    """A health visitor's contact with a child beyond the routine schedule (planted)."""

    person: Person
    when: date
    kind: str  # CONTACT | DEVELOPMENT REVIEW | ...
    notes: str


@dataclass(slots=True)
class Enrolment:
    person: Person
    school: Org
    start: date
    end: date | None
    reason: str  # leaving reason ("" while on roll)
    ehe: bool = False


@dataclass(slots=True)
class Exclusion:
    person: Person
    school: Org
    start: date
    permanent: bool
    reason: str
    sessions: int


@dataclass(slots=True)
class Referral:
    """A CSC referral and whatever followed it (assessment, CP plan, visits)."""

    child: Person
    when: date
    source: str
    reason: str
    outcome: str  # NFA | Early Help | Assessment
    members: list[Person]
    assessment: str | None = None  # Child and Family Assessment | Section 47 Enquiry
    assess_start: date | None = None
    assess_end: date | None = None
    plan_start: date | None = None
    plan_end: date | None = None
    category: str | None = None
    visits: list[date] = field(default_factory=list)


@dataclass(slots=True)
class ReturnInterview:
    child: Person
    incident: Incident
    interview: date | None
    status: str  # Completed | Declined | Not offered


@dataclass(slots=True)
class Claim:
    kind: str
    claimant: Person
    partner: Person | None
    start: date
    end: date | None
    sanctions: list[tuple[date, int, str]] = field(default_factory=list)


@dataclass(slots=True)
class ImmigrationEvent:
    person: Person
    kind: str
    when: date
    status: str
    principal: Person | None
    nationality: str


@dataclass(slots=True)
class Tenancy:
    address: Address
    start: date
    end: date | None
    members: list[Person]
    end_reason: str
    eviction: tuple[date, date, date, str] | None = None  # notice, order, evicted, reason


@dataclass(slots=True)
class Homeless:
    applicant: Person
    members: list[Person]
    when: date
    decision: str
    reason: str
    last_address: Address


@dataclass(slots=True)
class Facts:
    incidents: list[Incident] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    ae: list[AeVisit] = field(default_factory=list)
    enrolments: list[Enrolment] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    absence: dict[str, float] = field(default_factory=dict)  # pid -> absence rate
    referrals: list[Referral] = field(default_factory=list)
    returns: list[ReturnInterview] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    immigration: list[ImmigrationEvent] = field(default_factory=list)
    tenancies: list[Tenancy] = field(default_factory=list)
    homeless: list[Homeless] = field(default_factory=list)
    hv_contacts: list[HvContact] = field(default_factory=list)

    def strip(self, person: Person, *kinds: str) -> None:
        """Remove everything of the given kinds about `person` (scenarios need absences)."""
        pid = person.pid
        for kind in kinds:
            items = getattr(self, kind)
            if kind == "incidents":
                for inc in items:
                    inc.parties = [p for p in inc.parties if p.person.pid != pid]
                setattr(self, kind, [i for i in items if i.parties])
            else:
                attr = {"notifications": "child", "referrals": "child", "returns": "child"}.get(
                    kind, "person"
                )
                setattr(self, kind, [i for i in items if getattr(i, attr).pid != pid])

    def school_on(self, child: Person, on: date) -> Org | None:
        for e in self.enrolments:
            if e.person is child and e.start <= on and (e.end is None or on < e.end):
                return e.school
        return None
