"""Test steps and helpers for the pipeline/scheduler tests (real Neo4j, real files).

The steps do real graph writes through ``Graph`` (a ``LoadRun`` per file, like the loader) so
the run records, links and convergence are exercised end to end without depending on the
other features' code.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from touchpoint.graph_model.model.errors import GraphUnavailable
from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.services.pipeline.adapters import PickUpStep
from touchpoint.services.pipeline.changes import record_loaded_files
from touchpoint.services.pipeline.sources import Registry, Source, parse_source, save_registry
from touchpoint.services.pipeline.steps import RunContext, StepResult

WRITE_LOAD_RUN = Query(
    name="test/write_load_run",
    text="""
    MERGE (l:LoadRun {run_id: $run_id})
    SET l.source = $source, l.file = $file, l.checksum = $checksum, l.status = 'completed',
        l.rows_read = $rows, l.rows_loaded = $loaded, l.rows_quarantined = $quarantined
    WITH l
    UNWIND $bad AS bad
    MERGE (q:QuarantinedRow {row_id: bad.row_id})
    SET q.load_run_id = $run_id, q.source = $source, q.source_agency = 'police',
        q.line = bad.line, q.reason = bad.reason, q.raw = bad.raw
    MERGE (l)-[:QUARANTINED]->(q)
    """,
)
COUNT = Query(name="test/count", text="MATCH (n:$($label)) RETURN count(n) AS n")
MARK = Query(
    name="test/mark", text="MERGE (m:TestMark {step: $step}) SET m.runs = coalesce(m.runs, 0) + 1"
)

MARK_RUNS = Query(
    name="test/mark_runs", text="MATCH (m:TestMark {step: $step}) RETURN m.runs AS runs"
)


def mark_runs(graph: Graph, step: str) -> int:
    row = graph.read_one(MARK_RUNS, step=step)
    return int(row["runs"]) if row else 0


def count(graph: Graph, label: str) -> int:
    return graph.read_one(COUNT, label=label)["n"]  # type: ignore[index]


class CsvLoadStep:
    """Loads each picked CSV like the loader would: one LoadRun per file, rows with a blank
    ``name`` quarantined with a reason; the file is remembered once its LoadRun is written."""

    name = "load"

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.loaded: list[str] = []

    def run(self, context: RunContext) -> StepResult:
        counts = {"rows_read": 0, "rows_loaded": 0, "rows_quarantined": 0}
        ids: list[str] = []
        for picked in context.files:
            if self.fail_on and picked.path.name == self.fail_on:
                raise ValueError(f"{picked.path.name}: line 2 has 3 columns, header has 2")
            lines = picked.path.read_text().splitlines()[1:]
            bad = [
                {
                    "row_id": stable_id("qrow", picked.checksum, n),
                    "line": n + 2,
                    "reason": "name is blank",
                    "raw": line,
                }
                for n, line in enumerate(lines)
                if not line.split(",")[0].strip()
            ]
            run_id = stable_id("load", context.source.name, picked.path, picked.checksum)
            context.graph.write(
                WRITE_LOAD_RUN,
                run_id=run_id,
                source=context.source.name,
                file=str(picked.path),
                checksum=picked.checksum,
                rows=len(lines),
                loaded=len(lines) - len(bad),
                quarantined=len(bad),
                bad=bad,
            )
            record_loaded_files(
                context.graph,
                context.source.name,
                context.run_id,
                [picked],
                {str(picked.path): run_id},
            )
            ids.append(run_id)
            self.loaded.append(picked.path.name)
            counts["rows_read"] += len(lines)
            counts["rows_loaded"] += len(lines) - len(bad)
            counts["rows_quarantined"] += len(bad)
        return StepResult(counts=counts, load_run_ids=ids)


class MarkStep:
    """Downstream step stand-in: counts its own runs in the graph; can fail on demand."""

    def __init__(self, name: str, failures: list[BaseException] | None = None) -> None:
        self.name = name
        self.failures = list(failures or [])
        self.calls = 0

    def run(self, context: RunContext) -> StepResult:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        context.graph.write(MARK, step=self.name)
        return StepResult(counts={"marked": 1})


class BlockingStep:
    """Holds the run open until released, so a second run can try to overlap it."""

    name = "block"

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()

    def run(self, context: RunContext) -> StepResult:
        self.entered.set()
        self.release.wait(timeout=20)
        return StepResult(counts={"held": 1})


def unavailable(times: int) -> list[BaseException]:
    return [GraphUnavailable("Neo4j at bolt://127.0.0.1:1 did not answer (test)")] * times


def write_csv(folder: Path, name: str, rows: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("name,dob\n" + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def folder_source(folder: Path, name: str = "police", every: str = "1d", **extra: Any) -> Source:
    return parse_source(
        {
            "name": name,
            "mapping": "loaders/mappings/police.yml",
            "location": {"kind": "folder", "folder": str(folder), "glob": "*.csv"},
            "schedule": {"every": every},
            **extra,
        }
    )


def save_sources(path: Path, *sources: Source, **top: Any) -> Path:
    save_registry(
        Registry.model_validate({**top, "sources": [s.model_dump() for s in sources]}), path
    )
    return path


def standard_steps(
    load: CsvLoadStep | None = None, **marks: MarkStep
) -> Callable[[Source], list[Any]]:
    """pick_up → load → the given mark steps (fresh objects unless passed in)."""

    def factory(source: Source) -> list[Any]:
        return [PickUpStep(), load or CsvLoadStep(), *(marks.values() or [MarkStep("resolve")])]

    return factory
