"""Ordinary (non-planted) police, health, school and CSC events for one household.

Rates are chosen so each scenario signal arises by chance only rarely: that keeps
detector precision meaningful without making the background implausibly clean.
"""

from __future__ import annotations

from datetime import date

from touchpoint.synth.background import DAY, World, poisson
from touchpoint.synth.config import AS_OF, START
from touchpoint.synth.facts import Appointment, Enrolment, Facts
from touchpoint.synth.ids import upn
from touchpoint.synth.population import Household, Person, rand_date


def generate_background(world: World, hh: Household) -> None:
    """Fill `hh.facts` with ordinary police, health, school and CSC events."""
    hh.facts = Facts()
    _gp(world, hh)
    _schools(world, hh)
    _police(world, hh)
    _health_events(world, hh)
    _referrals(world, hh)


def _gp(world: World, hh: Household) -> None:
    rng = world.rng
    practice = rng.choice(world.pools.practices)
    for p in hh.members:
        if rng.random() < (0.005 if p.is_child else 0.02):
            continue
        p.gp = practice
        lo = max(p.dob, START - 15 * 365 * DAY)
        p.gp_from = p.dob + rng.randint(3, 60) * DAY if p.dob > lo else rand_date(rng, lo, START)


def _cohort_year(dob: date) -> int:
    return dob.year if dob.month < 9 else dob.year + 1


def _schools(world: World, hh: Household) -> None:
    """Primary and secondary enrolments for school-age children, changing on some moves."""
    rng, facts = world.rng, hh.facts
    assert facts is not None
    moves = [r.start for r in hh.residences[1:]]
    force_change = hh.force_school_change
    for child in hh.children:
        y = _cohort_year(child.dob)
        phases = (
            (date(y + 4, 9, 3), date(y + 11, 7, 22), world.pools.primaries),
            (date(y + 11, 9, 3), date(y + 16, 7, 22), world.pools.secondaries),
        )
        if rng.random() < 0.002:
            continue  # e.g. at an independent school outside the extract
        enrolled = False
        for start, end, schools in phases:
            if start > AS_OF or end < START:
                continue
            enrolled = True
            school, entry = rng.choice(schools), start
            for mv in moves:
                if entry < mv < end and (force_change or rng.random() < 0.5):
                    facts.enrolments.append(Enrolment(child, school, entry, mv, "Moved school"))
                    others = [s for s in schools if s is not school] or schools
                    school, entry = rng.choice(others), mv + rng.randint(1, 10) * DAY
            leave = end if end <= AS_OF else None
            reason = (
                ""
                if leave is None
                else (
                    "End of primary phase"
                    if schools is world.pools.primaries
                    else "Completed Year 11"
                )
            )
            facts.enrolments.append(Enrolment(child, school, entry, leave, reason))
        if enrolled:
            child.upn = upn(child.serial)
            facts.absence[child.pid] = min(
                0.6, rng.betavariate(1.2, 18) + (0.15 if rng.random() < 0.05 else 0)
            )
            _maybe_ehe(world, hh, child)
            _exclusions(world, hh, child)


def _maybe_ehe(world: World, hh: Household, child: Person) -> None:
    assert hh.facts is not None
    if world.rng.random() >= 0.003:
        return
    current = [e for e in hh.facts.enrolments if e.person is child and e.end is None]
    if current:
        e = current[0]
        e.end = rand_date(world.rng, max(e.start, START) + 30 * DAY, AS_OF - 10 * DAY)
        e.reason, e.ehe = "Elective home education", True


def _exclusions(world: World, hh: Household, child: Person) -> None:
    rng, facts = world.rng, hh.facts
    assert facts is not None
    for e in list(facts.enrolments):
        if e.person is not child:
            continue
        lam = 0.12 if e.school.phase == "secondary" else 0.015
        for _ in range(poisson(rng, lam)):
            lo, hi = max(e.start, START), min(e.end or AS_OF, AS_OF)
            if lo < hi:
                world.exclusion(hh, child, e.school, rand_date(rng, lo, hi))


