"""The explorer, connections, patterns and flags services, read as a signed-in viewer.

hub_staff sees every agency and event type of the hand-built fixture graph, so these pin the
features themselves (folding, summaries, expansion, paths, pattern rows, review rules); what
other roles may see is pinned in test_network_access.py.
"""

from __future__ import annotations

import pytest
from access_support import context
from app_support import load_app_fixture

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads import flags as flag_service
from touchpoint.services.reads import patterns as pattern_service
from touchpoint.services.reads.network import LINK_TYPES, MAX_NODES, Limits, ego_network, expand
from touchpoint.services.reads.paths import find_connections


@pytest.fixture
def viewer(graph: Graph) -> ViewerGraph:
    load_app_fixture(graph)
    return ViewerGraph(graph, context("hub_staff", user="hana"))


def test_ego_network_folds_records_into_people_and_summarises_busy_groups(viewer):
    net = ego_network(viewer, "person_bob", depth=1)
    kinds = {key: node.kind for key, node in net.nodes.items()}
    assert {"person_alice", "addr_home", "addr_flat", "ev_da", "ev_assault"} <= set(kinds)
    summary = net.nodes["more|person_bob|event:police_incident"]
    assert summary.label == "5 more police incidents"
    assert sum(1 for k in kinds.values() if k == "event") == 12
    partner = next(e for e in net.edges.values() if e.rel_type == "RELATED_TO")
    assert (partner.source, partner.target, partner.qualifier) == (
        "person_alice",
        "person_bob",
        "partner",
    )


def test_expanding_a_summary_draws_the_events_it_stood_for(viewer):
    net = ego_network(viewer, "person_bob", depth=1)
    net = expand(viewer, net, "more|person_bob|event:police_incident")
    assert "more|person_bob|event:police_incident" not in net.nodes
    assert sum(1 for n in net.nodes.values() if n.kind == "event") == 17


def test_depth_two_reaches_people_through_shared_events_and_addresses(viewer):
    net = ego_network(viewer, "person_alice", depth=2)
    assert {"person_bob", "person_charlie"} <= set(net.nodes)
    assert net.nodes["person_alice"].risk in ("low", "medium", "high")
    assert len(net.nodes) < MAX_NODES and not net.truncated


def test_expanding_a_node_adds_its_neighbours(viewer):
    net = ego_network(viewer, "person_alice", depth=1)
    assert "rec_dan_police" not in net.nodes
    net = expand(viewer, expand(viewer, net, "person_bob"), "addr_flat")
    assert "rec_dan_police" in net.nodes


def test_shortest_path_is_drawn_at_person_level(viewer):
    result = find_connections(viewer, "person_alice", "person_erin")
    (path,) = result.paths
    assert [s.node.key for s in path] == [
        "person_alice",
        "person_charlie",
        "org_school",
        "person_erin",
    ]
    assert [s.via for s in path[1:]] == ["Parent", "Enrolled at", "Enrolled at"]


def test_paths_only_use_the_allowed_relationship_types(viewer):
    assert find_connections(viewer, "person_alice", "person_erin", ["LIVES_AT"]).paths == []
    assert find_connections(viewer, "person_alice", "person_frank").paths == []


def test_pattern_run_returns_table_rows_and_raised_flags_reach_the_review_queue(viewer):
    run = pattern_service.run(viewer, "da_no_school_notification", {"lookback_days": 3650})
    (row,) = run.rows
    assert (row["person_id"], row["person"]) == ("person_charlie", "Charlie Smith")
    assert "Police" in row["agencies"] and row["first"] == "2023-11-04"
    assert run.notice is None
    csv_text = pattern_service.export_csv(
        viewer, "da_no_school_notification", {"lookback_days": 3650}
    )
    assert "person_charlie" in csv_text
    summary = pattern_service.raise_flags(
        viewer, "da_no_school_notification", {"lookback_days": 3650}
    )
    assert summary.created == 1
    queue = flag_service.review_queue(viewer, status="new")
    (flag,) = queue.flags
    assert flag.person_name == "Charlie Smith" and flag.evidence and queue.notice is None
    (open_flag,) = flag_service.flags_for_subject(viewer, "person_charlie").flags
    assert open_flag.flag_id == flag.flag_id


