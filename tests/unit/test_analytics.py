"""Network algorithms on small graphs whose answers are known by construction, and the
NetworkX view of the network reader's result they run on."""

from __future__ import annotations

from datetime import date

import networkx as nx

from touchpoint.graph_model.analytics.algorithms import (
    age_on,
    central_adults,
    communities,
    describe_path,
    risk_scores,
)
from touchpoint.graph_model.analytics.household import household_graph
from touchpoint.services.reads.analysis import to_networkx
from touchpoint.services.reads.network_model import NetEdge, NetNode, Network

AS_OF = date(2026, 6, 1)
CHILD, ADULT = "2012-01-01", "1990-01-01"


def _entity_graph() -> nx.Graph:
    """a -inc1- b -addr- c, and a longer route a -inc2- d -inc3- c."""
    g = nx.Graph()
    for n in ("a", "b", "c", "d"):
        g.add_node(n, kind="person", display_name=n.upper())
    for n in ("inc1", "inc2", "inc3"):
        g.add_node(n, kind="event", category="police_incident", type="assault", date="2026-01-01")
    g.add_node("addr", kind="address", line1="1 High St", postcode="LS1 1AA")
    for a, b in [
        ("a", "inc1"),
        ("inc1", "b"),
        ("b", "addr"),
        ("addr", "c"),
        ("a", "inc2"),
        ("inc2", "d"),
        ("d", "inc3"),
        ("inc3", "c"),
    ]:
        g.add_edge(
            a,
            b,
            types=["INVOLVED_IN"],
            roles=[],
            records=[{"agency": "police", "record_id": f"{a}-{b}"}],
            weight=1,
        )
    return g


def test_path_steps_name_the_records_behind_each_link() -> None:
    g = _entity_graph()
    steps = describe_path(g, ["a", "inc1", "b"])
    assert [s["label"] for s in steps] == ["A", "police_incident/assault 2026-01-01", "B"]
    assert steps[0]["link"]["records"] == [{"agency": "police", "record_id": "a-inc1"}]
    assert "link" not in steps[-1]


def test_louvain_separates_two_cliques_joined_by_one_edge() -> None:
    g = nx.Graph()
    left, right = [f"l{i}" for i in range(5)], [f"r{i}" for i in range(5)]
    for group in (left, right):
        g.add_edges_from((x, y, {"weight": 3}) for i, x in enumerate(group) for y in group[i + 1 :])
    g.add_edge("l0", "r0", weight=1)
    g.add_node("loner")
    found = communities(g, min_size=2)
    assert found == [set(left), set(right)]
    assert communities(g, min_size=2) == found  # fixed seed: the same answer every time


def test_central_adults_ranks_the_adult_near_most_missing_children_first() -> None:
    p = nx.Graph()
    for kid in ("k1", "k2", "k3"):
        p.add_node(kid, dob=CHILD, missing_episodes=2)
    p.add_node("k4", dob=CHILD, missing_episodes=0)
    p.add_node("hub", dob=ADULT, display_name="Hub Adult", missing_episodes=0)
    p.add_node("parent", dob=ADULT, missing_episodes=0)
    p.add_node("unknown_age", missing_episodes=0)
    p.add_edges_from(
        [
            ("hub", "k1"),
            ("hub", "k2"),
            ("hub", "k3"),
            ("parent", "k1"),
            ("parent", "k4"),
            ("unknown_age", "k2"),
        ]
    )
    ranked = central_adults(p, AS_OF, radius=1)
    assert [a.person_id for a in ranked] == ["hub", "parent"]
    assert ranked[0].children_near == ("k1", "k2", "k3")
    assert ranked[0].betweenness > ranked[1].betweenness


def test_no_missing_children_means_no_central_adults() -> None:
    p = nx.Graph([("a", "b")])
    nx.set_node_attributes(p, {"a": ADULT, "b": CHILD}, "dob")
    assert central_adults(p, AS_OF) == []


