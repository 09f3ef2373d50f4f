"""Streaming loads: source file → chunks → validated rows → batched ``UNWIND … MERGE`` writes.

Why a rerun after a crash converges to the graph of one clean run:

* every node, relationship and quarantined row has a deterministic id (``stable_id`` of
  natural keys, of the asserting record, of the row number), written with ``MERGE``;
* the ``LoadRun`` id hashes source, file checksum and mapping checksum, so the rerun
  continues the *same* run (``attempts`` goes up) and its counts describe the whole file;
* a run left ``running`` by a dead process is marked ``interrupted`` before the next load.

A completed run of the same file and mapping is skipped unless ``force`` is given; forcing
it rewrites the same values, which changes nothing. Only one load of a source runs at a time
(``load_lock.py``); loads of different sources run in parallel.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from touchpoint.graph_model.model.gc_pace import fewer_collections
from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.model.processes import pid_alive
from touchpoint.graph_model.model.vocabulary import vocabulary
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.duplicates import KeyLedger
from touchpoint.loaders.load_lock import LoadBusy, LoadLocks
from touchpoint.loaders.mapping import Mapping
from touchpoint.loaders.quarantine import (
    FILE_RAW_LIMIT,
    RAW_LIMIT,
    chunked,
    file_entry,
    quarantine_entry,
)
from touchpoint.loaders.read_ahead import ReadAhead
from touchpoint.loaders.repeats import RepeatFilter
from touchpoint.loaders.sources import SourceError, SourceFile, SourceRow
from touchpoint.loaders.transform import RowRejected, RowTransformer, RowWrites, WriteGroup

__all__ = ["FILE_RAW_LIMIT", "RAW_LIMIT", "LoadBusy", "LoadResult", "Loader"]
ProgressFn = Callable[[str, int, int | None], None]
"""(source, rows just processed, expected total rows or None)."""
BatchHook = Callable[[int], None]


@dataclass
class LoadResult:
    """What one load did; the same figures are stored on its ``LoadRun``."""

    source: str
    file: str
    run_id: str
    status: str = "running"
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    physical_count: int | None = None
    """The file's physical lines (CSV, JSON Lines) or rows (Parquet, SQL), counted from the
    bytes or metadata, independently of the parser."""
    accounted_count: int = 0
    """Lines (or rows) the load accounted for: header, blank lines and every row read."""
    physical_unit: str = "lines"
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    dq_notes: int = 0
    """Values dropped or doubted in rows that were kept, each noted on its node (dq_notes)."""
    unplaced_dq_notes: int = 0
    quarantine_file: str | None = None
    attempts: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Chunk:
    """Writes of one chunk grouped by query, rows kept in file order (never de-duplicated:
    UNWIND then applies them exactly as row-by-row processing would, so the resulting graph
    does not depend on where chunk boundaries fall)."""

    nodes: dict[WriteGroup, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    relationships: dict[WriteGroup, list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    quarantined: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0
    loaded: int = 0
    lines: int = 0
    dq_notes: int = 0
    unplaced: list[str] = field(default_factory=list)

    def count_into(self, result: LoadResult) -> None:
        """Add this chunk's rows to the run's counts — only once it has been written, so a
        failed write never counts rows the graph does not hold."""
        result.rows_read += self.rows
        result.accounted_count += self.lines
        result.rows_loaded += self.loaded
        result.rows_quarantined += len(self.quarantined)
        result.dq_notes += self.dq_notes
        result.unplaced_dq_notes += len(self.unplaced)


@dataclass(frozen=True, eq=False)
class _Planned:
    """A file about to be loaded: its run id is known before anything is read or written."""

    mapping: Mapping
    source: SourceFile
    checksum: str
    run_id: str


@dataclass(frozen=True)
class _FileFailed:
    error: SourceError


_END_OF_FILE = object()


class _DirectoryFeed:
    """Hands each file its own chunks out of one producer's stream of ``(index, item)``."""

    def __init__(self, items: Iterator[tuple[int, object]]) -> None:
        self._items = items

    def chunks(self, index: int) -> Iterator[_Chunk]:
        """File ``index``'s chunks; items left over by an earlier file that stopped early
        (it failed before reading them all) are passed over."""
        for got, item in self._items:
            if got < index:
                continue
            if item is _END_OF_FILE:
                return
            if isinstance(item, _FileFailed):
                raise item.error
            yield item  # type: ignore[misc]


