"""``touchpoint load --initial DIR``: a council's whole history into an empty graph, offline.

A transactional load sends every row through ``UNWIND … MERGE`` (a few thousand rows a
second). For the first load of years of extracts this does the same work in bulk:

1. **stage** — every extract goes through the loader's own read → transform → chunk path
   (``bulk_stage.Stager`` *is* the ``Loader`` with its write seam replaced), in worker
   processes; the writes it would have sent are kept in hash buckets;
2. **fold** — each bucket's writes are applied offline in the loader's order with the saved
   queries' semantics (``bulk_fold``) and written as the import tool's CSV (``bulk_csv``);
3. **import** — the server is stopped, Neo4j's import tool builds the store, the server is
   started again;
4. **finish** — the schema is applied (constraints, indexes, migrations) and awaited, and the
   same ``LoadRun`` records, quarantined rows and counts a transactional load writes are
   written through the same saved queries.

Only an empty database is accepted (the import tool replaces the store): the check refuses
with what the database holds. The result is the graph a transactional load of the same
extracts gives, node by node (``tests/integration/test_bulk_load.py``), except the load
timestamps and the LoadRun's process id.
"""

from __future__ import annotations

import math
import multiprocessing
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from touchpoint.graph_model.model.errors import ConfigError, TouchpointError
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.model.vocabulary import vocabulary
from touchpoint.graph_model.store.admin import graph_counts, open_graph
from touchpoint.graph_model.store.db import Graph, WriteSummary, batched
from touchpoint.graph_model.store.importer import ImportFiles
from touchpoint.graph_model.store.schema import migrate
from touchpoint.graph_model.store.server import LocalServer
from touchpoint.loaders.bulk_bucket import BucketResult, BucketTask, fold_bucket
from touchpoint.loaders.bulk_csv import CsvFile, TableWriter, Written, id_cell
from touchpoint.loaders.bulk_fold import RunInfo, agency_props, check_queries
from touchpoint.loaders.bulk_stage import StagedRun, StageTask, quarantine_piece, read_pieces
from touchpoint.loaders.bulk_stage import stage_file as _stage_file
from touchpoint.loaders.load import LoadResult
from touchpoint.loaders.mapping import Mapping

BUCKET_BYTES = 48 * 1024 * 1024
"""About this much source data per bucket keeps one bucket's fold well under 1 GB."""
IGNORED_LABELS = frozenset({"SchemaMigration"})
Say = Callable[[str], None]


class InitialLoadRefused(TouchpointError):
    """The initial bulk load cannot run here (not empty, not local, nothing to load)."""


@dataclass
class BulkReport:
    """What the initial load did: one LoadResult per file and each step's wall time."""

    results: list[LoadResult]
    steps: dict[str, float] = field(default_factory=dict)
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    patches: int = 0
    work_dir: str = ""
    import_tool: dict[str, Any] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return round(sum(self.steps.values()), 2)


def initial_load(
    settings: Settings,
    directory: Path,
    mappings: list[Mapping],
    *,
    quarantine_dir: Path | None = None,
    workers: int | None = None,
    work_dir: Path | None = None,
    keep_work: bool = False,
    say: Say | None = None,
) -> BulkReport:
    """Load ``directory`` into the empty local graph through the offline import tool."""
    note = say or (lambda _: None)
    if not settings.uses_local_server:
        raise InitialLoadRefused(
            f"--initial runs Neo4j's offline import tool on Touchpoint's own server; NEO4J_URI "
            f"is set ({settings.effective_uri}). Load it with `touchpoint load DIR` instead."
        )
    check_queries()
    present = [m for m in mappings if (directory / m.reader.path).is_file()]
    if not present:
        expected = ", ".join(sorted({m.reader.path for m in mappings})[:5])
        raise ConfigError(f"No extract in {directory} matches a mapping (expected e.g. {expected})")
    server = LocalServer(settings)
    with open_graph(settings, start_local=True) as graph:
        refuse_unless_empty(graph)
    work = work_dir or settings.data_dir / "bulk" / datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    shutil.rmtree(work, ignore_errors=True)
    report = BulkReport([], work_dir=str(work))
    clock = _Clock(report)
    quarantine = quarantine_dir or settings.data_dir / "quarantine"
    processes = workers or max(1, min(2, multiprocessing.cpu_count()))
    buckets = _bucket_count(directory, present, processes)
    note(f"staging {len(present)} extract(s) in {processes} process(es), {buckets} buckets")
    staged = _stage(present, directory, work, quarantine, buckets, settings.batch_size,
                    processes, note)  # fmt: skip
    clock.lap("stage")
    runs = [RunInfo(s.run_id, s.started_at, s.mapping_source) for s in staged]
    note("folding writes and writing the import files")
    folded = _fold(work, buckets, [s.index for s in staged], runs, processes)
    files = _import_files(folded, work, runs[0])
    clock.lap("fold")
    note(f"importing {len(files.nodes)} node and {len(files.relationships)} relationship files")
    server.stop()
    clock.lap("server_stop")
    report.import_tool = _import(server, files, work)
    clock.lap("import")
    server.start()
    clock.lap("server_start")
    with open_graph(settings) as graph:
        note("applying the schema (constraints, indexes, migrations)")
        migrate(graph)
        graph.run_autocommit("load/bulk_await_indexes", seconds=24 * 3600)
        clock.lap("schema")
        note("recording the load runs and quarantined rows")
        report.results = _record_runs(graph, staged, folded, work, settings.batch_size)
        report.patches = _apply_patches(graph, folded)
        report.nodes, report.relationships = _check_counts(graph, folded)
        clock.lap("record")
    if not keep_work:  # the import tool's log and report stay, for the record
        for bulky in ("staging", "csv"):
            shutil.rmtree(work / bulky, ignore_errors=True)
    return report


