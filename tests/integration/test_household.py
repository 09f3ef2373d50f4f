"""The profile's household and associates panel and the Flags page's households, on real Neo4j.

Alice (the app fixture) lives at 12 Park Lane with her son Charlie; her partner Bob lived there
until 2024 and has lived at the flat since, with Daniel. Added here: Ivan, known only to
Immigration, lives at Park Lane and witnessed the DA incident; Gina lives there too, known to
Housing as "Gina Sekret" and to Immigration (whose record names her Person) as "Gina Secret".
The analyst role does not see Immigration's records: no Ivan, Gina named from Housing only.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from access_support import context, load_access_fixture
from auth_support import USER_OF_ROLE, add_people, signed_in_calls

from touchpoint.app import ids
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.services.reads import flags as flag_reads
from touchpoint.services.reads.household import Household, load_household
from touchpoint.services.reads.profile import load_profile

HOUSEHOLD_EXTRA = Query(
    name="tests/household_extra",
    text="""
MATCH (home:Address {address_id: 'addr_home'}), (ivan:PersonRecord {record_id: 'rec_ivan_imm'}),
      (da:Event {event_id: 'ev_da'})
CREATE (ivan)-[:LIVES_AT {from: date('2025-01-01'), source_agency: 'immigration'}]->(home)
CREATE (ivan)-[:INVOLVED_IN {role: 'witness', source_agency: 'police'}]->(da)
CREATE (gina:Person {person_id: 'person_gina', display_name: 'Gina Secret'})
CREATE (:PersonRecord {record_id: 'rec_gina_imm', source_agency: 'immigration',
        full_name: 'Gina Secret', dob: date('1992-02-02')})-[:RESOLVES_TO]->(gina)
CREATE (gh:PersonRecord {record_id: 'rec_gina_housing', source_agency: 'housing',
        full_name: 'Gina Sekret', dob: date('1992-02-02')})-[:RESOLVES_TO]->(gina)
CREATE (gh)-[:LIVES_AT {from: date('2025-06-01'), source_agency: 'housing'}]->(home)
""",
    meta={"params": []},
)
TODAY = date(2026, 11, 1)


@pytest.fixture
def household_graph(graph: Graph) -> Graph:
    load_access_fixture(graph)
    graph.write(HOUSEHOLD_EXTRA)
    return graph


def _household(graph: Graph, role: str, key: str = "person_alice") -> Household:
    return load_household(ViewerGraph(graph, context(role)), key, today=TODAY)


def _residents(household: Household) -> dict[str, dict[str, object]]:
    return {
        r.key: {"name": r.name, "address": a.address_id, "stays": [s.text() for s in r.stays]}
        for a in household.addresses
        for r in a.residents
    }


def test_the_panel_lists_co_residents_by_address_with_dates(household_graph: Graph) -> None:
    found = _household(household_graph, "hub_staff")
    assert [a.address_id for a in found.addresses] == ["addr_home"]
    home = found.addresses[0]
    assert home.current and home.label == "12 Park Lane, Leeds, LS1 4AB"
    assert [s.text() for s in home.stays] == [
        "from 2018-06-01, current",
        "from 2019-01-01, current",
    ]
    assert _residents(found) == {
        "person_charlie": {"name": "Charlie Smith", "address": "addr_home",
                           "stays": ["from 2016-09-09, current"]},
        "person_gina": {"name": "Gina Secret", "address": "addr_home",
                        "stays": ["from 2025-06-01, current"]},
        "rec_ivan_imm": {"name": "Ivan Petrov", "address": "addr_home",
                         "stays": ["from 2025-01-01, current"]},
        "person_bob": {"name": "Robert Smith", "address": "addr_home",
                       "stays": ["from 2019-01-01 to 2024-02-01"]},
    }  # fmt: skip
    # the ones still there first, Bob (who left in 2024) last
    assert [r.key for r in home.residents][-1] == "person_bob"
    assert found.withheld is not None and found.withheld.notice() is None


def test_associates_carry_the_relationship_roles_and_shared_events(household_graph: Graph) -> None:
    found = _household(household_graph, "hub_staff")
    associates = {a.key: (a.relations, a.roles, a.shared_events) for a in found.associates}
    assert associates == {
        "person_bob": (("partner",), ("suspect",), 1),
        "person_charlie": (("child",), ("child_present",), 1),  # Alice is recorded as parent
        "rec_ivan_imm": ((), ("witness",), 1),
    }


def test_a_role_does_not_see_people_known_only_through_withheld_records(
    household_graph: Graph,
) -> None:
    found = _household(household_graph, "analyst")
    residents = _residents(found)
    assert "rec_ivan_imm" not in residents
    assert "rec_ivan_imm" not in {a.key for a in found.associates}
    assert residents["person_gina"]["name"] == "Gina Sekret"  # never the withheld record's name
    assert "Ivan" not in repr(found) and "Gina Secret" not in repr(found)
    assert found.withheld is not None
    assert found.withheld.notice() == (
        "Withheld under agreement mash_isa: 2 Immigration records - the agreement does not "
        "share Immigration's records with the analyst role (roles.analyst.agencies)."
    )  # Ivan's record and Gina's immigration record: counted, never named


def test_bobs_panel_splits_current_and_past_addresses(household_graph: Graph) -> None:
    found = _household(household_graph, "analyst", "person_bob")
    assert [(a.address_id, a.current) for a in found.addresses] == [
        ("addr_flat", True),
        ("addr_home", False),
    ]
    assert _residents(found)["rec_dan_police"]["name"] == "Daniel Jones"
    flat = found.addresses[0]
    assert [s.text() for s in flat.stays] == ["from 2024-02-01, current"]


def test_the_panel_needs_the_case_purpose(household_graph: Graph) -> None:
    from touchpoint.graph_model.access.context import PurposeRequired

    with pytest.raises(PurposeRequired):
        load_household(ViewerGraph(household_graph, context("analyst", with_purpose=False)), "x")


def test_the_profile_page_shows_the_panel_and_is_audited_once(
    household_graph: Graph,
) -> None:
    add_people(household_graph)
    log = AuditLog(household_graph)
    before = len(list(log.entries()))
    calls = signed_in_calls(household_graph, USER_OF_ROLE["analyst"], "s47_enquiry")
    page = json.dumps(calls.page("/person/person_alice"), ensure_ascii=False)
    assert "Household and associates" in page
    for text in ("Robert Smith", "Charlie Smith", "Gina Sekret", "/person/person_bob"):
        assert text in page
    assert "Ivan" not in page and "Gina Secret" not in page
    entries = list(log.entries())[before:]
    reads = [e["action"] for e in entries if e["action"] not in ("sign_in", "purpose_set")]
    assert reads.count("person_view") == 1, reads
    assert all(a in ("person_view", "pattern_results") for a in reads), reads


def test_flags_group_by_household(household_graph: Graph) -> None:
    viewer = ViewerGraph(household_graph, context("hub_staff"))
    household_graph.write(
        Query(
            name="tests/flag_charlie",
            text="""