def _police(world: World, hh: Household) -> None:
    rng = world.rng
    adults, kids = hh.adults, hh.children
    couple = [p for p in adults if p.role in ("parent", "partner")]
    for _ in range(poisson(rng, 0.12)):
        when = world.at(rand_date(rng, START, AS_OF - DAY))
        present = [m for m in hh.members if m.dob < when.date()]
        kind = rng.choices(
            (
                "DOMESTIC ABUSE",
                "ANTI-SOCIAL BEHAVIOUR",
                "ASSAULT",
                "DRUGS - POSSESSION",
                "DRUGS - SUPPLY",
            ),
            weights=(3 if len(couple) == 2 else 0.3, 3, 2, 1, 0.3),
        )[0]
        parties: list[tuple[Person, str, Household]] = []
        grown = [p for p in present if p.age(when.date()) >= 13]
        if not grown:
            continue
        if kind == "DOMESTIC ABUSE":
            victim = next((p for p in couple if p.sex == "F"), couple[0] if couple else grown[0])
            parties.append((victim, "VICTIM", hh))
            suspect = next((p for p in couple if p is not victim), None)
            if suspect is not None:
                parties.append((suspect, "SUSPECT", hh))
            elif (out := world.outsider()) is not None:
                parties.append((out[0], "SUSPECT", out[1]))
            parties += [
                (k, "CHILD PRESENT", hh) for k in kids if k.dob < when.date() and rng.random() < 0.7
            ]
        elif kind == "ASSAULT":
            parties.append((rng.choice(grown), "VICTIM", hh))
            if (out := world.outsider()) is not None and rng.random() < 0.7:
                parties.append((out[0], "SUSPECT", out[1]))
        else:
            parties.append(
                (
                    rng.choice([p for p in grown if p.age(when.date()) >= 16] or grown),
                    "SUBJECT" if kind.startswith("ANTI") else "SUSPECT",
                    hh,
                )
            )
        if rng.random() < 0.2 and (out := world.outsider(18, 80)) is not None:
            parties.append((out[0], rng.choice(("WITNESS", "REPORTER")), out[1]))
        world.incident(hh, kind, when, parties)
    for k in kids:
        teen_from = max(START, k.dob + 10 * 365 * DAY)
        if teen_from >= AS_OF:
            continue
        lam = 3.0 if rng.random() < 0.003 else 0.03
        for _ in range(poisson(rng, lam)):
            r = rng.random()
            days = rng.randint(0, 3) if r < 0.85 else rng.randint(4, 10) if r < 0.95 else None
            world.missing(
                hh,
                k,
                world.at(rand_date(rng, teen_from, AS_OF - 5 * DAY)),
                days,
                "Completed" if days is not None else rng.choice(("Declined", "Not offered")),
            )


def _health_events(world: World, hh: Household) -> None:
    rng, facts = world.rng, hh.facts
    assert facts is not None
    for p in hh.members:
        lo = max(START, p.dob)
        age = p.age()
        if p.gp is not None:
            lam = 4.0 if age < 5 else 1.0 if p.is_child else 3.0 if age >= 65 else 1.2
            for _ in range(poisson(rng, lam)):
                when = rand_date(rng, lo, AS_OF - DAY)
                young = p.age(when) < 5
                cat = rng.choices(
                    (
                        "routine",
                        "immunisation" if young else "minor illness",
                        "injury",
                        "safeguarding",
                    ),
                    weights=(60, 35, 4, 0.3),
                )[0]
                miss = rng.random() < 0.06
                att = (
                    "attended"
                    if not miss
                    else ("was_not_brought" if p.is_child else "did_not_attend")
                )
                facts.appointments.append(Appointment(p, when, cat, att))
            if not p.is_child:
                for rate, cat in ((0.07, "mental_health"), (0.03, "substance_misuse")):
                    if rng.random() < rate:
                        for _ in range(rng.randint(1, 4)):
                            facts.appointments.append(
                                Appointment(
                                    p,
                                    rand_date(rng, lo, AS_OF - DAY),
                                    cat,
                                    "attended" if rng.random() < 0.85 else "did_not_attend",
                                )
                            )
        lam = 0.25
        for _ in range(poisson(rng, lam)):
            when = world.at(rand_date(rng, lo, AS_OF - DAY))
            teen = p.age(when.date()) >= 12
            complaint = rng.choices(
                ("injury", "other", "self_harm", "overdose"),
                weights=(45, 45, 5 if teen else 0, 5 if teen else 0),
            )[0]
            world.ae(hh, p, when, complaint)


def _referrals(world: World, hh: Household) -> None:
    """Most concerns lead to a referral; some children are referred for other reasons."""
    rng, facts = world.rng, hh.facts
    assert facts is not None
    for inc in list(facts.incidents):
        for party in inc.parties:
            if party.role == "CHILD PRESENT" and rng.random() < 0.6:
                world.referral(
                    hh,
                    party.person,
                    inc.when.date() + rng.randint(1, 10) * DAY,
                    "Police",
                    "Domestic abuse",
                )
    for v in list(facts.ae):
        if v.person.is_child and v.complaint != "other" and rng.random() < 0.3:
            world.referral(
                hh,
                v.person,
                v.when.date() + rng.randint(1, 14) * DAY,
                "Health",
                "Self-harm" if v.complaint != "injury" else "Physical injury",
            )
    for k in hh.children:
        for _ in range(poisson(rng, 0.03)):
            when = rand_date(rng, max(START, k.dob), AS_OF - DAY)
            world.referral(
                hh,
                k,
                when,
                rng.choice(("School", "Health", "Self", "Anonymous")),
                rng.choice(
                    (
                        "Neglect",
                        "Parental mental health",
                        "Family conflict",
                        "Child behaviour",
                        "Domestic abuse",
                    )
                ),
            )
    facts.referrals = [r for r in facts.referrals if r.when <= AS_OF]
