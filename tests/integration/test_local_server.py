"""The embedded default server: lifecycle, idempotent start, clear failures."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j.exceptions import ClientError
from pydantic import SecretStr

from touchpoint.graph_model.model.errors import GraphUnavailable, ServerError
from touchpoint.graph_model.model.settings import Settings, load_settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.server import LocalServer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def scratch_settings(tmp_path: Path) -> Settings:
    """A second, throwaway server so lifecycle tests never disturb the session server."""
    return load_settings(
        data_dir=tmp_path / "data",
        bolt_port=_free_port(),
        neo4j_heap="512m",
        neo4j_pagecache="128m",
        neo4j_tx_memory="256m",
    )


def test_start_is_idempotent_and_reuses_the_running_server(neo4j_server: Settings) -> None:
    if not neo4j_server.uses_local_server:
        pytest.skip("external NEO4J_URI in use")
    server = LocalServer(neo4j_server)
    first = server.status()
    again = server.start()
    assert first.running and again.running
    assert again.pid == first.pid


def test_status_reports_running_server_with_its_pid(neo4j_server: Settings) -> None:
    if not neo4j_server.uses_local_server:
        pytest.skip("external NEO4J_URI in use")
    status = LocalServer(neo4j_server).status()
    assert status.running
    assert status.pid is not None
    assert status.uri == f"bolt://127.0.0.1:{neo4j_server.bolt_port}"


def test_stop_then_start_keeps_data_and_store_is_clean(scratch_settings: Settings) -> None:
    server = LocalServer(scratch_settings)
    server.start()
    try:
        with Graph.connect(scratch_settings) as graph:
            graph.run_statement(
                "CREATE (:Agency {agency_id: 'police', name: 'Police'})", "test/create"
            )
        assert server.stop() is True
        assert server.status().running is False
        for _ in range(2):  # two more cycles: no corruption, no recovery needed
            server.start()
            with Graph.connect(scratch_settings) as graph:
                rows = graph.read("admin/count_label", label="Agency")
            assert rows == [{"count": 1}]
            server.stop()
        debug_log = (scratch_settings.neo4j_home / "logs" / "debug.log").read_text()
        assert "recovery" not in debug_log.lower() or "not required" in debug_log.lower()
    finally:
        server.stop()


def test_password_file_is_generated_and_private(scratch_settings: Settings) -> None:
    server = LocalServer(scratch_settings)
    server.start()
    try:
        mode = scratch_settings.password_file.stat().st_mode & 0o777
        assert mode == 0o600
        assert len(scratch_settings.password_file.read_text().strip()) >= 24
    finally:
        server.stop()


def test_wrong_password_is_rejected_with_clear_message(neo4j_server: Settings) -> None:
    if not neo4j_server.uses_local_server:
        pytest.skip("external NEO4J_URI in use")
    bad = neo4j_server.model_copy(update={"neo4j_password": SecretStr("definitely-wrong")})
    with pytest.raises(GraphUnavailable, match="rejected the credentials"):
        Graph.connect(bad)


def test_stop_when_nothing_runs_says_so(scratch_settings: Settings) -> None:
    assert LocalServer(scratch_settings).stop() is False


def test_start_refuses_a_port_taken_by_another_process(scratch_settings: Settings) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", scratch_settings.bolt_port))
        blocker.listen(1)
        with pytest.raises(ServerError, match=r"Port \d+ on 127.0.0.1 is taken"):
            LocalServer(scratch_settings).start()


def test_start_without_java_names_the_missing_tool(scratch_settings: Settings) -> None:
    settings = scratch_settings.model_copy(update={"java": "no-such-java-binary"})
    with pytest.raises(ServerError, match=r"Java .* is not on PATH"):
        LocalServer(settings).start()


def test_build_without_maven_names_the_missing_tool(
    scratch_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "touchpoint.graph_model.store.server._launcher_digest", lambda: "force-a-rebuild"
    )
    settings = scratch_settings.model_copy(update={"mvn": "no-such-mvn-binary"})
    with pytest.raises(ServerError, match=r"Maven .* is not on PATH"):
        LocalServer(settings).build_launcher()


def test_start_reports_jvm_failure_with_log_tail(scratch_settings: Settings) -> None:
    settings = scratch_settings.model_copy(update={"neo4j_heap": "not-a-size"})
    with pytest.raises(ServerError, match="exited during start-up"):
        LocalServer(settings).start()


def test_load_csv_reads_only_the_import_folder(graph: Graph, tmp_path: Path) -> None:
    """LOAD CSV is confined to the server's import folder: no reading arbitrary local files."""
    if not graph.settings.uses_local_server:
        pytest.skip("external NEO4J_URI in use")
    inside = graph.settings.neo4j_home / "import" / "probe.csv"
    inside.write_text("a\n1\n2\n", encoding="utf-8")
    outside = tmp_path / "secret.csv"
    outside.write_text("a\n1\n", encoding="utf-8")
    count = "LOAD CSV WITH HEADERS FROM $url AS row RETURN count(row) AS n"
    try:
        with graph._session() as session:  # test-only literal query, not user input
            assert session.run(count, url="file:///probe.csv").single()["n"] == 2
            with pytest.raises(ClientError, match=r"(?i)external resource|couldn't load"):
                session.run(count, url=outside.as_uri()).consume()
    finally:
        inside.unlink()


def test_a_second_test_run_on_the_same_test_server_is_refused_before_it_wipes_anything(
    graph,
) -> None:
    """This run holds its test server: another pytest pointed at the same data dir stops at
    once with a clear message (it would wipe this run's data between its own tests)."""
    repo = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}
    env |= {"TOUCHPOINT_TEST_DATA_DIR": str(graph.settings.data_dir),
            "TOUCHPOINT_TEST_BOLT_PORT": str(graph.settings.bolt_port)}  # fmt: skip
    one_test = "tests/integration/test_warm.py::test_an_empty_graph_warms_without_a_sample_person"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", one_test],
        cwd=repo, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode == 4, result.stdout + result.stderr
    assert "Another test run is using the test server" in result.stdout + result.stderr
