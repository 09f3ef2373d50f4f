"""NetworkX analytics read as a user (services.reads.analysis): ego rings, paths, households,
the paged projection and household risk - all from the one network, path and flag readers.

hub_staff sees every agency of this small world, so these pin the analyses themselves; what
other roles may see is pinned in test_network_access.py."""

from __future__ import annotations

import pytest
from access_support import context
from small_world import AS_OF, World, days_ago, name_records, years_ago

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.analytics.algorithms import AnalyticsError, central_adults
from touchpoint.graph_model.patterns.flags import raise_flags
from touchpoint.graph_model.patterns.library import get_pattern
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads.analysis import (
    connections,
    ego_graph,
    household,
    household_risk,
    person_projection,
)


@pytest.fixture
def small(graph: Graph) -> ViewerGraph:
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
    name_records(graph)
    return ViewerGraph(graph, context("hub_staff"))


def _people(g) -> set[str]:
    return {n for n, d in g.nodes(data=True) if d["kind"] == "person"}


def test_ego_rings_grow_with_depth_and_use_stable_ids(small: ViewerGraph) -> None:
    one = ego_graph(small, "kid", depth=1)
    assert _people(one) == {"kid"}
    assert {d["kind"] for _, d in one.nodes(data=True)} == {
        "person",
        "event",
        "address",
        "organisation",
    }
    two = ego_graph(small, "kid", depth=2)
    assert _people(two) == {"kid", "mum", "friend"}
    assert "park-1" in two  # where the incident happened
    three = ego_graph(small, "kid", depth=3)
    assert _people(three) == {"kid", "mum", "friend", "uncle"}
    assert three.nodes["uncle"]["hop"] == 3
    assert "stranger" not in three
    edge = two.edges["kid", "home-1"]
    assert edge["types"] == ["LIVES_AT"] and edge["records"][0]["agency"] == "housing"


def test_ego_refuses_unknown_people_and_silly_depths(small: ViewerGraph) -> None:
    with pytest.raises(AnalyticsError, match="No person"):
        ego_graph(small, "nobody")
    with pytest.raises(AnalyticsError, match="depth must be 1 to 3"):
        ego_graph(small, "kid", depth=4)


def test_capped_neighbours_are_marked_truncated(small: ViewerGraph) -> None:
    g = ego_graph(small, "kid", depth=1, cap=2)
    assert g.nodes["kid"].get("truncated") is True
    assert not ego_graph(small, "kid", depth=1).nodes["kid"].get("truncated")


def test_shortest_connection_between_two_people_goes_through_the_shared_incident(
    small: ViewerGraph,
) -> None:
    union, paths = connections(small, "mum", "uncle", max_hops=6)
    assert paths == [["mum", "home-1", "kid", "e-police-1", "friend", "uncle"]]
    assert union.edges["friend", "uncle"]["types"] == ["RELATED_TO"]
    assert union.edges["kid", "home-1"]["records"] == [
        {"agency": "housing", "record_id": "HOUSING-kid"}
    ]
    assert connections(small, "mum", "uncle", max_hops=4)[1] == []  # 5 steps is too far
    _, none = connections(small, "mum", "stranger", max_hops=4)
    assert none == []
    with pytest.raises(AnalyticsError, match="No person 'nobody'"):
        connections(small, "mum", "nobody")


def test_household_is_shared_current_address_or_relation(small: ViewerGraph) -> None:
    assert set(household(small, "kid", AS_OF)) == {"kid", "mum"}
    assert set(household(small, "friend", AS_OF)) == {"friend", "uncle"}
    assert household(small, "kid", AS_OF).edges["kid", "mum"]["via"] == ["home-1"]


def test_a_former_address_is_not_a_household(graph: Graph) -> None:
    w = World()
    for pid in ("lodger", "host", "later"):
        w.person(pid, years_ago(30))
    w.lives("host", "flat-1", start=years_ago(10))
    w.lives("lodger", "flat-1", start=years_ago(6), end=years_ago(4))
    w.lives("later", "flat-1", start=years_ago(1))
    w.flush(graph)
    viewer = ViewerGraph(graph, context("hub_staff"))
    assert set(household(viewer, "host", AS_OF)) == {"host", "later"}
    assert set(household(viewer, "host", years_ago(5))) == {"host", "lodger"}


def test_person_projection_is_the_same_whatever_the_chunk_size(small: ViewerGraph) -> None:
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


def test_household_risk_explains_itself_with_the_flags_it_sums(
    small: ViewerGraph, graph: Graph
) -> None:
    raise_flags(graph, get_pattern("repeated_missing"), {"as_of": AS_OF})
    household, scores = household_risk(small, "mum", AS_OF)
    assert set(household) == {"mum", "kid"}
    assert scores["kid"].own == 3.0 and scores["kid"].household == 0.0
    assert scores["mum"].household == 1.5
    (contribution,) = scores["mum"].contributions
    assert contribution["pattern_id"] == "repeated_missing" and contribution["about"] == "kid"
