"""Stage two of the bulk load: fold one bucket's staged writes and write its import CSVs.

A bucket holds every write of the nodes (and, separately, the relationships) whose id hashes
to it, from every file, so folding it needs nothing from any other bucket. Buckets are
independent and run in worker processes; each returns the files it wrote, what each run
created (for the LoadRuns' counts) and the values CSV could not carry (patches).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from touchpoint.loaders.bulk_csv import CsvFile, Patch, TableWriter, Written, id_cell
from touchpoint.loaders.bulk_fold import (
    KEY_PROPERTY,
    REL_QUERIES,
    RunInfo,
    Tally,
    fold_nodes,
    fold_relationships,
)
from touchpoint.loaders.bulk_stage import node_piece, read_pieces, rel_piece


@dataclass
class BucketTask:
    bucket: int
    staging: Path
    out: Path
    files: list[int]
    runs: list[RunInfo]


@dataclass
class BucketResult:
    bucket: int
    files: list[CsvFile] = field(default_factory=list)
    patches: list[Patch] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally.empty)
    labels: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)


def fold_bucket(task: BucketTask) -> BucketResult:
    """Worker entry point: nodes, their RECORDED_BY, then relationships of one bucket."""
    result = BucketResult(task.bucket)
    written = Written()
    folder = task.out / f"b{task.bucket:04d}"
    folder.mkdir(parents=True, exist_ok=True)
    node_paths = [p for i in task.files if (p := node_piece(task.staging, task.bucket, i)).exists()]
    nodes = fold_nodes(read_pieces(node_paths), task.runs, result.tally)
    _write_nodes(nodes, folder, written, result)
    del nodes
    rel_paths = [p for i in task.files if (p := rel_piece(task.staging, task.bucket, i)).exists()]
    rels = fold_relationships(read_pieces(rel_paths), task.runs, result.tally)
    _write_rels(rels, folder, written, result)
    result.files, result.patches = written.files, written.patches
    return result


def _write_nodes(
    nodes: dict[str, Any], folder: Path, written: Written, result: BucketResult
) -> None:
    by_label: dict[str, list[tuple[str, Any]]] = {}
    for node_id, state in nodes.items():
        by_label.setdefault(state.label, []).append((node_id, state))
    for label, members in sorted(by_label.items()):
        key = KEY_PROPERTY[label]
        writer = TableWriter("nodes", label, [f"{key}:ID({label})"], folder, label)
        rows = (([id_cell(node_id)], _without(state.props, key), ("node", label, node_id, None))
                for node_id, state in members)  # fmt: skip
        writer.write(rows, written)
        result.labels[label] += len(members)
        recorded = [
            ([id_cell(node_id), id_cell(agency)], props, ("recorded_by", label, node_id, None))
            for node_id, state in members
            for agency, props in state.recorded_by.items()
        ]
        if recorded:
            ids = [f":START_ID({label})", ":END_ID(Agency)"]
            TableWriter("relationships", "RECORDED_BY", ids, folder, f"RECORDED_BY.{label}").write(
                recorded, written
            )
            result.types["RECORDED_BY"] += len(recorded)


def _write_rels(rels: dict[tuple[str, str, str, str], dict[str, Any]], folder: Path,
                written: Written, result: BucketResult) -> None:  # fmt: skip
    by_query: dict[str, list[Any]] = {}
    for (query, rel_id, start, end), props in rels.items():
        by_query.setdefault(query, []).append((rel_id, start, end, props))
    for query, members in sorted(by_query.items()):
        rel_type, start_label, end_label = REL_QUERIES[query]
        ids = [f":START_ID({start_label})", f":END_ID({end_label})"]
        stem = query.split("/", 1)[1]
        rows = (([id_cell(start), id_cell(end)], props, ("rel", start_label, rel_id, start))
                for rel_id, start, end, props in members)  # fmt: skip
        TableWriter("relationships", rel_type, ids, folder, stem).write(rows, written)
        result.types[rel_type] += len(members)


def _without(props: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k != key}