def test_flag_decisions_follow_the_review_rules_keep_history_and_name_the_session_user(viewer):
    pattern_service.raise_flags(viewer, "da_no_school_notification", {"lookback_days": 3650})
    (flag,) = flag_service.review_queue(viewer, pattern_id="da_no_school_notification").flags
    with pytest.raises(TouchpointError, match="Give a reason"):
        flag_service.change_status(viewer, flag.flag_id, "dismissed", None)
    changed = flag_service.change_status(viewer, flag.flag_id, "dismissed", "Told by phone")
    assert changed.status == "dismissed"
    assert flag_service.review_queue(viewer, status="new").flags == []
    _, history = flag_service.flag_detail(viewer, flag.flag_id)
    assert [(h["from"], h["to"], h["reason"], h["who"]) for h in history] == [
        ("new", "dismissed", "Told by phone", "hana")
    ]


def test_paths_through_a_hub_organisation_are_marked_or_left_out(viewer):
    """The school links two pupils: with a hub threshold below its links the one path is
    marked as through a hub, and leaving hubs out finds no path (issue 16, item 2)."""
    marked = find_connections(viewer, "person_alice", "person_erin", hub_degree=1)
    assert len(marked.paths) == 1 and marked.via_hub == {0}
    assert find_connections(viewer, "person_alice", "person_erin").via_hub == set()
    left_out = find_connections(
        viewer, "person_alice", "person_erin", avoid_hubs=True, hub_degree=1
    )
    assert left_out.paths == []
    kept = find_connections(viewer, "person_alice", "person_erin", avoid_hubs=True)
    assert [s.node.key for s in kept.paths[0]][2] == "org_school"


def test_parallel_paths_are_simple_and_counted_by_their_own_length(viewer):
    result = find_connections(viewer, "person_alice", "rec_dan_police")
    keys = [[s.node.key for s in path] for path in result.paths]
    assert sorted(keys) == [
        ["person_alice", "person_bob", "addr_flat", "rec_dan_police"],
        ["person_alice", "person_bob", "ev_assault", "rec_dan_police"],
    ]
    assert all(len(set(path)) == len(path) for path in keys)
    assert result.lengths() == "2 paths of 3 steps"


def test_hubs_are_drawn_but_not_grown_through_until_expanded(viewer):
    """A school of more links than the hub threshold: depth 2 from a pupil shows the school
    but not its other pupils; expanding the school draws them (issue 16, item 3)."""
    net = ego_network(viewer, "person_charlie", depth=2, limits=Limits(hub_degree=1))
    assert net.nodes["org_school"].detail.get("hub") == 2
    assert "person_erin" not in net.nodes
    assert "person_bob" in net.nodes  # reached through the incident, not a hub
    net = expand(viewer, net, "org_school")
    assert "person_erin" in net.nodes and "hub" not in net.nodes["org_school"].detail
    default = ego_network(viewer, "person_charlie", depth=2)
    assert "person_erin" in default.nodes  # two pupils are not a hub


def test_a_hubs_links_are_counted_but_not_fetched_and_an_events_always_are(viewer):
    """The explorer draws a hub without growing through it; fetching its links (up to 300
    rows each, their people resolved) and dropping them was half of a depth-2 view's reads."""
    read = {"rel_types": list(LINK_TYPES), "per_node": 300}
    fetched = viewer.read("access/hop_from_entities", keys=["org_school"], hub_degree=None, **read)
    as_hub = viewer.read("access/hop_from_entities", keys=["org_school"], hub_degree=1, **read)
    event = viewer.read("access/hop_from_entities", keys=["ev_da"], hub_degree=None, **read)
    event_low = viewer.read("access/hop_from_entities", keys=["ev_da"], hub_degree=0, **read)

    assert len(fetched) == 2 and all(row["rel_type"] for row in fetched)
    assert [(row["rel_type"], row["total"], row["hub"]) for row in as_hub] == [(None, 2, True)]
    assert not any(row["hub"] for row in fetched + event + event_low)
    assert len(event) > 1 and event_low == event  # an event is never a hub
