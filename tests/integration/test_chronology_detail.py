"""Issue 16: the chronology says what each agency contributed - a term's attendance sessions and
percentage, a police incident's outcome, a referral's outcome - rather than a bare category;
loaded from the synthetic extracts through the shipped mappings, and only where the sharing
agreement grants that agency's detail (withheld exactly as before where it does not)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from access_support import clear_access_data, context
from auth_support import USER_OF_ROLE, add_people, signed_in_calls
from load_support import loader
from small_world import World, days_ago, years_ago

from touchpoint.app import ids
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.loaders.mapping import shipped_mappings
from touchpoint.services.reads.chronology import Entry, build_chronology
from touchpoint.synth import generate
from touchpoint.synth.catalog import read_extract
from touchpoint.synth.sources.police import incident_outcome

SOURCES = ("police.incidents", "schools.roll", "schools.attendance", "social_care.person",
           "social_care.referral")  # fmt: skip
NOTICE = "details withheld under this agreement"  # the MASH agreement's notice (not health)

# One record of each kind to read the chronology of: a police nominal in a domestic abuse
# incident (hub staff, analysts and the health liaison all see those), a pupil with a term's
# absence, a child referred to children's social care.
SUBJECTS = Query(
    "tests/detail_subjects",
    """
CALL () {
  MATCH (r:PersonRecord)-[:INVOLVED_IN]->(e:Event {category: 'police_incident',
                                                  type: 'domestic_abuse'})
  RETURN 'police' AS kind, r.record_id AS record_id, e.event_id AS event_id
  ORDER BY r.record_id LIMIT 1
  UNION
  MATCH (r:PersonRecord)-[:INVOLVED_IN]->(e:Event {category: 'school_absence'})
  RETURN 'schools' AS kind, r.record_id AS record_id, e.event_id AS event_id
  ORDER BY r.record_id LIMIT 1
  UNION
  MATCH (r:PersonRecord)-[:INVOLVED_IN]->(e:Event {category: 'cs_referral'})
  WHERE e.outcome IS NOT NULL
  RETURN 'social_care' AS kind, r.record_id AS record_id, e.event_id AS event_id
  ORDER BY r.record_id LIMIT 1
}
MATCH (e:Event {event_id: event_id})
RETURN kind, record_id, event_id, e.source_record_id AS source_record_id, e.outcome AS outcome,
       e.sessions_possible AS possible, e.sessions_authorised AS authorised,
       e.sessions_unauthorised AS unauthorised
