"""The persistent APScheduler job store: one job per source, synced from the registry.

Jobs reference their callable by name
(``touchpoint.services.pipeline.scheduler:run_scheduled_source``) and carry only the source
name, so the store survives restarts and upgrades. ``sync_jobs`` is idempotent: the registry
alone decides what the store holds.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED, BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from touchpoint.graph_model.model.settings import Settings
from touchpoint.services.pipeline.sources import Registry, Source, interval_seconds

JOB_PREFIX = "source:"
JOB_FUNC = "touchpoint.services.pipeline.scheduler:run_scheduled_source"


def default_jobstore_url(settings: Settings) -> str:
    return f"sqlite:///{settings.data_dir / 'scheduler' / 'jobs.sqlite'}"


def jobstore_url_for(settings: Settings, registry: Registry, override: str | None = None) -> str:
    """Explicit URL, else the registry's ``scheduler.jobstore_url``, else SQLite in data_dir."""
    return override or registry.scheduler.jobstore_url or default_jobstore_url(settings)


def build_trigger(source: Source) -> BaseTrigger:
    schedule = source.schedule
    if schedule.cron:
        return CronTrigger.from_crontab(schedule.cron, timezone=schedule.timezone)
    seconds = interval_seconds(schedule.every or "")
    return IntervalTrigger(seconds=seconds, timezone=schedule.timezone)


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    rescheduled: list[str] = field(default_factory=list)
    paused: list[str] = field(default_factory=list)
    resumed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(vars(self).values())


def sync_jobs(scheduler: BaseScheduler, registry: Registry) -> SyncReport:
    """Make the persistent job store match the registry (idempotent)."""
    report = SyncReport()
    jobs = scheduler.get_jobs(jobstore="default")
    existing = {job.id: job for job in jobs if job.id.startswith(JOB_PREFIX)}
    for source in registry.sources:
        job_id = JOB_PREFIX + source.name
        job = existing.pop(job_id, None)
        signature = job_name(source)
        if job is None:
            _add_job(scheduler, source)
            report.added.append(source.name)
            continue
        if job.name != signature:
            scheduler.modify_job(
                job_id,
                name=signature,
                coalesce=source.coalesce,
                misfire_grace_time=source.misfire_grace_seconds,
            )
            job = scheduler.reschedule_job(job_id, trigger=build_trigger(source))
            report.rescheduled.append(source.name)
        if source.enabled and job.next_run_time is None:
            scheduler.resume_job(job_id)
            report.resumed.append(source.name)
        elif not source.enabled and job.next_run_time is not None:
            scheduler.pause_job(job_id)
            report.paused.append(source.name)
    for job_id in existing:
        scheduler.remove_job(job_id)
        report.removed.append(job_id.removeprefix(JOB_PREFIX))
    return report


def _add_job(scheduler: BaseScheduler, source: Source) -> None:
    extra: dict[str, Any] = {} if source.enabled else {"next_run_time": None}
    scheduler.add_job(
        JOB_FUNC,
        trigger=build_trigger(source),
        args=[source.name],
        id=JOB_PREFIX + source.name,
        name=job_name(source),
        jobstore="default",
        coalesce=source.coalesce,
        misfire_grace_time=source.misfire_grace_seconds,
        max_instances=1,
        replace_existing=True,
        **extra,
    )


def job_name(source: Source) -> str:
    """Readable in logs, and it carries the trigger signature that ``sync_jobs`` compares."""
    return f"{source.name} [{source.trigger_signature()}]"


def next_runs(scheduler: BaseScheduler) -> list[dict[str, Any]]:
    """(source, next run time or None when paused) for every source job."""
    rows = []
    for job in scheduler.get_jobs(jobstore="default"):
        if job.id.startswith(JOB_PREFIX):
            when = job.next_run_time
            rows.append(
                {
                    "source": job.id.removeprefix(JOB_PREFIX),
                    "next_run_time": when.astimezone(UTC).isoformat() if when else None,
                    "trigger": str(job.trigger),
                }
            )
    return sorted(rows, key=lambda r: r["source"])


def make_scheduler(
    settings: Settings, jobstore_url: str, blocking: bool, max_workers: int = 2
) -> BaseScheduler:
    """A scheduler over the persistent store (``default``) plus an in-memory one (``internal``)."""
    _ensure_sqlite_folder(jobstore_url)
    cls = _SafeBlockingScheduler if blocking else _SafeBackgroundScheduler
    return cls(
        jobstores={"default": SQLAlchemyJobStore(url=jobstore_url), "internal": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(max_workers=max_workers)},
        timezone=UTC,
    )


def _ensure_sqlite_folder(jobstore_url: str) -> None:
    if jobstore_url.startswith("sqlite:///"):
        Path(jobstore_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


def safe_url(url: str) -> str:
    """The job store URL without a password, for logs and the health page."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as its scheme only
        return url.split(":", 1)[0] + ":…"


class _StopAware:
    """APScheduler 3's loop runs ``_process_jobs`` once more after shutdown; a job due at that
    instant would be handed to the stopped executor and its run lost. Skip that pass."""

    state: int

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()  # type: ignore[misc]


class _SafeBackgroundScheduler(_StopAware, BackgroundScheduler):
    pass


class _SafeBlockingScheduler(_StopAware, BlockingScheduler):
    pass


class _StoreOnlyScheduler(BaseScheduler):
    """A scheduler that never processes jobs: it only reads and edits the job store.

    A paused BackgroundScheduler is not enough: its thread can wake after shutdown and
    "process" a due job, moving its next run time on and so swallowing a missed run.
    """

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)

    def wakeup(self) -> None:
        """Nothing to wake: this scheduler has no processing loop."""


class JobStoreAdmin:
    """Manage the job store without running jobs (CLI, admin pages)."""

    def __init__(self, settings: Settings, jobstore_url: str) -> None:
        _ensure_sqlite_folder(jobstore_url)
        self.scheduler = _StoreOnlyScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=jobstore_url)}, timezone=UTC
        )

    def __enter__(self) -> JobStoreAdmin:
        self.scheduler.start(paused=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.scheduler.shutdown(wait=False)

    def sync(self, registry: Registry) -> SyncReport:
        return sync_jobs(self.scheduler, registry)

    def next_runs(self) -> list[dict[str, Any]]:
        return next_runs(self.scheduler)

    def remove(self, name: str) -> None:
        with contextlib.suppress(JobLookupError):
            self.scheduler.remove_job(JOB_PREFIX + name)
