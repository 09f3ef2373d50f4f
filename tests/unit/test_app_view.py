"""Explorer filters, styling classes and CSV export work on elements, without a graph."""

from __future__ import annotations

import csv
import io

from touchpoint.app.components.network_view import (
    ViewFilter,
    apply_filter,
    counts_by_kind,
    to_csv,
    with_classes,
    year_bounds,
)
from touchpoint.services.reads.network import NetEdge, NetNode, Network


def _network() -> Network:
    net = Network(root="p1")
    for node in (
        NetNode("p1", "person", "Alice", resolved=True, risk="high"),
        NetNode("p2", "person", "Bob", resolved=False),
        NetNode("a1", "address", "12 Park Lane"),
        NetNode("e1", "event", "Assault 2024-06-15", agency="police", date="2024-06-15"),
        NetNode("e2", "event", "Injury 2019-01-02", agency="hospital", date="2019-01-02"),
        NetNode("p3", "person", "Carol"),
    ):
        net.nodes[node.key] = node
    for edge in (
        NetEdge("p1", "a1", "LIVES_AT", None, {"police"}, "2018-01-01", "2020-12-31"),
        NetEdge("p2", "a1", "LIVES_AT", None, {"gp"}, "2021-01-01", None),
        NetEdge("p1", "e1", "INVOLVED_IN", "victim", {"police"}, "2024-06-15"),
        NetEdge("p1", "e2", "INVOLVED_IN", "patient", {"hospital"}, "2019-01-02"),
        NetEdge("p3", "e2", "INVOLVED_IN", "witness", {"hospital"}, "2019-01-02"),
        NetEdge("p1", "p2", "RELATED_TO", "partner", {"police"}),
    ):
        net.add_edge(edge)
    return net


def _ids(elements):
    return {e["data"]["id"] for e in elements if "source" not in e["data"]}


def test_no_filter_shows_everything():
    elements = _network().to_elements()
    assert _ids(apply_filter(elements, ViewFilter(), "p1")) == {"p1", "p2", "a1", "e1", "e2", "p3"}


def test_filtering_a_relationship_type_drops_nodes_only_reachable_through_it():
    elements = _network().to_elements()
    view = ViewFilter(rel_types=frozenset({"LIVES_AT", "RELATED_TO"}))
    assert _ids(apply_filter(elements, view, "p1")) == {"p1", "p2", "a1"}


def test_agency_filter_hides_other_agencies_events_and_links():
    elements = _network().to_elements()
    view = ViewFilter(agencies=frozenset({"police"}))
    assert _ids(apply_filter(elements, view, "p1")) == {"p1", "p2", "a1", "e1"}


def test_time_window_keeps_overlapping_links_and_events_inside_it():
    elements = _network().to_elements()
    shown = _ids(apply_filter(elements, ViewFilter(years=(2021, 2025)), "p1"))
    # p1 lived at a1 until 2020, but p2 (related) still reaches a1 from 2021
    assert shown == {"p1", "p2", "a1", "e1"}


def test_hidden_nodes_and_what_hangs_only_off_them_disappear_but_the_root_never_does():
    elements = _network().to_elements()
    shown = _ids(apply_filter(elements, ViewFilter(hidden=frozenset({"e2", "p1"})), "p1"))
    assert "p1" in shown and "e2" not in shown and "p3" not in shown


def test_classes_mark_kind_risk_root_unresolved_and_pinned_nodes():
    styled = {e["data"]["id"]: e for e in with_classes(_network().to_elements(), "p1", {"a1"})}
    assert set(styled["p1"]["classes"].split()) == {"kind-person", "risk-high", "root"}
    assert "unresolved" in styled["p2"]["classes"]
    assert styled["a1"]["locked"] is True and "pinned" in styled["a1"]["classes"]


def test_csv_export_lists_every_node_and_link():
    nodes_csv, edges_csv = to_csv(_network().to_elements())
    nodes = list(csv.DictReader(io.StringIO(nodes_csv)))
    edges = list(csv.DictReader(io.StringIO(edges_csv)))
    assert len(nodes) == 6 and len(edges) == 6
    partner = next(e for e in edges if e["relationship"] == "RELATED_TO")
    assert (partner["source"], partner["target"], partner["qualifier"]) == ("p1", "p2", "partner")
    assert next(n for n in nodes if n["id"] == "p2")["resolved"] == "no"


def test_year_bounds_span_event_dates_and_link_dates():
    assert year_bounds(_network().to_elements()) == (2018, 2024)
    assert year_bounds([]) is None


def test_counts_by_kind():
    counts = counts_by_kind(_network().to_elements())
    assert counts == {"person": 3, "address": 1, "event": 2, "edge": 6}