""",
    {"params": []},
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(out, 150, seed=3, scenario_rate=0.2)  # domestic abuse among the incidents
    return out


@pytest.fixture
def loaded(graph: Graph, world: Path, tmp_path: Path) -> dict[str, dict[str, Any]]:
    mappings = [m for m in shipped_mappings() if m.source in SOURCES]
    results = loader(graph, tmp_path).load_directory(world, mappings)
    assert {r.source: r.status for r in results} == dict.fromkeys(SOURCES, "completed")
    subjects = {row["kind"]: row for row in graph.read(SUBJECTS)}
    assert set(subjects) == {"police", "schools", "social_care"}
    return subjects


def entry(graph: Graph, role: str, subject: dict[str, Any]) -> Entry:
    chronology = build_chronology(ViewerGraph(graph, context(role)), subject["record_id"])
    assert chronology is not None
    (found,) = [e for e in chronology.entries if e.event_id == subject["event_id"]]
    return found


def attendance(subject: dict[str, Any]) -> str:
    possible = subject["possible"]
    attended = possible - subject["authorised"] - subject["unauthorised"]
    share = round(100 * attended / possible)
    return f"School attendance: {attended} of {possible} sessions ({share}%)"


def test_the_police_outcome_in_the_extract_reaches_the_chronology(graph, world, loaded) -> None:
    police = loaded["police"]
    ref = police["source_record_id"]
    (kind,) = {r["IncidentType"] for r in read_extract(world, "police.incidents")
               if r["IncidentRef"] == ref}  # fmt: skip
    assert police["outcome"] == incident_outcome(ref, kind)  # the extract's, as loaded
    shown = entry(graph, "hub_staff", police)
    assert shown.contributed == f"Police incident: outcome - {police['outcome']}"
    assert shown.detail == f"{kind} — Police incident: outcome - {police['outcome']}"
    # the health liaison's agreement grants police outcomes (of domestic abuse), not descriptions
    liaison = entry(graph, "health_liaison", police)
    assert liaison.contributed == f"Police incident: outcome - {police['outcome']}"
    assert liaison.description == NOTICE


def test_attendance_and_referral_outcome_reach_the_chronology(graph, loaded) -> None:
    school = entry(graph, "hub_staff", loaded["schools"])
    assert school.contributed == attendance(loaded["schools"])
    assert school.detail == attendance(loaded["schools"])  # no longer an empty line
    referral = entry(graph, "analyst", loaded["social_care"])
    outcome = loaded["social_care"]["outcome"]
    assert outcome in {"NFA", "Early Help", "Assessment"}
    assert referral.contributed == f"CS referral: outcome - {outcome}"
    assert referral.detail.endswith(f"CS referral: outcome - {outcome}")
    assert referral.detail.count(outcome) == 1  # said once, in words


def test_detail_the_agreement_withholds_stays_withheld(graph, loaded) -> None:
    # the administrator sees that the events happened, never any agency's detail
    for kind in ("police", "schools", "social_care"):
        shown = entry(graph, "admin", loaded[kind])
        assert shown.contributed is None, kind
        assert "sessions" not in shown.detail and "outcome -" not in shown.detail, kind
    police, referral = (
        entry(graph, "admin", loaded["police"]),
        entry(graph, "admin", loaded["social_care"]),
    )
    assert (police.outcome, referral.outcome) == (NOTICE, NOTICE)  # the notice, as before
    assert "outcome" in police.withheld_fields and "outcome" in referral.withheld_fields
    assert loaded["police"]["outcome"] not in police.detail
    # the health liaison sees schools' absences but not their detail: no sessions
    school = entry(graph, "health_liaison", loaded["schools"])
    assert school.contributed is None and "sessions" not in school.detail


OUTCOME_16 = "Outcome 16: Named suspect, victim does not support action"
TERM_WORDS = "School attendance: 142 of 180 sessions (79%)"


def _small_family(graph: Graph) -> None:
    clear_access_data(graph)
    w = World()
    w.person("kai", years_ago(9))
    w.person("mum", years_ago(33))
    w.event([("mum", "victim"), ("kai", "child_present")], "police", "police_incident",
            "domestic_abuse", days_ago(300), outcome=OUTCOME_16)  # fmt: skip
    w.event("kai", "schools", "school_absence", "persistent", days_ago(250),
            sessions_possible=180, sessions_authorised=20, sessions_unauthorised=18)  # fmt: skip
    w.event("kai", "social_care", "cs_referral", "referral", days_ago(240),
            description="Neglect", outcome="Early Help")  # fmt: skip
    w.flush(graph)
    add_people(graph)


def _csv(calls: Any) -> str:
    state = {"key": "kai", "agencies": [], "from": None, "to": None, "household": False,
             "matches": False, "significant": False}  # fmt: skip
    sent = calls.call(
        f"{ids.CHRONO_DOWNLOAD}.data",
        {f"{ids.CHRONO_CSV}.n_clicks": 1, f"{ids.CHRONO_STATE}.data": state},
        [f"{ids.CHRONO_CSV}.n_clicks"],
    )[ids.CHRONO_DOWNLOAD]["data"]
    return base64.b64decode(sent["content"]).decode("utf-8")


def test_the_page_and_its_export_say_what_each_agency_contributed(graph: Graph) -> None:
    _small_family(graph)
    said = (
        "Police incident: outcome - " + OUTCOME_16,
        TERM_WORDS,
        "CS referral: outcome - Early Help",
    )
    hub = signed_in_calls(graph, USER_OF_ROLE["hub_staff"], "s47_enquiry")
    page = json.dumps(hub.page("/chronology/kai"), ensure_ascii=False)
    export = _csv(hub)
    for words in said:
        assert words in page and words in export, words
    admin = signed_in_calls(graph, USER_OF_ROLE["admin"], "data_quality")
    page = json.dumps(admin.page("/chronology/kai"), ensure_ascii=False)
    export = _csv(admin)
    for text in (*said, OUTCOME_16, "Early Help", "sessions"):
        assert text not in page and text not in export, text
    assert "outcome withheld on 1 Police event" in page  # stated, as before
