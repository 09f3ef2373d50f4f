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

from touchpoint.graph_model.model.gc_pace import fewer_collections
from touchpoint.loaders.bulk_arrow import write_table
from touchpoint.loaders.bulk_csv import Address, CsvFile, Patch, TableWriter, Written, id_cell
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
    """Worker entry point: nodes, their RECORDED_BY, then relationships of one bucket (a
    bucket's writes are read into memory whole: paced collections, as in a load)."""
    with fewer_collections():
        return _fold_bucket(task)


def _fold_bucket(task: BucketTask) -> BucketResult:
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
        node_ids = [node_id for node_id, _ in members]
        props = [state.props for _, state in members]
        addresses: list[Address] = [("node", label, node_id, None) for node_id in node_ids]
        _table("nodes", label, [f"{key}:ID({label})"], folder, label, [node_ids], props,
               addresses, written)  # fmt: skip
        result.labels[label] += len(members)
        starts, agencies, recorded = [], [], []
        for node_id, state in members:
            for agency, rel in state.recorded_by.items():
                starts.append(node_id)
                agencies.append(agency)
                recorded.append(rel)
        if recorded:
            ids = [f":START_ID({label})", ":END_ID(Agency)"]
            where: list[Address] = [("recorded_by", label, n, None) for n in starts]
            _table("relationships", "RECORDED_BY", ids, folder, f"RECORDED_BY.{label}",
                   [starts, agencies], recorded, where, written)  # fmt: skip
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
        starts = [start for _, start, _, _ in members]
        ends = [end for _, _, end, _ in members]
        addresses: list[Address] = [("rel", start_label, rel_id, start)
                                    for rel_id, start, _, _ in members]  # fmt: skip
        _table("relationships", rel_type, ids, folder, stem, [starts, ends],
               [props for *_, props in members], addresses, written)  # fmt: skip
        result.types[rel_type] += len(members)


def _table(
    kind: str, name: str, id_columns: list[str], folder: Path, stem: str,
    ids: list[list[str]], props: list[dict[str, Any]], addresses: list[Address],
    written: Written,
) -> None:  # fmt: skip
    """Arrow's writer when every column types as one; else the per-cell writer."""
    if write_table(kind, name, id_columns, folder, stem, ids, props, addresses, written):
        return
    cells = ([id_cell(v) for v in row_ids] for row_ids in zip(*ids, strict=True))
    rows = zip(cells, props, addresses, strict=True)
    TableWriter(kind, name, id_columns, folder, f"{stem}.cells").write(rows, written)
