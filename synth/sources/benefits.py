"""Benefits (DWP-style) extract as Parquet: claims, sanctions and changes of address.

Only adults have NI numbers, and every row is keyed by NINO, so this is the one source
where identifiers are complete; names and addresses still carry noise.
"""

from __future__ import annotations

import pyarrow as pa

from touchpoint.synth.config import AS_OF
from touchpoint.synth.population import Household
from touchpoint.synth.sources import Source
from touchpoint.synth.writers import ParquetSink, Sink

_S, _D, _I = pa.string(), pa.date32(), pa.int32()
CLAIMS = pa.schema(
    [
        ("CLAIM_REF", _S),
        ("CLAIM_ROLE", _S),
        ("NINO", _S),
        ("FORENAME", _S),
        ("SURNAME", _S),
        ("DATE_OF_BIRTH", _D),
        ("BENEFIT_TYPE", _S),
        ("CLAIM_START", _D),
        ("CLAIM_END", _D),
        ("ADDRESS_LINE_1", _S),
        ("ADDRESS_LINE_2", _S),
        ("TOWN", _S),
        ("POSTCODE", _S),
        ("DEPENDANT_CHILDREN", _I),
    ]
)
SANCTIONS = pa.schema(
    [
        ("SANCTION_ID", _S),
        ("CLAIM_REF", _S),
        ("NINO", _S),
        ("SANCTION_DATE", _D),
        ("DURATION_DAYS", _I),
        ("REASON", _S),
    ]
)
ADDRESS_CHANGES = pa.schema(
    [
        ("CHANGE_ID", _S),
        ("CLAIM_REF", _S),
        ("NINO", _S),
        ("EFFECTIVE_DATE", _D),
        ("OLD_ADDRESS", _S),
        ("OLD_POSTCODE", _S),
        ("NEW_ADDRESS", _S),
        ("NEW_POSTCODE", _S),
    ]
)


class BenefitsSource(Source):
    def open(self) -> list[Sink]:
        self.claims = ParquetSink(self.root, "benefits/claims.parquet", CLAIMS)
        self.sanctions = ParquetSink(self.root, "benefits/sanctions.parquet", SANCTIONS)
        self.moves = ParquetSink(self.root, "benefits/address_changes.parquet", ADDRESS_CHANGES)
        return [self.claims, self.sanctions, self.moves]

    def emit(self, hh: Household) -> None:
        assert hh.facts is not None
        noise, nid = self.noise, self.world.next_id
        for c in hh.facts.claims:
            if c.start > AS_OF:
                continue
            ref = f"{''.join(w[0] for w in c.kind.split())}{nid('claim'):08d}"
            addr = hh.address_on(min(c.end or AS_OF, AS_OF))
            kids = sum(1 for k in hh.children if k.dob <= (c.end or AS_OF))
            for role, p in (("LEAD", c.claimant), ("PARTNER", c.partner)):
                if p is None or p.ni is None:
                    continue
                _, v = self.local_id("dwp", p, "D", dup=False)[0]
                line1, line2 = noise.address_lines(addr)
                self.claims.add(
                    (
                        ref,
                        role,
                        p.ni,
                        v.first,
                        noise.surname(p, v, AS_OF),
                        v.dob,
                        c.kind,
                        c.start,
                        c.end,
                        line1,
                        line2 or None,
                        addr.town,
                        noise.postcode(addr.postcode),
                        kids,
                    )
                )
                self.label("benefits.claims", f"{ref}|{role}", p)
            p = c.claimant
            for when, days, reason in sorted(c.sanctions):
                sid = f"SAN{nid('sanction'):08d}"
                self.sanctions.add((sid, ref, p.ni, when, days, reason))
                self.label("benefits.sanctions", sid, p)
            for old, new in zip(hh.residences, hh.residences[1:], strict=False):
                if c.start < new.start <= (c.end or AS_OF):
                    cid = f"COA{nid('coa'):08d}"
                    self.moves.add(
                        (
                            cid,
                            ref,
                            p.ni,
                            new.start,
                            noise.address_line(old.address),
                            old.address.postcode,
                            noise.address_line(new.address),
                            new.address.postcode,
                        )
                    )
                    self.label("benefits.address_changes", cid, p)
