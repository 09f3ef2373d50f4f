"""Narrative notes as evidence: shown with each event on the profile, in a flag's evidence and in
the exports, exactly as far as the sharing agreement grants the ``notes`` field - a role without
it sees the agency's withheld notice, never the text."""

from __future__ import annotations

import csv
import io
import json

from access_support import context
from cli_support import invoke
from small_world import AS_OF, World, days_ago, years_ago

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.patterns.flags import raise_flags
from touchpoint.graph_model.patterns.library import get_pattern
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads.flags import flag_detail, flags_for_subject
from touchpoint.services.reads.profile import load_profile

BRUISING = "unexplained bruising; carer evasive"
BURN = "burn to hand, delayed presentation"
POLICE_NOTE = "baby in cot in the room; partner arrested at the scene"


def _baby(graph: Graph) -> None:
    w = World()
    w.person("baby", years_ago(0.5))
    w.event("baby", "hospital", "ae_attendance", "injury", days_ago(60), notes=BURN)
    w.event("baby", "community_health", "health_visiting", "contact", days_ago(30), notes=BRUISING)
    w.event("baby", "police", "police_incident", "domestic_abuse", days_ago(20), notes=POLICE_NOTE)
    w.flush(graph)


def _notes(events) -> dict[str, str | None]:
    return {e.agency: e.notes for e in events}


def test_profile_shows_notes_as_far_as_the_agreement_grants_them(graph: Graph) -> None:
    _baby(graph)
    hub = load_profile(ViewerGraph(graph, context("hub_staff")), "baby")
    assert _notes(hub.events) == {
        "police": POLICE_NOTE,
        "hospital": "A&E attendance details withheld",  # which kind of event, not its notes
        "community_health": "Health visiting details withheld",
    }
    nurse = load_profile(ViewerGraph(graph, context("health_liaison")), "baby")
    assert _notes(nurse.events)["hospital"] == BURN
    assert _notes(nurse.events)["community_health"] == BRUISING


def test_flag_evidence_carries_the_notes_under_the_agreement(graph: Graph) -> None:
    _baby(graph)
    raise_flags(graph, get_pattern("injury_concerns_under_two"), {"as_of": AS_OF})
    nurse = ViewerGraph(graph, context("health_liaison"))
    (flag,) = flags_for_subject(nurse, "baby").flags
    withheld = "details withheld under this agreement"  # the nurse has no police detail
    assert {e["notes"] for e in flag.evidence} == {BURN, BRUISING, withheld}
    detail, _ = flag_detail(ViewerGraph(graph, context("hub_staff")), flag.flag_id)
    shown = json.dumps(detail.evidence)
    assert BURN not in shown and BRUISING not in shown and POLICE_NOTE in shown
    assert "health detail withheld under this agreement" in shown


def test_exported_hits_carry_notes_only_where_granted(graph: Graph) -> None:
    _baby(graph)
    args = [
        "patterns",
        "run",
        "injury_concerns_under_two",
        "--dry-run",
        "--param",
        f"as_of={AS_OF}",
    ]
    nurse = invoke(graph, *args, "--format", "csv", role="health_liaison")
    assert nurse.exit_code == 0, nurse.output
    notes = {r["evidence_notes"] for r in csv.DictReader(io.StringIO(nurse.stdout))}
    assert {BURN, BRUISING} <= notes
    hub = invoke(graph, *args, "--format", "json", role="hub_staff")
    assert hub.exit_code == 0, hub.output
    assert BURN not in hub.stdout and POLICE_NOTE in hub.stdout
