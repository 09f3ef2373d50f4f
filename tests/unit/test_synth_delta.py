"""Deltas from a synthetic world: held-back rows come back once, changed rows keep their keys."""

from __future__ import annotations

from pathlib import Path

from touchpoint.synth import generate
from touchpoint.synth.delta import next_delta, split_world


def test_deltas_deliver_each_held_back_row_once_and_change_rows_in_place(tmp_path: Path) -> None:
    generate(tmp_path / "world", 120, seed=3)
    world = split_world(tmp_path / "world", tmp_path / "base", hold_back=0.1, seed=3)
    total = world.held_rows + world.delivered_rows
    held = world.held_rows
    assert held > 0
    written = next_delta(world, tmp_path / "d1", new_rows=held // 2, changed_rows=10)
    assert written == held // 2 + 10
    assert world.held_rows == held - held // 2
    assert world.held_rows + world.delivered_rows == total  # a change replaces, never adds
    files = [p for p in (tmp_path / "d1").rglob("*") if p.is_file()]
    assert files and all(
        (tmp_path / "base" / p.relative_to(tmp_path / "d1")).exists() for p in files
    )


def test_the_same_seed_splits_a_world_the_same_way(tmp_path: Path) -> None:
    generate(tmp_path / "world", 60, seed=5)
    a = split_world(tmp_path / "world", tmp_path / "a", hold_back=0.2, seed=9)
    b = split_world(tmp_path / "world", tmp_path / "b", hold_back=0.2, seed=9)
    assert [e.held for e in a.extracts] == [e.held for e in b.extracts]
