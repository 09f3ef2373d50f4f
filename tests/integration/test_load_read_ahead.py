"""The read-ahead loader (chunk n+1 built while chunk n is written) gives the sequential graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from load_support import assert_same_graph, loader, snapshot

from touchpoint.graph_model.store.admin import wipe
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.load import Loader
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


def broken_copy(world: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    """The world with two extracts in the middle of the load order broken: one's header cannot
    be read at all, another lacks a required column."""
    out = tmp_path / "broken"
    shutil.copytree(world, out)
    csvs = [
        m
        for m in shipped_mappings()
        if m.reader.format == "csv" and m.required_columns and (out / m.reader.path).is_file()
    ]
    unreadable, renamed = csvs[1], csvs[3]
    path = out / unreadable.reader.path
    path.write_text('"' + path.read_text(encoding="utf-8"), encoding="utf-8")
    path = out / renamed.reader.path
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    column = renamed.required_columns[0]
    path.write_text(header.replace(column, column + "_renamed", 1) + "\n" + rest, encoding="utf-8")
    return out, [unreadable.source, renamed.source]


def test_a_bad_file_mid_directory_fails_alone_and_the_files_after_it_load_as_without_read_ahead(
    graph: Graph, world: Path, tmp_path: Path
) -> None:
    broken, bad = broken_copy(world, tmp_path)
    sequential_counts, sequential_graph = load(graph, broken, tmp_path, read_ahead=False)
    ahead_counts, ahead_graph = load(graph, broken, tmp_path, read_ahead=True)
    assert ahead_counts == sequential_counts
    failed = [source for source, status, *_ in ahead_counts if status == "failed"]
    assert failed == bad
    later = [counts for counts in ahead_counts if counts[0] not in bad]
    assert len(later) > len(bad) and {status for _, status, *_ in later} == {"completed"}
    assert_same_graph(ahead_graph, sequential_graph)


def test_leaving_out_repeated_node_writes_gives_the_graph_of_writing_every_one(
    graph: Graph, world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[int] = []
    write_chunk = Loader._write_chunk

    def counting(self, chunk, params, result) -> None:
        sent[-1] += sum(len(rows) for rows in chunk.nodes.values())
        write_chunk(self, chunk, params, result)

    monkeypatch.setattr(Loader, "_write_chunk", counting)
    graphs = {}
    for drop in (False, True):
        monkeypatch.setattr(Loader, "drop_repeats", drop)
        sent.append(0)
        graphs[drop] = load(graph, world, tmp_path, read_ahead=True)
    assert sent[1] < sent[0] * 0.8  # GP and school rows re-assert their organisation
    assert graphs[True][0] == graphs[False][0]
    assert_same_graph(graphs[True][1], graphs[False][1])
