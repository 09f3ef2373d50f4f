"""Run-wide world state and the event helpers shared by background life and scenarios.

Creating events through one set of helpers keeps side effects (e.g. Operation Encompass
notifications after domestic abuse) consistent whether an event is ordinary or planted.
"""

from __future__ import annotations

import math
import random
from collections import deque
from datetime import date, datetime, time, timedelta

from touchpoint.synth.config import AS_OF
from touchpoint.synth.facts import (
    AeVisit,
    Exclusion,
    Incident,
    Notification,
    Party,
    Referral,
    ReturnInterview,
)  # fmt: skip
from touchpoint.synth.pools import Org, Pools
from touchpoint.synth.population import Address, Household, Person, PopulationBuilder

DAY = timedelta(days=1)


def poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method; λ here is always small so the loop is short."""
    limit, k, prod = math.exp(-lam), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


class World:
    """Run-wide state: RNG, pools, id counters and a small buffer of recent adults.

    The buffer lets incidents involve people from other households (suspects, dealers)
    while memory stays bounded.
    """

    def __init__(self, pools: Pools, rng: random.Random, builder: PopulationBuilder) -> None:
        self.pools, self.rng, self.builder = pools, rng, builder
        self.counters: dict[str, int] = {}
        self.recent: deque[tuple[Person, Household]] = deque(maxlen=400)

    def next_id(self, kind: str) -> int:
        n = self.counters.get(kind, 0) + 1
        self.counters[kind] = n
        return n

    def at(self, d: date, lo: int = 0, hi: int = 23) -> datetime:
        return datetime.combine(d, time(self.rng.randint(lo, hi), self.rng.randint(0, 59)))

    def outsider(self, min_age: int = 18, max_age: int = 45) -> tuple[Person, Household] | None:
        """An adult from an earlier household, for cross-household links."""
        rng = self.rng
        for _ in range(30):
            if not self.recent:
                return None
            p, hh = self.recent[rng.randrange(len(self.recent))]
            if min_age <= p.age() <= max_age:
                return p, hh
        return None

    # -- event helpers shared with scenarios --------------------------------------------
    def incident(
        self,
        hh: Household,
        kind: str,
        when: datetime,
        parties: list[tuple[Person, str, Household]],
        notify: bool = True,
        location: Address | None = None,
    ) -> Incident:
        ref = f"WY-{when.year}-{self.next_id('incident'):07d}"
        inc = Incident(
            ref,
            kind,
            when,
            [Party(p, role, h.address_on(when.date())) for p, role, h in parties],
            location or hh.address_on(when.date()),
        )
        assert hh.facts is not None
        hh.facts.incidents.append(inc)
        if kind == "DOMESTIC ABUSE" and notify:
            # Operation Encompass: every child of the household on a school roll, present or not
            present = [p.person for p in inc.parties if p.role == "CHILD PRESENT"]
            children = present + [
                k for k in hh.children if k not in present and k.dob < when.date()
            ]
            for child in children:
                school = hh.facts.school_on(child, when.date())
                if school is None:
                    continue
                r = self.rng.random()
                if r < 0.01:
                    continue  # chance failure to notify
                delay = self.rng.randint(2, 5) if r < 0.03 else 1
                sent = self.at(when.date() + delay * DAY, 7, 9)
                hh.facts.notifications.append(Notification(inc, child, school, sent))
        return inc

    def missing(
        self,
        hh: Household,
        child: Person,
        when: datetime,
        interview_days: int | None,
        status: str = "Completed",
    ) -> Incident:
        parties = [(child, "SUBJECT", hh)]
        reporter = next((a for a in hh.adults), None)
        if reporter is not None:
            parties.append((reporter, "REPORTER", hh))
        inc = self.incident(hh, "MISSING PERSON", when, parties)
        inc.found = when + timedelta(hours=self.rng.randint(3, 60))
        assert hh.facts is not None
        interview = None if interview_days is None else inc.found.date() + interview_days * DAY
        if interview is not None and interview > AS_OF:
            interview, status = None, "Pending"
        hh.facts.returns.append(ReturnInterview(child, inc, interview, status))
        return inc

    def ae(self, hh: Household, p: Person, when: datetime, complaint: str) -> AeVisit:
        visit = AeVisit(
            p, when, complaint, self.rng.choice(self.pools.hospitals), hh.address_on(when.date())
        )
        assert hh.facts is not None
        hh.facts.ae.append(visit)
        return visit

    def exclusion(
        self, hh: Household, child: Person, school: Org, when: date, permanent: bool = False
    ) -> Exclusion:
        rng = self.rng
        reason = rng.choice(
            (
                "Persistent disruptive behaviour",
                "Physical assault against a pupil",
                "Verbal abuse against an adult",
                "Drug and alcohol related",
                "Damage to property",
                "Bullying",
            )
        )
        ex = Exclusion(
            child, school, when, permanent, reason, 0 if permanent else rng.randint(1, 10)
        )
        assert hh.facts is not None
        hh.facts.exclusions.append(ex)
        return ex

    def referral(
        self,
        hh: Household,
        child: Person,
        when: date,
        source: str,
        reason: str,
        outcome: str | None = None,
        s47: bool = False,
        plan: bool = False,
    ) -> Referral:
        rng = self.rng
        if outcome is None:
            r = rng.random()
            outcome = "NFA" if r < 0.45 else "Early Help" if r < 0.6 else "Assessment"
        members = [m for m in hh.members if m.dob <= when]
        ref = Referral(child, when, source, reason, outcome, members)
        if outcome == "Assessment":
            s47 = s47 or rng.random() < 0.2
            ref.assessment = "Section 47 Enquiry" if s47 else "Child and Family Assessment"
            ref.assess_start = when + rng.randint(0, 5) * DAY
            end = ref.assess_start + rng.randint(10, 45) * DAY
            ref.assess_end = end if end <= AS_OF else None
            plan = plan or (rng.random() < (0.5 if s47 else 0.04))
            if plan and ref.assess_end is not None:
                start = ref.assess_end + rng.randint(5, 15) * DAY
                if start < AS_OF:
                    self._plan(ref, start)
        assert hh.facts is not None
        hh.facts.referrals.append(ref)
        return ref

    def _plan(
        self, ref: Referral, start: date, end: date | None = None, stop_visits: date | None = None
    ) -> None:
        rng = self.rng
        ref.plan_start = start
        if end is None:
            end = start + rng.randint(90, 540) * DAY
        ref.plan_end = end if end < AS_OF else None
        ref.category = rng.choice(
            ("Neglect", "Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse")
        )
        last = min(ref.plan_end or AS_OF, stop_visits or AS_OF)
        visit = start + rng.randint(3, 10) * DAY
        ref.visits = []
        while visit < last:
            ref.visits.append(visit)
            gap = rng.randint(61, 75) if rng.random() < 0.004 else rng.randint(7, 20)
            visit += gap * DAY
