"""Scenarios for the patterns of issue 17, each with a near miss one step away from it.

A near miss (``nearmiss_<pattern>``) is planted and labelled like a case, so a benchmark can
show the pattern stays quiet for it: the health visitor *was* told; the child was found at an
address with no ties to drug supply; three episodes span more than 90 days; the injuries were
recorded while the child was three, not under two.
"""

from __future__ import annotations

from datetime import date

from touchpoint.synth.background import DAY, World
from touchpoint.synth.config import AS_OF, START
from touchpoint.synth.facts import HvContact
from touchpoint.synth.population import Household, Person, rand_date
from touchpoint.synth.scenarios import Scenario, _age, _domestic, _f

BRUISING = (
    "Unexplained bruising to both upper arms; carer evasive about how it happened",
    "Small bruise to left cheek noted; mother says baby rolled against cot",
    "Finger-tip bruising on chest seen at weighing clinic",
)
BURNS = (
    "Burn to hand, delayed presentation (two days)",
    "Scald to forearm; account of bath water inconsistent",
    "Fracture - left femur; no clear mechanism given",
)


def _under_fives(hh: Household, on: date) -> list[Person]:
    return [k for k in hh.children if k.dob < on and k.age(on) < 5]


def da_under_five(w: World, hh: Household, c: Person, told: bool = False) -> str:
    """Domestic abuse at home with an under-five present; health visiting not told (or told)."""
    d = rand_date(w.rng, max(START, c.dob + 10 * DAY), AS_OF - 20 * DAY)
    kids = _under_fives(hh, d) or [c]
    ref = _domestic(w, hh, d, kids)
    next(i for i in _f(hh).incidents if i.ref == ref).hv_notify = told
    return f"incident={ref};told={told};date={d.isoformat()}"


def nearmiss_da_under_five(w: World, hh: Household, c: Person) -> str:
    return da_under_five(w, hh, c, told=True)


def _found_at(w: World, hh: Household, c: Person, tied: bool) -> str:
    """A missing episode whose "found" report is at an outsider's address - where a drug-supply
    raid named that adult as suspect (tied) or where nothing of the kind happened (not)."""
    rng = w.rng
    adult, ahh = w.outsider(20, 45) or (hh.adults[-1], hh)
    t = rand_date(rng, max(START, c.dob + 12 * 365 * DAY) + 220 * DAY, AS_OF - 20 * DAY)
    place = ahh.address_on(t)
    if tied:
        raid = w.at(t - rng.randint(30, 200) * DAY)
        w.incident(hh, "DRUGS - SUPPLY", raid, [(adult, "SUSPECT", ahh)], location=place)
    miss = w.missing(hh, c, w.at(t), rng.randint(0, 2))
    miss.episode = f"EP-{miss.ref}"
    assert miss.found is not None
    with_adult = [(adult, "ASSOCIATE", ahh)] if tied and rng.random() < 0.5 else []
    found = w.incident(
        hh, "FOUND MISSING PERSON", miss.found, [(c, "SUBJECT", hh), *with_adult], location=place
    )
    found.episode = miss.episode
    found.notes = "Located by patrol at the address; " + (
        "adult male present, refused details" if tied else "staying with a friend's family"
    )
    return f"missing={miss.ref};found={found.ref};adult={adult.pid};tied={tied}"


def missing_found_at_tied_address(w: World, hh: Household, c: Person) -> str:
    return _found_at(w, hh, c, tied=True)


def nearmiss_missing_found_elsewhere(w: World, hh: Household, c: Person) -> str:
    return _found_at(w, hh, c, tied=False)


def _episodes(w: World, hh: Household, c: Person, offsets: tuple[int, ...]) -> str:
    t = rand_date(w.rng, max(START, c.dob + 10 * 365 * DAY), AS_OF - (offsets[-1] + 10) * DAY)
    refs = [w.missing(hh, c, w.at(t + d * DAY), w.rng.randint(0, 2)).ref for d in offsets]
    return "incidents=" + "+".join(refs)


def repeated_missing_90(w: World, hh: Household, c: Person) -> str:
    """Four episodes within 90 days, never three within 30 (the held-out child: 4 in 71)."""
    return _episodes(w, hh, c, (0, 24, 48, 71))


def nearmiss_repeated_missing(w: World, hh: Household, c: Person) -> str:
    """Three episodes spread over 100 days: not three within 90 (nor 30). The child's other
    (background) missing episodes are taken out, or they could make it a case after all."""
    f = _f(hh)
    for inc in f.incidents:
        if inc.kind == "MISSING PERSON":
            inc.parties = [p for p in inc.parties if p.person is not c]
    f.incidents = [i for i in f.incidents if i.parties]
    f.returns = [r for r in f.returns if r.child is not c]
    return _episodes(w, hh, c, (0, 50, 100))


def _injuries(w: World, hh: Household, c: Person, lo_days: int, hi_days: int) -> str:
    """An A&E injury and, weeks later, a health visitor's note of bruising."""
    rng = w.rng
    lo = max(START, c.dob + lo_days * DAY)
    hi = min(AS_OF - 70 * DAY, c.dob + hi_days * DAY)
    t = rand_date(rng, lo, max(lo, hi))
    visit = w.ae(hh, c, w.at(t), "injury")
    visit.notes = rng.choice(BURNS)
    seen = t + rng.randint(10, 60) * DAY
    _f(hh).hv_contacts.append(HvContact(c, seen, "CONTACT", rng.choice(BRUISING)))
    return f"ae={t.isoformat()};hv={seen.isoformat()}"


def injuries_under_two(w: World, hh: Household, c: Person) -> str:
    return _injuries(w, hh, c, 30, 600)


def nearmiss_injuries_aged_three(w: World, hh: Household, c: Person) -> str:
    return _injuries(w, hh, c, 3 * 365 + 30, 4 * 365)


def _young(born_days_ago: int, max_age: int):
    """A child at most ``max_age`` born at least ``born_days_ago`` before the extract (a
    scenario needs time to happen - and, for a notification, time for it to be due)."""
    return lambda p: p.is_child and (AS_OF - p.dob).days >= born_days_ago and p.age() <= max_age


MORE_SCENARIOS: tuple[Scenario, ...] = (
    Scenario("da_under_five_no_health_visiting", _young(60, 4), da_under_five),
    Scenario("nearmiss_da_under_five_no_health_visiting", _young(60, 4), nearmiss_da_under_five),
    Scenario("missing_linked_to_exploitation", _age(13, 17), missing_found_at_tied_address),
    Scenario(
        "nearmiss_missing_linked_to_exploitation", _age(13, 17), nearmiss_missing_found_elsewhere
    ),
    Scenario("repeated_missing_90", _age(12, 17), repeated_missing_90),
    Scenario("nearmiss_repeated_missing", _age(12, 17), nearmiss_repeated_missing),
    Scenario(
        "injury_concerns_under_two",
        _young(120, 2),
        injuries_under_two,
    ),
    Scenario("nearmiss_injury_concerns_under_two", _age(4, 5), nearmiss_injuries_aged_three),
)
"""Appended to ``scenarios.SCENARIOS`` by the planter."""
