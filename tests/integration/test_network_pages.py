"""The explorer, connections and flags pages under sign-in, through Flask's test client: each
callback reads through the signed-in user's ViewerGraph, so the JSON a browser receives holds
only what their agreement shows, with the withheld notice; networks ask for a purpose first;
exports and flag decisions are audited as the session user."""

from __future__ import annotations

import json

import pytest
from access_support import ANALYST_NOTICE
from auth_support import USER_OF_ROLE, add_people, signed_in_calls
from network_access_support import actions, load_network_fixture

from touchpoint.app import ids
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.model.csv_safe import read_provenance
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

NETWORK = f"{ids.EXPLORER_STORE}.data"
NO_LONGER_RAISED = Query(
    name="tests/flag_no_longer_raised",
    text="MATCH (f:Flag {flag_id: $flag_id}) SET f.current = false",
    meta={"params": ["flag_id"]},
)


@pytest.fixture
def people_graph(graph: Graph) -> Graph:
    load_network_fixture(graph)
    add_people(graph)
    return graph


def _network(calls, key: str = "person_alice") -> dict:
    return calls.call(
        NETWORK,
        {f"{ids.EXPLORER_DEPTH}.value": 1, f"{ids.EXPLORER_ROOT}.data": key},
        [f"{ids.EXPLORER_DEPTH}.value"],
    )


@pytest.mark.parametrize(
    ("role", "sees_immigration", "notice"),
    [
        ("hub_staff", True, None),
        ("analyst", False, "Immigration records - the agreement does not share Immigration"),
        ("health_liaison", False, "(roles.health_liaison.agencies)"),
        ("admin", True, None),
    ],
)
def test_the_explorer_callback_sends_only_what_the_agreement_shows(
    people_graph: Graph, role: str, sees_immigration: bool, notice: str | None
) -> None:
    calls = signed_in_calls(people_graph, USER_OF_ROLE[role], purpose="s47_enquiry")
    response = _network(calls)
    body = json.dumps(response)
    assert ("ev_imm" in body) is sees_immigration
    assert ("Appeal pending" in body) is (role == "hub_staff")
    if notice:
        assert notice in body
    assert "network_expand" in actions(people_graph)


def test_opening_a_network_without_a_purpose_asks_for_one(people_graph: Graph) -> None:
    calls = signed_in_calls(people_graph, "ned")
    page = json.dumps(calls.page("/explorer/person_alice"))
    assert "/auth/purpose?next=" in page and "person_alice" in page
    assert "ev_da" not in json.dumps(_network(calls))  # the callback refuses as well
    connections = json.dumps(calls.page("/connections", "?a=person_alice&b=person_bob"))
    assert "/auth/purpose?next=" in connections


def test_the_flag_queue_page_counts_what_it_withholds(people_graph: Graph) -> None:
    calls = signed_in_calls(people_graph, "hal")
    table = json.dumps(
        calls.call(
            f"{ids.FLAG_TABLE}.children",
            {f"{ids.FLAG_STATUS_FILTER}.value": "new", f"{ids.FLAG_REFRESH}.data": 0},
            [f"{ids.FLAG_STATUS_FILTER}.value"],
        )
    )
    assert "flag_da" in table and "flag_assault" not in table
    assert "1 flag withheld under agreement health_isa" in table


def test_the_flag_queue_shows_flags_no_longer_raised_only_when_asked(people_graph: Graph) -> None:
    people_graph.write(NO_LONGER_RAISED, flag_id="flag_da")
    calls = signed_in_calls(people_graph, "hub")

    def queue(past: list[str]) -> str:
        values = {
            f"{ids.FLAG_STATUS_FILTER}.value": "new",
            f"{ids.FLAG_INCLUDE_PAST}.value": past,
            f"{ids.FLAG_REFRESH}.data": 0,
        }
        response = calls.call(f"{ids.FLAG_TABLE}.children", values, [])
        return json.dumps(response, ensure_ascii=False)

    assert "flag_da" not in queue([]) and "flag_assault" in queue([])
    with_past = queue(["past"])
    assert "flag_da" in with_past and "new (no longer raised)" in with_past


def test_an_explorer_csv_export_is_audited_as_the_session_user(people_graph: Graph) -> None:
    calls = signed_in_calls(people_graph, "ned", purpose="s47_enquiry")
    elements = _network(calls)[ids.EXPLORER_STORE]["data"]["elements"]
    calls.call(
        f"{ids.EXPLORER_DOWNLOAD}.data",
        {
            f"{ids.EXPLORER_NODES_CSV}.n_clicks": 1,
            f"{ids.EXPLORER_GRAPH}.elements": elements,
            f"{ids.EXPLORER_ROOT}.data": "person_alice",
        },
        [f"{ids.EXPLORER_NODES_CSV}.n_clicks"],
    )
    (export,) = AuditLog(people_graph).search(user="ned", action="export", limit=1)
    assert "person_alice" in export["subjects"] and export["agreement"] == "mash_isa"
    assert export["case_reference"] == "MASH-2026-0142"  # under the case covering Alice


