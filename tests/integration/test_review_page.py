"""The Matches page (entity-resolution review) through the signed-in app on real Neo4j: each
role sees only the pairs whose two records its agreement shows, the rest counted; a decision is
recorded as the signed-in user, audited, and the pair leaves the pending queue."""

from __future__ import annotations

import json

import pytest
from access_support import load_access_fixture
from app_support import queue_review_pairs
from auth_support import USER_OF_ROLE, add_people, signed_in_calls

from touchpoint.app import ids
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.reports import person_access_report
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

DECISION = Query(
    name="tests/review_decision",
    text="MATCH (d:ReviewDecision) RETURN d.kind AS kind, d.decided_by AS by, d.note AS note",
)
# Daniel (police) against Frank (GP): every role here sees both; against Ivan (immigration):
# the analyst's and health liaison's agreements do not show immigration records.
SEEN, UNSEEN = "pair_dan_frank", "pair_dan_ivan"


@pytest.fixture
def queued(graph: Graph) -> Graph:
    load_access_fixture(graph)
    add_people(graph)
    queue_review_pairs(
        graph,
        (SEEN, "rec_dan_police", "rec_frank_gp", 0.82),
        (UNSEEN, "rec_dan_police", "rec_ivan_imm", 0.71),
    )
    return graph


def _queue(graph: Graph, role: str) -> tuple[list[str], str]:
    calls = signed_in_calls(graph, USER_OF_ROLE[role])
    response = calls.call(
        f"{ids.REVIEW_TABLE}.children", {f"{ids.REVIEW_STATUS_FILTER}.value": "pending"}, []
    )
    text = json.dumps(response)
    return [p for p in (SEEN, UNSEEN) if p in text], text


@pytest.mark.parametrize(
    ("role", "shown", "notice"),
    [
        ("hub_staff", [SEEN, UNSEEN], None),
        ("analyst", [SEEN], "1 pair withheld under agreement mash_isa"),
        ("health_liaison", [SEEN], "1 pair withheld under agreement health_isa"),
    ],
)
def test_the_match_queue_lists_only_pairs_whose_records_the_agreement_shows(
    queued: Graph, role: str, shown: list[str], notice: str | None
) -> None:
    pairs, text = _queue(queued, role)
    assert pairs == shown
    assert ("Ivan" in text) == (UNSEEN in shown)
    assert (notice in text) if notice else ("withheld under" not in text)
    [listed] = [e for e in AuditLog(queued).entries() if e["action"] == "review_list"]
    assert (listed["user"], listed["result_count"]) == (USER_OF_ROLE[role], len(shown))
    assert listed["withheld"] == 2 - len(shown)
    assert {"rec_dan_police", "rec_frank_gp", "person_frank"} <= set(listed["subjects"])
    assert ("rec_ivan_imm" in listed["subjects"]) == (UNSEEN in shown)
    who_looked = person_access_report(AuditLog(queued), "person_frank")
    assert [(r["user"], r["action"]) for r in who_looked] == [(USER_OF_ROLE[role], "review_list")]


def test_a_pair_is_compared_field_by_field_with_its_evidence(queued: Graph) -> None:
    calls = signed_in_calls(queued, USER_OF_ROLE["hub_staff"])
    listed = calls.call(
        f"{ids.REVIEW_TABLE}.children", {f"{ids.REVIEW_STATUS_FILTER}.value": "pending"}, []
    )
    response = calls.call(
        f"{ids.REVIEW_DETAIL}.children",
        {
            f"{ids.REVIEW_SELECTED}.data": SEEN,
            f"{ids.REVIEW_PAIRS}.data": listed[ids.REVIEW_PAIRS]["data"],
        },
        [f"{ids.REVIEW_SELECTED}.data"],
    )
    text = json.dumps(response)
    reads = [e for e in AuditLog(queued).entries() if e["action"] == "review_list"]
    assert len(reads) == 1  # opening a listed pair reads (and audits) nothing more
    assert "Daniel" in text and "Frank" in text and "Match score 82%" in text
    assert "Frank Green" in text and "/person/person_frank" in text  # whose record B is now
    assert "Date of birth: day and month swapped - strongly points to the same person" in text
    assert text.index("Date of birth: day and") < text.index("Address: different address")
    assert ids.REVIEW_CONFIRM in text  # pending: the decision form is there


def test_deciding_records_the_signed_in_user_and_empties_the_queue(queued: Graph) -> None:
    calls = signed_in_calls(queued, USER_OF_ROLE["analyst"])
    response = calls.call(
        f"{ids.REVIEW_MESSAGE}.children",
        {
            f"{ids.REVIEW_CONFIRM}.n_clicks": None,
            f"{ids.REVIEW_REJECT}.n_clicks": 1,
            f"{ids.REVIEW_SELECTED}.data": SEEN,
            f"{ids.REVIEW_NOTE}.value": "  different dates of birth on the GP record  ",
            f"{ids.REVIEW_REFRESH}.data": 0,
        },
        [f"{ids.REVIEW_REJECT}.n_clicks"],
    )
    assert "Saved as ned: different people" in json.dumps(response)
    assert response[ids.REVIEW_REFRESH]["data"] == 1
    assert queued.read(DECISION) == [
        {"kind": "reject", "by": "ned", "note": "different dates of birth on the GP record"}
    ]
    [entry] = [e for e in AuditLog(queued).entries() if e["action"] == "review_decide"]
    assert entry["user"] == "ned" and SEEN in entry["subjects"]
    pairs, _ = _queue(queued, "hub_staff")
    assert pairs == [UNSEEN]


def test_a_pair_outside_the_agreement_cannot_be_decided_from_the_page(queued: Graph) -> None:
    calls = signed_in_calls(queued, USER_OF_ROLE["analyst"])
    response = calls.call(
        f"{ids.REVIEW_MESSAGE}.children",
        {f"{ids.REVIEW_CONFIRM}.n_clicks": 1, f"{ids.REVIEW_SELECTED}.data": UNSEEN},
        [f"{ids.REVIEW_CONFIRM}.n_clicks"],
    )
    assert "withheld under agreement mash_isa" in json.dumps(response)
    assert queued.read(DECISION) == []
