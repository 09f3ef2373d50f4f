"""Each role sees exactly what its sharing agreement allows - no more, no less - on real Neo4j.

``access_support.TABLE`` is the agreement, restated per role × agency × field for Alice
(records from police, GP, social care and immigration; a police DA incident, an A&E injury, a GP
appointment and an immigration decision): the real value, the agency's withheld text, or
``absent`` (the whole record/event is withheld, and counted). ``test_access_pages`` checks the
same table through the signed-in app's pages.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest
from access_support import (
    ANALYST_NOTICE,
    HEALTH,
    LIAISON_NOTICE,
    PURPOSE,
    ROLES,
    TABLE,
    context,
    load_access_fixture,
)

from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.context import AccessDenied, PurposeRequired
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.services.reads import flags as flag_reads
from touchpoint.services.reads.network import ego_network
from touchpoint.services.reads.profile import load_profile
from touchpoint.services.reads.search import search_people

CASES = [
    pytest.param(role, item, name, expected[i], id=f"{role}-{item}-{name}")
    for (item, name), expected in TABLE.items()
    for i, role in enumerate(ROLES)
]


@pytest.fixture
def access_graph(graph: Graph) -> Graph:
    load_access_fixture(graph)
    return graph


def _items(graph: Graph, role: str) -> dict[str, dict[str, Any]]:
    found = load_profile(ViewerGraph(graph, context(role)), "person_alice")
    assert found is not None
    rows = {r.record_id: r.fields for r in found.records}
    rows.update({e.event_id: asdict(e) for e in found.events})
    return rows


@pytest.mark.parametrize(("role", "item", "name", "expected"), CASES)
def test_each_role_sees_exactly_its_agreement(
    access_graph: Graph, role: str, item: str, name: str, expected: Any
) -> None:
    items = _items(access_graph, role)
    if expected == "absent":
        assert item not in items
    else:
        assert items[item][name] == expected


@pytest.mark.parametrize(
    ("role", "notice"),
    [
        ("hub_staff", None),
        ("analyst", ANALYST_NOTICE),
        ("health_liaison", LIAISON_NOTICE),
        ("admin", None),
    ],
)
def test_withholding_is_visible_as_a_count_with_the_agreement(
    access_graph: Graph, role: str, notice: str | None
) -> None:
    found = load_profile(ViewerGraph(access_graph, context(role)), "person_alice")
    assert found is not None and found.withheld.notice() == notice


def test_an_event_type_outside_the_agreement_is_withheld_and_counted(access_graph: Graph) -> None:
    viewer = ViewerGraph(access_graph, context("health_liaison"))
    bob = load_profile(viewer, "person_bob")
    assert bob is not None
    assert [e.event_id for e in bob.events] == ["ev_da"]  # not the assault nor the ASB
    assert bob.withheld.events == 16


@pytest.mark.parametrize(
    ("role", "text", "keys"),
    [
        ("hub_staff", "Ivan Petrov", ["rec_ivan_imm"]),
        ("analyst", "Ivan Petrov", []),
        ("health_liaison", "9434765919", ["person_alice"]),
        ("analyst", "9434765919", []),
        ("hub_staff", "QQ123456C", ["person_bob"]),
        ("health_liaison", "QQ123456C", []),
        ("analyst", "LS9 9ZZ", []),
    ],
)
def test_search_only_finds_what_the_agreement_shows(
    access_graph: Graph, role: str, text: str, keys: list[str]
) -> None:
    result = search_people(ViewerGraph(access_graph, context(role, with_purpose=False)), text)
    assert [hit.key for hit in result.hits] == keys


def test_search_rows_are_minimal_and_count_withheld_records(access_graph: Graph) -> None:
    viewer = ViewerGraph(access_graph, context("analyst", with_purpose=False))
    [alice] = [h for h in search_people(viewer, "Alice Smith").hits if h.key == "person_alice"]
    assert (alice.year_of_birth, alice.area, alice.withheld_records) == (1990, "LS1", 1)
    assert alice.agencies == ["gp", "police", "social_care"]


def test_pattern_results_hide_flags_whose_evidence_is_withheld(access_graph: Graph) -> None:
    liaison = flag_reads.read_flags(ViewerGraph(access_graph, context("health_liaison")))
    assert [f["flag_id"] for f in liaison.flags] == ["flag_da"]
    assert liaison.notice() == "1 flag withheld under agreement health_isa"
    analyst = flag_reads.read_flags(ViewerGraph(access_graph, context("analyst")))
    assert sorted(f["flag_id"] for f in analyst.flags) == ["flag_assault", "flag_da"]


def test_a_profile_needs_a_recorded_purpose(access_graph: Graph) -> None:
    viewer = ViewerGraph(access_graph, context("hub_staff", with_purpose=False))
    with pytest.raises(PurposeRequired):
        load_profile(viewer, "person_alice")


def test_a_viewer_refuses_a_query_that_reads_records_without_declaring_the_agreement(
    access_graph: Graph,
) -> None:
    viewer = ViewerGraph(access_graph, context("hub_staff"))
    unfiltered = Query(
        name="tests/unfiltered_records",
        text="MATCH (r:PersonRecord {record_id: $key}) RETURN r.ni_number AS ni",
        meta={"params": ["key"]},
    )
    with pytest.raises(AccessDenied, match="tests/unfiltered_records declares no agreement"):
        viewer.read(unfiltered, key="rec_alice_imm")


def test_break_glass_shows_everything_for_its_time(access_graph: Graph) -> None:
    ctx = context("health_liaison", with_purpose=False).with_break_glass(
        "Child missing tonight, need every agency's record", load_agreements(), PURPOSE
    )
    found = load_profile(ViewerGraph(access_graph, ctx), "person_alice")
    assert found is not None and "rec_alice_imm" in {r.record_id for r in found.records}
    assert found.withheld.notice() is None


@pytest.mark.parametrize(
    ("role", "shown", "hidden", "withheld"),
    [
        ("analyst", {"ev_da", "ev_ae", "person_bob"}, {"ev_imm"}, 1),
        ("health_liaison", {"ev_da", "ev_ae"}, {"ev_imm"}, 1),
        ("hub_staff", {"ev_da", "ev_ae", "ev_imm"}, set(), 0),
    ],
)
def test_network_expansion_follows_the_agreement(
    access_graph: Graph, role: str, shown: set[str], hidden: set[str], withheld: int
) -> None:
    viewer = ViewerGraph(access_graph, context(role))
    network = ego_network(viewer, "person_alice", depth=1)
    assert shown <= set(network.nodes) and not hidden & set(network.nodes)
    assert network.withheld_links == withheld
    ae = network.nodes.get("ev_ae")
    if role != "health_liaison" and ae is not None:
        assert ae.detail["description"] == HEALTH


def test_network_expansion_needs_a_purpose(access_graph: Graph) -> None:
    with pytest.raises(PurposeRequired):
        ego_network(
            ViewerGraph(access_graph, context("analyst", with_purpose=False)), "person_alice"
        )


@pytest.mark.parametrize("role", ["hub_staff", "analyst", "admin"])
def test_masked_fields_say_what_is_withheld_once_not_a_health_concern(
    access_graph: Graph, role: str
) -> None:
    access_graph.write(
        Query(
            name="tests/ae_outcome_and_notes",
            text="MATCH (e:Event {event_id: 'ev_ae'}) "
            "SET e.outcome = 'Discharged home', e.notes = 'Seen with mother'",
            meta={"params": []},
        )
    )
    found = load_profile(ViewerGraph(access_graph, context(role)), "person_alice")
    assert found is not None
    [gp] = [r for r in found.records if r.agency == "gp"]
    assert gp.fields["nhs_number"] == "NHS number withheld"  # an identifier, not a "concern"
    by_id = {e.event_id: e for e in found.events}
    ae = by_id["ev_ae"]
    shown = [t for t in (ae.description, ae.outcome, ae.notes) if t]
    if role == "hub_staff":  # hospital outcomes are shared with hub staff
        assert shown == ["A&E attendance details withheld", "Discharged home"]
    else:
        assert shown == ["A&E attendance details withheld"]  # said once, never doubled


def test_the_explorer_risk_band_is_at_least_the_highest_open_flag(access_graph: Graph) -> None:
    network = ego_network(ViewerGraph(access_graph, context("hub_staff")), "person_alice", 1)
    assert network.nodes["person_alice"].risk == "high"  # flag_da is high; not "medium"
