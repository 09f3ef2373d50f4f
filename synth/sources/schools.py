"""Schools (LA pupil database export): roll, termly attendance and exclusions, CSV.

Schools record the legal name and a preferred forename, the UPN, and dates in the
MIS style dd-Mon-yyyy; EHE withdrawal shows as a leaving reason with EHE = Y.
"""

from __future__ import annotations

from datetime import date

from touchpoint.synth.config import AS_OF, START, dd_mon_yyyy
from touchpoint.synth.population import Household
from touchpoint.synth.sources import Source
from touchpoint.synth.writers import CsvSink, Sink

ROLL_COLUMNS = (
    "URN",
    "SchoolName",
    "UPN",
    "LegalSurname",
    "LegalForename",
    "PreferredForename",
    "MiddleNames",
    "DOB",
    "Gender",
    "Address",
    "Postcode",
    "EntryDate",
    "LeavingDate",
    "LeavingReason",
    "EHE",
)
ATTENDANCE_COLUMNS = (
    "URN",
    "UPN",
    "EntryDate",
    "AcademicYear",
    "Term",
    "TermStart",
    "SessionsPossible",
    "SessionsAuthorisedAbsence",
    "SessionsUnauthorisedAbsence",
)
EXCLUSION_COLUMNS = (
    "ExclusionID",
    "URN",
    "UPN",
    "Surname",
    "Forename",
    "DOB",
    "Category",
    "StartDate",
    "Sessions",
    "Reason",
)


def _terms() -> list[tuple[str, str, date, date, int]]:
    """(academic year, term, start, end, full-term sessions) overlapping the window."""
    out = []
    for y in range(START.year - 1, AS_OF.year + 1):
        ay = f"{y}/{(y + 1) % 100:02d}"
        for term, start, end, sessions in (
            ("Autumn", date(y, 9, 3), date(y, 12, 19), 140),
            ("Spring", date(y + 1, 1, 6), date(y + 1, 3, 28), 116),
            ("Summer", date(y + 1, 4, 14), date(y + 1, 7, 22), 132),
        ):
            if end > START and start < AS_OF:
                out.append((ay, term, start, end, sessions))
    return out


TERMS = _terms()


class SchoolsSource(Source):
    def open(self) -> list[Sink]:
        self.roll = CsvSink(self.root, "schools/roll.csv", ROLL_COLUMNS)
        self.attendance = CsvSink(self.root, "schools/attendance.csv", ATTENDANCE_COLUMNS)
        self.exclusions = CsvSink(self.root, "schools/exclusions.csv", EXCLUSION_COLUMNS)
        return [self.roll, self.attendance, self.exclusions]

    def emit(self, hh: Household) -> None:
        assert hh.facts is not None
        f, noise, rng = hh.facts, self.noise, self.world.rng
        for e in sorted(f.enrolments, key=lambda x: (x.person.serial, x.start)):
            p = e.person
            if p.upn is None or e.start > AS_OF or (e.end is not None and e.end < START):
                continue
            _, v = self.local_id("school", p, "S", dup=False)[0]
            preferred = noise.forename(p, preferred=True) if p.known_as else ""
            addr = hh.address_on(min(e.end or AS_OF, AS_OF))
            entry = dd_mon_yyyy(e.start)
            self.roll.add(
                (
                    e.school.code,
                    e.school.name,
                    p.upn,
                    noise.surname(p, v, AS_OF),
                    v.first,
                    preferred,
                    v.middle or "",
                    dd_mon_yyyy(v.dob),
                    p.sex,
                    noise.address_line(addr, with_town=rng.random() < 0.5),
                    noise.postcode(addr.postcode),
                    entry,
                    dd_mon_yyyy(e.end),
                    e.reason,
                    "Y" if e.ehe else "N",
                )
            )
            self.label("schools.roll", f"{e.school.code}|{p.upn}|{entry}", p)
            rate = f.absence.get(p.pid, 0.04)
            for ay, term, start, end, sessions in TERMS:
                lo, hi = max(start, e.start), min(end, e.end or AS_OF, AS_OF)
                if hi <= lo:
                    continue
                possible = round(sessions * (hi - lo).days / (end - start).days)
                if possible < 4:
                    continue
                absent = min(possible, round(possible * rate * rng.uniform(0.5, 1.5)))
                unauth = round(absent * rng.uniform(0.1, 0.6))
                self.attendance.add(
                    (
                        e.school.code,
                        p.upn,
                        entry,
                        ay,
                        term,
                        dd_mon_yyyy(start),
                        possible,
                        absent - unauth,
                        unauth,
                    )
                )
                self.label("schools.attendance", f"{e.school.code}|{p.upn}|{entry}|{ay}|{term}", p)
        for x in sorted(f.exclusions, key=lambda x: (x.person.serial, x.start)):
            p = x.person
            if p.upn is None:
                continue
            _, v = self.local_id("school", p, "S", dup=False)[0]
            xid = f"EX{self.world.next_id('exclusion'):07d}"
            self.exclusions.add(
                (
                    xid,
                    x.school.code,
                    p.upn,
                    noise.surname(p, v, x.start),
                    v.first,
                    dd_mon_yyyy(v.dob),
                    "Permanent exclusion" if x.permanent else "Suspension",
                    dd_mon_yyyy(x.start),
                    x.sessions or "",
                    x.reason,
                )
            )
            self.label("schools.exclusions", xid, p)
