"""The app's services against the real Neo4j, over the hand-built fixture graph, read as a
signed-in viewer (``hub_staff`` unless a case needs another role's agreement)."""

from __future__ import annotations

import pytest
from access_support import context
from app_support import load_app_fixture

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads.profile import load_profile
from touchpoint.services.reads.search import search_people


@pytest.fixture
def app_graph(graph: Graph) -> Graph:
    load_app_fixture(graph)
    return graph


def viewer(graph: Graph, role: str = "hub_staff") -> ViewerGraph:
    return ViewerGraph(graph, context(role))


def test_fuzzy_name_search_finds_misspelt_records_grouped_by_person(app_graph):
    result = search_people(viewer(app_graph), "Alise Smyth")
    alice = next(h for h in result.hits if h.key == "person_alice")
    assert alice.resolved and alice.record_count == 3
    assert alice.agencies == ["gp", "police", "social_care"]
    assert (alice.year_of_birth, alice.area) == (1990, "LS1")  # minimal: no full DOB


@pytest.mark.parametrize(
    ("text", "key", "role"),
    [
        ("14/03/1990", "person_alice", "hub_staff"),
        ("LS2 8CD", "rec_dan_police", "hub_staff"),
        ("9434765919", "person_alice", "health_liaison"),  # a GP's NHS number: health only
        ("QQ123456C", "person_bob", "hub_staff"),
        ("A123456789012", "person_charlie", "hub_staff"),
        ("NOM-3003", "rec_dan_police", "hub_staff"),
    ],
)
def test_dob_postcode_and_identifier_search_find_the_subject(app_graph, text, key, role):
    assert key in [hit.key for hit in search_people(viewer(app_graph, role), text).hits]


def test_an_unresolved_record_is_its_own_subject_marked_unresolved(app_graph):
    (hit,) = search_people(viewer(app_graph), "Daniel Jones").hits
    assert (hit.key, hit.resolved, hit.agencies) == ("rec_dan_police", False, ["police"])


@pytest.mark.parametrize("text", ["Alice AND", "OR Smith", "NOT", "Alice TO Smith", "&& ||"])
def test_lucene_operator_words_typed_in_search_are_searched_not_parsed(app_graph, text):
    result = search_people(viewer(app_graph), text)  # a Lucene parse error: QueryFailed
    assert result.message is None or "No one found" in result.message or "Type a" in result.message


def test_search_that_finds_nothing_says_so(app_graph):
    result = search_people(viewer(app_graph), "Zebedee Quux")
    assert result.hits == [] and "No one found" in result.message


def test_profile_from_a_record_id_shows_the_resolved_person_with_evidence(app_graph):
    profile = load_profile(viewer(app_graph), "rec_alice_gp")
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
    assert load_profile(viewer(app_graph), "person_nobody") is None
