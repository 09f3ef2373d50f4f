"""Issue 16, flag workflow: assignee and due date, comments, one history, whose record each
piece of evidence is - through the services, as signed-in viewers, on the real graph.

The access fixture has two flags: ``flag_da`` (a police domestic abuse incident the health
liaison's agreement shows) and ``flag_assault`` (a police assault it does not)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from access_support import context, load_access_fixture
from auth_support import PASSWORD

from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.context import AccessDenied
from touchpoint.graph_model.access.users import add_user, set_disabled
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.patterns.flags import raise_flags
from touchpoint.graph_model.patterns.library import get_pattern
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.services.reads import flags as flag_service
from touchpoint.services.reads.flag_work import (
    MAX_COMMENT,
    assign_flag,
    assignable_users,
    comment_on_flag,
)

TODAY = date.today()
COUNT = Query(
    "tests/flag_work_count",
    "MATCH (f:Flag {flag_id: $flag_id}) RETURN "
    "COUNT { (f)-[:HAS_ASSIGNMENT]->(:FlagAssignment) } AS assignments, "
    "COUNT { (f)-[:HAS_COMMENT]->(:FlagComment) } AS comments",
    {"params": ["flag_id"]},
)


@pytest.fixture
def world(graph: Graph, tmp_path: Path) -> tuple[Graph, AuditLog]:
    """The access fixture, an audit log, and one account per role (hal: health liaison)."""
    load_access_fixture(graph)
    agreements = load_agreements()
    for name, role in (("hana", "hub_staff"), ("hal", "health_liaison"), ("ned", "analyst")):
        add_user(graph, name, PASSWORD, [role], agreements)
    return graph, AuditLog(graph, mirror=tmp_path / "audit.jsonl")


def hub(world, user: str = "hana") -> ViewerGraph:
    graph, log = world
    return ViewerGraph(graph, context("hub_staff", user=user), audit=log)


def entries(world, action: str) -> list[dict]:
    return [e for e in world[1].entries() if e["action"] == action]


def counts(world, flag_id: str) -> tuple[int, int]:
    row = world[0].read_one(COUNT, flag_id=flag_id)
    return row["assignments"], row["comments"]


def test_only_users_whose_agreement_shows_the_flag_are_offered_as_assignees(world):
    viewer = hub(world)
    assert {u.username for u in assignable_users(viewer, "flag_da")} >= {"hana", "hal"}
    # the assault is police detail the health agreement withholds: hal may not be given it
    offered = {u.username for u in assignable_users(viewer, "flag_assault")}
    assert "hana" in offered and "hal" not in offered
    set_disabled(world[0], "hal", True)
    assert "hal" not in {u.username for u in assignable_users(viewer, "flag_da")}


def test_assigning_records_who_when_and_is_audited_and_shown_in_the_queue(world):
    viewer = hub(world)
    due = TODAY + timedelta(days=3)
    change = assign_flag(viewer, "flag_da", "hal", due.isoformat())
    assert (change["assignee"], change["who"], str(change["due_date"])) == (
        "hal",
        "hana",
        due.isoformat(),
    )
    (entry,) = entries(world, "flag_assign")
    assert (entry["user"], entry["subjects"]) == ("hana", ["flag_da", "person_alice"])
    assert json.loads(entry["detail"]) == {"assignee": "hal", "due_date": due.isoformat()}
    (queued,) = [f for f in flag_service.review_queue(viewer).flags if f.flag_id == "flag_da"]
    assert (queued.assignee, queued.due_date) == ("hal", due.isoformat())
    assert queued.as_row()["assignee"] == "hal" and queued.as_row()["due"] == due.isoformat()


def test_the_same_assignment_twice_writes_and_audits_once(world):
    viewer = hub(world)
    due = (TODAY + timedelta(days=1)).isoformat()
    assign_flag(viewer, "flag_da", "hal", due, key="form-1")
    assign_flag(viewer, "flag_da", "hal", due, key="form-1")  # a double click
    assert assign_flag(viewer, "flag_da", "hal", due) is None  # already so: nothing to do
    assert counts(world, "flag_da") == (1, 0)
    assert len(entries(world, "flag_assign")) == 1
    assign_flag(viewer, "flag_da", None, None)  # cleared: a second, attributable change
    _, history = flag_service.flag_detail(viewer, "flag_da")
    assert [(h["kind"], h.get("assignee"), h.get("from_assignee")) for h in history] == [
        ("assignment", "hal", None),
        ("assignment", None, "hal"),
    ]


def test_assigning_to_someone_who_may_not_see_the_flag_is_refused(world):
    viewer = hub(world)
    with pytest.raises(TouchpointError, match="hal cannot be assigned this flag"):
        assign_flag(viewer, "flag_assault", "hal", None)
    with pytest.raises(TouchpointError, match="cannot be assigned"):
        assign_flag(viewer, "flag_da", "nobody", None)
    assert counts(world, "flag_assault") == (0, 0) and counts(world, "flag_da") == (0, 0)


def test_a_due_date_in_the_past_or_not_a_date_is_refused_in_plain_words(world):
    viewer = hub(world)
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    with pytest.raises(TouchpointError, match="has passed; choose today or later"):
        assign_flag(viewer, "flag_da", "hal", yesterday)
    with pytest.raises(TouchpointError, match="is not a date"):
        assign_flag(viewer, "flag_da", "hal", "next tuesday")
    assert assign_flag(viewer, "flag_da", "hal", TODAY.isoformat()) is not None


def test_a_viewer_cannot_assign_or_comment_on_a_flag_their_agreement_withholds(world):
    graph, log = world
    liaison = ViewerGraph(graph, context("health_liaison", user="hal"), audit=log)
    with pytest.raises(AccessDenied):
        assign_flag(liaison, "flag_assault", "hal", None)
    with pytest.raises(AccessDenied):
        comment_on_flag(liaison, "flag_assault", "I saw this")
    assert counts(world, "flag_assault") == (0, 0)
    refused = [e for e in log.entries() if e["action"] in ("flag_assign", "flag_comment")]
    assert [(e["action"], e["outcome"]) for e in refused] == [
        ("flag_assign", "refused: outside the agreement"),
        ("flag_comment", "refused: outside the agreement"),
    ]


def test_the_overdue_and_assigned_to_me_filters_keep_just_those_flags(world):
    viewer = hub(world)
    assign_flag(viewer, "flag_da", "hana", TODAY.isoformat())
    assign_flag(viewer, "flag_assault", "ned", (TODAY + timedelta(days=5)).isoformat())
    mine = flag_service.review_queue(viewer, mine=True).flags
    assert [f.flag_id for f in mine] == ["flag_da"]
    assert flag_service.review_queue(viewer, overdue=True).flags == []
    # time passes: a week on, both due dates are behind us; only open flags count as overdue
    later = TODAY + timedelta(days=7)
    flag_service.review_flag(viewer, "flag_assault", "actioned")
    found = flag_service.read_flags(viewer, overdue_on=later)
    assert [f["flag_id"] for f in found.flags] == ["flag_da"]
    view = flag_service.to_view({"flag": found.flags[0]})
    assert view.overdue(later) and "(overdue)" not in view.as_row()["due"]


def test_comments_are_kept_as_typed_with_author_and_time_oldest_first(world):
    viewer = hub(world)
    comment_on_flag(viewer, "flag_da", "  Rang the school: no record of the incident.  ")
    comment_on_flag(viewer, "flag_da", "Police\x00 confirm child was present.", key="form-7")
    comment_on_flag(viewer, "flag_da", "Police confirm child was present.", key="form-7")
    _, history = flag_service.flag_detail(viewer, "flag_da")
    assert [(h["kind"], h["who"], h["text"]) for h in history] == [
        ("comment", "hana", "Rang the school: no record of the incident."),
        ("comment", "hana", "Police confirm child was present."),
    ]
    assert all(h["at"] for h in history)
    assert counts(world, "flag_da") == (0, 2)
    audited = entries(world, "flag_comment")
    assert len(audited) == 2 and all("Rang" not in json.dumps(e) for e in audited)


def test_an_empty_or_overlong_comment_is_refused_and_nothing_is_written(world):
    viewer = hub(world)
    with pytest.raises(TouchpointError, match="it is empty"):
        comment_on_flag(viewer, "flag_da", "   \n ")
    with pytest.raises(TouchpointError, match=f"at most {MAX_COMMENT} characters"):
        comment_on_flag(viewer, "flag_da", "x" * (MAX_COMMENT + 1))
    assert counts(world, "flag_da") == (0, 0) and entries(world, "flag_comment") == []


def test_decisions_assignments_and_comments_share_one_history_newest_last(world):
    viewer = hub(world)
    flag_service.change_status(viewer, "flag_da", "in_review", None)
    assign_flag(viewer, "flag_da", "hal", None)
    comment_on_flag(viewer, "flag_da", "Strategy meeting booked.")
    flag_service.change_status(viewer, "flag_da", "actioned", None)
    _, history = flag_service.flag_detail(viewer, "flag_da")
    assert [h["kind"] for h in history] == ["status", "assignment", "comment", "status"]
    assert [h["at"] for h in history] == sorted(h["at"] for h in history)


def test_each_piece_of_evidence_says_whose_record_it_is(world):
    raise_flags(world[0], get_pattern("da_no_school_notification"), {"lookback_days": 3650})
    viewer = hub(world)
    raised = flag_service.review_queue(viewer, "da_no_school_notification").flags
    flag, _ = flag_service.flag_detail(viewer, raised[0].flag_id)
    assert flag.evidence, "the raised flag has evidence"
    for item in flag.evidence:
        sentence = flag_service.evidence_source(item)
        assert sentence.startswith("Record " if item.get("record_id") else "A record ")
        assert "held by " in sentence and "Unknown agency" not in sentence
    assert flag_service.evidence_source({"agency": "police", "record_id": "INC-1"}) == (
        "Record INC-1 held by " + flag_service.agency_name("police")
    )
