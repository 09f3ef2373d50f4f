"""Whom an incremental pattern run re-checks: one neighbourhood hop, as the scoped patterns
read it (issue 19). Each kind of hop is pinned on a hand-built graph, and so is what is *not*
a hop (a shared school), so a faster query cannot quietly drop or add a kind."""

from __future__ import annotations

from small_world import World, days_ago, years_ago

from touchpoint.graph_model.patterns.scope import affected_people, neighbours
from touchpoint.graph_model.store.db import Graph

HOPS = {
    "housemate": "shares an address",
    "co_party": "is party to the same incident",
    "relative": "is related",
    "maybe_same": "is on a pending review pair with a record of the seed",
    "visitor": "is party to an event that happened where the seed lives",
    "host": "lives where the seed's event happened",
}


def neighbourhood_world(graph: Graph) -> None:
    w = World()
    for pid in ["seed", *HOPS, "classmate", "far", "stranger"]:
        w.person(pid, years_ago(12 if pid in ("seed", "classmate") else 35))
    w.lives("seed", "home-seed")
    w.lives("housemate", "home-seed")
    w.event([("seed", "victim"), ("co_party", "suspect")], "police", "police_incident",
            "assault", days_ago(40))  # fmt: skip
    w.relate("seed", "relative", "parent")
    w.pending_pair("seed", "police", "maybe_same", "hospital")
    visit = w.event("visitor", "police", "police_incident", "assault", days_ago(30))
    w.at(visit, "home-seed")
    away = w.event("seed", "hospital", "ae_attendance", "injury", days_ago(20), role="patient")
    w.at(away, "home-host")
    w.lives("host", "home-host")
    w.enrol("seed", "school-1")  # a shared organisation is not a hop
    w.enrol("classmate", "school-1")
    w.lives("far", "home-housemate-2")  # two hops: through the housemate's other home
    w.lives("housemate", "home-housemate-2", agency="benefits")
    w.lives("stranger", "home-stranger")
    w.flush(graph)


def test_one_hop_reaches_every_kind_of_neighbour_and_no_one_else(graph: Graph) -> None:
    neighbourhood_world(graph)
    found = neighbours(graph, ["seed"]) - {"seed"}
    assert found == set(HOPS), f"missing {set(HOPS) - found}, extra {found - set(HOPS)}"


def test_the_second_hop_widens_from_the_first_only(graph: Graph) -> None:
    neighbourhood_world(graph)
    assert neighbours(graph, ["stranger"]) <= {"stranger"}
    assert neighbours(graph, []) == set()
    levels = affected_people(graph, [], [], hops=2)
    assert levels == [[], [], []]  # nothing touched, nothing to widen
    reached = neighbours(graph, sorted(neighbours(graph, ["seed"]) - {"seed"}))
    assert "far" in reached and "classmate" not in reached and "stranger" not in reached