def refuse_unless_empty(graph: Graph) -> None:
    """The import tool replaces the store: only a database without data may be replaced."""
    counts = graph_counts(graph)
    held = {k: v for k, v in counts.labels.items() if v and k not in IGNORED_LABELS}
    if held:
        what = ", ".join(f"{count:,} {label}" for label, count in sorted(held.items()))
        raise InitialLoadRefused(
            f"--initial loads only into an empty database, and this one holds {what}. "
            "Load these extracts with `touchpoint load DIR` (it adds to what is there). The "
            "import tool replaces the whole database, users and audit trail included, so run "
            "the initial load before creating users (`touchpoint db wipe --yes` deletes the "
            "data but keeps users, sessions and the audit trail)."
        )


# ---- steps -----------------------------------------------------------------------------------
class _Clock:
    def __init__(self, report: BulkReport) -> None:
        self.report, self.last = report, time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.report.steps[step] = round(now - self.last, 2)
        self.last = now


def _bucket_count(directory: Path, present: list[Mapping], processes: int) -> int:
    size = sum((directory / m.reader.path).stat().st_size for m in present)
    return max(2 * processes, math.ceil(size / BUCKET_BYTES))


def _pool(processes: int) -> Any:
    # spawn: a forked child would inherit the parent's Neo4j driver threads and locks
    return multiprocessing.get_context("spawn").Pool(processes)


def _stage(
    present: list[Mapping], directory: Path, work: Path, quarantine: Path, buckets: int,
    batch_size: int, processes: int, note: Say,
) -> list[StagedRun]:  # fmt: skip
    tasks = [StageTask(index, m.path, directory, work / "staging", quarantine, buckets,
                       batch_size) for index, m in enumerate(present)]  # fmt: skip
    # largest first, so the last file to finish is a small one
    order = sorted(tasks, key=lambda t: -(directory / present[t.index].reader.path).stat().st_size)
    staged: list[StagedRun] = []
    with _pool(processes) as pool:
        for run in pool.imap_unordered(_stage_file, order):
            note(f"  staged {run.mapping_source}: {run.result.rows_read:,} rows "
                 f"({run.result.status}, {run.seconds:.1f} s)")  # fmt: skip
            staged.append(run)
    return sorted(staged, key=lambda s: s.index)


def _fold(
    work: Path, buckets: int, indexes: list[int], runs: list[RunInfo], processes: int
) -> list[BucketResult]:
    tasks = [BucketTask(b, work / "staging", work / "csv", indexes, runs) for b in range(buckets)]
    with _pool(processes) as pool:
        folded = list(pool.imap_unordered(fold_bucket, tasks))
    shutil.rmtree(work / "staging" / "nodes", ignore_errors=True)
    shutil.rmtree(work / "staging" / "rels", ignore_errors=True)
    return sorted(folded, key=lambda r: r.bucket)


def _import_files(folded: list[BucketResult], work: Path, first: RunInfo) -> ImportFiles:
    """Every bucket's files, plus the Agency nodes (created by the first run, as the loader
    creates them before its first file)."""
    written = Written()
    agencies = [([id_cell(agency_id)], _drop_key(agency_props(agency_id, spec, first)),
                 ("node", "Agency", agency_id, None))
                for agency_id, spec in vocabulary().agencies.items()]  # fmt: skip
    (work / "csv").mkdir(parents=True, exist_ok=True)
    TableWriter("nodes", "Agency", ["agency_id:ID(Agency)"], work / "csv", "Agency").write(
        agencies, written
    )
    files = ImportFiles()
    every: list[CsvFile] = [*written.files, *(f for r in folded for f in r.files)]
    for item in every:
        target = files.nodes if item.kind == "nodes" else files.relationships
        target.append((item.name, item.path))
        if item.multiline:
            files.multiline.append(item.path)
    return files


