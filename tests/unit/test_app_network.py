"""Person-level network building blocks: folding records into people, merging agency reports."""

from __future__ import annotations

from touchpoint.services.reads.network import (
    NetEdge,
    Network,
    group_label,
    neighbour_from_row,
    node_from_graph,
)


def _row(**overrides):
    row = {
        "from_key": "person_a",
        "total": 3,
        "rel_type": "INVOLVED_IN",
        "rel_props": {"role": "victim", "source_agency": "police"},
        "outgoing": True,
        "record_agency": "police",
        "labels": ["Event"],
        "props": {
            "event_id": "ev1",
            "category": "police_incident",
            "type": "domestic_abuse",
            "date": "2023-11-04",
            "source_agency": "police",
        },
        "person_id": None,
        "person_name": None,
    }
    return row | overrides


def test_an_event_neighbour_keeps_its_agency_date_and_concern():
    node, edge = neighbour_from_row(_row())
    assert (node.key, node.kind, node.agency, node.date) == ("ev1", "event", "police", "2023-11-04")
    assert node.risk == "high" and node.detail["concern"] is True
    assert node.label == "Domestic abuse 2023-11-04"
    assert (edge.source, edge.target, edge.label) == ("person_a", "ev1", "Victim")


def test_a_related_record_folds_into_its_resolved_person():
    node, edge = neighbour_from_row(
        _row(
            rel_type="RELATED_TO",
            rel_props={"relation": "partner"},
            outgoing=False,
            labels=["PersonRecord"],
            props={"record_id": "rec_b", "full_name": "Bob S"},
            person_id="person_b",
            person_name="Robert Smith",
        )
    )
    assert (node.key, node.label, node.resolved) == ("person_b", "Robert Smith", True)
    assert (edge.source, edge.target, edge.qualifier) == ("person_b", "person_a", "partner")


def test_an_unresolved_record_stands_for_itself():
    node = node_from_graph(
        ["PersonRecord"], {"record_id": "rec_x", "forename": "Dan", "surname": "Jones"}, None, None
    )
    assert (node.key, node.label, node.resolved) == ("rec_x", "Dan Jones", False)


def test_two_agencies_reporting_one_link_become_one_edge_with_both_agencies():
    net = Network(root="p")
    net.add_edge(NetEdge("p", "a", "LIVES_AT", None, {"police"}, "2019-01-01", None))
    net.add_edge(NetEdge("p", "a", "LIVES_AT", None, {"gp"}, "2018-06-01", None))
    (edge,) = net.edges.values()
    assert edge.agencies == {"police", "gp"} and edge.date_from == "2018-06-01"
    assert edge.date_to is None  # one agency says still living there


def test_network_survives_a_round_trip_through_elements():
    node, edge = neighbour_from_row(_row())
    net = Network(root="person_a")
    net.nodes[node.key] = node
    net.add_edge(edge)
    again = Network.from_elements("person_a", net.to_elements())
    assert again.to_elements() == net.to_elements()


def test_summary_labels_are_plural_aware():
    assert group_label("event:police_incident", 37) == "police incidents"
    assert group_label("event:police_incident", 1) == "police incident"
    assert group_label("event:cs_assessment", 2) == "cs assessments"
    assert group_label("person", 5) == "people"
    assert group_label("address", 2) == "addresses"
    assert group_label("event:school_absence", 3) == "school absences"
