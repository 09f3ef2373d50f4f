"""The long-running scheduler: schedules fire, jobs and history survive restarts, misfires
follow the declared policy, and a failed run calls the failure hook (loopback receiver)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from pipeline_support import CsvLoadStep, MarkStep, folder_source, save_sources, write_csv

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.pipeline.adapters import PickUpStep
from touchpoint.services.pipeline.operations import history
from touchpoint.services.pipeline.scheduler import (
    JOB_PREFIX,
    JobStoreAdmin,
    SchedulerService,
    read_heartbeat_file,
)
from touchpoint.services.pipeline.sources import load_registry


def _steps(source):
    return [PickUpStep(), CsvLoadStep(), MarkStep("resolve")]


def wait_for(condition: Callable[[], object], timeout: float = 15.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"condition not met within {timeout}s")


@pytest.fixture
def env(graph: Graph, settings: Settings, tmp_path: Path) -> Iterator[dict]:
    data = settings.model_copy(update={"data_dir": tmp_path / "data"})
    store = f"sqlite:///{tmp_path / 'jobs.sqlite'}"
    services: list[SchedulerService] = []

    def start(registry_path: Path, steps=_steps) -> SchedulerService:
        service = SchedulerService(
            data,
            registry_path,
            graph=graph,
            steps_factory=steps,
            jobstore_url=store,
            retry_base_seconds=0.01,
            heartbeat_seconds=0.5,
        )
        service.start()
        services.append(service)
        return service

    yield {"settings": data, "store": store, "start": start, "graph": graph, "tmp": tmp_path}
    for service in services:
        service.shutdown(wait=True)


def test_a_schedule_fires_and_the_run_is_recorded_with_a_heartbeat(env: dict) -> None:
    drop = env["tmp"] / "drop"
    write_csv(drop, "a.csv", ["Ann Smith,2001-02-03"])
    registry = save_sources(env["tmp"] / "sources.yml", folder_source(drop, every="1s"))
    service = env["start"](registry)

    runs = wait_for(
        lambda: [r for r in history(env["graph"], "police") if r["status"] == "succeeded"]
    )
    assert runs[0]["trigger"] == "schedule" and runs[0]["files_new"] == 1
    beat = read_heartbeat_file(env["settings"])
    assert beat["scheduler_id"] == service.scheduler_id
    assert [r["source"] for r in beat["next_runs"]] == ["police"]
    [node] = env["graph"].read("pipeline/heartbeats")
    assert node["scheduler_id"] == service.scheduler_id and node["age_seconds"] < 5
    # later firings find nothing new
    wait_for(lambda: any(r["status"] == "no_changes" for r in history(env["graph"], "police")))


def test_jobs_and_history_survive_a_restart_and_registry_edits_are_picked_up_live(
    env: dict,
) -> None:
    drop = env["tmp"] / "drop"
    write_csv(drop, "a.csv", ["Ann Smith,2001-02-03"])
    registry_path = save_sources(env["tmp"] / "sources.yml", folder_source(drop, every="1s"))
    first = env["start"](registry_path)
    wait_for(lambda: history(env["graph"], "police"))
    first.shutdown()
    runs_before = {r["run_id"] for r in history(env["graph"], "police")}

    second = env["start"](registry_path)
    job = second.scheduler.get_job(JOB_PREFIX + "police")
    assert job is not None and len(second.scheduler.get_jobs(jobstore="default")) == 1
    write_csv(drop, "b.csv", ["Bob Jones,1999-09-09"])
    wait_for(
        lambda: any(
            r["files_new"] == 1 and r["run_id"] not in runs_before
            for r in history(env["graph"], "police")
        )
    )
    assert runs_before <= {r["run_id"] for r in history(env["graph"], "police")}

    # disabling in the registry pauses the job within a housekeeping tick
    save_sources(registry_path, folder_source(drop, every="1s", enabled=False))
    wait_for(lambda: second.scheduler.get_job(JOB_PREFIX + "police").next_run_time is None)


def _missed_job(env: dict, grace: int, missed_by: timedelta) -> Path:
    drop = env["tmp"] / "drop"
    write_csv(drop, "a.csv", ["Ann Smith,2001-02-03"])
    registry_path = save_sources(
        env["tmp"] / "sources.yml",
        folder_source(drop, every="1m", misfire_grace_seconds=grace, coalesce=True),
    )
    with JobStoreAdmin(env["settings"], env["store"]) as admin:  # as if the scheduler was down
        admin.sync(load_registry(registry_path))
        admin.scheduler.modify_job(
            JOB_PREFIX + "police", next_run_time=datetime.now(UTC) - missed_by
        )
    return registry_path


def test_runs_missed_within_the_grace_time_are_coalesced_into_one(env: dict) -> None:
    env["start"](_missed_job(env, grace=3600, missed_by=timedelta(minutes=5)))  # 5-6 runs missed
    wait_for(lambda: history(env["graph"], "police"))
    time.sleep(1.0)
    runs = history(env["graph"], "police")
    assert [r["status"] for r in runs] == ["succeeded"]


def test_a_run_missed_beyond_the_grace_time_is_skipped_and_recorded_as_missed(env: dict) -> None:
    env["start"](_missed_job(env, grace=10, missed_by=timedelta(seconds=50)))
    runs = wait_for(lambda: history(env["graph"], "police"))
    assert [r["status"] for r in runs] == ["missed"]
    assert "missed beyond its misfire grace time" in runs[0]["error"]


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_a_failed_scheduled_run_calls_the_webhook_and_records_that_it_did(env: dict) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Receiver.received = []
    drop = env["tmp"] / "drop"
    write_csv(drop, "a.csv", ["Ann Smith,2001-02-03"])
    hook = {"webhook": f"http://127.0.0.1:{server.server_port}/hook"}
    registry_path = save_sources(
        env["tmp"] / "sources.yml", folder_source(drop, every="1h"), on_failure=hook
    )

    def failing(source):
        return [
            PickUpStep(),
            CsvLoadStep(),
            MarkStep("resolve", [RuntimeError("model file missing")]),
        ]

    service = env["start"](registry_path, failing)
    try:
        summary = service.run_source("police", trigger="manual")
        wait_for(lambda: _Receiver.received)
    finally:
        server.shutdown()
        server.server_close()
    [payload] = _Receiver.received
    assert payload["run_id"] == summary.run_id and payload["status"] == "failed"
    assert (
        payload["failed_step"] == "resolve"
        and payload["error"] == "RuntimeError: model file missing"
    )
    assert [s["name"] for s in payload["steps"]] == ["pick_up", "load", "resolve"]
    [run] = history(env["graph"], "police")
    assert run["notified"] is True
