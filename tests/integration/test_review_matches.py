"""The Matches page as a MASH analyst needs it, on real Neo4j: every identifying field of a
pair side by side (withheld identifiers named, never sent), a person's pairs together, the
flags a decision would change, "not sure - ask the agency", and plain words for codes."""

from __future__ import annotations

import json

import pytest
from access_support import context, load_access_fixture
from app_support import queue_review_pairs
from auth_support import USER_OF_ROLE, add_people, signed_in_calls
from review_support import CHARLEY_NHS, CHARLIE_UPN, TWIN, add_twin

from touchpoint.app import ids
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.services.reads import review as review_service

DECISION = Query(
    name="tests/review_decisions",
    text="MATCH (d:ReviewDecision) RETURN d.kind AS kind, d.decided_by AS by, d.note AS note",
)
IMMIGRATION_FLAG = Query(
    name="tests/review_immigration_flag",
    text="MATCH (r:PersonRecord {record_id: 'rec_alice_imm'}) "
    "CREATE (:Flag {flag_id: 'flag_charley_imm', pattern_id: 'immigration_risk', "
    "title: 'Immigration concern', person_id: 'person_charley', current: true, status: 'new', "
    "severity: 'high', last_raised_at: datetime()})-[:EVIDENCED_BY]->(r)",
    meta={"params": []},
)
DAN_FRANK, DAN_IVAN, ERIN_ALICE = "pair_dan_frank", "pair_dan_ivan", "pair_erin_alice"


@pytest.fixture
def twins(graph: Graph) -> Graph:
    load_access_fixture(graph)
    add_people(graph)
    add_twin(graph)
    return graph


def _pair(graph: Graph, role: str, pair_id: str = TWIN, status: str = "pending") -> dict:
    queue = review_service.review_queue(ViewerGraph(graph, context(role)), status)
    return next(p for p in queue.pairs if p["pair_id"] == pair_id)


def _rows(graph: Graph, role: str) -> dict[str, tuple[str, str, str]]:
    rows = review_service.side_by_side(_pair(graph, role))
    return {r.label: (r.a, r.b, r.mark) for r in rows}


def test_every_identifying_field_of_a_pair_is_side_by_side_with_agreement_marked(
    twins: Graph,
) -> None:
    rows = _rows(twins, "hub_staff")
    assert rows["First name"] == ("Charlie", "Charley", "Different")
    assert rows["Surname"] == ("Smith", "Smith", "Same")
    assert rows["Date of birth"] == ("2016-09-09", "2016-09-09", "Same")
    assert rows["Sex"] == ("Male", "Male", "Same")
    assert rows["Unique pupil number (UPN)"] == (CHARLIE_UPN, "", "On one record only")
    assert rows["NHS number"] == ("", "Withheld under agreement mash_isa", "Withheld")
    a_home, b_home, mark = rows["Addresses"]
    assert "12 Park Lane, Leeds LS1 4AB" in a_home and "12 Park Lane" in b_home
    assert mark == "Same"
    a_lives, b_lives, mark = rows["Lives with"]
    assert "Robert Smith, born 1988-07-02" in a_lives and "Robert Smith" in b_lives
    assert "Charley Smith" in a_lives and "Charlie Smith" in b_lives  # each other, at one home
    assert mark == "Same"
    assert rows["Agency"][:2] == ("Schools and education", "Hospital (A&E)")
    assert rows["Agency's record id"][:2] == ("PUP-9", "MRN-4410")


def test_the_health_liaison_sees_the_nhs_number_it_is_granted_and_not_the_upn(
    twins: Graph,
) -> None:
    rows = _rows(twins, "health_liaison")
    assert rows["NHS number"] == ("", CHARLEY_NHS, "On one record only")
    assert rows["Unique pupil number (UPN)"][0] == "Withheld under agreement health_isa"


