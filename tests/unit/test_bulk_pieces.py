"""The offline pieces of the bulk load: what a saved load query does to a node, applied in the
loader's order; values typed for the import tool; repeats dropped only when they change nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.loaders.bulk_csv import ARRAY_DELIMITER, typed_text
from touchpoint.loaders.bulk_fold import (
    PINNED,
    RunInfo,
    Tally,
    check_queries,
    fold_nodes,
    fold_relationships,
)
from touchpoint.loaders.repeats import RepeatFilter

RUNS = [RunInfo("run_a", datetime(2026, 1, 1, tzinfo=UTC), "gp.registrations"),
        RunInfo("run_b", datetime(2026, 1, 2, tzinfo=UTC), "gp.consultations")]  # fmt: skip


def test_a_reference_before_the_upsert_leaves_a_stub_property_and_the_upsert_wins_the_rest():
    writes = [
        (2, "rec_1", "load/person_record", "gp", 1, "P1", {"surname": "Ng", "dob": None}, None),
        (1, "rec_1", "load/person_record_ref", "gp", 0, "R9", {"surname": "N", "nhs": "9"}, None),
    ]
    tally = Tally.empty()
    state = fold_nodes(writes, RUNS, tally)["rec_1"]
    assert state.props["surname"] == "Ng"  # SET += after the stub was created
    assert state.props["nhs"] == "9"  # kept from the stub: the upsert did not name it
    assert "stub" not in state.props and "dob" not in state.props
    assert state.props["loaded_at"] == RUNS[0].loaded_at  # created by the first run
    assert (state.props["load_run_id"], state.props["source"]) == ("run_b", "gp.consultations")
    assert state.recorded_by["gp"]["source_record_id"] == "R9"  # as the node was when created
    assert tally.nodes == {0: 1} and tally.rels == {0: 1}


def test_a_reference_after_the_upsert_changes_nothing_but_may_add_another_agencys_link():
    writes = [
        (1, "rec_1", "load/person_record", "gp", 0, "P1", {"surname": "Ng"}, ["a note"]),
        (2, "rec_1", "load/person_record_ref", "gp", 1, "R9", {"surname": "Other"}, None),
        (3, "rec_1", "load/person_record_ref", "police", 1, "R9", {"surname": "Other"}, None),
    ]
    state = fold_nodes(writes, RUNS, Tally.empty())["rec_1"]
    assert state.props["surname"] == "Ng" and state.props["dq_notes"] == ["a note"]
    assert set(state.recorded_by) == {"gp", "police"}
    assert state.recorded_by["police"]["source_record_id"] == "P1"


def test_dq_notes_gather_within_a_run_and_are_replaced_by_the_next():
    writes = [
        (1, "evt_1", "load/event", "gp", 0, "E1", {"type": "x"}, ["n1"]),
        (2, "evt_1", "load/event", "gp", 0, "E1", {"type": "x"}, ["n2", "n1"]),
        (3, "evt_1", "load/event", "gp", 1, "E1", {"type": "x"}, None),
    ]
    assert "dq_notes" not in fold_nodes(writes, RUNS, Tally.empty())["evt_1"].props
    gathered = fold_nodes(writes[:2], RUNS, Tally.empty())["evt_1"].props["dq_notes"]
    assert gathered == ["n1", "n2"]


def test_shared_nodes_keep_the_first_value_of_each_property_and_the_creators_provenance():
    writes = [
        (1, "addr_1", "load/address", "gp", 0, "A", {"line1": "1 High St", "town": None}, None),
        (2, "addr_1", "load/address", "police", 1, "B",
         {"line1": "1 HIGH STREET", "town": "Lewisham", "extra": "x"}, None),
    ]  # fmt: skip
    props = fold_nodes(writes, RUNS, Tally.empty())["addr_1"].props
    assert props["line1"] == "1 High St" and props["town"] == "Lewisham"
    assert "extra" not in props  # the saved query sets only the shared properties
    assert (props["source_agency"], props["load_run_id"]) == ("gp", "run_a")
    assert props["last_load_run_id"] == "run_b"


def test_relationship_properties_follow_set_plus_equals_and_a_null_removes():
    writes = [
        (1, "rel_1", "load/rel_lives_at", "gp", 0, "rec_1", "addr_1", "P1",
         {"from": date(2020, 1, 1), "to": date(2021, 1, 1)}),
        (2, "rel_1", "load/rel_lives_at", "gp", 1, "rec_1", "addr_1", "P2", {"to": None}),
    ]  # fmt: skip
    tally = Tally.empty()
    rels = fold_relationships(writes, RUNS, tally)
    props = rels[("load/rel_lives_at", "rel_1", "rec_1", "addr_1")]
    assert props["from"] == date(2020, 1, 1) and "to" not in props
    assert (props["source_record_id"], props["load_run_id"]) == ("P2", "run_b")
    assert tally.rels == {0: 1}


def test_a_changed_saved_load_query_refuses_the_bulk_path():
    check_queries()  # the shipped queries are the ones the fold reproduces
    with pytest.raises(ConfigError, match=r"load/event.*transactional"):
        check_queries({**PINNED, "load/event": "00000000"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('O\'Brien "Jr"', ("string", '"O\'Brien ""Jr"""')),
        ("", ("string", '""')),
        (True, ("boolean", "true")),
        (7, ("long", "7")),
        (0.1, ("double", "0.1")),
        (date(2020, 2, 3), ("date", "2020-02-03")),
        (datetime(2020, 2, 3, 4, 5), ("localdatetime", "2020-02-03T04:05:00")),
        (datetime(2020, 2, 3, tzinfo=UTC), ("datetime", "2020-02-03T00:00:00+00:00")),
        (["a", 'b"'], ("string[]", f'"a{ARRAY_DELIMITER}b"""')),
        ([1, 2], ("long[]", f"1{ARRAY_DELIMITER}2")),
    ],
)
def test_values_are_written_with_their_cypher_type(value, expected):
    assert typed_text(value) == expected


@pytest.mark.parametrize(
    "value", [[], ["a", ""], [f"a{ARRAY_DELIMITER}b"], float("inf"), [1, "a"], {"k": 1}]
)
def test_values_a_csv_cell_cannot_carry_are_left_for_a_patch(value):
    assert typed_text(value) is None


def test_only_repeats_that_change_nothing_are_dropped():
    repeats = RepeatFilter()
    org = {"id": "org_1", "source_record_id": "X", "props": {"name": "Surgery"}}
    changed_org = {**org, "props": {"name": "Surgery", "code": "G1"}}
    ref = {"id": "rec_1", "source_record_id": "R", "props": {}}
    groups = {
        ("load/person_record", "gp"): [{"id": "rec_1", "source_record_id": "P", "props": {}}],
        ("load/person_record_ref", "gp"): [ref, ref],
        ("load/person_record_ref", "police"): [ref],
        ("load/organisation", "gp"): [org, org, changed_org],
    }
    repeats.filter(groups)
    assert ("load/person_record_ref", "gp") not in groups  # its node and link exist already
    assert groups[("load/person_record_ref", "police")] == [ref]  # a new RECORDED_BY
    assert groups[("load/organisation", "gp")] == [org, changed_org]
    assert len(groups[("load/person_record", "gp")]) == 1  # upserts are never dropped
    assert repeats.dropped == 3
