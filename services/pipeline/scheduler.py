"""``touchpoint scheduler``: APScheduler with a persistent SQLAlchemy job store.

The job store holds one job per source (id ``source:<name>``), whose callable is the
module-level ``run_scheduled_source`` (APScheduler stores it by reference) and whose only
argument is the source name. The registry YAML stays the source of truth: ``sync`` makes the
store match it (add, reschedule, pause, resume, remove), on start and whenever the file
changes. A housekeeping job (in memory, not persisted) writes the heartbeat and re-syncs.

Misfires: a run missed while the scheduler was down runs at start if it is within the
source's ``misfire_grace_seconds``; with ``coalesce`` several missed runs become one. A run
missed beyond the grace is recorded as a ``missed`` PipelineRun, so the history shows it.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.base import BaseScheduler

from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.pipeline.flows import run_source
from touchpoint.services.pipeline.jobs import (
    JOB_PREFIX,
    JobStoreAdmin,
    SyncReport,
    jobstore_url_for,
    make_scheduler,
    next_runs,
    safe_url,
    sync_jobs,
)
from touchpoint.services.pipeline.records import RunSummary, new_run_id
from touchpoint.services.pipeline.sources import SchedulerOptions, load_registry
from touchpoint.services.pipeline.steps import StepsFactory

log = logging.getLogger(__name__)
__all__ = ["JOB_PREFIX", "JobStoreAdmin", "SchedulerService", "SyncReport", "run_scheduled_source"]
HOUSEKEEPING_JOB = "touchpoint:housekeeping"
RETRY_PREFIX = "retry:"
_ACTIVE: SchedulerService | None = None


def run_scheduled_source(source_name: str) -> str:
    """The job callable stored in the job store (by reference): run one source now."""
    service = _ACTIVE
    if service is None:
        raise TouchpointError(f"No scheduler service is running to run {source_name!r}.")
    return service.run_source(source_name, trigger="schedule").status


class SchedulerService:
    """The long-running scheduler: job store, sync from the registry, heartbeat, runs."""

    def __init__(
        self,
        settings: Settings,
        registry_path: Path,
        *,
        graph: Graph | None = None,
        steps_factory: StepsFactory | None = None,
        jobstore_url: str | None = None,
        retry_base_seconds: float = 1.0,
        heartbeat_seconds: float | None = None,
    ) -> None:
        self.settings = settings
        self.registry_path = registry_path
        self._own_graph = graph is None
        self.graph = graph or Graph.connect(settings)
        self.steps_factory = steps_factory
        registry = load_registry(registry_path)
        self.jobstore_url = jobstore_url_for(settings, registry, jobstore_url)
        self.heartbeat_seconds = heartbeat_seconds or registry.scheduler.heartbeat_seconds
        self.max_workers = registry.scheduler.max_workers
        self.retry_base_seconds = retry_base_seconds
        self.scheduler_id = f"{socket.gethostname()}:{os.getpid()}"
        self.started_at = datetime.now(UTC)
        self.scheduler: BaseScheduler | None = None
        self._registry_mtime: float | None = None
        self._sync_lock = threading.Lock()
        self._busy_retries: dict[str, int] = {}

    # ---- lifecycle ----------------------------------------------------------------------
    def start(self, *, blocking: bool = False) -> None:
        """Start scheduling; with ``blocking`` this call only returns after shutdown."""
        global _ACTIVE
        _ACTIVE = self
        self.scheduler = make_scheduler(
            self.settings, self.jobstore_url, blocking, self.max_workers
        )
        self.scheduler.add_listener(self._on_event, EVENT_JOB_MISSED | EVENT_JOB_ERROR)
        self.scheduler.add_job(
            self.housekeeping,
            "interval",
            seconds=self.heartbeat_seconds,
            id=HOUSEKEEPING_JOB,
            jobstore="internal",
            next_run_time=datetime.now(UTC),
            coalesce=True,
            max_instances=1,
        )
        store = safe_url(self.jobstore_url)
        log.info("Scheduler %s starting with job store %s", self.scheduler_id, store)
        self.scheduler.start()  # the first housekeeping tick syncs the store from the registry

    def shutdown(self, wait: bool = True) -> None:
        global _ACTIVE
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=wait)
        if _ACTIVE is self:
            _ACTIVE = None
        if self._own_graph:
            self.graph.close()

    # ---- work ---------------------------------------------------------------------------
    def housekeeping(self) -> None:
        """Heartbeat, then re-sync the job store if the registry file changed."""
        try:
            self.sync_if_changed()
        except TouchpointError as exc:
            log.error("Registry %s not applied: %s", self.registry_path, exc)
        self.heartbeat()

    def sync_if_changed(self) -> SyncReport | None:
        mtime = self.registry_path.stat().st_mtime if self.registry_path.exists() else 0.0
        if mtime == self._registry_mtime:
            return None
        with self._sync_lock:
            report = sync_jobs(self._require_scheduler(), load_registry(self.registry_path))
            self._registry_mtime = mtime
        if report.changed:
            log.info("Job store synced from %s: %s", self.registry_path, report)
        return report

    def heartbeat(self) -> dict[str, Any]:
        beat = {
            "scheduler_id": self.scheduler_id,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started_at": self.started_at.isoformat(),
            "at": datetime.now(UTC).isoformat(),
            "next_runs": next_runs(self._require_scheduler()),
            "jobstore": safe_url(self.jobstore_url),
        }
        write_heartbeat_file(self.settings, beat)
        try:
            self.graph.write(
                "pipeline/write_heartbeat",
                scheduler_id=beat["scheduler_id"],
                host=beat["host"],
                pid=beat["pid"],
                started_at=beat["started_at"],
                next_runs=json.dumps(beat["next_runs"]),
                jobstore=beat["jobstore"],
            )
        except TouchpointError as exc:
            log.warning("Heartbeat not written to the graph: %s", exc)
        return beat

    def run_source(self, name: str, trigger: str = "manual") -> RunSummary:
        registry = load_registry(self.registry_path)
        summary = run_source(
            self.settings,
            self.graph,
            registry,
            name,
            trigger=trigger,
            steps_factory=self.steps_factory,
            retry_base=self.retry_base_seconds,
        )
        if trigger in ("schedule", "retry"):
            self._retry_if_busy(name, summary, registry.scheduler)
        return summary

    def _retry_if_busy(self, name: str, summary: RunSummary, options: SchedulerOptions) -> None:
        """A scheduled run that found its source busy (another run, a CLI load of the same
        extract) is tried again ``lock_retry_seconds`` later, up to ``lock_retries`` times,
        rather than waiting for the next scheduled time (which may be a day away)."""
        if summary.status != "skipped_locked":
            self._busy_retries.pop(name, None)
            return
        tries = self._busy_retries.get(name, 0) + 1
        if tries > options.lock_retries or self.scheduler is None:
            self._busy_retries.pop(name, None)
            log.warning("%s still busy after %d retries; next try at its scheduled time.",
                        name, tries - 1)  # fmt: skip
            return
        self._busy_retries[name] = tries
        when = datetime.now(UTC) + timedelta(seconds=options.lock_retry_seconds)
        self.scheduler.add_job(
            self.run_source, "date", run_date=when, args=[name], kwargs={"trigger": "retry"},
            id=RETRY_PREFIX + name, jobstore="internal", replace_existing=True,
        )  # fmt: skip
        log.info("%s was busy (%s); retry %d at %s.", name, summary.error, tries, when)

    def _on_event(self, event: JobExecutionEvent) -> None:
        if not event.job_id.startswith(JOB_PREFIX):
            return
        name = event.job_id.removeprefix(JOB_PREFIX)
        if event.code == EVENT_JOB_MISSED:
            due = event.scheduled_run_time
            log.warning("Run of %s due %s was missed beyond its grace time.", name, due)
            record_missed_run(self.graph, name, event.scheduled_run_time)
        else:
            log.error("Job of %s raised: %s", name, event.exception)

    def _require_scheduler(self) -> BaseScheduler:
        if self.scheduler is None:
            raise TouchpointError("The scheduler is not started.")
        return self.scheduler


def record_missed_run(graph: Graph, source: str, due: datetime) -> None:
    """A run skipped by the misfire policy still shows in the history."""
    try:
        graph.write(
            "pipeline/record_missed_run",
            run_id=new_run_id(source),
            source=source,
            host=socket.gethostname(),
            due=due.isoformat(),
            reason=f"run due {due.isoformat()} was missed beyond its misfire grace time",
        )
    except TouchpointError as exc:
        log.error("Could not record the missed run of %s: %s", source, exc)


def heartbeat_path(settings: Settings) -> Path:
    return settings.data_dir / "scheduler" / "heartbeat.json"


def write_heartbeat_file(settings: Settings, beat: dict[str, Any]) -> None:
    path = heartbeat_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(beat, indent=2), encoding="utf-8")
    tmp.replace(path)


def read_heartbeat_file(settings: Settings) -> dict[str, Any] | None:
    path = heartbeat_path(settings)
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
