"""Connections paths and where graphs are drawn (issue 16, items 2 and 3): pure logic.

A folded path never visits a person twice (not even through two records of one person), its
length is its own, lengths are reported per group; positions keep what is drawn where it is,
fan new nodes out around their anchor, and lay parallel paths out side by side."""

from __future__ import annotations

import math

from touchpoint.app.components.placement import (
    SPACING,
    element_positions,
    path_rows,
    place_new,
    radial,
    with_positions,
)
from touchpoint.services.reads.network import NetNode
from touchpoint.services.reads.paths import Connections, PathStep, describe_lengths, fold_path


def _record(record_id: str, person: str | None, name: str) -> dict:
    return {
        "labels": ["PersonRecord"],
        "props": {"record_id": record_id, "source_agency": "police", "full_name": name},
        "person_id": person,
        "person_name": name,
    }


def _address(address_id: str, line1: str) -> dict:
    return {"labels": ["Address"], "props": {"address_id": address_id, "line1": line1}}


def _rel(kind: str, forward: bool = True) -> dict:
    return {"type": kind, "forward": forward, "props": {"source_agency": "police"}}


def test_a_path_through_two_records_of_one_person_visits_them_once():
    # Tom - 9 Mill Road - Nicola (record 1) - 24 South Rise - Nicola (record 2) - Sam
    nodes = [
        _record("rec_tom", "person_tom", "Tom Hill"),
        _address("addr_mill", "9 Mill Road"),
        _record("rec_nicola_1", "person_nicola", "Nicola Hayward"),
        _address("addr_rise", "24 South Rise"),
        _record("rec_nicola_2", "person_nicola", "Nicola Hayward"),
        _record("rec_sam", "person_sam", "Sam Hayward"),
    ]
    rels = [
        _rel("LIVES_AT"),
        _rel("LIVES_AT", forward=False),
        _rel("LIVES_AT"),
        _rel("LIVES_AT", forward=False),
        _rel("RELATED_TO"),
    ]
    steps, edges = fold_path(nodes, rels)
    keys = [step.node.key for step in steps]
    assert keys == ["person_tom", "addr_mill", "person_nicola", "person_sam"]
    assert len(keys) == len(set(keys))
    assert len(edges) == len(steps) - 1
    assert {(e.source, e.target) for e in edges} == {
        ("person_tom", "addr_mill"),
        ("person_nicola", "addr_mill"),
        ("person_nicola", "person_sam"),
    }


def _path(*keys: str) -> list[PathStep]:
    return [PathStep(NetNode(k, "person", k)) for k in keys]


def test_lengths_are_each_paths_own_and_grouped():
    result = Connections("a", "b")
    result.paths = [
        _path("a", "x", "y", "z", "b"),
        _path("a", "p", "q", "r", "s", "t", "b"),
        _path("a", "m", "n", "o", "b"),
        _path("a", "c", "d", "e", "f", "g", "b"),
        _path("a", "h", "i", "j", "k", "l", "b"),
    ]
    assert result.hops == 4
    assert result.lengths() == "2 paths of 4 steps, 3 of 6 steps"
    assert describe_lengths([1]) == "1 path of 1 step"
    assert describe_lengths([3, 2]) == "1 path of 2 steps, 1 of 3 steps"


def test_parallel_paths_are_drawn_side_by_side_between_the_two_people():
    paths = [["a", "x1", "x2", "b"], ["a", "y1", "y2", "b"], ["a", "z", "b"]]
    at = path_rows(paths)
    assert at["a"][0] < at["x1"][0] < at["x2"][0] < at["b"][0]
    assert at["a"][0] < at["z"][0] < at["b"][0]
    rows = {at["x1"][1], at["y1"][1], at["z"][1]}
    assert len(rows) == 3  # one row per path: never one chain
    points = [at[k] for k in ("a", "x1", "x2", "b", "y1", "y2")]
    assert not _collinear(points)


def test_the_first_picture_is_radial_around_the_subject_not_a_line():
    nodes = ["root", "a", "b", "c", "d", "a1", "a2"]
    edges = [("root", "a"), ("root", "b"), ("root", "c"), ("d", "root"), ("a", "a1"), ("a2", "a")]
    at = radial("root", nodes, edges)
    assert at["root"] == (0.0, 0.0)
    assert set(at) == set(nodes)
    first = [math.dist(at[k], at["root"]) for k in "abcd"]
    assert max(first) - min(first) < 1e-6  # one ring per hop
    assert math.dist(at["a1"], at["root"]) > first[0]
    assert not _collinear([at[k] for k in nodes])
    _all_apart(at)


def test_expanding_keeps_what_is_drawn_and_places_new_nodes_around_their_anchor():
    before = {"root": (0.0, 0.0), "a": (170.0, 0.0), "b": (-170.0, 0.0)}
    edges = [("root", "a"), ("root", "b"), ("a", "n1"), ("a", "n2"), ("n3", "a"), ("n2", "m")]
    after = place_new("root", before, ["n1", "n2", "n3", "m"], edges)
    for key, point in before.items():
        assert after[key] == point
    for key in ("n1", "n2", "n3"):
        assert after[key][0] > 170.0  # outwards, away from the subject
    assert math.dist(after["m"], after["n2"]) < math.dist(after["m"], after["b"])
    _all_apart(after)


def test_positions_travel_with_the_elements_and_only_numbers_are_read():
    elements = [
        {"data": {"id": "a"}, "position": {"x": 1, "y": 2.5}},
        {"data": {"id": "b"}, "position": {"x": "1; alert(1)", "y": 0}},
        {"data": {"id": "c"}},
        {"data": {"id": "e", "source": "a", "target": "c"}},
    ]
    assert element_positions(elements) == {"a": (1.0, 2.5)}
    placed = with_positions(elements, {"c": (3.0, 4.0)})
    assert placed[2]["position"] == {"x": 3.0, "y": 4.0}
    assert "position" not in placed[3]


def _collinear(points: list[tuple[float, float]]) -> bool:
    (x0, y0), (x1, y1) = points[0], points[1]
    return all(abs((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) < 1e-6 for x, y in points[2:])


def _all_apart(at: dict[str, tuple[float, float]]) -> None:
    keys = list(at)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            assert math.dist(at[a], at[b]) >= SPACING * 0.99, (a, b)
