"""Warm start (issue 19, item 3): the setting, the CLI command and the background switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from touchpoint.cli.main import cli
from touchpoint.graph_model.model.settings import load_settings
from touchpoint.services.reads.warm import WarmReport, WarmStep, start_in_background


@pytest.fixture(autouse=True)
def _no_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TOUCHPOINT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.delenv("TOUCHPOINT_WARM_ON_START", raising=False)


def test_db_warm_has_help_that_says_what_it_does() -> None:
    result = CliRunner().invoke(cli, ["db", "warm", "--help"])
    assert result.exit_code == 0, result.output
    assert "page cache and query plans" in result.output
    assert "read only" in result.output
    assert "TOUCHPOINT_WARM_ON_START" in result.output
    assert "--no-plans" in result.output and "--json" in result.output


def test_db_group_lists_warm() -> None:
    result = CliRunner().invoke(cli, ["db", "--help"])
    assert result.exit_code == 0
    assert "warm" in result.output


def test_warm_on_start_is_on_by_default_and_the_environment_turns_it_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings().warm_on_start is True
    monkeypatch.setenv("TOUCHPOINT_WARM_ON_START", "0")
    assert load_settings().warm_on_start is False


def test_no_background_warm_up_when_the_setting_is_off() -> None:
    assert start_in_background(load_settings(warm_on_start=False)) is None


def test_a_background_warm_up_against_a_down_graph_never_raises(tmp_path: Path) -> None:
    settings = load_settings(neo4j_uri="bolt://127.0.0.1:9", neo4j_password="x", data_dir=tmp_path)
    thread = start_in_background(settings)
    assert thread is not None and thread.daemon
    thread.join(timeout=60)
    assert not thread.is_alive()


def test_the_report_says_what_was_touched_and_what_was_skipped() -> None:
    report = WarmReport(
        [
            WarmStep("nodes Person", 0.5, {"nodes": 1200, "properties": 6000}),
            WarmStep("rels RESOLVES_TO", 0.25, {"relationships": 3000, "properties": 9000}),
            WarmStep("index event", 0.1, error="ClientError: no such index"),
            WarmStep("plans pages", 0.2, {"plans": 6}),
        ],
        seconds=1.05,
    )
    assert report.summary() == (
        "Warmed 1,200 nodes, 3,000 relationships, 0 index group(s) and 6 query plan(s) "
        "in 1.1s, 1 step(s) skipped"
    )
    assert report.steps[0].describe() == "nodes Person: nodes 1,200, properties 6,000 in 0.50s"
    assert "skipped (ClientError: no such index)" in report.steps[2].describe()
