"""Stage one of the bulk load: each extract through the loader's own read → transform → chunk
path, its writes kept in staging files instead of being sent to Neo4j.

``Stager`` *is* the transactional ``Loader`` with one seam replaced: ``_write_chunk``, which
would send a chunk's ``UNWIND … MERGE`` statements, appends the chunk's writes to staging
files instead, each tagged with the position the loader would have written it in (file, chunk,
query group, row). Reading, header checks, parsing, cleaning, mapping, quarantine (and its
JSONL file), counts and warnings are the loader's code, not a copy of it.

Writes are spread over buckets by a hash of the node or relationship id, so stage two can fold
every write of one node together with bounded memory (one bucket at a time). Files are staged
in worker processes (one file per worker at a time), since reading and transforming is
Python-bound and a machine has more than one core.
"""

from __future__ import annotations

import pickle
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from touchpoint.graph_model.model.gc_pace import fewer_collections
from touchpoint.loaders.bulk_fold import NODE_QUERIES, REL_QUERIES
from touchpoint.loaders.load import Loader, LoadResult
from touchpoint.loaders.mapping import Mapping, load_mapping
from touchpoint.loaders.repeats import RepeatFilter
from touchpoint.loaders.sources import SourceError

SEQ_ROW_BITS = 24
SEQ_GROUP_BITS = 8
SEQ_CHUNK_BITS = 24


@dataclass
class StageTask:
    """One extract to stage: its position in load order and where things go."""

    index: int
    mapping_path: Path
    directory: Path
    staging: Path
    quarantine_dir: Path
    buckets: int
    batch_size: int


@dataclass
class StagedRun:
    """What stage one learnt about one file: its LoadRun as the loader would record it."""

    index: int
    mapping_source: str
    agency: str
    file: str
    checksum: str
    mapping_checksum: str
    run_id: str
    started_at: datetime
    result: LoadResult
    seconds: float = 0.0
    quarantined: int = 0
    node_writes: int = 0
    rel_writes: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def bucket_of(key: str, buckets: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % buckets


def node_piece(staging: Path, bucket: int, index: int) -> Path:
    return staging / "nodes" / f"b{bucket:04d}.f{index:04d}.pkl"


def rel_piece(staging: Path, bucket: int, index: int) -> Path:
    return staging / "rels" / f"b{bucket:04d}.f{index:04d}.pkl"


def quarantine_piece(staging: Path, index: int) -> Path:
    return staging / "quarantine" / f"f{index:04d}.pkl"


class Stager(Loader):
    """The loader, writing each chunk to staging files (see the module docstring)."""

    def __init__(self, task: StageTask) -> None:  # no graph: nothing here touches Neo4j
        self.task = task
        self.read_ahead = False  # the worker process is the parallelism
        self.drop_repeats = False  # filtered as each chunk is staged (_write_chunk)
        self.quarantine_dir = task.quarantine_dir
        self.batch_size = task.batch_size
        self.progress = None
        self.after_batch = None
        self._chunks = 0
        self._handles: dict[Path, Any] = {}
        self._repeats = RepeatFilter()
        self.node_writes = 0
        self.rel_writes = 0

    def stage(self, mapping: Mapping) -> StagedRun:
        """Everything ``Loader.load_file`` does for one file except talking to Neo4j."""
        task = self.task
        plan = self._plan(mapping, task.directory)
        source, checksum, run_id = plan.source, plan.checksum, plan.run_id
        result = LoadResult(mapping.source, str(source.path), run_id)
        began, loaded_at = time.perf_counter(), datetime.now(UTC)
        qfile = self.quarantine_dir / mapping.source / f"{run_id}.jsonl"
        result.quarantine_file = str(qfile)
        result.attempts = 1
        staged = StagedRun(task.index, mapping.source, mapping.agency, str(source.path),
                           checksum, mapping.checksum, run_id, loaded_at, result)  # fmt: skip
        try:
            self._stream(mapping, source, result, loaded_at, qfile)
        except SourceError as exc:
            result.status, result.error = "failed", str(exc)
        finally:
            for handle in self._handles.values():
                handle.close()
        result.seconds = staged.seconds = round(time.perf_counter() - began, 3)
        staged.node_writes, staged.rel_writes = self.node_writes, self.rel_writes
        return staged

    # ---- the seam: a chunk goes to staging instead of to Neo4j -------------------------------
    def _write_chunk(self, chunk: Any, params: dict[str, Any], result: LoadResult) -> None:
        task = self.task
        self._chunks += 1
        base = ((task.index << SEQ_CHUNK_BITS) + self._chunks) << SEQ_GROUP_BITS
        nodes: dict[int, list[Any]] = {}
        rels: dict[int, list[Any]] = {}
        self._repeats.filter(chunk.nodes)
        group = 0
        for (query, agency), rows in chunk.nodes.items():
            if query not in NODE_QUERIES:
                raise SourceError(f"bulk load: no offline form of node query {query}")
            seq = (base + group) << SEQ_ROW_BITS
            for offset, row in enumerate(rows):
                node_id = row["id"]
                nodes.setdefault(bucket_of(node_id, task.buckets), []).append(
                    (
                        seq + offset,
                        node_id,
                        query,
                        agency,
                        task.index,
                        row["source_record_id"],
                        row["props"],
                        row.get("dq_notes"),
                    )
                )
            self.node_writes += len(rows)
            group += 1
        for (query, agency), rows in chunk.relationships.items():
            if query not in REL_QUERIES:
                raise SourceError(f"bulk load: no offline form of relationship query {query}")
            seq = (base + group) << SEQ_ROW_BITS
            for offset, row in enumerate(rows):
                rel_id = row["rel_id"]
                rels.setdefault(bucket_of(rel_id, task.buckets), []).append(
                    (
                        seq + offset,
                        rel_id,
                        query,
                        agency,
                        task.index,
                        row["from_id"],
                        row["to_id"],
                        row["source_record_id"],
                        row["props"],
                    )
                )
            self.rel_writes += len(rows)
            group += 1
        if group >= 1 << SEQ_GROUP_BITS:
            raise SourceError("bulk load: more query groups in one chunk than it can order")
        for bucket, writes in nodes.items():
            self._dump(node_piece(task.staging, bucket, task.index), writes)
        for bucket, writes in rels.items():
            self._dump(rel_piece(task.staging, bucket, task.index), writes)
        if chunk.quarantined:
            rows = [{k: v for k, v in e.items() if k != "full_raw"} for e in chunk.quarantined]
            self._dump(quarantine_piece(task.staging, task.index), rows)

    def _dump(self, path: Path, items: list[Any]) -> None:
        handle = self._handles.get(path)
        if handle is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = self._handles[path] = path.open("ab")
        pickle.dump(items, handle, protocol=pickle.HIGHEST_PROTOCOL)


def stage_file(task: StageTask) -> StagedRun:
    """Worker entry point (a separate process): stage one extract."""
    mapping = load_mapping(task.mapping_path)
    with fewer_collections():
        return Stager(task).stage(mapping)


def read_pieces(paths: list[Path]) -> list[Any]:
    """Every item pickled into these staging files, in file then append order."""
    items: list[Any] = []
    for path in paths:
        with path.open("rb") as handle:
            while True:
                try:
                    items.extend(pickle.load(handle))
                except EOFError:
                    break
    return items