@pytest.mark.parametrize(
    ("role", "hidden", "shown"),
    [
        ("hub_staff", [CHARLEY_NHS], [CHARLIE_UPN]),
        ("analyst", [CHARLEY_NHS, CHARLIE_UPN], []),
        ("health_liaison", [CHARLIE_UPN], [CHARLEY_NHS]),
    ],
)
def test_an_identifier_the_agreement_withholds_never_reaches_the_browser(
    twins: Graph, role: str, hidden: list[str], shown: list[str]
) -> None:
    """Security: the queue's callback response (table and the pairs store the browser keeps)
    and the opened pair carry no withheld identifier - only 'Withheld under agreement X'."""
    calls = signed_in_calls(twins, USER_OF_ROLE[role])
    listed = calls.call(
        f"{ids.REVIEW_TABLE}.children", {f"{ids.REVIEW_STATUS_FILTER}.value": "pending"}, []
    )
    detail = calls.call(
        f"{ids.REVIEW_DETAIL}.children",
        {
            f"{ids.REVIEW_SELECTED}.data": TWIN,
            f"{ids.REVIEW_PAIRS}.data": listed[ids.REVIEW_PAIRS]["data"],
        },
        [f"{ids.REVIEW_SELECTED}.data"],
    )
    text = json.dumps(listed) + json.dumps(detail)
    assert "Charley Smith" in text
    assert not [value for value in hidden if value in text]
    assert all(value in text for value in shown)
    assert "Withheld under agreement" in json.dumps(detail)


def test_a_persons_pairs_are_listed_together(twins: Graph) -> None:
    queue_review_pairs(
        twins,
        (DAN_FRANK, "rec_dan_police", "rec_frank_gp", 0.82),
        (DAN_IVAN, "rec_dan_police", "rec_ivan_imm", 0.71),
        (ERIN_ALICE, "rec_erin_school", "rec_alice_sc", 0.75),
    )
    queue = review_service.review_queue(ViewerGraph(twins, context("hub_staff")))
    rows = queue.rows()
    assert [r["pair_id"] for r in rows] == [TWIN, DAN_FRANK, DAN_IVAN, ERIN_ALICE]
    assert rows[1]["group"] == rows[2]["group"] == "Daniel Jones (2 possible matches)"
    assert rows[0]["group"] == "Charlie Smith" and rows[3]["group"] == "Erin Brown"
    dan_frank = queue.pairs[1]
    others = review_service.other_pairs(ViewerGraph(twins, context("hub_staff")), dan_frank, [])
    assert [p["pair_id"] for p in others.pairs] == [DAN_IVAN]


def test_other_possible_matches_include_pairs_off_the_list_and_those_waiting_for_the_agency(
    twins: Graph,
) -> None:
    """The Matches page's 'other possible matches' read the person's pairs, not the list on
    screen: a pair asked of the agency (so off the pending list) still shows, labelled."""
    queue_review_pairs(
        twins,
        (DAN_FRANK, "rec_dan_police", "rec_frank_gp", 0.82),
        (DAN_IVAN, "rec_dan_police", "rec_ivan_imm", 0.71),
    )
    hub = ViewerGraph(twins, context("hub_staff"), audit=AuditLog(twins))
    review_service.decide(hub, DAN_IVAN, "unsure", "Asked immigration")
    queue = review_service.review_queue(hub)
    assert DAN_IVAN not in [p["pair_id"] for p in queue.pairs]
    dan_frank = next(p for p in queue.pairs if p["pair_id"] == DAN_FRANK)
    others = review_service.other_pairs(hub, dan_frank, queue.pairs)
    assert [(p["pair_id"], p["status"]) for p in others.pairs] == [(DAN_IVAN, "waiting")]
    assert others.pairs[0]["label"].startswith("Waiting for the agency (asked by")
    assert others.notice is None
    audited = twins.read_one(
        Query(
            name="tests/review_others_audit",
            text="MATCH (e:AuditEntry {action: 'review_others'}) RETURN e.subjects AS subjects",
        )
    )
    assert "rec_ivan_imm" in audited["subjects"]


def test_other_possible_matches_the_agreement_withholds_are_counted_never_named(
    twins: Graph,
) -> None:
    queue_review_pairs(
        twins,
        (DAN_FRANK, "rec_dan_police", "rec_frank_gp", 0.82),
        (DAN_IVAN, "rec_dan_police", "rec_ivan_imm", 0.71),  # immigration: not the analyst's
    )
    analyst = ViewerGraph(twins, context("analyst"))
    queue = review_service.review_queue(analyst)
    dan_frank = next(p for p in queue.pairs if p["pair_id"] == DAN_FRANK)
    others = review_service.other_pairs(analyst, dan_frank, queue.pairs)
    assert others.pairs == []
    assert others.notice == "1 pair withheld under agreement mash_isa"


