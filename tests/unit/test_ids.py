"""Stable ids are deterministic hashes of normalised natural keys."""

from touchpoint.graph_model.model.ids import stable_id


def test_same_natural_key_gives_same_id_across_calls() -> None:
    assert stable_id("rec", "police", "INC-1") == stable_id("rec", "police", "INC-1")


def test_case_and_whitespace_do_not_change_the_id() -> None:
    assert stable_id("addr", "SW1A 1AA", " 10  Downing St") == stable_id(
        "addr", "sw1a 1aa", "10 downing st"
    )


def test_part_boundaries_matter() -> None:
    assert stable_id("rec", "ab", "c") != stable_id("rec", "a", "bc")


def test_kind_prefix_makes_ids_self_describing() -> None:
    assert stable_id("person", "x").startswith("person_")
    assert len(stable_id("person", "x")) == len("person_") + 20
