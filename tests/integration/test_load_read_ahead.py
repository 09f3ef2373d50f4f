"""The read-ahead loader (chunk n+1 built while chunk n is written) gives the sequential graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from load_support import assert_same_graph, loader, snapshot

from touchpoint.graph_model.store.admin import wipe
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.mapping import shipped_mappings
from touchpoint.synth import generate

COUNTS = ("source", "status", "rows_read", "rows_loaded", "rows_quarantined",
          "nodes_created", "relationships_created")  # fmt: skip


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(out, 120, seed=5, scenario_rate=0.2)
    return out


def load(graph: Graph, world: Path, tmp_path: Path, read_ahead: bool):
    wipe(graph)
    results = loader(graph, tmp_path, batch_size=23, read_ahead=read_ahead).load_directory(
        world, shipped_mappings()
    )
    return [tuple(getattr(r, name) for name in COUNTS) for r in results], snapshot(graph)


def test_read_ahead_and_sequential_loads_give_the_same_graph_and_counts(
    graph: Graph, world: Path, tmp_path: Path
) -> None:
    sequential_counts, sequential_graph = load(graph, world, tmp_path, read_ahead=False)
    ahead_counts, ahead_graph = load(graph, world, tmp_path, read_ahead=True)
    assert ahead_counts == sequential_counts
    assert {status for _, status, *_ in ahead_counts} == {"completed"}
    assert sum(read for _, _, read, *_ in ahead_counts) > 500  # many 23-row chunks per source
    assert_same_graph(ahead_graph, sequential_graph)