def test_the_open_flags_on_either_side_are_listed_as_what_a_decision_would_change(
    twins: Graph,
) -> None:
    twins.write(IMMIGRATION_FLAG)
    flags = review_service.affected_flags(_pair(twins, "hub_staff"))
    assert [(f["side"], f["title"], f["who"]) for f in flags] == [
        ("a", "No GP registration", "Charlie Smith"),
        ("b", "Immigration concern", "Charley Smith"),
        ("b", "Missing from education", "Charley Smith"),
    ]  # the dismissed "Frequent A&E" is no longer open: no decision changes it
    analyst = review_service.affected_flags(_pair(twins, "analyst"))
    assert "Immigration concern" not in {f["title"] for f in analyst}  # its evidence is withheld


def test_not_sure_moves_the_pair_to_the_waiting_list_until_it_is_decided(twins: Graph) -> None:
    viewer = ViewerGraph(twins, context("hub_staff", user="hub"), audit=AuditLog(twins))
    review_service.decide(viewer, TWIN, "unsure", "  Asked the school nurse: twins?  ")
    pending = review_service.review_queue(viewer, "pending").pairs
    assert TWIN not in {p["pair_id"] for p in pending}
    waiting = _pair(twins, "hub_staff", status="waiting")
    assert (waiting["decided_by"], waiting["note"]) == ("hub", "Asked the school nurse: twins?")
    assert review_service.review_queue(viewer, "waiting").rows()[0]["decision"] == (
        "Not sure - asked the agency"
    )
    assert twins.read(DECISION) == [
        {"kind": "unsure", "by": "hub", "note": "Asked the school nurse: twins?"}
    ]
    [entry] = [e for e in AuditLog(twins).entries() if e["action"] == "review_decide"]
    assert entry["user"] == "hub" and TWIN in entry["subjects"]
    assert "unsure" in json.dumps(entry["detail"])

    review_service.decide(viewer, TWIN, "reject", "School nurse: twin brothers")
    assert review_service.review_queue(viewer, "waiting").pairs == []
    decided = _pair(twins, "hub_staff", status="decided")
    assert review_service.review_queue(viewer, "decided").rows()[0]["decision"] == (
        "Different people"
    )
    assert decided["decided_by"] == "hub"
    assert [d["kind"] for d in twins.read(DECISION)] == ["reject"]  # the later decision wins


def test_not_sure_from_the_page_is_saved_as_the_signed_in_user(twins: Graph) -> None:
    calls = signed_in_calls(twins, USER_OF_ROLE["analyst"])
    response = calls.call(
        f"{ids.REVIEW_MESSAGE}.children",
        {
            f"{ids.REVIEW_CONFIRM}.n_clicks": None,
            f"{ids.REVIEW_REJECT}.n_clicks": None,
            f"{ids.REVIEW_UNSURE}.n_clicks": 1,
            f"{ids.REVIEW_SELECTED}.data": TWIN,
            f"{ids.REVIEW_NOTE}.value": "ask the hospital",
            f"{ids.REVIEW_REFRESH}.data": 0,
        },
        [f"{ids.REVIEW_UNSURE}.n_clicks"],
    )
    assert "Saved as ned: not sure - ask the agency" in json.dumps(response)
    assert twins.read(DECISION) == [{"kind": "unsure", "by": "ned", "note": "ask the hospital"}]


def test_the_pair_is_explained_in_plain_words_with_the_match_weights_kept(twins: Graph) -> None:
    calls = signed_in_calls(twins, USER_OF_ROLE["hub_staff"])
    listed = calls.call(
        f"{ids.REVIEW_TABLE}.children", {f"{ids.REVIEW_STATUS_FILTER}.value": "pending"}, []
    )
    detail = json.dumps(
        calls.call(
            f"{ids.REVIEW_DETAIL}.children",
            {
                f"{ids.REVIEW_SELECTED}.data": TWIN,
                f"{ids.REVIEW_PAIRS}.data": listed[ids.REVIEW_PAIRS]["data"],
            },
            [f"{ids.REVIEW_SELECTED}.data"],
        )
    )
    assert "Match score 93%" in detail
    assert "same surname and date of birth, different first names (twins?)" in detail
    assert "Date of birth: day and month swapped - strongly points to the same person" in detail
    assert "Address: different address - points to different people" in detail
    assert "How the match score was worked out" in detail and "+6.1" in detail
    for code in ("0.93", "dob:", "location:", '"twin"', "p="):
        assert code not in detail, code
    table = json.dumps(listed[ids.REVIEW_TABLE]["children"])
    assert "Match score (%)" in table and "probability" not in table.lower()
