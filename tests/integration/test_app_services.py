"""The app's services against the real Neo4j, over the hand-built fixture graph."""

from __future__ import annotations

import pytest
from app_support import load_app_fixture

from app.services import flags as flag_service
from app.services import patterns as pattern_service
from app.services.network import MAX_NODES, ego_network, expand
from app.services.paths import find_connections
from app.services.profile import load_profile
from app.services.search import search_people
from graph_model.db import Graph
from graph_model.errors import TouchpointError


@pytest.fixture
def app_graph(graph: Graph) -> Graph:
    load_app_fixture(graph)
    return graph


def test_fuzzy_name_search_finds_misspelt_records_grouped_by_person(app_graph):
    result = search_people(app_graph, "Alise Smyth")
    alice = next(h for h in result.hits if h.key == "person_alice")
    assert alice.resolved and alice.record_count == 3
    assert alice.agencies == ["gp", "police", "social_care"]
    assert alice.concerns == 2  # domestic abuse victim + A&E injury


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("14/03/1990", "person_alice"),
        ("LS2 8CD", "rec_dan_police"),
        ("9434765919", "person_alice"),
        ("QQ123456C", "person_bob"),
        ("A123456789012", "person_charlie"),
        ("NOM-3003", "rec_dan_police"),
    ],
)
def test_dob_postcode_and_identifier_search_find_the_subject(app_graph, text, key):
    assert key in [hit.key for hit in search_people(app_graph, text).hits]


def test_an_unresolved_record_is_its_own_subject_marked_unresolved(app_graph):
    (hit,) = search_people(app_graph, "Daniel Jones").hits
    assert (hit.key, hit.resolved, hit.agencies) == ("rec_dan_police", False, ["police"])


@pytest.mark.parametrize("text", ["Alice AND", "OR Smith", "NOT", "Alice TO Smith", "&& ||"])
def test_lucene_operator_words_typed_in_search_are_searched_not_parsed(app_graph, text):
    result = search_people(app_graph, text)  # a Lucene parse error would raise QueryFailed
    assert result.message is None or "No one found" in result.message or "Type a" in result.message


def test_search_that_finds_nothing_says_so(app_graph):
    result = search_people(app_graph, "Zebedee Quux")
    assert result.hits == [] and "No one found" in result.message


def test_profile_from_a_record_id_shows_the_resolved_person_with_evidence(app_graph):
    profile = load_profile(app_graph, "rec_alice_gp")
    assert profile.key == "person_alice"
    by_agency = {r.agency: r for r in profile.records}
    assert by_agency["gp"].fields["full_name"] == "Alicia Smith"
    assert by_agency["social_care"].probability == pytest.approx(0.88)
    assert by_agency["social_care"].evidence["surname"].startswith("Smyth~Smith")
    assert by_agency["police"].source_record_id == "NOM-1001"
    assert by_agency["police"].loaded_at.startswith("2026-11-01")
    assert [e.event_id for e in profile.events] == ["ev_wnb", "ev_da", "ev_ae", "ev_referral"]
    assert {p.agency for p in profile.places if p.place_key == "addr_home"} == {"gp", "police"}


def test_profile_of_an_unknown_key_is_none(app_graph):
    assert load_profile(app_graph, "person_nobody") is None


def test_ego_network_folds_records_into_people_and_summarises_busy_groups(app_graph):
    net = ego_network(app_graph, "person_bob", depth=1)
    kinds = {key: node.kind for key, node in net.nodes.items()}
    assert {"person_alice", "addr_home", "addr_flat", "ev_da", "ev_assault"} <= set(kinds)
    summary = net.nodes["more|person_bob|event:police_incident"]
    assert summary.label == "5 more police incidents"
    assert sum(1 for k in kinds.values() if k == "event") == 12
    partner = next(e for e in net.edges.values() if e.rel_type == "RELATED_TO")
    assert (partner.source, partner.target, partner.qualifier) == (
        "person_alice",
        "person_bob",
        "partner",
    )


def test_expanding_a_summary_draws_the_events_it_stood_for(app_graph):
    net = ego_network(app_graph, "person_bob", depth=1)
    net = expand(app_graph, net, "more|person_bob|event:police_incident")
    assert "more|person_bob|event:police_incident" not in net.nodes
    assert sum(1 for n in net.nodes.values() if n.kind == "event") == 17


def test_depth_two_reaches_people_through_shared_events_and_addresses(app_graph):
    net = ego_network(app_graph, "person_alice", depth=2)
    assert {"person_bob", "person_charlie"} <= set(net.nodes)
    assert net.nodes["person_alice"].risk in ("low", "medium", "high")
    assert len(net.nodes) < MAX_NODES and not net.truncated


def test_expanding_a_node_adds_its_neighbours(app_graph):
    net = ego_network(app_graph, "person_alice", depth=1)
    assert "rec_dan_police" not in net.nodes
    net = expand(app_graph, expand(app_graph, net, "person_bob"), "addr_flat")
    assert "rec_dan_police" in net.nodes


def test_shortest_path_is_drawn_at_person_level(app_graph):
    result = find_connections(app_graph, "person_alice", "person_erin")
    (path,) = result.paths
    assert [s.node.key for s in path] == [
        "person_alice",
        "person_charlie",
        "org_school",
        "person_erin",
    ]
    assert [s.via for s in path[1:]] == ["Parent", "Enrolled at", "Enrolled at"]


def test_paths_only_use_the_allowed_relationship_types(app_graph):
    assert find_connections(app_graph, "person_alice", "person_erin", ["LIVES_AT"]).paths == []
    assert find_connections(app_graph, "person_alice", "person_frank").paths == []


def test_pattern_run_returns_table_rows_and_raised_flags_reach_the_review_queue(app_graph):
    run = pattern_service.run(app_graph, "da_no_school_notification", {"lookback_days": 3650})
    (row,) = run.rows
    assert (row["person_id"], row["person"]) == ("person_charlie", "Charlie Smith")
    assert "Police" in row["agencies"] and row["first"] == "2023-11-04"
    assert "person_charlie" in pattern_service.rows_to_csv(run.rows)
    summary = pattern_service.raise_flags(
        app_graph, "da_no_school_notification", {"lookback_days": 3650}
    )
    assert summary.created == 1
    (flag,) = flag_service.review_queue(app_graph, status="new")
    assert flag.person_name == "Charlie Smith" and flag.evidence
    assert flag_service.open_flag_counts(app_graph, ["person_charlie"]) == {"person_charlie": 1}
    assert search_people(app_graph, "Charlie").hits[0].open_flags == 1


def test_flag_decisions_follow_the_review_rules_and_keep_history(app_graph):
    pattern_service.raise_flags(app_graph, "da_no_school_notification", {"lookback_days": 3650})
    (flag,) = flag_service.flags_for_subject(app_graph, "person_charlie")
    with pytest.raises(TouchpointError, match="reason is required"):
        flag_service.change_status(app_graph, flag.flag_id, "dismissed", "A. Analyst", None)
    changed = flag_service.change_status(
        app_graph, flag.flag_id, "dismissed", "A. Analyst", "Told by phone"
    )
    assert changed.status == "dismissed"
    assert flag_service.flags_for_subject(app_graph, "person_charlie") == []
    _, history = flag_service.flag_detail(app_graph, flag.flag_id)
    assert [(h["from"], h["to"], h["reason"]) for h in history] == [
        ("new", "dismissed", "Told by phone")
    ]
