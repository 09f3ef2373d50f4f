"""Extraction from Neo4j into NetworkX: ego rings, households, chunked projection, risk."""

from __future__ import annotations

import pytest
from small_world import AS_OF, World, days_ago, years_ago

from touchpoint.graph_model.analytics.algorithms import (
    central_adults,
    connections_between,
    household_risk,
)
from touchpoint.graph_model.analytics.extract import (
    AnalyticsError,
    ego_network,
    household_graph,
    person_projection,
)
from touchpoint.graph_model.patterns.flags import raise_flags
from touchpoint.graph_model.patterns.library import get_pattern
from touchpoint.graph_model.store.db import Graph


@pytest.fixture
def small(graph: Graph) -> Graph:
    """mum + kid live at home-1; kid and friend in one incident; friend's uncle is related."""
    w = World()
    for pid, age in (("mum", 35), ("kid", 14), ("friend", 15), ("uncle", 40), ("stranger", 30)):
        w.person(pid, years_ago(age))
    w.lives("mum", "home-1", start=years_ago(10))
    w.lives("kid", "home-1", start=years_ago(10))
    w.lives("stranger", "home-9", start=years_ago(2))
    w.relate("friend", "uncle", "child")
    inc = w.event(
        [("kid", "suspect"), ("friend", "suspect")],
        "police",
        "police_incident",
        "assault",
        days_ago(50),
    )
    w.at(inc, "park-1")
    for d in (100, 90, 80):
        w.event("kid", "police", "police_incident", "missing_person", days_ago(d))
    w.enrol("kid", "school-1", years_ago(3))
    w.flush(graph)
    return graph


def _people(g) -> set[str]:
    return {n for n, d in g.nodes(data=True) if d["kind"] == "person"}


def test_ego_rings_grow_with_depth_and_use_stable_ids(small: Graph) -> None:
    one = ego_network(small, "kid", depth=1)
    assert _people(one) == {"kid"}
    assert {d["kind"] for _, d in one.nodes(data=True)} == {
        "person",
        "event",
        "address",
        "organisation",
    }
    two = ego_network(small, "kid", depth=2)
    assert _people(two) == {"kid", "mum", "friend"}
    assert "park-1" in two  # where the incident happened
    three = ego_network(small, "kid", depth=3)
    assert _people(three) == {"kid", "mum", "friend", "uncle"}
    assert three.nodes["uncle"]["hop"] == 3
    assert "stranger" not in three
    edge = two.edges["kid", "home-1"]
    assert edge["types"] == ["LIVES_AT"] and edge["records"][0]["agency"] == "housing"


def test_ego_refuses_unknown_people_and_silly_depths(small: Graph) -> None:
    with pytest.raises(AnalyticsError, match="No person"):
        ego_network(small, "nobody")
    with pytest.raises(AnalyticsError, match="depth must be 1 to 3"):
        ego_network(small, "kid", depth=4)


def test_capped_neighbours_are_marked_truncated(small: Graph) -> None:
    g = ego_network(small, "kid", depth=1, cap=2)
    assert g.nodes["kid"].get("truncated") is True


def test_shortest_connection_between_two_people_goes_through_the_shared_incident(
    small: Graph,
) -> None:
    union, paths = connections_between(small, "mum", "uncle", max_hops=6)
    assert paths == [["mum", "home-1", "kid", "e-police-1", "friend", "uncle"]]
    assert union.edges["friend", "uncle"]["types"] == ["RELATED_TO"]
    _, none = connections_between(small, "mum", "stranger", max_hops=4)
    assert none == []


def test_household_is_shared_current_address_or_relation(small: Graph) -> None:
    assert set(household_graph(small, "kid", AS_OF)) == {"kid", "mum"}
    assert set(household_graph(small, "friend", AS_OF)) == {"friend", "uncle"}


def test_person_projection_is_the_same_whatever_the_chunk_size(small: Graph) -> None:
    pages: list[int] = []
    whole = person_projection(small, page_size=2, progress=pages.append)
    assert pages == [2, 4, 5]
    assert set(whole.edges) == set(person_projection(small, page_size=100).edges)
    assert {frozenset(e) for e in whole.edges} == {
        frozenset({"kid", "mum"}),
        frozenset({"kid", "friend"}),
        frozenset({"friend", "uncle"}),
    }
    assert whole.nodes["kid"]["missing_episodes"] == 3
    ranked = central_adults(whole, AS_OF, radius=2)
    assert [a.person_id for a in ranked] == ["mum", "uncle"]


def test_household_risk_explains_itself_with_the_flags_it_sums(small: Graph) -> None:
    raise_flags(small, get_pattern("repeated_missing"), {"as_of": AS_OF})
    household, scores = household_risk(small, "mum", AS_OF)
    assert set(household) == {"mum", "kid"}
    assert scores["kid"].own == 3.0 and scores["kid"].household == 0.0
    assert scores["mum"].household == 1.5
    (contribution,) = scores["mum"].contributions
    assert contribution["pattern_id"] == "repeated_missing" and contribution["about"] == "kid"
