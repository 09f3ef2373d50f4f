"""Chooses which households get a planted scenario and records the ground truth."""

from __future__ import annotations

from datetime import date, timedelta

from touchpoint.synth.background import World
from touchpoint.synth.population import Household, Person
from touchpoint.synth.scenarios import SCENARIOS, Planted, Scenario, prepare_frequent_moves
from touchpoint.synth.scenarios_more import MORE_SCENARIOS

ALL_SCENARIOS = SCENARIOS + MORE_SCENARIOS

_NEEDS_ADULT = {
    "multi_agency_no_referral",
    "da_no_notification",
    "toxic_trio",
    "missing_from_education",
    "criminal_exploitation",
    "da_under_five_no_health_visiting",
    "nearmiss_da_under_five_no_health_visiting",
    "missing_linked_to_exploitation",
    "nearmiss_missing_linked_to_exploitation",
}


class Planter:
    """Plants at most one scenario per household, at `rate` of households with children.

    The least-planted eligible scenario is chosen each time (round-robin) so even a
    small run contains every scenario kind.
    """

    def __init__(self, world: World, rate: float) -> None:
        self.world, self.rate = world, rate
        self.counts = {s.name: 0 for s in ALL_SCENARIOS}
        self._prepared: str = ""

    def choose(self, hh: Household) -> tuple[Scenario, Person] | None:
        """Pick a scenario before background generation (some reshape the household)."""
        rng = self.world.rng
        rate = self.rate if hh.children else self.rate * 0.15
        if rng.random() >= rate:
            return None
        best: tuple[Scenario, list[Person]] | None = None
        for s in ALL_SCENARIOS:
            if s.name in _NEEDS_ADULT and not hh.adults:
                continue
            cands = [p for p in hh.members if s.who(p)]
            if cands and (best is None or self.counts[s.name] < self.counts[best[0].name]):
                best = (s, cands)
        if best is None:
            return None
        s, cands = best
        self.counts[s.name] += 1
        self._prepared = ""
        if s.name == "frequent_moves":
            self._prepared = prepare_frequent_moves(self.world, hh)
        elif s.name == "immigration_only":
            hh.migrant = True
        return s, rng.choice(cands)

    def plant(self, hh: Household, choice: tuple[Scenario, Person]) -> Planted:
        """Apply the scenario after background generation; returns label rows."""
        s, person = choice
        details = self._prepared if s.plant is None else s.plant(self.world, hh, person)
        if s.name == "frequent_moves":
            return [(s.name, k, details) for k in hh.children if _made_three_moves(hh, k)]
        if s.name == "toxic_trio":
            return [(s.name, k, details) for k in hh.children]
        if s.name == "da_under_five_no_health_visiting":  # every under-five at home that day
            on = date.fromisoformat(details.rsplit("date=", 1)[1])
            return [(s.name, k, details) for k in hh.children if k.dob < on and k.age(on) < 5]
        rows = [(s.name, person, details)]
        if s.name == "immigration_only":
            rows.append(("no_gp_registration", person, "implied by immigration_only"))
            if 6 <= person.age() <= 15:
                rows.append(("missing_from_education", person, "implied by immigration_only"))
        return rows


def _made_three_moves(hh: Household, child: Person) -> bool:
    """Whether ``child`` lived through three of the household's moves within a year.

    Only those children are true cases: a baby born after the planted moves never made them,
    and ``add_move`` skips a planted move dated before a later move the household already had.
    """
    starts = sorted(r.start for r in hh.residences[1:] if r.start > child.dob)
    return any(starts[i + 2] - starts[i] <= timedelta(days=365) for i in range(len(starts) - 2))
