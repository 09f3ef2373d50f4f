"""A ``touchpoint load`` killed with SIGKILL mid-load (it holds the source's lease, its run is
left ``running``) and simply run again ends in the graph one clean load gives, compared by the
content fingerprint of the whole graph. The eight-moment version, the Neo4j JVM killed and
``db stop`` mid-load: ``bench/reliability/kill_loads.py``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.admin import wipe
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.fingerprint import fingerprint
from touchpoint.synth import generate


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(out, 150, seed=9, scenario_rate=0.2)
    return out


def cli_load(settings: Settings, world: Path, qdir: Path) -> subprocess.Popen:
    env = {**os.environ, "TOUCHPOINT_DATA_DIR": str(settings.data_dir),
           "TOUCHPOINT_BOLT_PORT": str(settings.bolt_port)}  # fmt: skip
    args = [sys.executable, "-m", "touchpoint.cli.main", "load", str(world), "--batch-size", "25",
            "--quarantine-dir", str(qdir), "--json"]  # fmt: skip
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_load_killed_mid_way_then_rerun_gives_the_clean_graph(
    graph: Graph, settings: Settings, world: Path, tmp_path: Path
) -> None:
    if not settings.uses_local_server:
        pytest.skip("the CLI process must reach the same server through env settings")
    clean = cli_load(settings, world, tmp_path / "q")
    assert clean.wait(300) == 0, clean.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
    expected = fingerprint(graph)
    wipe(graph)

    victim = cli_load(settings, world, tmp_path / "q")
    deadline = time.monotonic() + 120
    # Kill while a source's run is open: between two sources no run is running, and a kill
    # there would not test the lease a dead process leaves behind.
    while graph.read_one("admin/count_label", label="PersonRecord")[
        "count"
    ] < 200 or not graph.read("load/runs_running"):
        assert victim.poll() is None and time.monotonic() < deadline, "load ended too soon"
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    assert victim.wait(30) == -signal.SIGKILL
    assert fingerprint(graph) != expected, "the kill came too late to leave a partial graph"

    rerun = cli_load(settings, world, tmp_path / "q")
    assert rerun.wait(300) == 0, rerun.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
    assert fingerprint(graph) == expected
    assert graph.read("load/runs_running") == []
