"""Explorer, connections, patterns, flags, NetworkX extracts and their CLI reads: each role sees
exactly what its sharing agreement allows - no more, no less - and every such read is audited.

The tables restate the agreements (graph_model/access/agreements/) for Alice's network:
``shown`` values are the real text, HEALTH / OTHER the agency's withheld notice, ``absent`` a
node the agreement leaves out entirely (and counts).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from access_support import context
from cli_support import invoke
from network_access_support import (
    HEALTH,
    OTHER,
    ROLES,
    actions,
    audited_viewer,
    load_network_fixture,
)

from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.context import AccessDenied, PurposeRequired
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads import flags as flag_service
from touchpoint.services.reads import patterns as pattern_service
from touchpoint.services.reads.analysis import (
    connections,
    ego_graph,
    household_risk,
    person_projection,
)
from touchpoint.services.reads.network import ego_network, expand
from touchpoint.services.reads.paths import find_connections

# (node, detail field) in Alice's one-hop explorer network: expected per role, in ROLES order.
NETWORK: dict[tuple[str, str], tuple[Any, ...]] = {
    ("ev_imm", "description"): ("Appeal pending", "absent", "absent", OTHER),
    ("ev_ae", "description"): (HEALTH, HEALTH, "Facial bruising, says she fell", HEALTH),
    ("ev_da", "description"): ("Neighbour reported shouting; victim injured",
                               "Neighbour reported shouting; victim injured", OTHER, OTHER),
    ("ev_da", "outcome"): ("suspect arrested", "suspect arrested", "suspect arrested", OTHER),
    ("ev_referral", "description"): ("Referral after DA incident",
                                     "Referral after DA incident", OTHER, OTHER),
    ("person_bob", "label"): ("Robert Smith",) * 4,
}  # fmt: skip
NETWORK_CASES = [
    pytest.param(role, node, name, expected[i], id=f"{role}-{node}-{name}")
    for (node, name), expected in NETWORK.items()
    for i, role in enumerate(ROLES)
]
NOTICES = {
    "hub_staff": None,
    "analyst": "1 link withheld under agreement mash_isa",
    "health_liaison": "1 link withheld under agreement health_isa",
    "admin": None,
}
SEES_IMMIGRATION = {"hub_staff": True, "analyst": False, "health_liaison": False, "admin": True}


@pytest.fixture
def net_graph(graph: Graph) -> Graph:
    load_network_fixture(graph)
    return graph


@pytest.mark.parametrize(("role", "node", "name", "expected"), NETWORK_CASES)
def test_the_explorer_shows_each_role_exactly_its_agreement(
    net_graph: Graph, role: str, node: str, name: str, expected: Any
) -> None:
    network = ego_network(ViewerGraph(net_graph, context(role)), "person_alice", depth=1)
    if expected == "absent":
        assert node not in network.nodes
        return
    found = network.nodes[node]
    assert (found.label if name == "label" else found.detail.get(name)) == expected


@pytest.mark.parametrize("role", ROLES)
def test_withheld_links_are_counted_and_named_with_the_agreement(net_graph: Graph, role: str):
    viewer = ViewerGraph(net_graph, context(role))
    network = ego_network(viewer, "person_alice", depth=1)
    assert network.withheld(viewer.agreement_id).notice() == NOTICES[role]
    # expanding the immigration event is refused in Cypher for roles that may not see it
    grown = expand(viewer, network, "ev_imm") if "ev_imm" in network.nodes else network
    assert ("rec_ivan_imm" in grown.nodes) is SEES_IMMIGRATION[role]


@pytest.mark.parametrize("role", ROLES)
def test_a_forged_expansion_of_a_withheld_event_opens_nothing(net_graph: Graph, role: str):
    viewer = ViewerGraph(net_graph, context(role))
    network = ego_network(viewer, "person_alice", depth=1)
    network.nodes.setdefault("ev_imm", network.nodes["ev_da"].__class__("ev_imm", "event", "x"))
    grown = expand(viewer, network, "ev_imm")  # a browser can send any key
    assert ("rec_ivan_imm" in grown.nodes) is SEES_IMMIGRATION[role]


@pytest.mark.parametrize("role", ROLES)
def test_paths_only_run_through_what_the_agreement_shows(net_graph: Graph, role: str):
    result = find_connections(ViewerGraph(net_graph, context(role)), "person_alice", "rec_ivan_imm")
    expected = [["person_alice", "ev_imm", "rec_ivan_imm"]] if SEES_IMMIGRATION[role] else []
    assert [[step.node.key for step in path] for path in result.paths] == expected
    for path in result.paths:  # detail fields on a path are masked like everywhere else
        event = path[1].node
        assert event.detail["description"] == ("Appeal pending" if role == "hub_staff" else OTHER)


@pytest.mark.parametrize("role", ROLES)
def test_pattern_results_show_only_hits_whose_evidence_the_role_sees(net_graph: Graph, role: str):
    run = pattern_service.run(ViewerGraph(net_graph, context(role)), "immigration_only", {})
    if SEES_IMMIGRATION[role]:
        assert [row["person_id"] for row in run.rows] == ["person_yusuf"]
        assert run.notice is None
    else:
        assert run.rows == []
        agreement = "health_isa" if role == "health_liaison" else "mash_isa"
        assert run.notice == f"1 result withheld under agreement {agreement}"


@pytest.mark.parametrize(
    ("role", "shown", "notice"),
    [
        ("hub_staff", ["flag_assault", "flag_da"], None),
        ("analyst", ["flag_assault", "flag_da"], None),
        ("health_liaison", ["flag_da"], "1 flag withheld under agreement health_isa"),
        ("admin", ["flag_assault", "flag_da"], None),
    ],
)
def test_the_flag_queue_follows_the_agreement(net_graph, role, shown, notice):
    queue = flag_service.review_queue(ViewerGraph(net_graph, context(role)))
    assert sorted(f.flag_id for f in queue.flags) == shown and queue.notice == notice


def test_a_flag_outside_the_agreement_cannot_be_opened_or_reviewed(net_graph: Graph) -> None:
    viewer = ViewerGraph(net_graph, context("health_liaison"))
    with pytest.raises(AccessDenied):
        flag_service.flag_detail(viewer, "flag_assault")
    with pytest.raises(AccessDenied):
        flag_service.change_status(viewer, "flag_assault", "in_review", None)
    hub = ViewerGraph(net_graph, context("hub_staff"))
    assert flag_service.flag_detail(hub, "flag_assault")[0].status == "new"  # untouched


@pytest.mark.parametrize("role", ROLES)
def test_a_networkx_extract_for_a_viewer_holds_only_what_the_agreement_shows(
    net_graph: Graph, role: str
) -> None:
    g = ego_graph(ViewerGraph(net_graph, context(role)), "person_alice", depth=1)
    assert ("ev_imm" in g) is SEES_IMMIGRATION[role]
    agencies = {r["agency"] for _, _, d in g.edges(data=True) for r in d["records"]}
    assert ("immigration" in agencies) is SEES_IMMIGRATION[role]
    everything = ego_graph(ViewerGraph(net_graph, context("hub_staff")), "person_alice", depth=1)
    assert "ev_imm" in everything and set(g.nodes) <= set(everything.nodes)
    explorer = ego_network(ViewerGraph(net_graph, context(role)), "person_alice", depth=1)
    assert set(g.nodes) == {k for k, n in explorer.nodes.items() if n.kind != "summary"}


@pytest.mark.parametrize("role", ROLES)
def test_networkx_paths_are_the_connections_pages_paths(net_graph: Graph, role: str) -> None:
    viewer = ViewerGraph(net_graph, context(role))
    page = find_connections(viewer, "person_alice", "rec_ivan_imm")
    if not SEES_IMMIGRATION[role]:
        with pytest.raises(TouchpointError, match="No person 'rec_ivan_imm'"):
            connections(viewer, "person_alice", "rec_ivan_imm")
        assert page.paths == []
        return
    g, paths = connections(viewer, "person_alice", "rec_ivan_imm")
    assert paths == [[step.node.key for step in path] for path in page.paths]
    assert g.nodes["ev_imm"]["description"] == page.paths[0][1].node.detail["description"]


def test_household_risk_for_a_viewer_counts_only_flags_it_may_see(net_graph: Graph) -> None:
    _, liaison = household_risk(ViewerGraph(net_graph, context("health_liaison")), "person_alice")
    _, hub = household_risk(ViewerGraph(net_graph, context("hub_staff")), "person_alice")
    assert {c["flag_id"] for s in hub.values() for c in s.contributions} == {
        "flag_da",
        "flag_assault",
    }
    assert {c["flag_id"] for s in liaison.values() for c in s.contributions} == {"flag_da"}


@pytest.mark.parametrize(
    "read",
    [
        lambda v: ego_network(v, "person_alice"),
        lambda v: find_connections(v, "person_alice", "person_bob"),
        lambda v: ego_graph(v, "person_alice"),
        lambda v: connections(v, "person_alice", "person_bob"),
        lambda v: household_risk(v, "person_alice"),
        lambda v: person_projection(v),
    ],
    ids=[
        "explorer",
        "connections",
        "networkx-ego",
        "networkx-path",
        "networkx-household",
        "networkx-projection",
    ],
)
def test_networks_and_paths_need_a_recorded_purpose(net_graph: Graph, read) -> None:
    with pytest.raises(PurposeRequired):
        read(ViewerGraph(net_graph, context("hub_staff", with_purpose=False)))


def test_every_audited_action_writes_its_entry_and_the_chain_verifies(net_graph: Graph) -> None:
    viewer = audited_viewer(net_graph, context("analyst", user="ned"))
    network = ego_network(viewer, "person_alice", depth=1)
    expand(viewer, network, "addr_home")
    find_connections(viewer, "person_alice", "person_bob")
    pattern_service.run(viewer, "immigration_only", {})
    pattern_service.export_csv(viewer, "immigration_only", {})
    pattern_service.raise_flags(viewer, "no_gp_registration", {"lookback_days": 3650})
    flag_service.review_queue(viewer)
    flag_service.change_status(viewer, "flag_da", "in_review", None)
    ego_graph(viewer, "person_alice", depth=1)
    person_projection(viewer)
    written = actions(net_graph)
    for action in (
        "network_expand",
        "connections",
        "pattern_run",
        "export",
        "flag_raise",
        "pattern_results",
        "flag_review",
        "network_extract",
    ):
        assert action in written, action
    log = AuditLog(net_graph)
    (run,) = [e for e in log.search(user="ned", action="pattern_run", limit=10)][-1:]
    assert run["withheld"] == 1 and run["role"] == "analyst" and run["agreement"] == "mash_isa"
    (review,) = log.search(user="ned", action="flag_review", limit=1)
    assert "flag_da" in review["subjects"] and review["case_reference"] == "MASH-2026-0142"
    assert log.verify().ok


@pytest.mark.parametrize("role", ROLES)
def test_cli_reads_as_a_user_follow_their_agreement(net_graph: Graph, role: str) -> None:
    ego = invoke(net_graph, "analyse", "ego", "person_alice", "--format", "json", role=role)
    assert ego.exit_code == 0, ego.output
    nodes = {n["id"] for n in json.loads(ego.stdout)["nodes"]}
    assert ("ev_imm" in nodes) is SEES_IMMIGRATION[role]
    hits = invoke(net_graph, "patterns", "run", "immigration_only", "--dry-run", "--format",
                  "json", role=role)  # fmt: skip
    assert hits.exit_code == 0, hits.output
    people = [h["person_id"] for h in json.loads(hits.stdout)]
    assert people == (["person_yusuf"] if SEES_IMMIGRATION[role] else [])
    flags = invoke(net_graph, "patterns", "flags", "--format", "json", role=role)
    shown = {f["flag_id"] for f in json.loads(flags.stdout)}
    assert ("flag_assault" in shown) is (role != "health_liaison")
    explained = invoke(net_graph, "resolve", "explain", "person_alice", "--json", role=role)
    records = {r["record_id"] for r in json.loads(explained.stdout)["records"]}
    assert ("rec_alice_imm" in records) is SEES_IMMIGRATION[role]
    nhs = {r["record_id"]: r["nhs_number"] for r in json.loads(explained.stdout)["records"]}
    assert (nhs["rec_alice_gp"] == "9434765919") is (role == "health_liaison")


@pytest.mark.parametrize("role", ROLES)
def test_no_analysis_names_a_person_none_of_whose_records_the_role_may_see(
    net_graph: Graph, role: str
) -> None:
    """Yusuf is known to immigration only: a role that may not see immigration records must
    not learn his name or date of birth from any analysis (``analyse ego`` once printed both
    from the resolved Person, and the whole-graph projection listed him)."""
    sees = SEES_IMMIGRATION[role]
    ego = invoke(net_graph, "analyse", "ego", "person_yusuf", "--format", "json", role=role)
    assert (ego.exit_code == 0) is sees, ego.output
    assert ("Yusuf" in ego.output) is sees and ("2015-05-05" in ego.output) is sees
    if not sees:
        assert "No person 'person_yusuf'" in ego.output
    risk = invoke(net_graph, "analyse", "risk", "person_yusuf", "--format", "json", role=role)
    assert (risk.exit_code == 0) is sees and ("No person" in risk.output) is not sees
    projection = person_projection(ViewerGraph(net_graph, context(role)))
    assert ("person_yusuf" in projection) is sees
    names = {d.get("display_name") for _, d in projection.nodes(data=True)}
    assert ("Yusuf Ali" in names) is sees