def test_risk_score_is_the_sum_of_its_listed_contributions() -> None:
    household = nx.Graph([("child", "mum"), ("child", "dad")])
    flags = [
        {
            "person_id": "child",
            "flag_id": "f1",
            "pattern_id": "repeated_missing",
            "severity": "high",
        },
        {"person_id": "mum", "flag_id": "f2", "pattern_id": "adult_at_risk", "severity": "high"},
        {"person_id": "dad", "flag_id": "f3", "pattern_id": "frequent_moves", "severity": "medium"},
    ]
    scores = risk_scores(household, flags, share=0.5)
    child = scores["child"]
    assert (child.own, child.household, child.total) == (3.0, 2.5, 5.5)
    assert sum(c["points"] for c in child.contributions) == child.total
    assert {c["flag_id"] for c in child.contributions} == {"f1", "f2", "f3"}
    assert scores["dad"].total == 2.0 + 1.5 + 1.5


def test_age_is_whole_years_and_unknown_stays_unknown() -> None:
    assert age_on("2016-06-02", AS_OF) == 9
    assert age_on("2016-06-01", AS_OF) == 10
    assert age_on(None, AS_OF) is None


def _lives(g: nx.Graph, person: str, address: str, *periods: tuple[str | None, str | None]):
    g.add_node(person, kind="person")
    g.add_node(address, kind="address")
    g.add_edge(person, address, types=["LIVES_AT"], periods=[list(p) for p in periods])


def test_a_household_is_who_shares_an_address_on_the_day_or_is_family() -> None:
    g = nx.Graph()
    _lives(g, "me", "flat", ("2020-01-01", None))
    _lives(g, "flatmate", "flat", ("2025-01-01", None))
    _lives(g, "old_lodger", "flat", ("2020-01-01", "2021-01-01"))
    _lives(g, "came_back", "flat", ("2019-01-01", "2020-06-01"), ("2026-01-01", None))
    g.add_node("gran", kind="person")
    g.add_edge("me", "gran", types=["RELATED_TO"], roles=["grandchild"])
    household = household_graph(g, "me", AS_OF)
    assert set(household) == {"me", "flatmate", "came_back", "gran"}
    assert household.edges["me", "flatmate"]["via"] == ["flat"]
    assert household.edges["me", "gran"]["links"] == ["grandchild"]
    assert set(household_graph(g, "me", date(2020, 3, 1))) == {"me", "old_lodger", "came_back",
                                                                "gran"}  # fmt: skip


def test_the_networkx_view_of_a_network_keeps_records_and_marks_summaries_as_truncation() -> None:
    net = Network(root="p")
    net.nodes["p"] = NetNode("p", "person", "Pat", hop=0, detail={"dob": "2010-01-01"})
    net.nodes["a"] = NetNode("a", "address", "1 High St", hop=1, detail={"postcode": "LS1"})
    net.nodes["more|p|event:police_incident"] = NetNode(
        "more|p|event:police_incident", "summary", "14 more", detail={"parent": "p"}
    )
    net.add_edge(NetEdge("p", "a", "LIVES_AT", None, {"police"}, records={("police", "N-1")}))
    net.add_edge(NetEdge("p", "a", "LIVES_AT", None, {"gp"}, records={("gp", "G-7")}))
    net.add_edge(NetEdge("p", "more|p|event:police_incident", "INVOLVED_IN", "summary"))
    g = to_networkx(net)
    assert set(g) == {"p", "a"} and g.nodes["p"]["truncated"] is True
    assert (g.nodes["p"]["display_name"], g.nodes["p"]["dob"], g.nodes["a"]["hop"]) == (
        "Pat",
        "2010-01-01",
        1,
    )
    edge = g.edges["p", "a"]
    assert edge["types"] == ["LIVES_AT"] and edge["weight"] == 2
    assert edge["records"] == [
        {"agency": "gp", "record_id": "G-7"},
        {"agency": "police", "record_id": "N-1"},
    ]
