"""Deliberately messy extracts in layouts Touchpoint never shipped (tests/fixtures/messy):
every row is loaded or quarantined with its reason, and the graph is exactly the one expected,
node by node (tests/fixtures/messy/expected.yml, read and checked by hand against the files)."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from load_support import loader, snapshot
from messy_support import describe

from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.mapping import load_mappings

MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy"
EXPECTED = MESSY / "expected.yml"


def messy_mappings():
    return load_mappings(sorted((MESSY / "mappings").glob("*.yml")))


def load_messy(graph: Graph, tmp_path: Path, force: bool = False):
    return loader(graph, tmp_path).load_directory(MESSY, messy_mappings(), force=force)


def test_every_messy_row_is_loaded_or_quarantined_with_its_reason(
    graph: Graph, tmp_path: Path
) -> None:
    results = {r.source: r for r in load_messy(graph, tmp_path)}
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))["loads"]
    assert set(results) == set(expected)
    for source, result in results.items():
        assert result.status == "completed", (source, result.error)
        assert result.rows_read == result.rows_loaded + result.rows_quarantined, source
        want = expected[source]
        got = {"read": result.rows_read, "loaded": result.rows_loaded,
               "quarantined": result.rows_quarantined, "dq_notes": result.dq_notes}  # fmt: skip
        assert got == {k: want[k] for k in got}, source
        reasons = [r["reason"] for r in graph.read("load/run_quarantined", run_id=result.run_id,
                                                   limit=100)]  # fmt: skip
        assert sorted(reasons) == sorted(want.get("reasons", [])), source


def test_the_messy_extracts_make_exactly_the_expected_graph_node_by_node(
    graph: Graph, tmp_path: Path
) -> None:
    load_messy(graph, tmp_path)
    got = describe(graph)
    if os.environ.get("TOUCHPOINT_WRITE_EXPECTED") == "1":  # to review by hand, then commit
        loads = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))["loads"]
        EXPECTED.write_text(
            yaml.safe_dump({"loads": loads, **got}, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8",
        )
    want = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    got_nodes = {n["node"]: n for n in got["nodes"]}
    want_nodes = {n["node"]: n for n in want["nodes"]}
    assert sorted(got_nodes) == sorted(want_nodes)
    for name, node in want_nodes.items():
        assert got_nodes[name] == node, name
    assert got["relationships"] == want["relationships"]


def test_loading_the_messy_extracts_again_changes_nothing(graph: Graph, tmp_path: Path) -> None:
    load_messy(graph, tmp_path)
    first = snapshot(graph)
    results = load_messy(graph, tmp_path, force=True)
    assert {r.status for r in results} == {"completed"}
    nodes, rels = snapshot(graph)
    assert nodes == first[0] and rels == first[1]
