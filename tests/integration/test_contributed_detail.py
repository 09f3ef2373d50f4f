"""Issue 16: each agency's contributed detail in words on the profile - a term's attendance
sessions and percentage, an incident's outcome - rather than a bare category, and only where
the agreement grants that agency's detail."""

from __future__ import annotations

import pytest
from access_support import context
from app_support import load_app_fixture

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.services.reads.profile import contributed_detail, load_profile

TERM = Query(
    "tests/attendance_term",
    """
MATCH (r:PersonRecord {record_id: 'rec_charlie_school'})
CREATE (r)-[:INVOLVED_IN {role: 'pupil'}]->
       (:Event {event_id: 'ev_term', category: 'school_absence', type: 'persistent',
                date: date('2025-09-01'), source_agency: 'schools', source_record_id: 'T1',
                sessions_possible: 180, sessions_authorised: 20, sessions_unauthorised: 18})
WITH count(*) AS _
MATCH (e:Event {event_id: 'ev_da'}) SET e.outcome = 'no further action'
""",
    {"params": []},
)
ATTENDANCE = "School attendance: 142 of 180 sessions (79%)"


@pytest.fixture
def world(graph: Graph) -> Graph:
    load_app_fixture(graph)
    graph.write(TERM)
    return graph


def contributed(graph: Graph, role: str, person: str) -> dict[str, str | None]:
    profile = load_profile(ViewerGraph(graph, context(role)), person)
    assert profile is not None
    return {e.event_id: e.contributed for e in profile.events}


def test_a_terms_attendance_reads_as_sessions_attended_and_a_percentage(world):
    assert contributed(world, "hub_staff", "person_charlie")["ev_term"] == ATTENDANCE


def test_an_incident_outcome_reads_as_the_agency_recorded_it(world):
    shown = contributed(world, "hub_staff", "person_alice")
    assert shown["ev_da"] == "Police incident: outcome - no further action"


def test_detail_the_agreement_withholds_stays_withheld(world):
    # the administrator sees that the events exist, never the agencies' detail
    assert contributed(world, "admin", "person_charlie")["ev_term"] is None
    assert contributed(world, "admin", "person_alice")["ev_da"] is None


def test_an_event_without_contributed_detail_says_nothing_extra():
    assert contributed_detail("police_incident", "assault", None, None) is None
    assert contributed_detail("cs_referral", "referral", None, "no further action") == (
        "CS referral: outcome - no further action"
    )