def _drop_key(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k != "agency_id"}


def _import(server: LocalServer, files: ImportFiles, work: Path) -> dict[str, Any]:
    """Run the import tool on the stopped server. A failed import leaves an empty database
    behind, never a broken one: its store is removed (it was empty before) and the server
    started afresh."""
    try:
        outcome = server.import_offline(files, work)
    except TouchpointError:
        _remove_database(server)
        server.start()
        raise
    return {"seconds": outcome.seconds, "nodes": outcome.nodes,
            "relationships": outcome.relationships, "log": str(outcome.log)}  # fmt: skip


def _remove_database(server: LocalServer) -> None:
    name = server.settings.neo4j_database
    for folder in ("databases", "transactions"):
        shutil.rmtree(server.home / "data" / folder / name, ignore_errors=True)


def _record_runs(
    graph: Graph, staged: list[StagedRun], folded: list[BucketResult], work: Path,
    batch_size: int,
) -> list[LoadResult]:  # fmt: skip
    """Each file's LoadRun and quarantined rows through the loader's own bookkeeping and
    saved queries, with the counts a transactional load would have recorded."""
    from touchpoint.loaders.load import Loader

    created_nodes: Counter[int] = Counter()
    created_rels: Counter[int] = Counter()
    for bucket in folded:
        created_nodes.update(bucket.tally.nodes)
        created_rels.update(bucket.tally.rels)
    recorder = Loader(graph, work)  # for its LoadRun bookkeeping only
    results = []
    for run in staged:
        result = run.result
        mapping = SimpleNamespace(source=run.mapping_source, agency=run.agency,
                                  checksum=run.mapping_checksum)  # fmt: skip
        source = SimpleNamespace(path=run.file)
        qfile = Path(result.quarantine_file or "")
        recorder._start_run(mapping, source, run.checksum, run.run_id, run.started_at, qfile)  # type: ignore[arg-type]
        quarantined = _write_quarantine(graph, run, work, batch_size)
        result.nodes_created = created_nodes[run.index] + quarantined.nodes_created
        result.relationships_created = created_rels[run.index] + quarantined.relationships_created
        recorder._finish_run(result)
        results.append(result)
    return results


def _write_quarantine(graph: Graph, run: StagedRun, work: Path, batch_size: int) -> WriteSummary:
    """The refused rows, through ``load/quarantine_rows`` as the loader writes them."""
    summary = WriteSummary()
    path = quarantine_piece(work / "staging", run.index)
    if not path.exists():
        return summary
    params = {"agency": run.agency, "run_id": run.run_id, "loaded_at": run.started_at,
              "source": run.mapping_source}  # fmt: skip
    for batch in batched(read_pieces([path]), batch_size):
        done = graph.write("load/quarantine_rows", rows=batch, **params)
        summary.nodes_created += done.nodes_created
        summary.relationships_created += done.relationships_created
    return summary


def _apply_patches(graph: Graph, folded: list[BucketResult]) -> int:
    nodes = [{"label": a[1], "key": a[2], "props": props}
             for r in folded for a, props in r.patches if a[0] == "node"]  # fmt: skip
    rels = [{"start_label": a[1], "key": a[2], "start": a[3], "props": props}
            for r in folded for a, props in r.patches if a[0] == "rel"]  # fmt: skip
    for batch in batched(nodes, 1000):
        graph.write("load/bulk_patch_nodes", rows=batch)
    for batch in batched(rels, 1000):
        graph.write("load/bulk_patch_relationships", rows=batch)
    return len(nodes) + len(rels)


def _check_counts(
    graph: Graph, folded: list[BucketResult]
) -> tuple[dict[str, int], dict[str, int]]:
    """The store holds exactly the nodes and relationships the fold wrote, per label and type."""
    want_labels: Counter[str] = Counter({"Agency": len(vocabulary().agencies)})
    want_types: Counter[str] = Counter()
    for bucket in folded:
        want_labels.update(bucket.labels)
        want_types.update(bucket.types)
    counts = graph_counts(graph)
    wrong = [
        f"{name}: {have.get(name, 0):,} in the store, {n:,} folded"
        for want, have in ((want_labels, counts.labels), (want_types, counts.relationships))
        for name, n in want.items()
        if have.get(name, 0) != n
    ]
    if wrong:
        raise TouchpointError("The imported graph is not what was folded: " + "; ".join(wrong))
    return dict(counts.labels), dict(counts.relationships)
