"""Ordinary benefits, immigration and housing histories (mostly about adults)."""

from __future__ import annotations

from datetime import date

from touchpoint.synth.background import DAY, World
from touchpoint.synth.config import AS_OF, START
from touchpoint.synth.facts import Claim, Homeless, ImmigrationEvent, Tenancy
from touchpoint.synth.population import Address, Household, Person, rand_date

_SANCTION_REASONS = (
    "Failure to attend interview",
    "Failure to meet work search requirement",
    "Left employment voluntarily",
    "Failure to attend training",
)
_ROUTES = (
    (
        ("EUSS_APPLICATION", "Pending"),
        ("EUSS_PRE_SETTLED", "Pre-settled status"),
        ("EUSS_SETTLED", "Settled status"),
    ),
    (
        ("VISA_APPLICATION", "Pending"),
        ("VISA_GRANTED", "Limited leave to remain"),
        ("ILR_GRANTED", "Indefinite leave to remain"),
    ),
    (
        ("ASYLUM_CLAIM", "Asylum seeker"),
        ("ASYLUM_REFUSED", "Refused"),
        ("APPEAL_LODGED", "Appeal pending"),
        ("ASYLUM_GRANTED", "Refugee status"),
    ),
    (("ASYLUM_CLAIM", "Asylum seeker"), ("ASYLUM_GRANTED", "Refugee status")),
    (
        ("VISA_GRANTED", "Limited leave to remain"),
        ("LEAVE_EXPIRED", "Overstayer"),
        ("REMOVAL_DIRECTIONS", "Liable to removal"),
    ),
)


def adult_services(world: World, hh: Household) -> None:
    """Benefit claims, immigration status events and social housing records."""
    _benefits(world, hh)
    if hh.migrant:
        immigration(world, hh, hh.members)
    _housing(world, hh)


def claim(
    world: World,
    hh: Household,
    kind: str,
    claimant: Person,
    partner: Person | None,
    start: date,
    end: date | None = None,
) -> Claim:
    c = Claim(kind, claimant, partner, start, end)
    assert hh.facts is not None
    hh.facts.claims.append(c)
    return c


def sanction(world: World, c: Claim, when: date) -> None:
    rng = world.rng
    c.sanctions.append((when, rng.choice((7, 14, 28, 91)), rng.choice(_SANCTION_REASONS)))


def _benefits(world: World, hh: Household) -> None:
    rng = world.rng
    adults = [p for p in hh.adults if p.ni]
    if not adults:
        return
    lead = adults[0]
    partner = next((p for p in adults[1:] if p.role in ("parent", "partner")), None)
    uc_rate = {"social": 0.6, "private": 0.3, "owner": 0.05}[hh.tenure]
    if rng.random() < uc_rate:
        start = rand_date(rng, START - 5 * 365 * DAY, AS_OF - 30 * DAY)
        end = start + rng.randint(120, 3000) * DAY if rng.random() < 0.3 else None
        c = claim(
            world,
            hh,
            "Universal Credit",
            lead,
            partner,
            start,
            end if end and end < AS_OF else None,
        )
        if rng.random() < 0.06:
            for _ in range(rng.randint(1, 2)):
                sanction(world, c, rand_date(rng, max(start, START), c.end or AS_OF))
    for p in adults:
        if rng.random() < 0.05:
            claim(
                world,
                hh,
                "Personal Independence Payment",
                p,
                None,
                rand_date(rng, START - 6 * 365 * DAY, AS_OF - DAY),
            )
        if p.age() >= 67 and rng.random() < 0.15:
            claim(
                world,
                hh,
                "Pension Credit",
                p,
                None,
                rand_date(rng, START - 6 * 365 * DAY, AS_OF - DAY),
            )
    kids = hh.children
    if kids and rng.random() < 0.85:
        mum = next((p for p in adults if p.sex == "F"), lead)
        eldest = min(k.dob for k in kids)
        claim(world, hh, "Child Benefit", mum, None, eldest + rng.randint(14, 90) * DAY)


def immigration(
    world: World, hh: Household, people: list[Person], route: int | None = None
) -> None:
    """Status history for a migrant household; children are dependants of the lead adult."""
    rng = world.rng
    assert hh.facts is not None
    nationality = rng.choice(world.pools.nationalities)
    steps = _ROUTES[rng.randrange(len(_ROUTES)) if route is None else route]
    principal = next((p for p in people if not p.is_child), None)
    when = rand_date(rng, START - 6 * 365 * DAY, AS_OF - 400 * DAY)
    for kind, status in steps:
        if when >= AS_OF:
            break
        for p in people:
            if p.dob <= when:
                dep = principal if p is not principal else None
                hh.facts.immigration.append(
                    ImmigrationEvent(p, kind, when, status, dep, nationality)
                )
        when += rng.randint(60, 700) * DAY


def _housing(world: World, hh: Household) -> None:
    rng, facts = world.rng, hh.facts
    assert facts is not None
    lead = hh.adults[0] if hh.adults else hh.members[0]
    for i, res in enumerate(hh.residences):
        last = i == len(hh.residences) - 1
        if hh.tenure == "social" and (res.end is None or res.end > START):
            members = [m for m in hh.members if m.dob <= max(res.start, START)]
            members = [lead] + [m for m in members if m is not lead]
            t = Tenancy(res.address, res.start, res.end, members, "" if last else "Transfer")
            if res.end is not None and rng.random() < 0.05:
                t.end_reason = "Eviction"
                t.eviction = (
                    res.end - rng.randint(60, 120) * DAY,
                    res.end - rng.randint(10, 40) * DAY,
                    res.end,
                    rng.choice(("Rent arrears", "Rent arrears", "Anti-social behaviour")),
                )
            facts.tenancies.append(t)
            if t.eviction is not None:
                homeless(
                    world, hh, t.eviction[2] - rng.randint(0, 5) * DAY, "Eviction", res.address
                )
        elif res.end is not None and res.end > START and rng.random() < 0.03:
            homeless(
                world,
                hh,
                res.end - rng.randint(5, 40) * DAY,
                rng.choice(
                    (
                        "End of private rented tenancy",
                        "Family or friends no longer willing to accommodate",
                    )
                ),
                res.address,
            )
    if rng.random() < 0.003:
        homeless(
            world, hh, rand_date(rng, START, AS_OF - DAY), "Domestic abuse", hh.address_on(AS_OF)
        )


def homeless(world: World, hh: Household, when: date, reason: str, last: Address) -> None:
    rng = world.rng
    assert hh.facts is not None
    lead = hh.adults[0] if hh.adults else hh.members[0]
    members = [lead] + [m for m in hh.members if m is not lead and m.dob <= when]
    decision = rng.choice(
        (
            "Main duty accepted",
            "Relief duty owed",
            "Prevention duty owed",
            "Not homeless",
            "Intentionally homeless",
        )
    )
    hh.facts.homeless.append(Homeless(lead, members, when, decision, reason, last))
