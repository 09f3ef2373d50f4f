"""The seeded hostile-file corpus (``touchpoint.synth.hostile``), small: every file is either
refused as a whole with its reason, or every record and every physical line of it is accounted
for (rows in = loaded + quarantined, checked against the lines the generator wrote). The
larger corpora and several seeds: ``bench/reliability/fuzz_files.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from touchpoint.graph_model.store.db import Graph
from touchpoint.synth.hostile import corpus

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "reliability"))
from fuzz_check import check_file

CORPUS = {hostile.name: hostile for hostile in corpus(seed=7, rows=40)}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_hostile_file_is_refused_or_fully_accounted_for(
    graph: Graph, tmp_path: Path, name: str
) -> None:
    outcome = check_file(graph, CORPUS[name], tmp_path)
    assert outcome["problems"] == [], outcome
