"""Person ids survive reruns; merges and splits record where an old id went."""

from __future__ import annotations

from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.resolution.identity import plan_identities


def test_unchanged_clusters_keep_their_ids() -> None:
    plan = plan_identities({"r1": "r1", "r2": "r1"}, {"r1": "P1", "r2": "P1"}, {"P1"}.intersection)
    assert plan.person_of_cluster == {"r1": "P1"}
    assert not plan.created and not plan.merged_into


def test_new_cluster_gets_an_id_from_its_lowest_record() -> None:
    plan = plan_identities({"r1": "r1", "r2": "r1"}, {}, set().intersection)
    assert plan.person_of_cluster["r1"] == stable_id("person", "r1")


def test_a_retired_id_is_never_reissued() -> None:
    taken = stable_id("person", "r1")
    plan = plan_identities({"r1": "r1"}, {}, {taken}.intersection)
    assert plan.person_of_cluster["r1"] != taken


def test_merge_keeps_the_larger_id_and_records_merged_into() -> None:
    assignment = {"r1": "r1", "r2": "r1", "r3": "r1"}
    previous = {"r1": "P1", "r2": "P1", "r3": "P2"}
    plan = plan_identities(assignment, previous, {"P1", "P2"}.intersection)
    assert plan.person_of_cluster == {"r1": "P1"}
    assert plan.merged_into == {"P2": "P1"}


def test_split_keeps_the_id_with_the_majority_and_records_split_into() -> None:
    assignment = {"r1": "r1", "r2": "r1", "r3": "r3"}
    previous = {"r1": "P1", "r2": "P1", "r3": "P1"}
    plan = plan_identities(assignment, previous, {"P1"}.intersection)
    assert plan.person_of_cluster["r1"] == "P1"
    new_id = plan.person_of_cluster["r3"]
    assert new_id != "P1" and plan.split_into == {"P1": [new_id]}


def test_a_salted_id_that_was_also_issued_is_skipped_too() -> None:
    issued = {stable_id("person", "r1"), stable_id("person", "r1", 1)}
    plan = plan_identities({"r1": "r1"}, {}, issued.intersection)
    assert plan.person_of_cluster["r1"] == stable_id("person", "r1", 2)


def test_only_the_ids_a_run_would_issue_are_looked_up() -> None:
    """At a million people, reading every id ever issued cost seconds per run."""
    asked: list[set[str]] = []

    def taken(ids: object) -> set[str]:
        asked.append(set(ids))  # type: ignore[call-overload]
        return set()

    assignment = {"r1": "r1", "r2": "r1", "r3": "r3", "r4": "r4"}
    plan = plan_identities(assignment, {"r1": "P1", "r2": "P1"}, taken)
    assert asked == [{stable_id("person", "r3"), stable_id("person", "r4")}]
    assert plan.created == [stable_id("person", "r3"), stable_id("person", "r4")]


def test_an_old_id_whose_records_now_sit_in_three_people_says_where_each_went() -> None:
    assignment = {"r1": "r1", "r2": "r1", "r3": "r3", "r4": "r4", "r5": "r5", "r6": "r5"}
    previous = {"r1": "P1", "r2": "P1", "r3": "P1", "r4": "P1", "r5": "P2", "r6": "P2"}
    plan = plan_identities(assignment, previous, {"P1", "P2"}.intersection)
    assert plan.person_of_cluster["r1"] == "P1" and plan.person_of_cluster["r5"] == "P2"
    assert plan.split_into == {
        "P1": sorted([plan.person_of_cluster["r3"], plan.person_of_cluster["r4"]])
    }
