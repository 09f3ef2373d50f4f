"""Finding 3 of issue 20: a load guard per source, atomic. A load of one source never blocks
another source; two loads of the same extract started at once never both proceed; a scheduled
run that finds its extract busy is tried again later — no traceback, no failure hook."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

import pytest
from reliability_support import HeldLoad

from touchpoint.graph_model.model.errors import GraphUnavailable, TouchpointError
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.load import Loader
from touchpoint.loaders.load_lock import LoadBusy, LoadLocks
from touchpoint.loaders.mapping import Mapping, shipped_mappings
from touchpoint.services.pipeline import runner
from touchpoint.services.pipeline.adapters import LoadStep, PickUpStep
from touchpoint.services.pipeline.operations import history
from touchpoint.services.pipeline.runner import PipelineOptions, RetryPolicy, run_pipeline
from touchpoint.services.pipeline.scheduler import SchedulerService
from touchpoint.services.pipeline.sources import (
    FailureHook,
    Registry,
    Source,
    parse_source,
    save_registry,
)
from touchpoint.synth import generate

FAST = RetryPolicy(attempts=2, base_seconds=0.01, max_seconds=0.05)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(out, 80, seed=5, scenario_rate=0.2)
    return out


@pytest.fixture(autouse=True)
def local_only(settings: Settings) -> None:
    if not settings.uses_local_server:
        pytest.skip("the holding process must reach the same server through env settings")


def shipped(*sources: str) -> list[Mapping]:
    return [m for m in shipped_mappings() if m.source in sources]


def police_source(tmp_path: Path, world: Path) -> Source:
    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(world / "police" / "incidents.csv", drop / "incidents.csv")
    return parse_source({"name": "police", "mapping": "police_incidents",
                         "location": {"kind": "folder", "folder": str(drop), "glob": "*.csv"},
                         "schedule": {"every": "1d"}})  # fmt: skip


def test_a_load_of_one_source_does_not_block_a_load_of_another(
    graph: Graph, settings: Settings, world: Path, tmp_path: Path
) -> None:
    held = HeldLoad(settings, world, tmp_path)  # police.incidents, held open mid-load
    try:
        (gp,) = shipped("gp.registrations")
        result = Loader(graph, tmp_path / "q").load_file(gp, world)
    finally:
        held.release()
    assert result.status == "completed" and result.rows_loaded > 0


def test_two_loads_of_the_same_directory_started_at_once_exactly_one_proceeds(
    graph: Graph, world: Path, tmp_path: Path
) -> None:
    mappings = shipped("police.incidents", "gp.registrations")
    start, turned_away = threading.Barrier(2), threading.Event()
    outcomes: dict[str, object] = {}

    def load(name: str) -> None:
        def hold(batch: int) -> None:  # the winner stays mid-load until the other has tried
            turned_away.wait(20)

        loader = Loader(graph, tmp_path / name, batch_size=10, after_batch=hold)
        start.wait()
        try:
            outcomes[name] = loader.load_directory(world, mappings)
        except TouchpointError as exc:
            outcomes[name] = exc
            turned_away.set()

    threads = [threading.Thread(target=load, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    finished = [o for o in outcomes.values() if isinstance(o, list)]
    refused = [o for o in outcomes.values() if isinstance(o, TouchpointError)]
    assert len(finished) == 1 and len(refused) == 1, outcomes
    assert "is being loaded right now by" in str(refused[0])
    assert {r.status for r in finished[0]} == {"completed"}
    runs = graph.read("load/runs_list", limit=10)
    assert sorted(r["source"] for r in runs) == ["gp.registrations", "police.incidents"]
    assert {r["attempts"] for r in runs} == {1}  # the refused load wrote nothing


def test_a_scheduled_run_whose_extract_is_busy_is_skipped_quietly_not_failed(
    graph: Graph,
    settings: Settings,
    world: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    hooked: list[dict] = []
    monkeypatch.setattr(runner, "notify_failure", lambda hook, summary: hooked.append(summary))
    data = settings.model_copy(update={"data_dir": tmp_path / "data"})
    source = police_source(tmp_path, world)
    options = PipelineOptions(trigger="schedule", retry=FAST,
                              hook=FailureHook(command=["true"]))  # fmt: skip
    caplog.set_level(logging.INFO)

    held = HeldLoad(settings, world, tmp_path)
    try:
        busy = run_pipeline(data, graph, source, [PickUpStep(), LoadStep()], options)
    finally:
        held.release()

    assert busy.status == "skipped_locked", busy.error
    assert "police.incidents is being loaded right now" in (busy.error or "")
    assert hooked == []
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    later = run_pipeline(data, graph, source, [PickUpStep(), LoadStep()], options)
    assert later.status == "succeeded", later.error


def test_the_scheduler_tries_a_busy_run_again_soon(
    graph: Graph, settings: Settings, world: Path, tmp_path: Path
) -> None:
    data = settings.model_copy(update={"data_dir": tmp_path / "data"})
    registry = tmp_path / "sources.yml"
    save_registry(Registry.model_validate({
        "scheduler": {"lock_retry_seconds": 1},
        "sources": [police_source(tmp_path, world).model_dump()],
    }), registry)  # fmt: skip
    service = SchedulerService(
        data, registry, graph=graph, steps_factory=lambda s: [PickUpStep(), LoadStep()],
        jobstore_url=f"sqlite:///{tmp_path / 'jobs.sqlite'}", heartbeat_seconds=30,
    )  # fmt: skip
    service.start()
    try:
        held = HeldLoad(settings, world, tmp_path)
        try:
            assert service.run_source("police", trigger="schedule").status == "skipped_locked"
        finally:
            held.release()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            runs = {(r["trigger"], r["status"]) for r in history(graph, "police")}
            if ("retry", "succeeded") in runs:
                break
            time.sleep(0.2)
        assert ("schedule", "skipped_locked") in runs and ("retry", "succeeded") in runs
        assert {status for _, status in runs} <= {"skipped_locked", "succeeded"}
    finally:
        service.shutdown()


def test_when_the_graph_is_gone_the_load_leases_are_given_up_after_one_try(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    locks = LoadLocks(graph, ttl_seconds=60)
    tries: list[str] = []

    def gone(query: str, **params: object) -> None:
        tries.append(query)
        raise GraphUnavailable("Neo4j at bolt://127.0.0.1:1 did not answer (test)")

    with locks.holding(["police.incidents", "gp.registrations", "schools.roll"], "test"):
        monkeypatch.setattr(graph, "write", gone)
    assert tries == ["pipeline/release_locks"]  # one write for all: one retry window, not 3


def test_a_long_directory_load_keeps_all_its_leases_alive(graph: Graph) -> None:
    sources = ["police.incidents", "gp.registrations"]
    with LoadLocks(graph, ttl_seconds=1).holding(sources, "a long load"):
        time.sleep(1.6)  # past the ttl: the group renewal (every ~0.33 s) keeps both held
        for source in sources:
            with pytest.raises(LoadBusy), LoadLocks(graph, 1).holding([source], "another"):
                pass
    with LoadLocks(graph, 1).holding(sources, "after"):
        pass
