"""Synthetic files of the published standards: exactly the published columns, seeded, with
the planted children present."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from touchpoint.synth.standards import generate_standard
from touchpoint.synth.standards.specs import STANDARDS

AS_OF = date(2025, 6, 30)


@pytest.mark.parametrize("standard", list(STANDARDS))
def test_every_file_has_exactly_the_published_columns_and_the_same_seed_the_same_bytes(
    tmp_path: Path, standard: str
) -> None:
    first = generate_standard(standard, tmp_path / "a", children=25, seed=9, as_of=AS_OF)
    generate_standard(standard, tmp_path / "b", children=25, seed=9, as_of=AS_OF)
    assert set(first.files) == {f"{standard}/{t}.csv" for t in STANDARDS[standard]}
    for name in first.files:
        a, b = (tmp_path / x / name for x in ("a", "b"))
        assert a.read_bytes() == b.read_bytes(), name
        with a.open(encoding="utf-8") as handle:
            assert tuple(next(csv.reader(handle))) == STANDARDS[standard][Path(name).stem]
    assert set(first.planted) >= {"missing_no_rhi", "cp_no_visit", "cp_ended"}


def test_the_ssd_missing_table_says_whether_a_return_interview_was_offered(tmp_path: Path) -> None:
    done = generate_standard("ssd", tmp_path, children=5, seed=1, as_of=AS_OF)
    with (tmp_path / "ssd" / "ssd_missing.csv").open(encoding="utf-8") as handle:
        rows = {r["miss_person_id"]: r for r in csv.DictReader(handle)}
    assert rows[done.planted["missing_no_rhi"]]["miss_missing_rhi_offered"] == "N"
    assert rows[done.planted["missing_with_rhi"]]["miss_missing_rhi_accepted"] == "Y"
    assert rows[done.planted["away_no_rhi"]]["miss_missing_episode_type"] == "Away"
