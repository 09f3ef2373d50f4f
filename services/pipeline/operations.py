"""Operations shared by ``touchpoint schedule …`` and the admin pages.

Edits go to the registry file first (the source of truth), then the job store is synced so
``list`` shows next run times at once; a running scheduler picks the change up on its next
housekeeping tick either way.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from touchpoint.graph_model.access.system import read, read_one
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.csv_safe import csv_text
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.provenance import Provenance
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.pipeline.adapters import load_source_mapping
from touchpoint.services.pipeline.flows import run_source
from touchpoint.services.pipeline.jobs import JobStoreAdmin, SyncReport, jobstore_url_for
from touchpoint.services.pipeline.records import RunSummary
from touchpoint.services.pipeline.scheduler import read_heartbeat_file
from touchpoint.services.pipeline.sources import (
    Registry,
    SchedulerOptions,
    Source,
    load_registry,
    registry_path,
    save_registry,
)
from touchpoint.services.pipeline.steps import StepsFactory

ALIVE_AFTER_BEATS = 3
QUARANTINE_FIELDS = [
    "source", "pipeline_run_id", "load_run_id", "file", "line", "reason", "raw", "row_id",
]  # fmt: skip


@dataclass
class Schedules:
    """The registry file plus its job store: one handle for every admin operation."""

    settings: Settings
    registry_path: Path
    jobstore_url: str | None = None

    @property
    def registry(self) -> Registry:
        return load_registry(self.registry_path)

    def store_url(self) -> str:
        return jobstore_url_for(self.settings, self.registry, self.jobstore_url)

    def add(self, source: Source, *, replace: bool = False) -> SyncReport:
        """Save and schedule ``source``; its mapping is read first, so a typo fails here."""
        load_source_mapping(source, self.settings)
        save_registry(self.registry.with_source(source, replace=replace), self.registry_path)
        return self.sync()

    def set_enabled(self, name: str, enabled: bool) -> SyncReport:
        registry = self.registry
        source = registry.get(name).model_copy(update={"enabled": enabled})
        save_registry(registry.with_source(source, replace=True), self.registry_path)
        return self.sync()

    def remove(self, name: str) -> SyncReport:
        save_registry(self.registry.without_source(name), self.registry_path)
        return self.sync()

    def sync(self) -> SyncReport:
        with JobStoreAdmin(self.settings, self.store_url()) as store:
            return store.sync(self.registry)

    def listing(self) -> list[dict[str, Any]]:
        """Each source with its schedule, state and next run time from the job store."""
        with JobStoreAdmin(self.settings, self.store_url()) as store:
            store.sync(self.registry)
            upcoming = {row["source"]: row["next_run_time"] for row in store.next_runs()}
        return [
            {
                "name": s.name,
                "enabled": s.enabled,
                "schedule": s.schedule.describe(),
                "location": s.location.describe(),
                "mapping": str(s.mapping),
                "next_run_time": upcoming.get(s.name),
            }
            for s in self.registry.sources
        ]

    def run_now(
        self,
        graph: Graph,
        name: str,
        steps_factory: StepsFactory | None = None,
        *,
        retry_base: float = 1.0,
    ) -> RunSummary:
        """Run a source in this process, under its lock, as the scheduler would."""
        return run_source(
            self.settings,
            graph,
            self.registry,
            name,
            steps_factory=steps_factory,
            retry_base=retry_base,
        )

    def run_now_in_background(
        self, graph: Graph, name: str, steps_factory: StepsFactory | None = None
    ) -> threading.Thread:
        """For the admin page: start the run and return at once (the history shows it)."""
        self.registry.get(name)  # fail now, in the caller, on an unknown name
        thread = threading.Thread(
            target=self.run_now,
            args=(graph, name, steps_factory),
            name=f"run-now-{name}",
            daemon=True,
        )
        thread.start()
        return thread


def history(graph: Graph, source: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    return graph.read("pipeline/runs", source=source, limit=limit)


def run_detail(graph: Graph, run_id: str) -> dict[str, Any]:
    steps = graph.read("pipeline/run_steps", run_id=run_id)
    for step in steps:
        step["counts"] = json.loads(step["counts"] or "{}")
    return {"steps": steps, "load_runs": graph.read("pipeline/run_load_runs", run_id=run_id)}


def quarantined_rows(
    reader: Graph | ViewerGraph,
    source: str | None = None,
    run_id: str | None = None,
    limit: int = 500,
    after: str | None = None,
) -> list[dict[str, Any]]:
    """One page of the bad rows of every load, scheduled or by hand (``after``: the last row_id
    seen); ``run_id`` may name a pipeline run or a load run. Raw rows are person-level data: a
    ``ViewerGraph`` reads them under its agreement (purpose first; raw text only where granted),
    the system (``Graph``, the operator's CLI) sees everything."""
    return read(
        reader, "pipeline/quarantined_rows", source=source, run_id=run_id, after=after, limit=limit
    )


def quarantine_withheld(
    reader: Graph | ViewerGraph, source: str | None = None, run_id: str | None = None
) -> int:
    """How many matching bad rows belong to agencies the reader's agreement does not show."""
    row = read_one(reader, "pipeline/quarantine_withheld", source=source, run_id=run_id)
    return int(row["withheld"]) if row else 0


def iter_quarantined_rows(
    reader: Graph | ViewerGraph,
    source: str | None = None,
    run_id: str | None = None,
    page: int = 1000,
) -> Iterator[dict[str, Any]]:
    """Every matching bad row, page by page (keyset on row_id), for the download."""
    after: str | None = None
    while rows := quarantined_rows(reader, source, run_id, limit=page, after=after):
        yield from rows
        after = rows[-1]["row_id"]


def quarantine_csv(rows: Iterable[dict[str, Any]], provenance: Provenance | None = None) -> str:
    """The quarantine download: one CSV line per bad row, with its reason and raw text (cells
    a spreadsheet would run as a formula neutralised - raw rows are hostile input), after the
    export's provenance block when there is one."""
    return csv_text(rows, QUARANTINE_FIELDS, provenance)


def health(
    settings: Settings, graph: Graph | None, heartbeat_seconds: float | None = None
) -> dict[str, Any]:
    """Neo4j reachable, store size, scheduler heartbeat (file and graph) and next runs.

    A scheduler counts as alive while its last heartbeat is younger than
    ``ALIVE_AFTER_BEATS`` heartbeat intervals (the registry's ``scheduler.heartbeat_seconds``).
    """
    interval = heartbeat_seconds or _registry_heartbeat(settings)
    result: dict[str, Any] = {"neo4j": {"uri": settings.effective_uri, "reachable": False}}
    if graph is not None:
        try:
            graph.verify()
            result["neo4j"]["reachable"] = True
            result["heartbeats"] = [
                beat | {"alive": _fresh(beat.get("age_seconds"), interval)}
                for beat in graph.read("pipeline/heartbeats")
            ]
            result["locks"] = graph.read("pipeline/locks")
        except TouchpointError as exc:
            result["neo4j"]["error"] = str(exc)
    result["store_bytes"] = store_size(settings)
    beat_file = read_heartbeat_file(settings)
    result["heartbeat_file"] = beat_file
    result["scheduler"] = _scheduler_state(result.get("heartbeats"), beat_file, interval)
    return result


def _scheduler_state(
    beats: list[dict[str, Any]] | None, beat_file: dict[str, Any] | None, interval: float
) -> dict[str, Any]:
    """The newest heartbeat (graph first, else the local file): alive?, when, next runs."""
    if beats:
        latest = beats[0]
        return {
            "alive": latest["alive"],
            "scheduler_id": latest["scheduler_id"],
            "last_heartbeat": latest["at"],
            "age_seconds": latest["age_seconds"],
            "next_runs": json.loads(latest.get("next_runs") or "[]"),
        }
    if beat_file:
        at = datetime.fromisoformat(beat_file["at"])
        age = int((datetime.now(UTC) - at).total_seconds())
        return {
            "alive": _fresh(age, interval),
            "scheduler_id": beat_file.get("scheduler_id"),
            "last_heartbeat": beat_file["at"],
            "age_seconds": age,
            "next_runs": beat_file.get("next_runs") or [],
        }
    return {"alive": False, "scheduler_id": None, "last_heartbeat": None, "next_runs": []}


def _fresh(age_seconds: float | None, interval: float) -> bool:
    return age_seconds is not None and age_seconds <= ALIVE_AFTER_BEATS * interval + 5


def _registry_heartbeat(settings: Settings) -> float:
    try:
        return load_registry(registry_path(settings)).scheduler.heartbeat_seconds
    except TouchpointError:
        return SchedulerOptions().heartbeat_seconds


def store_size(settings: Settings) -> int | None:
    """Bytes under the local server's data folder; None for a remote Neo4j."""
    if not settings.uses_local_server:
        return None
    data = settings.neo4j_home / "data"
    if not data.exists():
        return None
    return sum(p.stat().st_size for p in data.rglob("*") if p.is_file() and not p.is_symlink())


def disk_free(settings: Settings) -> int:
    return shutil.disk_usage(settings.data_dir if settings.data_dir.exists() else Path("/")).free
