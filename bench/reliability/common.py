"""Shared plumbing of the fault runs: a server of their own, the CLI as a subprocess (the way
an operator runs it, so SIGKILL hits a real ``touchpoint load``), synthetic worlds, figures.

The runs use ``TOUCHPOINT_DATA_DIR`` / ``TOUCHPOINT_BOLT_PORT`` when set, else
``<repo>/.touchpoint-dev`` on port 7787: never an analyst's graph, and they wipe it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from touchpoint.graph_model.model.settings import Settings, load_settings
from touchpoint.graph_model.store.admin import wipe
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.fingerprint import Fingerprint, fingerprint
from touchpoint.graph_model.store.schema import migrate
from touchpoint.graph_model.store.server import LocalServer
from touchpoint.synth import generate

REPO = Path(__file__).resolve().parents[2]


def bench_settings() -> Settings:
    data_dir = Path(os.environ.get("TOUCHPOINT_DATA_DIR", REPO / ".touchpoint-dev"))
    port = int(os.environ.get("TOUCHPOINT_BOLT_PORT", "7787"))
    # a long start timeout: recovery after the JVM was killed is slow on a busy machine
    return load_settings(data_dir=data_dir, bolt_port=port, neo4j_heap="1g",
                         neo4j_pagecache="512m", neo4j_tx_memory="1g",
                         neo4j_start_timeout=900)  # fmt: skip


def cli_env(settings: Settings) -> dict[str, str]:
    return {**os.environ, "TOUCHPOINT_DATA_DIR": str(settings.data_dir),
            "TOUCHPOINT_BOLT_PORT": str(settings.bolt_port)}  # fmt: skip


def cli(
    settings: Settings, *args: str, extra_env: dict[str, str] | None = None, **popen: Any
) -> subprocess.Popen:
    """Start ``touchpoint ARGS`` in its own process (stdout/stderr captured); ``extra_env``
    e.g. puts a baseline checkout first on ``PYTHONPATH``."""
    command = [sys.executable, "-m", "touchpoint.cli.main", *args]
    env = {**cli_env(settings), **(extra_env or {})}
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            **popen)  # fmt: skip


def finish(process: subprocess.Popen, timeout: float = 1800) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def load_args(world: Path, qdir: Path, *extra: str) -> list[str]:
    return ["load", str(world), "--quarantine-dir", str(qdir), "--json", *extra]


def start_server(settings: Settings) -> Graph:
    LocalServer(settings).start()
    graph = Graph.connect(settings)
    migrate(graph)
    return graph


def fresh(graph: Graph) -> None:
    wipe(graph)


def world(settings: Settings, people: int, seed: int) -> Path:
    """A synthetic world, generated once per (people, seed) under the data dir."""
    out = settings.data_dir / "bench-worlds" / f"people{people}-seed{seed}"
    if not (out / ".complete").exists():
        generate(out, people, seed=seed, scenario_rate=0.05)
        (out / ".complete").touch()
    return out


def count(graph: Graph, label: str) -> int:
    return graph.read_one("admin/count_label", label=label)["count"]  # type: ignore[index]


def wait_for(condition: Callable[[], Any], timeout: float, poll: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(poll)
    raise TimeoutError(f"condition not met within {timeout:.0f} s")


def same(a: Fingerprint, b: Fingerprint) -> str:
    return "identical" if a == b else f"DIFFERENT ({a} vs {b})"


def save(name: str, figures: dict[str, Any]) -> Path:
    """Keep the figures next to the script (results/NAME.json) for docs/reliability.md."""
    path = Path(__file__).with_name("results") / f"{name}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    return path


__all__ = ["Fingerprint", "fingerprint"]
