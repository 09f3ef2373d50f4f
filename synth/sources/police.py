"""Police: one CSV row per person per incident, plus Operation Encompass notifications.

Police re-key names on every contact and rarely hold identifiers, so each row draws a
fresh noisy view; a local nominal id links only some rows.
"""

from __future__ import annotations

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