class Loader:
    """Loads source files into the graph according to their mappings."""

    drop_repeats = True
    """Leave out node writes that change nothing (``repeats.py``); the bulk stager filters
    them itself, as it stages."""

    def __init__(
        self,
        graph: Graph,
        quarantine_dir: Path,
        batch_size: int | None = None,
        progress: ProgressFn | None = None,
        after_batch: BatchHook | None = None,
        read_ahead: bool = True,
        lock_ttl_seconds: float = 300.0,
    ) -> None:
        self.graph = graph
        self.locks = LoadLocks(graph, lock_ttl_seconds)
        self.read_ahead = read_ahead
        """Build chunk n+1 in a producer thread while chunk n is written (same graph either
        way; ``False`` runs both steps in turn, as the equivalence test compares)."""
        self.quarantine_dir = quarantine_dir
        self.batch_size = batch_size or graph.settings.batch_size
        self.progress = progress
        self.after_batch = after_batch
        self._agencies_done = False

    # ---- public ---------------------------------------------------------------------------
    def load_file(self, mapping: Mapping, location: Path, force: bool = False) -> LoadResult:
        """Load the file ``mapping.reader.path`` under ``location`` (or the file itself).

        Raises ``LoadBusy`` (nothing written) while another load of this source is under way."""
        with self.locks.holding([mapping.source], f"load of {location}"), fewer_collections():
            return self._load_file(mapping, location, force)

    def load_directory(
        self,
        directory: Path,
        mappings: Iterable[Mapping],
        force: bool = False,
        done: list[LoadResult] | None = None,
    ) -> list[LoadResult]:
        """Load every mapping whose file exists under ``directory``, in mapping order.

        The leases of all those sources are taken first (or ``LoadBusy`` is raised before
        anything is written). Results are appended to ``done`` as each file finishes, so a
        caller still has them when a later file aborts the load. With read-ahead, one producer
        reads and transforms the files in turn, so the next file's first chunk is built while
        this file's last one is written (most extracts of a small council fit in one chunk, and
        without this every file began with Neo4j idle)."""
        present = [m for m in mappings if (directory / m.reader.path).is_file()]
        results = done if done is not None else []
        with (
            self.locks.holding([m.source for m in present], f"load of {directory}"),
            fewer_collections(),
        ):
            plans = [self._plan(mapping, directory) for mapping in present]
            completed = [None if force else self._completed_run(plan) for plan in plans]
            todo = [plan for plan, run in zip(plans, completed, strict=True) if run is None]
            feed = (ReadAhead(self._directory_chunks(todo), name=f"load {directory}")
                    if self.read_ahead and len(todo) > 1 else None)  # fmt: skip
            with feed or nullcontext():
                shared = _DirectoryFeed(feed) if feed is not None else None
                for plan, run in zip(plans, completed, strict=True):
                    chunks = None
                    if shared is not None and run is None:
                        chunks = shared.chunks(todo.index(plan))
                    results.append(self._load_planned(plan, run, chunks))
        return results

    def supersede_dead_runs(self) -> list[str]:
        """Mark runs left ``running`` by a process on this host that no longer exists as
        ``interrupted`` (a live process's run, of another source, is left alone: sources
        load in parallel; the same source twice is prevented by its lease)."""
        host = socket.gethostname()
        marked = []
        for run in self.graph.read("load/runs_running"):
            if run["host"] != host:
                continue  # another machine's load: cannot tell whether it is alive
            if run["pid"] is not None and pid_alive(run["pid"]):
                continue
            self.graph.write(
                "load/run_interrupted",
                run_id=run["run_id"],
                error=f"process {run['pid']} on {host} stopped before the load finished",
            )
            marked.append(run["run_id"])
        return marked

    # ---- one file -------------------------------------------------------------------------
    def _load_file(self, mapping: Mapping, location: Path, force: bool) -> LoadResult:
        plan = self._plan(mapping, location)
        return self._load_planned(plan, None if force else self._completed_run(plan))

    @staticmethod
    def _plan(mapping: Mapping, location: Path) -> _Planned:
        source = SourceFile(mapping.reader, location)
        checksum = source.checksum()
        return _Planned(mapping, source, checksum,
                        stable_id("run", mapping.source, checksum, mapping.checksum))  # fmt: skip

    def _completed_run(self, plan: _Planned) -> dict[str, Any] | None:
        """The stored run of this very file and mapping, if it completed."""
        previous = self.graph.read_one("load/run_get", run_id=plan.run_id)
        if previous and previous["run"].get("status") == "completed":
            return previous["run"]
        return None

    def _load_planned(
        self,
        plan: _Planned,
        completed: dict[str, Any] | None,
        chunks: Iterator[_Chunk] | None = None,
    ) -> LoadResult:
        """Load one planned file; ``completed`` (its earlier completed run, None when forced
        or new) makes it a skip."""
        mapping, source, run_id = plan.mapping, plan.source, plan.run_id
        result = LoadResult(mapping.source, str(source.path), run_id)
        if completed is not None:
            return _skipped(result, completed)
        self.supersede_dead_runs()
        started = time.perf_counter()
        loaded_at = datetime.now(UTC)
        qfile = self.quarantine_dir / mapping.source / f"{run_id}.jsonl"
        result.quarantine_file = str(qfile)
        result.attempts = self._start_run(mapping, source, plan.checksum, run_id, loaded_at, qfile)
        try:
            self._ensure_agencies(run_id, loaded_at)
            self._stream(mapping, source, result, loaded_at, qfile, chunks)
        except SourceError as exc:
            result.status, result.error = "failed", str(exc)
        except KeyboardInterrupt:
            result.status, result.error = "interrupted", "stopped by the user (Ctrl-C)"
            self._finish_run(result)
            raise
        except Exception as exc:
            result.status, result.error = "failed", f"{type(exc).__name__}: {exc}"
            self._finish_run(result)
            raise
        result.seconds = round(time.perf_counter() - started, 3)
        self._finish_run(result)
        return result

    # ---- steps ----------------------------------------------------------------------------
    def _stream(
        self, mapping: Mapping, source: SourceFile, result: LoadResult, loaded_at: datetime,
        qfile: Path, chunks: Iterator[_Chunk] | None = None,
    ) -> None:  # fmt: skip
        """Write the file's chunks in order: ``chunks`` when a directory's producer builds them,
        otherwise built here (in a read-ahead thread, or in turn)."""
        columns = source.columns()
        if columns == []:
            result.warnings.append("the file is empty (no header, no rows)")
        elif columns is not None:
            missing = [c for c in mapping.required_columns if c not in columns]
            if missing:
                raise SourceError(f"{source.path}: required column(s) {', '.join(missing)} "
                                  f"missing from the header ({', '.join(columns)})")  # fmt: skip
        physical = source.physical_count()
        result.physical_count, result.physical_unit = physical, source.tally.unit
        if self.progress is not None:
            header = 1 if mapping.reader.format == "csv" else 0
            self.progress(mapping.source, 0, max(physical - header, 0))
        params = {"agency": mapping.agency, "run_id": result.run_id, "loaded_at": loaded_at,
                  "source": mapping.source}  # fmt: skip
        qfile.parent.mkdir(parents=True, exist_ok=True)
        with (
            qfile.open("w", encoding="utf-8") as qhandle,
            self._own_chunks(mapping, source, result.run_id, chunks) as ordered,
        ):
            for number, chunk in enumerate(ordered, start=1):
                self._write_chunk(chunk, params, result)
                chunk.count_into(result)
                for entry in chunk.quarantined:
                    qhandle.write(
                        json.dumps(file_entry(mapping.source, str(source.path), entry), default=str)
                    )
                    qhandle.write("\n")
                if self.progress is not None:
                    self.progress(mapping.source, chunk.rows, None)
                if self.after_batch is not None:
                    self.after_batch(number)
        if result.dq_notes:
            result.warnings.append(_dq_warning(result))
        if result.rows_quarantined == 0:
            qfile.unlink(missing_ok=True)
            result.quarantine_file = None
        _check_accounting(source, result)
        result.status = "completed"

    @contextmanager
    def _own_chunks(
        self, mapping: Mapping, source: SourceFile, run_id: str, given: Iterator[_Chunk] | None
    ) -> Iterator[Iterator[_Chunk]]:
        """The chunks handed in, or this file's own (read ahead in a thread if enabled); the
        file and its key ledger are closed however the load ends."""
        if given is not None:
            yield given
            return
        own = self._file_chunks(mapping, source, run_id)
        with closing(own), (ReadAhead(own, name=f"load {mapping.source}") if self.read_ahead
                            else nullcontext(own)) as ordered:  # fmt: skip
            yield ordered

    def _file_chunks(self, mapping: Mapping, source: SourceFile, run_id: str) -> Iterator[_Chunk]:
        """Read, parse and transform one file chunk by chunk (runs in the producer thread).

        Node writes that provably change nothing (a reference to a node this file already
        wrote, a shared node written again with the same values: ``repeats.py``) are left out
        here, so Neo4j never merges them: in a GP extract most rows re-assert the practice."""
        transformer = RowTransformer(mapping, vocabulary())
        repeats = RepeatFilter() if self.drop_repeats else None
        with closing(KeyLedger()) as ledger:
            for rows in chunked(source.rows(), self.batch_size):
                chunk = self._transform_chunk(transformer, ledger, rows, run_id)
                if repeats is not None:
                    repeats.filter(chunk.nodes)
                yield chunk

    def _directory_chunks(self, plans: list[_Planned]) -> Iterator[tuple[int, object]]:
        """Every planned file's chunks in turn, each file closed by ``_END_OF_FILE`` or by its
        own ``SourceError`` (a bad file fails alone; the next one is still read)."""
        for index, plan in enumerate(plans):
            chunks = self._file_chunks(plan.mapping, plan.source, plan.run_id)
            try:
                with closing(chunks):  # closed here, not whenever it is collected, if stopped
                    for chunk in chunks:
                        yield index, chunk
            except SourceError as exc:
                yield index, _FileFailed(exc)
                continue
            yield index, _END_OF_FILE

    @staticmethod
    def _transform_chunk(
        transformer: RowTransformer, ledger: KeyLedger, rows: list[SourceRow], run_id: str
    ) -> _Chunk:
        """Runs in the read-ahead thread: touches nothing but its own chunk (and the ledger of
        record keys, which only this thread uses)."""
        chunk = _Chunk(rows=len(rows), lines=sum(row.lines for row in rows))
        accepted: list[tuple[SourceRow, RowWrites]] = []
        for row in rows:
            try:
                accepted.append((row, transformer.transform(row)))
            except RowRejected as exc:
                chunk.quarantined.append(quarantine_entry(run_id, row, exc.reason, exc.record_key))
        keys = [(row.number, writes.record_key, row.values or {}) for row, writes in accepted]
        for (row, writes), repeat in zip(accepted, ledger.repeats(keys), strict=True):
            if repeat is not None:
                chunk.quarantined.append(quarantine_entry(run_id, row, repeat, writes.record_key))
                continue
            chunk.loaded += 1
            chunk.dq_notes += writes.dq_notes
            chunk.unplaced += writes.unplaced_notes
            for group, node in writes.nodes:
                chunk.nodes[group].append(node)
            for group, rel in writes.relationships:
                chunk.relationships[group].append(rel)
        chunk.quarantined.sort(key=lambda entry: entry["line"])
        return chunk

    def _write_chunk(self, chunk: _Chunk, params: dict[str, Any], result: LoadResult) -> None:
        """One transaction per chunk: nodes first, then relationships, then refused rows."""
        steps: list[tuple[str, dict[str, Any]]] = []
        for groups in (chunk.nodes, chunk.relationships):
            for (query, agency), rows in groups.items():
                steps.append((query, {**params, "agency": agency, "rows": rows}))
        if chunk.quarantined:
            rows = [{k: v for k, v in e.items() if k != "full_raw"} for e in chunk.quarantined]
            steps.append(("load/quarantine_rows", {**params, "rows": rows}))
        summary = self.graph.write_together(steps)
        result.nodes_created += summary.nodes_created
        result.relationships_created += summary.relationships_created

    # ---- LoadRun bookkeeping ----------------------------------------------------------------
    def _start_run(
        self, mapping: Mapping, source: SourceFile, checksum: str, run_id: str,
        started_at: datetime, qfile: Path,
    ) -> int:  # fmt: skip
        row = self.graph.write_returning(
            "load/run_start",
            run_id=run_id,
            source=mapping.source,
            agency=mapping.agency,
            file=str(source.path),
            checksum=checksum,
            mapping_checksum=mapping.checksum,
            started_at=started_at,
            pid=os.getpid(),
            host=socket.gethostname(),
            quarantine_file=str(qfile),
        )
        return int(row[0]["attempts"])

    def _ensure_agencies(self, run_id: str, loaded_at: datetime) -> None:
        """Agency nodes from the vocabulary, once per loader (RECORDED_BY needs them)."""
        if self._agencies_done:
            return
        rows = [{"agency_id": agency_id, "name": spec["name"], "kind": spec["kind"]}
                for agency_id, spec in vocabulary().agencies.items()]  # fmt: skip
        self.graph.write("load/agency", rows=rows, run_id=run_id, loaded_at=loaded_at)
        self._agencies_done = True

    def _finish_run(self, result: LoadResult) -> None:
        self.graph.write(
            "load/run_finish",
            run_id=result.run_id,
            status=result.status,
            ended_at=datetime.now(UTC),
            rows_read=result.rows_read,
            rows_loaded=result.rows_loaded,
            rows_quarantined=result.rows_quarantined,
            nodes_created=result.nodes_created,
            relationships_created=result.relationships_created,
            physical_count=result.physical_count,
            accounted_count=result.accounted_count,
            physical_unit=result.physical_unit,
            error=result.error,
            warnings=result.warnings,
            quarantine_file=result.quarantine_file,
        )