MATCH (da:Event {event_id: 'ev_da'})
CREATE (:Flag {flag_id: 'flag_charlie', pattern_id: 'da_no_school_notification',
        person_id: 'person_charlie', current: true, status: 'new', severity: 'high',
        score: 3.0, summary: 'DA with child present', last_raised_at: datetime()})
       -[:EVIDENCED_BY]->(da)
WITH 1 AS done
MATCH (f:Flag), (p:Person {person_id: f.person_id})
MERGE (f)-[:ABOUT]->(p)
""",
            meta={"params": []},
        )
    )
    queue = flag_reads.review_queue(viewer, None, None, "new")
    groups = flag_reads.group_by_household(viewer, queue.flags)
    by_address = {g.address_id: g for g in groups if g.address_id}
    home = by_address["addr_home"]
    assert home.label == "12 Park Lane, Leeds, LS1 4AB"
    assert sorted(f.flag_id for f in home.flags) == ["flag_charlie", "flag_da"]
    assert sorted(home.people) == ["Alice Smith", "Charlie Smith"]
    # Bob's flag: he lives at the flat with no one else flagged - a household of his own
    assert [f.flag_id for f in by_address["addr_flat"].flags] == ["flag_assault"]
    assert load_profile(viewer, "person_alice") is not None


def test_the_flags_page_groups_by_household_when_asked(household_graph: Graph) -> None:
    add_people(household_graph)
    calls = signed_in_calls(household_graph, USER_OF_ROLE["hub_staff"])

    def queue(grouping: list[str]) -> str:
        values = {
            f"{ids.FLAG_STATUS_FILTER}.value": "new",
            f"{ids.FLAG_REFRESH}.data": 0,
            f"{ids.FLAG_GROUP_HOUSEHOLD}.value": grouping,
        }
        return json.dumps(calls.call(f"{ids.FLAG_TABLE}.children", values, []))

    plain = queue([])
    assert "Flags by household" not in plain and "flag_da" in plain
    grouped = queue(["household"])
    assert "Flags by household" in grouped
    assert "12 Park Lane, Leeds, LS1 4AB" in grouped  # Alice's flag, at her current address
    assert "Flat 3, 40 Kirk Street, Leeds, LS2 8CD" in grouped  # Bob's, at his