def test_explorer_csv_exports_start_with_their_provenance(people_graph: Graph) -> None:
    calls = signed_in_calls(people_graph, "ned", purpose="s47_enquiry")
    elements = _network(calls)[ids.EXPLORER_STORE]["data"]["elements"]
    for button, header in (
        (ids.EXPLORER_NODES_CSV, "id,kind"),
        (ids.EXPLORER_EDGES_CSV, "source,"),
    ):
        sent = calls.call(
            f"{ids.EXPLORER_DOWNLOAD}.data",
            {
                f"{button}.n_clicks": 1,
                f"{ids.EXPLORER_GRAPH}.elements": elements,
                f"{ids.EXPLORER_ROOT}.data": "person_alice",
                f"{ids.EXPLORER_DEPTH}.value": 1,
                f"{ids.EXPLORER_RELS}.value": ["RELATED_TO"],
                f"{ids.EXPLORER_YEARS}.value": [2015, 2024],
                f"{ids.EXPLORER_HIDDEN}.data": ["addr_1"],
            },
            [f"{button}.n_clicks"],
        )[ids.EXPLORER_DOWNLOAD]["data"]
        block, rest = read_provenance(sent["content"])
        assert block["marking"] == "OFFICIAL-SENSITIVE" and block["case"] == "MASH-2026-0142"
        assert block["user"] == "ned (analyst)" and block["agreement"] == "mash_isa"
        assert block["filters"] == (
            "depth=1; relationships=RELATED_TO; years=2015-2024; hidden nodes=1"
        )
        assert rest.startswith(header)


def test_profile_explorer_and_connections_say_whose_records_are_withheld_and_why_alike(
    people_graph: Graph,
) -> None:
    calls = signed_in_calls(people_graph, USER_OF_ROLE["analyst"], purpose="s47_enquiry")
    profile = json.dumps(calls.page("/person/person_alice"))
    explorer = json.dumps(_network(calls))
    connections = json.dumps(
        calls.call(
            f"{ids.CONN_GRAPH}.elements",
            {
                f"{ids.CONN_A}.value": "person_alice",
                f"{ids.CONN_B}.value": "person_bob",
                f"{ids.CONN_RELS}.value": ["RELATED_TO", "LIVES_AT", "INVOLVED_IN"],
            },
            [f"{ids.CONN_BUTTON}.n_clicks"],
        )
    )
    for page in (profile, explorer, connections):  # the same sentence, in the same unit
        assert ANALYST_NOTICE in page
        assert "1 record and 1 event" not in page and "link withheld" not in page


def test_the_flag_queue_exports_as_csv_with_its_provenance(people_graph: Graph) -> None:
    calls = signed_in_calls(people_graph, "hal", purpose="s47_enquiry")
    sent = calls.call(
        f"{ids.FLAG_DOWNLOAD}.data",
        {f"{ids.FLAG_EXPORT}.n_clicks": 1, f"{ids.FLAG_STATUS_FILTER}.value": "new"},
        [f"{ids.FLAG_EXPORT}.n_clicks"],
    )[ids.FLAG_DOWNLOAD]["data"]
    assert sent["filename"] == "touchpoint-flags.csv"
    block, rest = read_provenance(sent["content"])
    assert block["marking"] == "OFFICIAL-SENSITIVE" and block["case"] == "MASH-2026-0142"
    assert block["user"] == "hal (health_liaison)" and block["agreement"] == "health_isa"
    assert block["export"] == "flags for review" and block["filters"] == "status=new"
    assert rest.startswith("flag_id,person_id,person,pattern")
    assert "flag_da" in rest and "flag_assault" not in rest  # the agreement's flags only
    (export,) = AuditLog(people_graph).search(user="hal", action="export", limit=1)
    assert json.loads(export["terms"])["what"] == "flags"


def test_the_connections_export_lists_the_paths_with_their_provenance(
    people_graph: Graph,
) -> None:
    calls = signed_in_calls(people_graph, "hub", purpose="s47_enquiry")
    _network(calls)  # the case now covers Alice
    sent = calls.call(
        f"{ids.CONN_DOWNLOAD}.data",
        {
            f"{ids.CONN_EXPORT}.n_clicks": 1,
            f"{ids.CONN_A}.value": "person_alice",
            f"{ids.CONN_B}.value": "person_bob",
            f"{ids.CONN_HUBS}.value": ["leave-out"],
        },
        [f"{ids.CONN_EXPORT}.n_clicks"],
    )[ids.CONN_DOWNLOAD]["data"]
    assert sent["filename"] == "touchpoint-connections.csv"
    block, rest = read_provenance(sent["content"])
    assert block["marking"] == "OFFICIAL-SENSITIVE" and block["case"] == "MASH-2026-0142"
    assert block["user"] == "hub (hub_staff)" and block["export"] == "connections (CSV)"
    assert block["filters"].startswith("from=person_alice; to=person_bob")
    assert rest.startswith("path,steps,step,via,kind,id,label")
    assert "person_alice" in rest and "person_bob" in rest
    (export,) = AuditLog(people_graph).search(user="hub", action="export", limit=1)
    assert {"person_alice", "person_bob"} <= set(export["subjects"])
