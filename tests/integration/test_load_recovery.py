"""A load interrupted at any point and run again ends in exactly the graph one clean run gives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from load_support import assert_same_graph, loader, snapshot

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.admin import wipe
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.mapping import shipped_mappings
from touchpoint.synth import generate

SOURCES = ("gp.registrations", "gp.consultations", "police.incidents", "schools.roll",
           "schools.attendance", "benefits.claims", "benefits.address_changes")  # fmt: skip


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(out, 120, seed=11, scenario_rate=0.2)
    return out


def mappings():
    return [m for m in shipped_mappings() if m.source in SOURCES]


def clean_snapshot(graph: Graph, world: Path, tmp_path: Path):
    wipe(graph)
    results = loader(graph, tmp_path).load_directory(world, mappings())
    assert {r.status for r in results} == {"completed"}
    return snapshot(graph)


class Crash(Exception):
    """Stands in for any failure half-way through a load (driver error, bug, full disk)."""


@pytest.mark.parametrize("crash_after_batch", [1, 4])
def test_a_load_that_fails_midway_and_is_rerun_converges_to_a_clean_load(
    graph: Graph, world: Path, tmp_path: Path, crash_after_batch: int
) -> None:
    def crash(batch: int) -> None:
        if batch == crash_after_batch:
            raise Crash(f"after batch {batch}")

    with pytest.raises(Crash):
        loader(graph, tmp_path, batch_size=25, after_batch=crash).load_directory(world, mappings())
    failed = [r for r in graph.read("load/runs_list", limit=50) if r["status"] == "failed"]
    assert len(failed) == 1 and "Crash: after batch" in failed[0]["error"]

    rerun = loader(graph, tmp_path, batch_size=25).load_directory(world, mappings())
    assert {r.status for r in rerun} == {"completed"}
    assert max(r.attempts for r in rerun) == 2  # the failed run was continued, not duplicated
    assert all(r.rows_read == r.rows_loaded + r.rows_quarantined for r in rerun)
    after_rerun = snapshot(graph)
    assert_same_graph(after_rerun, clean_snapshot(graph, world, tmp_path))


KILLER = textwrap.dedent(
    """
    import os, signal
    from pathlib import Path
    from touchpoint.graph_model.store.db import Graph
    from touchpoint.graph_model.model.settings import load_settings
    from touchpoint.loaders.load import Loader
    from touchpoint.loaders.mapping import shipped_mappings

    def die(batch):
        if batch == 3:
            os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no finally: a real crash

    sources = {sources!r}
    graph = Graph.connect(load_settings())
    mappings = [m for m in shipped_mappings() if m.source in sources]
    Loader(graph, Path({qdir!r}), batch_size=20, after_batch=die).load_directory(
        Path({world!r}), mappings
    )
    """
)


def test_a_killed_load_is_marked_interrupted_and_the_rerun_converges(
    graph: Graph, settings: Settings, world: Path, tmp_path: Path
) -> None:
    if not settings.uses_local_server:
        pytest.skip("the killed loader must reach the same server through env settings")
    code = KILLER.format(sources=SOURCES, qdir=str(tmp_path / "q"), world=str(world))
    env = {**os.environ, "TOUCHPOINT_DATA_DIR": str(settings.data_dir),
           "TOUCHPOINT_BOLT_PORT": str(settings.bolt_port)}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    running = graph.read("load/runs_running")
    assert len(running) == 1  # the killed process left its run "running"

    rerunner = loader(graph, tmp_path, batch_size=20)
    assert rerunner.supersede_dead_runs() == [running[0]["run_id"]]
    run = graph.read_one("load/run_get", run_id=running[0]["run_id"])["run"]
    assert run["status"] == "interrupted" and "stopped before the load finished" in run["error"]

    rerun = rerunner.load_directory(world, mappings())
    assert {r.status for r in rerun} == {"completed"}
    assert_same_graph(snapshot(graph), clean_snapshot(graph, world, tmp_path))
