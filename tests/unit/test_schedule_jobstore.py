"""Syncing the persistent APScheduler job store from the registry (SQLite, no graph needed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from touchpoint.graph_model.model.settings import Settings, load_settings
from touchpoint.services.pipeline.jobs import JOB_PREFIX, JobStoreAdmin, sync_jobs
from touchpoint.services.pipeline.sources import Registry, parse_source


@pytest.fixture
def local_settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data")


def _source(name: str, **extra: object):
    return parse_source(
        {
            "name": name,
            "mapping": "m.yml",
            "location": {"kind": "file", "file": f"/srv/{name}.csv"},
            "schedule": {"every": "1h"},
            **extra,
        }
    )


def _store(settings: Settings) -> str:
    return f"sqlite:///{settings.data_dir / 'jobs.sqlite'}"


def test_sync_adds_pauses_resumes_reschedules_and_removes_jobs(local_settings: Settings) -> None:
    url = _store(local_settings)
    with JobStoreAdmin(local_settings, url) as store:
        report = store.sync(Registry(sources=[_source("police"), _source("gp", enabled=False)]))
        assert sorted(report.added) == ["gp", "police"]
        runs = {r["source"]: r["next_run_time"] for r in store.next_runs()}
        assert runs["gp"] is None and runs["police"] is not None
        due = datetime.fromisoformat(runs["police"])
        assert timedelta(minutes=59) < due - datetime.now(UTC) <= timedelta(hours=1)

        assert not store.sync(
            Registry(sources=[_source("police"), _source("gp", enabled=False)])
        ).changed
        report = store.sync(
            Registry(
                sources=[_source("police", enabled=False), _source("gp", schedule={"every": "5m"})]
            )
        )
        assert report.paused == ["police"] and report.rescheduled == ["gp"]
        runs = {r["source"]: r for r in store.next_runs()}
        assert runs["police"]["next_run_time"] is None
        assert runs["gp"]["trigger"] == "interval[0:05:00]"
        assert runs["gp"]["next_run_time"] is not None  # enabled now: rescheduled and running

        assert store.sync(Registry(sources=[_source("gp", schedule={"every": "5m"})])).removed == [
            "police"
        ]


def test_jobs_survive_a_restart_with_the_same_next_run_time(local_settings: Settings) -> None:
    url = _store(local_settings)
    with JobStoreAdmin(local_settings, url) as store:
        store.sync(Registry(sources=[_source("police", schedule={"cron": "30 2 * * *"})]))
        before = store.next_runs()
    with JobStoreAdmin(local_settings, url) as store:
        after = store.next_runs()
        job = store.scheduler.get_job(JOB_PREFIX + "police")
    assert after == before
    assert job.func_ref == "touchpoint.services.pipeline.scheduler:run_scheduled_source"
    assert job.args == ("police",) and job.coalesce is True and job.max_instances == 1
    assert job.misfire_grace_time == 3600


def test_sync_is_a_function_of_the_registry_alone(local_settings: Settings) -> None:
    """Two admin processes syncing the same registry agree (idempotent, no duplicates)."""
    url = _store(local_settings)
    registry = Registry(sources=[_source("police"), _source("gp")])
    with JobStoreAdmin(local_settings, url) as first:
        first.sync(registry)
    with JobStoreAdmin(local_settings, url) as second:
        assert not sync_jobs(second.scheduler, registry).changed
        assert len(second.scheduler.get_jobs()) == 2
