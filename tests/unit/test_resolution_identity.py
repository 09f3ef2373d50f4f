"""Person ids survive reruns; merges and splits record where an old id went."""

from __future__ import annotations

from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.resolution.identity import plan_identities


def test_unchanged_clusters_keep_their_ids() -> None:
    plan = plan_identities({"r1": "r1", "r2": "r1"}, {"r1": "P1", "r2": "P1"}, {"P1"})
    assert plan.person_of_cluster == {"r1": "P1"}
    assert not plan.created and not plan.merged_into


def test_new_cluster_gets_an_id_from_its_lowest_record() -> None:
    plan = plan_identities({"r1": "r1", "r2": "r1"}, {}, set())
    assert plan.person_of_cluster["r1"] == stable_id("person", "r1")


def test_a_retired_id_is_never_reissued() -> None:
    taken = stable_id("person", "r1")
    plan = plan_identities({"r1": "r1"}, {}, {taken})
    assert plan.person_of_cluster["r1"] != taken


def test_merge_keeps_the_larger_id_and_records_merged_into() -> None:
    assignment = {"r1": "r1", "r2": "r1", "r3": "r1"}
    previous = {"r1": "P1", "r2": "P1", "r3": "P2"}
    plan = plan_identities(assignment, previous, {"P1", "P2"})
    assert plan.person_of_cluster == {"r1": "P1"}
    assert plan.merged_into == {"P2": "P1"}


def test_split_keeps_the_id_with_the_majority_and_records_split_into() -> None:
    assignment = {"r1": "r1", "r2": "r1", "r3": "r3"}
    previous = {"r1": "P1", "r2": "P1", "r3": "P1"}
    plan = plan_identities(assignment, previous, {"P1"})
    assert plan.person_of_cluster["r1"] == "P1"
    new_id = plan.person_of_cluster["r3"]
    assert new_id != "P1" and plan.split_into == {"P1": [new_id]}
