"""GP practices: registrations and an appointments extract (CSV, ISO dates, snake_case).

GPs hold the NHS number and one stable registration record per patient; a duplicate
registration (e.g. a temporary-resident record) sometimes lacks the NHS number.
"""

from __future__ import annotations

from datetime import timedelta

from touchpoint.synth.config import AS_OF, iso
from touchpoint.synth.population import Household
from touchpoint.synth.sources import Source
from touchpoint.synth.writers import CsvSink, Sink

REG_COLUMNS = (
    "registration_id",
    "nhs_number",
    "practice_code",
    "practice_name",
    "title",
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "sex",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "registered_from",
    "registered_to",
)
APPT_COLUMNS = (
    "consultation_id",
    "registration_id",
    "nhs_number",
    "practice_code",
    "appointment_date",
    "clinician_role",
    "category",
    "attendance",
)
_CLINICIAN = {
    "immunisation": "Practice Nurse",
    "mental_health": "GP",
    "substance_misuse": "Drug and Alcohol Worker",
    "safeguarding": "GP",
}


def _title(sex: str, age: int) -> str:
    if age < 16:
        return "Master" if sex == "M" and age < 12 else ""
    return "Mr" if sex == "M" else "Mrs" if age > 40 else "Ms"


class GpSource(Source):
    def open(self) -> list[Sink]:
        self.regs = CsvSink(self.root, "gp/registrations.csv", REG_COLUMNS)
        self.appts = CsvSink(self.root, "gp/consultations.csv", APPT_COLUMNS)
        return [self.regs, self.appts]

    def emit(self, hh: Household) -> None:
        assert hh.facts is not None
        noise = self.noise
        address = hh.address_on(AS_OF)
        ids: dict[str, list[tuple[str, str | None]]] = {}
        for p in hh.members:
            if p.gp is None or p.gp_from is None:
                continue
            recs = self.local_id("gp", p, "REG")
            ids[p.pid] = []
            for i, (rid, v) in enumerate(recs):
                nhs = noise.blank(p.nhs, noise.cfg.id_missing / 3 if i == 0 else 0.6)
                ids[p.pid].append((rid, nhs))
                line1, line2 = noise.address_lines(address)
                start = p.gp_from if i == 0 else p.gp_from + timedelta(days=30 + p.serial % 300)
                self.regs.add(
                    (
                        rid,
                        nhs or "",
                        p.gp.code,
                        p.gp.name,
                        _title(p.sex, p.age()),
                        v.first,
                        v.middle or "",
                        noise.surname(p, v, AS_OF),
                        iso(v.dob),
                        p.sex,
                        line1,
                        line2,
                        address.town,
                        noise.postcode(address.postcode),
                        iso(min(start, AS_OF)),
                        "",
                    )
                )
                self.label("gp.registrations", rid, p)
        for a in sorted(hh.facts.appointments, key=lambda x: (x.person.serial, x.when)):
            recs = ids.get(a.person.pid)
            if not recs or a.person.gp is None:
                continue
            rid, nhs = noise.pick(recs)
            cid = f"C{self.world.next_id('consultation'):09d}"
            role = _CLINICIAN.get(a.category, "GP")
            if a.category == "routine" and a.person.age(a.when) < 5:
                role = "Health Visitor"
            self.appts.add(
                (cid, rid, nhs or "", a.person.gp.code, iso(a.when), role, a.category, a.attendance)
            )
            self.label("gp.consultations", cid, a.person)
