"""Stable ids are deterministic hashes of normalised natural keys."""

import pytest

from touchpoint.graph_model.model.ids import id_head, normalise_part, stable_id, stable_id_after
from touchpoint.loaders.mapping import KEY_PREFIX


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


KEYS = [("police", "WY-1|1"), ("Police ", "  wy-1|1 "), ("health", "Zoë|Ångström"),
        ("health", "ZOË\u0308"), ("x", None), ("x", 42), ("x", ""), ("x", "a\tb\n c")]  # fmt: skip


@pytest.mark.parametrize(("agency", "record_key"), KEYS)
def test_an_id_from_a_worked_out_head_is_the_same_as_stable_id(
    agency: str, record_key: object
) -> None:
    """The loader hashes each relationship's id from a head normalised once per mapping and
    node ids passed as they are: any difference would give every reloaded link a new id."""
    from_id, to_id = stable_id("rec", agency, "R 1"), stable_id("evt", agency, "E-1")
    head = id_head("rel", "INVOLVED_IN", agency)
    fast = stable_id_after("rel", head, normalise_part(record_key), from_id, to_id)
    assert fast == stable_id("rel", "INVOLVED_IN", agency, record_key, from_id, to_id)


def test_node_ids_are_normal_text_so_they_can_be_hashed_as_they_are() -> None:
    for prefix in KEY_PREFIX.values():
        node_id = stable_id(prefix, "Police", "A b")
        assert normalise_part(node_id) == node_id
