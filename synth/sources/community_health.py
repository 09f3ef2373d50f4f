"""Community health (health visiting): one CSV row per contact with a child under five.

The Healthy Child Programme schedule gives every baby a new-birth visit and development
reviews at one and two years; police notify health visiting of domestic abuse in a household
with an under-five (unless a scenario planted the failure); scenarios add contacts with a
health visitor's notes. Each row is re-keyed (ContactId), like A&E, with the child's details as
the health visitor recorded them.
"""

from __future__ import annotations

from datetime import date, timedelta

from touchpoint.synth.config import AS_OF, START, ddmmyyyy
from touchpoint.synth.population import Household, Person
from touchpoint.synth.sources import Source
from touchpoint.synth.writers import CsvSink, Sink

COLUMNS = (
    "ContactId",
    "NHSNumber",
    "ChildForename",
    "ChildSurname",
    "ChildDOB",
    "Sex",
    "AddressLine1",
    "Postcode",
    "ContactDate",
    "ContactType",
    "Notes",
)
SCHEDULE = (
    (12, "NEW BIRTH VISIT", "New birth visit; feeding established"),
    (365, "DEVELOPMENT REVIEW", "1 year review, development on track"),
    (2 * 365 + 30, "DEVELOPMENT REVIEW", "2 year review, development on track"),
)
NOTIFY_DAYS = 2


class CommunityHealthSource(Source):
    def open(self) -> list[Sink]:
        self.out = CsvSink(self.root, "community_health/contacts.csv", COLUMNS)
        return [self.out]

    def emit(self, hh: Household) -> None:
        assert hh.facts is not None
        rows: list[tuple[Person, date, str, str]] = []
        for child in hh.children:
            for days, kind, note in SCHEDULE:
                when = child.dob + timedelta(days=days)
                if START <= when <= AS_OF:
                    rows.append((child, when, kind, note))
        for inc in hh.facts.incidents:
            if inc.kind != "DOMESTIC ABUSE" or not inc.hv_notify:
                continue
            when = inc.when.date() + timedelta(days=NOTIFY_DAYS)
            for child in hh.children:
                if child.dob < inc.when.date() and child.age(inc.when.date()) < 5 and when <= AS_OF:
                    rows.append((child, when, "DA NOTIFICATION", f"Police notification {inc.ref}"))
        rows += [(c.person, c.when, c.kind, c.notes) for c in hh.facts.hv_contacts]
        for child, when, kind, note in sorted(rows, key=lambda r: (r[0].serial, r[1], r[2])):
            self._row(hh, child, when, kind, note)

    def _row(self, hh: Household, child: Person, when: date, kind: str, note: str) -> None:
        noise = self.noise
        v = noise.view(child)
        address = hh.address_on(when)
        contact = f"HV{self.world.next_id('hv_contact'):08d}"
        self.out.add(
            (
                contact,
                noise.blank(child.nhs) or "",
                v.first,
                noise.surname(child, v, when),
                ddmmyyyy(v.dob),
                child.sex,
                noise.address_line(address),
                noise.postcode(address.postcode),
                ddmmyyyy(when),
                kind,
                note,
            )
        )
        self.label("community_health.contacts", contact, child)