def _dq_warning(result: LoadResult) -> str:
    text = (f"{result.dq_notes:,} value(s) dropped or doubted in rows that were kept; each is "
            "noted on its record or event (dq_notes)")  # fmt: skip
    if result.unplaced_dq_notes:
        text += f" — {result.unplaced_dq_notes:,} had no own record or event to go on"
    return text


def _skipped(result: LoadResult, run: dict[str, Any]) -> LoadResult:
    result.status = "skipped"
    for name in ("rows_read", "rows_loaded", "rows_quarantined", "attempts"):
        setattr(result, name, run.get(name) or 0)
    result.warnings.append("unchanged since its completed load; use --force to load it again")
    return result


def _check_accounting(source: SourceFile, result: LoadResult) -> None:
    """Every physical line (or row) is the header, a blank line or part of a row that was
    loaded or quarantined; otherwise the load fails with both figures."""
    tally = source.tally
    result.accounted_count += tally.overhead
    if tally.physical is None or result.accounted_count == tally.physical:
        return
    unit = tally.unit
    gap = tally.physical - result.accounted_count
    raise SourceError(
        f"{source.path}: the file has {tally.physical:,} physical {unit} but the load accounted "
        f"for {result.accounted_count:,} ({result.rows_read:,} rows read, header "
        f"{tally.header_lines}, blank {tally.blank_lines}): {abs(gap):,} {unit} "
        f"{'unaccounted for' if gap > 0 else 'counted twice'}. The load is not complete; "
        "report this file as a reader bug."
    )
