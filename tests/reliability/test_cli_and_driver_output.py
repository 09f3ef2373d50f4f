"""Finding 4 of issue 20 (the reliability half): ``touchpoint load --json`` always prints one
result object, also when the load aborts, and the driver's retries while Neo4j is away are one
short line per wait instead of a minute of multi-line connection errors."""

from __future__ import annotations

import json
import logging
import socket
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase
from reliability_support import police_row, write_police

from touchpoint.cli.main import cli
from touchpoint.graph_model.model.errors import GraphUnavailable
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph


def closed_port() -> int:
    with socket.socket() as probe:  # bound, then released: nothing listens there afterwards
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_load_json_prints_an_object_with_the_error_when_the_load_aborts(
    settings: Settings, tmp_path: Path
) -> None:
    directory = write_police(tmp_path, [police_row(1)])
    away = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{closed_port()}"})
    result = CliRunner().invoke(cli, ["load", str(directory), "--json"], obj={"settings": away})
    assert result.exit_code == 1
    outcome = json.loads(result.stdout)
    assert outcome["status"] == "aborted" and outcome["results"] == []
    assert "did not answer" in outcome["error"]


def test_load_json_reports_a_failed_file_with_its_figures(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    directory = write_police(tmp_path, [], raw=b"%PDF-1.7\n")
    args = ["load", str(directory), "--json", "--quarantine-dir", str(tmp_path / "q")]
    result = CliRunner().invoke(cli, args, obj={"settings": settings})
    assert result.exit_code == 1
    outcome = json.loads(result.stdout)
    assert outcome["status"] == "failed"
    [police] = outcome["results"]
    assert police["status"] == "failed" and "is a PDF document" in police["error"]


def test_driver_retries_while_neo4j_is_away_are_one_short_line_per_wait(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    uri = f"bolt://127.0.0.1:{closed_port()}"
    away = settings.model_copy(update={"neo4j_uri": uri})
    driver = GraphDatabase.driver(uri, auth=("neo4j", "x"), max_transaction_retry_time=2.5,
                                  connection_timeout=1)  # fmt: skip
    caplog.set_level(logging.WARNING)
    started = time.monotonic()
    with Graph(away, driver=driver) as graph, pytest.raises(GraphUnavailable):
        graph.write("load/run_interrupted", run_id="x", error="y")
    waits = [r.getMessage() for r in caplog.records if r.name.startswith("neo4j")]
    assert waits, "the driver retried without a word"
    assert time.monotonic() - started < 30
    for line in waits:
        assert "\n" not in line and len(line) < 220, line
        assert line.startswith("Neo4j: ServiceUnavailable: ") and "retrying in" in line, line
