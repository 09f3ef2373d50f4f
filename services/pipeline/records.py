"""Run records in the graph: a ``PipelineRun`` per run, a ``PipelineStep`` per step.

``(PipelineRun)-[:HAS_STEP]->(PipelineStep)``, ``(PipelineRun)-[:INCLUDED]->(LoadRun)`` and
``(PipelineRun)-[:PICKED_UP]->(SourceFile)``. Timings are measured here (wall clock start/end,
monotonic duration) so the history page shows where a run spent its time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.pipeline.steps import StepResult

RUN_STATUSES = ("running", "succeeded", "failed", "no_changes", "skipped_locked", "abandoned")


@dataclass
class StepRecord:
    """One step as it ran: the result plus timing, attempts and any error."""

    name: str
    position: int
    result: StepResult
    started_at: datetime
    ended_at: datetime
    duration_ms: int
    attempts: int = 1
    error: str | None = None

    @property
    def status(self) -> str:
        return "failed" if self.error else self.result.status

    def as_params(self, run_id: str) -> dict[str, Any]:
        counts = self.result.counts
        return {
            "step_id": stable_id("pipeline_step", run_id, self.name),
            "name": self.name,
            "position": self.position,
            "status": self.status,
            "attempts": self.attempts,
            "error": self.error,
            "message": self.result.message,
            "counts_json": json.dumps(counts, sort_keys=True),
            "rows_loaded": counts.get("rows_loaded"),
            "rows_quarantined": counts.get("rows_quarantined"),
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat(),
            "duration_ms": self.duration_ms,
        }

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "attempts": self.attempts,
            "duration_ms": self.duration_ms,
            "counts": self.result.counts,
            "error": self.error,
        }


@dataclass
class RunSummary:
    """What a run did, as returned to callers, written to the graph and sent to hooks."""

    run_id: str
    source: str
    trigger: str
    status: str = "running"
    started_at: str = field(default_factory=lambda: utcnow().isoformat())
    ended_at: str | None = None
    files_seen: int = 0
    files_new: list[str] = field(default_factory=list)
    steps: list[StepRecord] = field(default_factory=list)
    error: str | None = None
    failed_step: str | None = None
    load_run_ids: list[str] = field(default_factory=list)
    recovered_run_id: str | None = None

    @property
    def totals(self) -> dict[str, int]:
        """Row counts summed over steps (rows_read / rows_loaded / rows_quarantined)."""
        totals = {"rows_read": 0, "rows_loaded": 0, "rows_quarantined": 0}
        for step in self.steps:
            for key in totals:
                totals[key] += int(step.result.counts.get(key, 0) or 0)
        return totals

    def as_dict(self) -> dict[str, Any]:
        return {
            "event": "pipeline_run_" + self.status,
            "run_id": self.run_id,
            "source": self.source,
            "trigger": self.trigger,
            "status": self.status,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "files_seen": self.files_seen,
            "files_new": self.files_new,
            "failed_step": self.failed_step,
            "error": self.error,
            "totals": self.totals,
            "load_run_ids": self.load_run_ids,
            "steps": [step.summary() for step in self.steps],
        }


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_run_id(source: str) -> str:
    """Sortable, unique: ``prun_<source>_<UTC timestamp>_<random>``."""
    import uuid

    return f"prun_{source}_{utcnow():%Y%m%dT%H%M%S}_{uuid.uuid4().hex[:6]}"


class RunRecorder:
    """Writes a run's record as it progresses (so a crash leaves a visible 'running' run)."""

    def __init__(self, graph: Graph, summary: RunSummary, owner: str, host: str) -> None:
        self.graph = graph
        self.summary = summary
        self.owner = owner
        self.host = host

    def open(self, step_names: list[str]) -> None:
        self.graph.write(
            "pipeline/create_run",
            run_id=self.summary.run_id,
            source=self.summary.source,
            trigger=self.summary.trigger,
            owner=self.owner,
            host=self.host,
            steps=step_names,
        )

    def step(self, record: StepRecord) -> None:
        self.graph.write(
            "pipeline/record_step",
            run_id=self.summary.run_id,
            step=record.as_params(self.summary.run_id),
        )
        if record.result.load_run_ids:
            self.graph.write(
                "pipeline/link_load_runs",
                run_id=self.summary.run_id,
                load_run_ids=record.result.load_run_ids,
            )

    def close(self) -> None:
        totals = self.summary.totals
        self.graph.write(
            "pipeline/finish_run",
            run_id=self.summary.run_id,
            status=self.summary.status,
            error=self.summary.error,
            totals={**totals, "json": json.dumps(totals)},
            files_new=len(self.summary.files_new),
            files_seen=self.summary.files_seen,
            failed_step=self.summary.failed_step,
        )

    def notified(self, ok: bool, error: str | None) -> None:
        self.graph.write(
            "pipeline/record_notification",
            run_id=self.summary.run_id,
            notified=ok,
            notify_error=error,
        )


def record_locked_out(
    graph: Graph, summary: RunSummary, holder: str, owner: str, host: str
) -> None:
    """A run that found the source busy leaves a short record too (overlaps are visible)."""
    recorder = RunRecorder(graph, summary, owner, host)
    recorder.open([])
    summary.status = "skipped_locked"
    summary.error = f"another run holds the lock: {holder}"
    recorder.close()
