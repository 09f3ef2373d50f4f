"""Saved explorer charts: stored as ids and layout under the case, reopened only through the
agreement of whoever opens them - never served from the saved copy - and audited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from access_support import PURPOSE, context, load_access_fixture
from network_access_support import actions

from touchpoint.graph_model.access.agreements import agreements_dir, load_agreements
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.context import AccessContext, Purpose
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.services.reads.charts import (
    Chart,
    ChartError,
    list_charts,
    open_chart,
    save_chart,
    stored_chart,
)
from touchpoint.services.reads.network import ego_network

HEALTH_NODES = {"ev_ae", "ev_wnb"}  # Alice's A&E attendance and GP appointment
CHART_ROW = Query(
    name="tests/chart_row",
    text="MATCH (c:Chart) RETURN properties(c) AS props",
    meta={"params": []},
)


@pytest.fixture
def chart_graph(graph: Graph) -> Graph:
    load_access_fixture(graph)
    return graph


@pytest.fixture
def agreements(tmp_path: Path):
    """The shipped agreements plus a synthetic role that sees no health agency's records."""
    for path in agreements_dir().glob("*.yml"):
        shutil.copy(path, tmp_path / path.name)
    mash = yaml.safe_load((tmp_path / "mash.yml").read_text())
    mash["roles"]["education_officer"] = {
        "description": "Synthetic: an education officer who sees no health records.",
        "agencies": ["police", "schools", "social_care"],
        "event_types": "*",
        "fields": {"*": ["description", "outcome"]},
    }
    (tmp_path / "mash.yml").write_text(yaml.safe_dump(mash, sort_keys=False))
    return load_agreements(tmp_path)


def _viewer(graph: Graph, role: str, agreements, user: str = "tester") -> ViewerGraph:
    ctx = AccessContext(user=user, role=role, purpose=PURPOSE)
    return ViewerGraph(graph, ctx, agreements=agreements, audit=AuditLog(graph))


def _alices_chart(viewer: ViewerGraph) -> Chart:
    network = ego_network(viewer, "person_alice", depth=1)
    positions = {key: (float(i * 10), float(-i)) for i, key in enumerate(sorted(network.nodes))}
    notes = {"ev_ae": "Ask the hospital about the bruising", "person_bob": "Partner, see INC-501"}
    return Chart("Alice's household", "person_alice", positions, ["ev_referral"], notes)


def test_a_chart_saved_by_a_health_reader_opens_without_health_nodes_for_one_who_is_not(
    chart_graph: Graph, agreements
):
    saver = _viewer(chart_graph, "hub_staff", agreements, user="saver")
    chart_id = save_chart(saver, _alices_chart(saver))
    assert set(stored_chart(saver, chart_id).positions) >= HEALTH_NODES

    opener = _viewer(chart_graph, "education_officer", agreements, user="opener")
    opened = open_chart(opener, stored_chart(opener, chart_id))
    assert not HEALTH_NODES & set(opened.network.nodes)  # re-read, never the saved copy
    assert not HEALTH_NODES & set(opened.chart.positions)
    assert "ev_ae" not in opened.chart.notes  # the note on a withheld node goes with it
    assert opened.chart.notes["person_bob"] == "Partner, see INC-501"
    assert opened.left_out == len(HEALTH_NODES | {"ev_imm"})  # immigration is not theirs either
    assert {"person_bob", "ev_da", "addr_home"} <= set(opened.network.nodes)
    assert (
        opened.chart.positions["person_bob"]
        == stored_chart(saver, chart_id).positions["person_bob"]
    )
    as_saved = open_chart(saver, stored_chart(saver, chart_id))
    assert set(as_saved.network.nodes) >= HEALTH_NODES and as_saved.left_out == 0


def test_a_saved_chart_holds_ids_layout_and_notes_never_a_persons_details(chart_graph, agreements):
    saver = _viewer(chart_graph, "hub_staff", agreements, user="saver")
    save_chart(saver, _alices_chart(saver))
    (row,) = chart_graph.read(CHART_ROW)
    stored = " ".join(str(v) for v in row["props"].values())
    for detail in ("Alice Smith", "1990-03-14", "Facial bruising", "LS1 4AB", "Robert Smith"):
        assert detail not in stored
    assert (
        row["props"]["saved_by"] == "saver"
        and row["props"]["case_reference"] == PURPOSE.case_reference
    )
    assert row["props"]["saved_agreement"] == "mash_isa"


def test_saving_and_opening_a_chart_are_audited_and_listed_under_the_case_only(
    chart_graph, agreements
):
    saver = _viewer(chart_graph, "hub_staff", agreements)
    chart_id = save_chart(saver, _alices_chart(saver))
    again = save_chart(saver, _alices_chart(saver))  # the same title updates the same chart
    assert again == chart_id
    assert [c["title"] for c in list_charts(saver)] == ["Alice's household"]
    open_chart(saver, stored_chart(saver, chart_id))
    assert actions(chart_graph).count("chart_save") == 2
    assert actions(chart_graph).count("chart_open") == 1
    other_case = Purpose("s47_enquiry", "MASH-2026-0999", "Another child")
    elsewhere = ViewerGraph(chart_graph, AccessContext("tester", "hub_staff", other_case))
    assert list_charts(elsewhere) == []
    with pytest.raises(ChartError):
        stored_chart(elsewhere, chart_id)


def test_a_chart_needs_a_title_and_a_case(chart_graph, agreements):
    saver = _viewer(chart_graph, "hub_staff", agreements)
    with pytest.raises(ChartError, match="title"):
        save_chart(saver, Chart("   ", "person_alice", {"person_alice": (0.0, 0.0)}))
    no_case = ViewerGraph(chart_graph, context("hub_staff", with_purpose=False))
    with pytest.raises(ChartError, match="case"):
        save_chart(no_case, Chart("A title", "person_alice", {"person_alice": (0.0, 0.0)}))
