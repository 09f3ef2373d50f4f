"""Shared fixtures: a real Neo4j for integration tests, never a mock.

Tests use their own server (data dir ``.touchpoint-test``, Bolt port 7688 by default) so a test
run never wipes an analyst's demo graph. Set TOUCHPOINT_TEST_BOLT_PORT / TOUCHPOINT_TEST_DATA_DIR
to run several suites side by side. To test against an existing Neo4j 5 server instead, set
NEO4J_URI (and user/password/database) *and* TOUCHPOINT_TEST_ALLOW_WIPE=1: its data is wiped.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from touchpoint.graph_model.model.settings import Settings, load_settings
from touchpoint.graph_model.store.admin import wipe
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.schema import migrate
from touchpoint.graph_model.store.server import LocalServer

REPO = Path(__file__).resolve().parents[1]
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
"""``gw0``, ``gw1`` … under ``pytest -n N`` (pytest-xdist); empty in a serial run."""


def _worker_index() -> int:
    return int(WORKER[2:]) if WORKER.startswith("gw") and WORKER[2:].isdigit() else 0


def _per_worker(data_dir: Path, bolt_port: int) -> tuple[Path, int]:
    """Each xdist worker has its own test server (data dir and Bolt port): the tests wipe the
    database between tests, so two workers on one server would wipe each other's data. The
    first worker uses the configured ones, so a serial run and ``-n 2`` share a server."""
    index = _worker_index()
    if index == 0:
        return data_dir, bolt_port
    return data_dir.with_name(f"{data_dir.name}-{WORKER}"), bolt_port + index


TEST_DATA_DIR, TEST_BOLT_PORT = _per_worker(
    Path(os.environ.get("TOUCHPOINT_TEST_DATA_DIR", REPO / ".touchpoint-test")),
    int(os.environ.get("TOUCHPOINT_TEST_BOLT_PORT", "7688")),
)


def _test_settings() -> Settings:
    if os.environ.get("NEO4J_URI"):
        if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
            pytest.exit(
                "NEO4J_URI names one database, and parallel workers would wipe each other's "
                "data: run the suite serially there (make test TEST_WORKERS=0, or pytest -n 0).",
                returncode=4,
            )
        if os.environ.get("TOUCHPOINT_TEST_ALLOW_WIPE") != "1":
            pytest.exit(
                "NEO4J_URI is set: the integration tests would wipe that database. "
                "Set TOUCHPOINT_TEST_ALLOW_WIPE=1 to allow it, or unset NEO4J_URI.",
                returncode=4,
            )
        return load_settings(data_dir=TEST_DATA_DIR)
    return load_settings(
        data_dir=TEST_DATA_DIR,
        bolt_port=TEST_BOLT_PORT,
        neo4j_heap="1g",
        neo4j_pagecache="512m",
        neo4j_tx_memory="1g",
    )


@pytest.fixture(scope="session")
def settings() -> Settings:
    return _test_settings()


def _hold_test_server(data_dir: Path):
    """One test run per test server at a time, held until the run ends: two runs on one
    server wipe each other's data between tests (a browser test then sees its session refused
    or its nodes come back), and the first to finish stops the server under the other."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = open(data_dir / "suite.lock", "w")  # noqa: SIM115 - held for the whole session
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        pytest.exit(
            f"Another test run is using the test server of {data_dir}. Wait for it, or run "
            "side by side with another TOUCHPOINT_TEST_DATA_DIR and TOUCHPOINT_TEST_BOLT_PORT.",
            returncode=4,
        )
    return lock


@pytest.fixture(scope="session")
def neo4j_server(settings: Settings) -> Iterator[Settings]:
    """Start (or reuse) the test server once per session; stop it at the end if we started it."""
    lock = _hold_test_server(settings.data_dir)
    try:
        yield from _serve(settings)
    finally:
        lock.close()


def _serve(settings: Settings) -> Iterator[Settings]:
    if not settings.uses_local_server:
        yield settings
        return
    server = LocalServer(settings)
    was_running = server.status().running
    server.start()
    yield settings
    if not was_running and os.environ.get("TOUCHPOINT_TEST_KEEP_SERVER") != "1":
        server.stop()


@pytest.fixture(scope="session")
def migrated_graph(neo4j_server: Settings) -> Iterator[Graph]:
    graph = Graph.connect(neo4j_server)
    migrate(graph)
    yield graph
    graph.close()


@pytest.fixture
def graph(migrated_graph: Graph) -> Graph:
    """A connected graph with the schema applied and no data (wiped before each test)."""
    wipe(migrated_graph)
    return migrated_graph
