"""Police: one CSV row per person per incident, plus Operation Encompass notifications.

Police re-key names on every contact and rarely hold identifiers, so each row draws a
fresh noisy view; a local nominal id links only some rows.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from touchpoint.synth.config import ddmmyyyy
from touchpoint.synth.population import Household
from touchpoint.synth.sources import Source
from touchpoint.synth.writers import CsvSink, Sink

INCIDENT_COLUMNS = (
    "IncidentRef",
    "PersonSeq",
    "NominalId",
    "IncidentType",
    "ReportedDateTime",
    "IncidentLocation",
    "Role",
    "Surname",
    "Forenames",
    "DOB",
    "Sex",
    "HomeAddress",
    "Postcode",
    "FoundDateTime",
    "EpisodeRef",
    "Notes",
    "LocationPostcode",
    "Outcome",
)
ENCOMPASS_COLUMNS = (
    "NotificationRef",
    "IncidentRef",
    "ChildSurname",
    "ChildForenames",
    "ChildDOB",
    "SchoolURN",
    "SchoolName",
    "NotifiedDateTime",
)


#: Home Office crime outcome types (and the non-crime records) an incident of each kind may be
#: closed with; a value listed twice is twice as likely.
CHARGED = "Outcome 1: Charged/Summonsed"
CAUTION = "Outcome 3: Caution - adults"
COMMUNITY = "Outcome 8: Community resolution"
NO_SUSPECT = "Outcome 14: Suspect not identified, victim does not support further investigation"
SUPPORTS = "Outcome 15: Named suspect, victim supports action but evidential difficulties"
NOT_SUPPORTS = "Outcome 16: Named suspect, victim does not support action"
COMPLETE = "Outcome 18: Investigation complete - no suspect identified"
NOT_PUBLIC = "Outcome 21: Further investigation not in the public interest"
DIVERTED = "Outcome 22: Diversionary, educational or intervention activity"
NON_CRIME = "Non-crime incident recorded"
NO_CRIME = "No crime"
OUTCOMES: dict[str, tuple[str, ...]] = {
    "DOMESTIC ABUSE": (
        "Non-crime domestic incident recorded",
        "Non-crime domestic incident recorded",
        NOT_SUPPORTS,
        NOT_SUPPORTS,
        NOT_SUPPORTS,
        SUPPORTS,
        SUPPORTS,
        CHARGED,
        CHARGED,
        CAUTION,
    ),
    "ASSAULT": (
        CHARGED,
        CHARGED,
        COMMUNITY,
        NO_SUSPECT,
        SUPPORTS,
        NOT_SUPPORTS,
        COMPLETE,
        NO_CRIME,
    ),
    "ANTI-SOCIAL BEHAVIOUR": (NON_CRIME, NON_CRIME, NON_CRIME, COMMUNITY),
    "DRUGS - POSSESSION": (CHARGED, CAUTION, COMMUNITY, COMMUNITY, DIVERTED, NOT_PUBLIC),
    "DRUGS - SUPPLY": (CHARGED, CHARGED, CHARGED, SUPPORTS, COMPLETE),
    "MISSING PERSON": (NON_CRIME,),
    "FOUND MISSING PERSON": (NON_CRIME,),
}
OTHER_OUTCOMES = (NON_CRIME, NON_CRIME, NO_CRIME, COMPLETE)


def incident_outcome(ref: str, kind: str) -> str:
    """How the police closed incident ``ref``: chosen by a stable hash of its reference, not
    drawn from the generator's random stream, so adding it changed no other generated value;
    every row of one incident carries the same outcome."""
    choices = OUTCOMES.get(kind, OTHER_OUTCOMES)
    digest = hashlib.sha256(f"outcome|{ref}".encode()).digest()
    return choices[int.from_bytes(digest[:8], "big") % len(choices)]


def _dt(d: datetime | None) -> str:
    return "" if d is None else f"{ddmmyyyy(d)} {d.hour:02d}:{d.minute:02d}"


class PoliceSource(Source):
    def open(self) -> list[Sink]:
        self.incidents = CsvSink(self.root, "police/incidents.csv", INCIDENT_COLUMNS)
        self.encompass = CsvSink(self.root, "police/encompass_notifications.csv", ENCOMPASS_COLUMNS)
        return [self.incidents, self.encompass]

    def emit(self, hh: Household) -> None:
        assert hh.facts is not None
        noise, rng, cfg = self.noise, self.world.rng, self.noise.cfg
        for inc in sorted(hh.facts.incidents, key=lambda i: i.ref):
            seq = 0
            outcome = incident_outcome(inc.ref, inc.kind)
            when, day = _dt(inc.when), inc.when.date()
            location = noise.address_line(inc.location)
            for party in inc.parties:
                p = party.person
                copies = 2 if noise._hit("duplicate", cfg.duplicate) else 1
                for _ in range(copies):
                    seq += 1
                    v = noise.view(p, dob_missing=cfg.dob_missing)
                    nominal = ""
                    if rng.random() < 0.7:
                        nominal = noise.pick([x for x, _ in self.local_id("police", p, "N")])
                    forenames = (
                        v.first if not v.middle or rng.random() < 0.7 else (f"{v.first} {v.middle}")
                    )
                    sex = p.sex if rng.random() > 0.02 else "U"
                    self.incidents.add(
                        (
                            inc.ref,
                            seq,
                            nominal,
                            inc.kind,
                            when,
                            location,
                            party.role,
                            noise.surname(p, v, day).upper(),
                            forenames,
                            ddmmyyyy(v.dob),
                            sex,
                            noise.address_line(party.address),
                            noise.postcode(party.address.postcode),
                            _dt(inc.found),
                            inc.episode or "",
                            inc.notes or "",
                            noise.postcode(inc.location.postcode),
                            outcome,
                        )
                    )
                    self.label("police.incidents", f"{inc.ref}|{seq}", p)
        for n in hh.facts.notifications:
            ref = f"OE{self.world.next_id('encompass'):07d}"
            v = noise.view(n.child)
            self.encompass.add(
                (
                    ref,
                    n.incident.ref,
                    noise.surname(n.child, v, n.sent.date()),
                    v.first,
                    ddmmyyyy(v.dob),
                    n.school.code,
                    n.school.name,
                    _dt(n.sent),
                )
            )
            self.label("police.encompass_notifications", ref, n.child)
