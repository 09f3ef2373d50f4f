"""Immigration status events as JSON Lines (snake_case keys, yyyymmdd dates).

The Home Office reference identifies a person only within this source; dependants
point at their principal's reference, which is how family links appear here.
"""

from __future__ import annotations

from touchpoint.synth.config import compact
from touchpoint.synth.population import Household, relationship
from touchpoint.synth.sources import Source
from touchpoint.synth.writers import JsonlSink, Sink

_REL = {"partner": "SPOUSE_PARTNER", "child": "CHILD", "grandchild": "OTHER_DEPENDANT"}


class ImmigrationSource(Source):
    def open(self) -> list[Sink]:
        self.out = JsonlSink(self.root, "immigration/status_events.jsonl")
        return [self.out]

    def emit(self, hh: Household) -> None:
        assert hh.facts is not None
        noise = self.noise
        for e in sorted(hh.facts.immigration, key=lambda x: (x.when, x.person.serial)):
            p = e.person
            ref, v = noise.pick(self.local_id("ho", p, "H", 8))
            principal_ref = rel = None
            if e.principal is not None:
                principal_ref = self.local_id("ho", e.principal, "H", 8)[0][0]
                rel = _REL.get(relationship(e.principal, p), "OTHER_DEPENDANT")
            given = v.first if not v.middle else f"{v.first} {v.middle}"
            addr = hh.address_on(e.when)
            eid = f"EV{self.world.next_id('immigration'):09d}"
            self.out.add(
                {
                    "event_id": eid,
                    "ho_ref": ref,
                    "family_name": noise.surname(p, v, e.when).upper(),
                    "given_names": given,
                    "date_of_birth": compact(v.dob),
                    "sex": p.sex,
                    "nationality": e.nationality,
                    "event_type": e.kind,
                    "event_date": compact(e.when),
                    "status_after": e.status,
                    "dependant_of": principal_ref,
                    "relationship_to_principal": rel,
                    "address": noise.address_line(addr),
                    "postcode": noise.postcode(addr.postcode),
                }
            )
            self.label("immigration.status_events", eid, p)
