"""Hospital A&E attendances as JSON Lines (camelCase keys, ISO 8601 datetimes).

Each hospital site keeps its own hospital number (MRN) per patient; the NHS number is
traced from the national spine so it is usually but not always present.
"""

from __future__ import annotations

from touchpoint.synth.population import Household
from touchpoint.synth.sources import Source
from touchpoint.synth.writers import JsonlSink, Sink

_DIAGNOSIS = {
    "injury": (
        "Head injury",
        "Fracture - forearm",
        "Burn - hand",
        "Laceration - scalp",
        "Soft tissue injury",
        "Bruising - multiple",
    ),
    "self_harm": ("Laceration - self-inflicted", "Ligature", "Self-harm - cutting"),
    "overdose": ("Paracetamol overdose", "Mixed drug overdose", "Alcohol intoxication"),
    "other": ("Abdominal pain", "Chest pain", "Asthma", "Fever", "Vomiting", "Rash"),
}


class AeSource(Source):
    def open(self) -> list[Sink]:
        self.out = JsonlSink(self.root, "hospital/ae_attendances.jsonl")
        return [self.out]

    def emit(self, hh: Household) -> None:
        assert hh.facts is not None
        noise, rng = self.noise, self.world.rng
        for visit in sorted(hh.facts.ae, key=lambda x: x.when):
            p, site = visit.person, visit.hospital
            mrn, _ = noise.pick(self.local_id(f"ae:{site.code}", p, site.code[:3], 8))
            v = noise.view(p)
            nhs = noise.blank(p.nhs)
            if nhs and rng.random() < 0.3:
                nhs = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
            line1, line2 = noise.address_lines(visit.address)
            aid = f"{site.code}-{visit.when.year}-{self.world.next_id('ae'):08d}"
            child = p.age(visit.when.date()) < 18
            self.out.add(
                {
                    "attendanceId": aid,
                    "siteCode": site.code,
                    "siteName": site.name,
                    "arrivalDateTime": visit.when.isoformat(),
                    "hospitalNumber": mrn,
                    "nhsNumber": nhs,
                    "givenName": v.first,
                    "familyName": noise.surname(p, v, visit.when.date()),
                    "birthDate": v.dob.isoformat() if v.dob else None,
                    "gender": "male" if p.sex == "M" else "female",
                    "addressLine1": line1,
                    "addressLine2": line2 or None,
                    "city": visit.address.town,
                    "postalCode": noise.postcode(visit.address.postcode),
                    "attendanceCategory": visit.complaint,
                    "diagnosis": rng.choice(_DIAGNOSIS[visit.complaint]),
                    "safeguardingConcern": child
                    and visit.complaint != "other"
                    and rng.random() < 0.4,
                    "dischargeDestination": rng.choice(
                        ("Home", "Home", "Home", "Admitted", "Left before seen")
                    ),
                    "clinicalNotes": visit.notes,
                }
            )
            self.label("hospital.ae_attendances", aid, p)
