"""Never two runs of one source at once; a crashed run's lock does not stay stuck."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pipeline_support import BlockingStep, MarkStep, folder_source, write_csv

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.pipeline.adapters import PickUpStep
from touchpoint.services.pipeline.lock import LockHeld, Owner, PipelineLock
from touchpoint.services.pipeline.operations import history
from touchpoint.services.pipeline.records import RunRecorder, RunSummary
from touchpoint.services.pipeline.runner import PipelineOptions, RetryPolicy, run_pipeline

FAST = RetryPolicy(attempts=2, base_seconds=0.01)


def test_a_second_run_of_the_same_source_is_refused_while_the_first_holds_the_lock(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    write_csv(tmp_path, "a.csv", ["Ann Smith,2001-02-03"])
    source = folder_source(tmp_path)
    blocker = BlockingStep()
    results = {}

    def first() -> None:
        results["first"] = run_pipeline(
            settings, graph, source, [PickUpStep(), blocker], PipelineOptions(retry=FAST)
        )

    thread = threading.Thread(target=first)
    thread.start()
    assert blocker.entered.wait(10)
    never_runs = MarkStep("resolve")
    second = run_pipeline(
        settings, graph, source, [PickUpStep(), never_runs], PipelineOptions(retry=FAST)
    )
    blocker.release.set()
    thread.join(10)

    assert second.status == "skipped_locked" and never_runs.calls == 0
    assert "another run holds the lock" in (second.error or "")
    statuses = {r["run_id"]: r["status"] for r in history(graph, "police")}
    assert statuses == {results["first"].run_id: "succeeded", second.run_id: "skipped_locked"}
    # released: a third run may take it again
    third = run_pipeline(settings, graph, source, [PickUpStep()], PipelineOptions(retry=FAST))
    assert third.status == "succeeded"


def test_racing_acquirers_get_exactly_one_winner(graph: Graph) -> None:
    barrier = threading.Barrier(6)
    winners: list[str] = []

    def contend(n: int) -> None:
        lock = PipelineLock(graph, "race", f"run-{n}", ttl_seconds=60)
        barrier.wait()
        try:
            lock.acquire()
            winners.append(lock.run_id)
        except LockHeld:
            pass

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert len(winners) == 1


def test_an_expired_lock_of_a_crashed_run_is_taken_over_and_that_run_marked_abandoned(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    write_csv(tmp_path, "a.csv", ["Ann Smith,2001-02-03"])
    source = folder_source(tmp_path)
    # a run on another host that died holding the lock: it stops renewing, so it expires
    remote = Owner(host="other-host", pid=4242, token="dead")
    crashed = PipelineLock(graph, "police", "prun_crashed", ttl_seconds=1, owner=remote)
    crashed.acquire()
    dead_run = RunSummary(run_id="prun_crashed", source="police", trigger="schedule")
    RunRecorder(graph, dead_run, remote.name, remote.host).open(["pick_up"])
    with pytest.raises(LockHeld):
        PipelineLock(graph, "police", "prun_too_early", ttl_seconds=60).acquire()
    time.sleep(1.2)

    summary = run_pipeline(settings, graph, source, [PickUpStep()], PipelineOptions(retry=FAST))

    assert summary.status == "succeeded" and summary.recovered_run_id == "prun_crashed"
    statuses = {r["run_id"]: (r["status"], r["error"]) for r in history(graph, "police")}
    assert statuses["prun_crashed"] == ("abandoned", f"lock of {remote.name} expired")


def test_a_lock_held_by_a_dead_process_on_this_host_is_recovered_at_once(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    write_csv(tmp_path, "a.csv", ["Ann Smith,2001-02-03"])
    code = (
        "import os\n"
        "from touchpoint.graph_model.store.db import Graph\n"
        "from touchpoint.services.pipeline.lock import PipelineLock\n"
        "from touchpoint.graph_model.model.settings import load_settings\n"
        f"s = load_settings(data_dir={str(settings.data_dir)!r}, bolt_port={settings.bolt_port})\n"
        "PipelineLock(Graph.connect(s), 'police', 'prun_killed', ttl_seconds=3600).acquire()\n"
        "os._exit(9)  # crash without releasing\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == 9, done.stderr.decode()
    [lock] = graph.read("pipeline/locks")
    assert lock["held"] and lock["run_id"] == "prun_killed"

    summary = run_pipeline(
        settings, graph, folder_source(tmp_path), [PickUpStep()], PipelineOptions(retry=FAST)
    )

    assert summary.status == "succeeded" and summary.recovered_run_id == "prun_killed"
    [lock] = graph.read("pipeline/locks")
    assert not lock["held"]


def test_a_long_run_keeps_its_lock_alive_by_renewing_it(graph: Graph) -> None:
    with PipelineLock(graph, "slow", "prun_slow", ttl_seconds=1):
        time.sleep(1.6)  # longer than the ttl: renewals every ~0.33 s keep it held
        with pytest.raises(LockHeld):
            PipelineLock(graph, "slow", "prun_other", ttl_seconds=1).acquire()
    PipelineLock(graph, "slow", "prun_after", ttl_seconds=1).acquire()
