"""Planted safeguarding scenarios: edit a household's facts so a known signal exists.

Each planter returns the people it concerns plus a details string; the generator writes
those to labels/scenarios.csv. Selection is round-robin over eligible scenarios so even
small runs contain every kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from touchpoint.synth.background import DAY, World
from touchpoint.synth.background_adult import claim, immigration, sanction
from touchpoint.synth.config import AS_OF, START
from touchpoint.synth.facts import Appointment, Enrolment, Facts, ImmigrationEvent
from touchpoint.synth.ids import upn
from touchpoint.synth.population import Household, Person, add_move, rand_date

Planted = list[tuple[str, Person, str]]  # (scenario, person, details)


def _f(hh: Household) -> Facts:
    assert hh.facts is not None
    return hh.facts


def _school_age(p: Person) -> bool:
    return p.is_child and 6 <= p.age() <= 15


def multi_agency_no_referral(w: World, hh: Household, c: Person) -> str:
    """Concerns from 2-3 agencies within 90 days and no CSC referral, ever."""
    rng = w.rng
    t = rand_date(rng, max(START, c.dob + 400 * DAY) + 60 * DAY, AS_OF - 100 * DAY)
    agencies = (
        ["police", "ae"] + (["gp"] if c.gp else []) + (["school"] if _f(hh).school_on(c, t) else [])
    )
    rng.shuffle(agencies)
    picked = agencies[: rng.randint(2, 3)]
    for i, agency in enumerate(picked):
        d = t + (i * rng.randint(5, 40)) * DAY
        if agency == "police":
            adult = hh.adults[0]
            w.incident(hh, "ASSAULT", w.at(d), [(c, "VICTIM", hh), (adult, "REPORTER", hh)])
        elif agency == "ae":
            w.ae(hh, c, w.at(d), "injury")
        elif agency == "gp" and c.gp is not None:
            _f(hh).appointments.append(Appointment(c, d, "safeguarding", "attended"))
        elif agency == "school":
            school = _f(hh).school_on(c, d) or _f(hh).school_on(c, t)
            if school is not None:
                w.exclusion(hh, c, school, d)
    _f(hh).strip(c, "referrals")
    return f"agencies={'+'.join(picked)};first={t.isoformat()}"


def missing_from_education(w: World, hh: Household, c: Person) -> str:
    """School-age child known to health/police but on no roll and with no EHE record."""
    f = _f(hh)
    f.strip(c, "enrolments", "exclusions", "notifications")
    f.absence.pop(c.pid, None)
    c.upn = None
    d = rand_date(w.rng, AS_OF - 200 * DAY, AS_OF - 5 * DAY)
    if c.gp is not None:
        f.appointments.append(Appointment(c, d, "minor illness", "attended"))
    else:
        w.ae(hh, c, w.at(d), "other")
    return f"last_contact={d.isoformat()}"


def ehe_during_cp(w: World, hh: Household, c: Person) -> str:
    """Withdrawn to elective home education while on a child protection plan."""
    rng, f = w.rng, _f(hh)
    f.strip(c, "referrals")
    ref_day = rand_date(rng, AS_OF - 330 * DAY, AS_OF - 200 * DAY)
    ref = w.referral(hh, c, ref_day, "School", "Neglect", outcome="Assessment", s47=True)
    assert ref.assess_end is not None
    w._plan(ref, ref.assess_end + 7 * DAY, end=AS_OF + 200 * DAY)
    assert ref.plan_start is not None
    withdrawn = rand_date(rng, ref.plan_start + 14 * DAY, AS_OF - 14 * DAY)
    current = [e for e in f.enrolments if e.person is c and (e.end is None or e.end > withdrawn)]
    f.enrolments = [e for e in f.enrolments if e not in current[1:]]
    if current:
        e = current[0]
        e.end, e.reason, e.ehe = withdrawn, "Elective home education", True
    else:
        school = rng.choice(w.pools.primaries if c.age() < 11 else w.pools.secondaries)
        f.enrolments.append(
            Enrolment(c, school, ref_day - 400 * DAY, withdrawn, "Elective home education", True)
        )
        c.upn = c.upn or upn(c.serial)  # a child the background left off every roll
    return f"plan_start={ref.plan_start.isoformat()};withdrawn={withdrawn.isoformat()}"


def no_gp_registration(w: World, hh: Household, c: Person) -> str:
    """Child never registered with a GP but seen at A&E."""
    c.gp, c.gp_from = None, None
    _f(hh).strip(c, "appointments")
    d = rand_date(w.rng, max(START, c.dob + 30 * DAY), AS_OF - 5 * DAY)
    w.ae(hh, c, w.at(d), "other")
    return f"ae={d.isoformat()}"


def repeated_was_not_brought(w: World, hh: Household, c: Person) -> str:
    """3-5 'was not brought' GP appointments within 12 months."""
    rng = w.rng
    lo = max(START, c.dob + 30 * DAY)
    t = rand_date(rng, lo, AS_OF - 300 * DAY)
    days = sorted(t + rng.randint(0, 300) * DAY for _ in range(rng.randint(3, 5)))
    for d in days:
        _f(hh).appointments.append(
            Appointment(c, d, rng.choice(("immunisation", "routine")), "was_not_brought")
        )
    return f"from={days[0].isoformat()};to={days[-1].isoformat()};count={len(days)}"


def cp_plan_no_visit(w: World, hh: Household, c: Person) -> str:
    """Open child protection plan whose last visit is over 60 days before the extract."""
    rng = w.rng
    ref = w.referral(
        hh,
        c,
        rand_date(rng, AS_OF - 400 * DAY, AS_OF - 260 * DAY),
        "Police",
        "Neglect",
        outcome="Assessment",
        s47=True,
    )
    assert ref.assess_end is not None
    stop = AS_OF - rng.randint(62, 120) * DAY
    w._plan(ref, ref.assess_end + 7 * DAY, end=AS_OF + 300 * DAY, stop_visits=stop)
    last = ref.visits[-1] if ref.visits else ref.plan_start
    return f"plan_start={ref.plan_start};last_visit={last}"


def da_no_notification(w: World, hh: Household, c: Person) -> str:
    """Domestic abuse with the child present; school never notified."""
    rng, f = w.rng, _f(hh)
    terms = [e for e in f.enrolments if e.person is c and (e.end or AS_OF) > START + 10 * DAY]
    if not terms:
        school = rng.choice(w.pools.primaries if c.age() < 11 else w.pools.secondaries)
        terms = [Enrolment(c, school, START - 400 * DAY, None, "")]
        f.enrolments.append(terms[0])
        c.upn = c.upn or upn(c.serial)
    e = rng.choice(terms)
    d = rand_date(rng, max(e.start, START), min(e.end or AS_OF, AS_OF) - 3 * DAY)
    inc = _domestic(w, hh, d, [c], notify=False)
    return f"incident={inc};school={e.school.code}"


def _domestic(w: World, hh: Household, d: date, kids: list[Person], notify: bool = True) -> str:
    adults = hh.adults
    victim = next((a for a in adults if a.sex == "F"), adults[0])
    parties = [(victim, "VICTIM", hh)]
    suspect = next((a for a in adults if a is not victim and a.role in ("parent", "partner")), None)
    if suspect is not None:
        parties.append((suspect, "SUSPECT", hh))
    elif (out := w.outsider()) is not None:
        parties.append((out[0], "SUSPECT", out[1]))
    parties += [(k, "CHILD PRESENT", hh) for k in kids]
    return w.incident(hh, "DOMESTIC ABUSE", w.at(d, 18, 23), parties, notify=notify).ref


def toxic_trio(w: World, hh: Household, c: Person) -> str:
    """Domestic abuse + parental mental ill-health + substance misuse within a year."""
    rng, f = w.rng, _f(hh)
    t = rand_date(rng, max(START, c.dob) + 30 * DAY, AS_OF - 370 * DAY)
    kids = [k for k in hh.children if k.dob < t]
    inc = _domestic(w, hh, t, kids)
    parent = next((a for a in hh.adults if a.sex == "F"), hh.adults[0])
    user = hh.adults[-1]
    for _ in range(rng.randint(2, 3)):
        f.appointments.append(
            Appointment(parent, t + rng.randint(5, 300) * DAY, "mental_health", "attended")
        )
    if user.gp is not None and rng.random() < 0.6:
        f.appointments.append(
            Appointment(user, t + rng.randint(5, 300) * DAY, "substance_misuse", "attended")
        )
    else:
        w.incident(
            hh, "DRUGS - POSSESSION", w.at(t + rng.randint(5, 300) * DAY), [(user, "SUSPECT", hh)]
        )
    parent.gp = parent.gp or rng.choice(w.pools.practices)
    parent.gp_from = parent.gp_from or START - 400 * DAY
    return f"da_incident={inc};mh={parent.pid};substance={user.pid}"


def repeated_missing(w: World, hh: Household, c: Person) -> str:
    """Three missing episodes inside 30 days (each followed by a timely return interview)."""
    rng = w.rng
    t = rand_date(rng, max(START, c.dob + 10 * 365 * DAY), AS_OF - 40 * DAY)
    refs = [
        w.missing(hh, c, w.at(t + d * DAY), rng.randint(0, 2)).ref
        for d in sorted(rng.sample(range(0, 29), 3))
    ]
    return "incidents=" + "+".join(refs)


def missing_no_return_interview(w: World, hh: Household, c: Person) -> str:
    """A missing episode with no return interview within 72 hours."""
    rng = w.rng
    t = rand_date(rng, max(START, c.dob + 10 * 365 * DAY), AS_OF - 30 * DAY)
    late = rng.random() < 0.5
    inc = w.missing(
        hh, c, w.at(t), rng.randint(5, 12) if late else None, "Completed" if late else "Not offered"
    )
    return f"incident={inc.ref};interview={'late' if late else 'none'}"


def criminal_exploitation(w: World, hh: Household, c: Person) -> str:
    """Missing + exclusion + linked (same incident) to an adult with a drug-supply offence."""
    rng, f = w.rng, _f(hh)
    adult, ahh = w.outsider(18, 40) or (hh.adults[-1], hh)
    t = rand_date(rng, max(START, c.dob + 12 * 365 * DAY) + 10 * DAY, AS_OF - 200 * DAY)
    when = w.at(t - rng.randint(10, 90) * DAY)
    supply = w.incident(
        hh, "DRUGS - SUPPLY", when, [(adult, "SUSPECT", ahh)], location=ahh.address_on(when.date())
    )
    link = w.incident(
        hh, "DRUGS - POSSESSION", w.at(t, 16, 23), [(c, "SUBJECT", hh), (adult, "SUSPECT", ahh)]
    )
    miss = w.missing(hh, c, w.at(t + rng.randint(3, 40) * DAY), rng.randint(0, 2))
    school = f.school_on(c, t) or rng.choice(w.pools.secondaries)
    ex = w.exclusion(hh, c, school, t + rng.randint(10, 90) * DAY)
    w.referral(hh, c, t + 3 * DAY, "Police", "Child criminal exploitation", outcome="NFA")
    return (
        f"adult={adult.pid};supply={supply.ref};link={link.ref};missing={miss.ref};"
        f"exclusion={ex.start.isoformat()}"
    )


def ae_injuries_under5(w: World, hh: Household, c: Person) -> str:
    """Three or more A&E injury attendances within 12 months while under five."""
    rng = w.rng
    hi = min(AS_OF - DAY, c.dob + (5 * 365 - 5) * DAY)
    lo = max(START, c.dob + 30 * DAY, hi - 330 * DAY)
    days = sorted(rand_date(rng, lo, hi) for _ in range(rng.randint(3, 4)))
    for d in days:
        w.ae(hh, c, w.at(d), "injury")
    return f"from={days[0].isoformat()};to={days[-1].isoformat()};count={len(days)}"


def adult_at_risk(w: World, hh: Household, a: Person) -> str:
    """Self-harm at A&E, a benefit sanction and being a victim of crime within 6 months."""
    rng, f = w.rng, _f(hh)
    t = rand_date(rng, START + 60 * DAY, AS_OF - 200 * DAY)
    w.ae(hh, a, w.at(t), "self_harm")
    uc = next((c for c in f.claims if c.claimant is a and c.kind == "Universal Credit"), None)
    if uc is None:
        uc = claim(w, hh, "Universal Credit", a, None, t - rng.randint(100, 900) * DAY)
    uc.end = None
    sanction(w, uc, t + rng.randint(5, 80) * DAY)
    w.incident(hh, "ASSAULT", w.at(t + rng.randint(5, 170) * DAY), [(a, "VICTIM", hh)])
    return f"self_harm={t.isoformat()}"


def prepare_frequent_moves(w: World, hh: Household) -> str:
    t = rand_date(w.rng, START + 10 * DAY, AS_OF - 370 * DAY)
    for d in sorted(w.rng.sample(range(10, 350), 3)):
        add_move(w.builder, hh, t + d * DAY)
    hh.force_school_change = True
    return f"first_move={t.isoformat()}"


def immigration_only(w: World, hh: Household, c: Person) -> str:
    """Child known to immigration but to no health or education service."""
    f = _f(hh)
    c.gp, c.gp_from, c.upn = None, None, None
    f.strip(c, "appointments", "ae", "enrolments", "exclusions", "notifications")
    f.absence.pop(c.pid, None)
    if not any(e.person is c for e in f.immigration):
        if not f.immigration:
            immigration(w, hh, hh.members, route=3)
        last = max(f.immigration, key=lambda e: e.when)
        when = rand_date(w.rng, max(c.dob + 30 * DAY, last.when), AS_OF - 10 * DAY)
        principal = last.principal or last.person
        f.immigration.append(
            ImmigrationEvent(c, "DEPENDANT_ADDED", when, last.status, principal, last.nationality)
        )
    return "dependant"


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    who: Callable[[Person], bool]
    plant: Callable[[World, Household, Person], str] | None = None
    implies: tuple[str, ...] = ()


def _age(lo: int, hi: int) -> Callable[[Person], bool]:
    return lambda p: p.is_child and lo <= p.age() <= hi


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("multi_agency_no_referral", _age(3, 17), multi_agency_no_referral),
    Scenario("missing_from_education", _school_age, missing_from_education),
    Scenario("ehe_during_cp", _school_age, ehe_during_cp),
    # born at least 60 days before the extract: the A&E contact must fall before it
    Scenario(
        "no_gp_registration",
        lambda p: _age(0, 17)(p) and p.dob <= AS_OF - 60 * DAY,
        no_gp_registration,
    ),
    Scenario("repeated_was_not_brought", _age(1, 17), repeated_was_not_brought),
    Scenario("cp_plan_no_visit", _age(2, 17), cp_plan_no_visit),
    Scenario("da_no_notification", _school_age, da_no_notification),
    Scenario("toxic_trio", _age(2, 17), toxic_trio),
    Scenario("repeated_missing", _age(12, 17), repeated_missing),
    Scenario("missing_no_return_interview", _age(12, 17), missing_no_return_interview),
    Scenario("criminal_exploitation", _age(13, 17), criminal_exploitation),
    Scenario("ae_injuries_under5", _age(1, 5), ae_injuries_under5),
    Scenario("adult_at_risk", lambda p: not p.is_child and 18 <= p.age() <= 64, adult_at_risk),
    Scenario("frequent_moves", _age(0, 17)),
    Scenario("immigration_only", _age(0, 17), immigration_only),
)
