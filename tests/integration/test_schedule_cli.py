"""``touchpoint schedule …`` end to end: add, list, pause, resume, run-now, history, health,
remove - against the real graph and a job store of the test's own."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from touchpoint.cli.main import cli
from touchpoint.graph_model.store.db import Graph


def _invoke(graph: Graph, registry: Path, *args: str):
    return CliRunner().invoke(
        cli, ["schedule", "--sources", str(registry), *args], obj={"settings": graph.settings}
    )


def _listed(graph: Graph, registry: Path) -> dict[str, dict]:
    result = _invoke(graph, registry, "list", "--json")
    assert result.exit_code == 0, result.output
    return {row["name"]: row for row in json.loads(result.output)}


def test_the_schedule_commands_manage_a_source_and_record_its_runs(
    graph: Graph, tmp_path: Path
) -> None:
    registry = tmp_path / "sources.yml"
    registry.write_text(
        f"scheduler:\n  jobstore_url: sqlite:///{tmp_path / 'jobs.sqlite'}\nsources: []\n",
        encoding="utf-8",
    )
    drop = tmp_path / "drop"
    drop.mkdir()
    added = _invoke(
        graph, registry, "add", "police", "--mapping", "police_incidents",
        "--folder", str(drop), "--cron", "30 2 * * *",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    police = _listed(graph, registry)["police"]
    assert police["enabled"] and police["next_run_time"]
    assert police["schedule"] == "cron 30 2 * * * (Europe/London)"

    assert _invoke(graph, registry, "pause", "police").exit_code == 0
    paused = _listed(graph, registry)["police"]
    assert (paused["enabled"], paused["next_run_time"]) == (False, None)
    assert _invoke(graph, registry, "resume", "police").exit_code == 0
    assert _listed(graph, registry)["police"]["next_run_time"]

    # the drop folder is empty: the run picks up nothing and says so
    ran = _invoke(graph, registry, "run-now", "police", "--json")
    assert ran.exit_code == 0, ran.output
    summary = json.loads(ran.output)
    assert (summary["status"], summary["trigger"]) == ("no_changes", "manual")
    history = json.loads(_invoke(graph, registry, "history", "police", "--json").output)
    assert [run["run_id"] for run in history] == [summary["run_id"]]
    detail = json.loads(
        _invoke(graph, registry, "history", "--run", summary["run_id"], "--json").output
    )
    assert [step["name"] for step in detail["steps"]] == ["pick_up"]
    assert detail["steps"][0]["counts"] == {"files_new": 0, "files_seen": 0}

    health = json.loads(_invoke(graph, registry, "health", "--json").output)
    assert health["neo4j"]["reachable"] is True
    assert health["scheduler"]["alive"] is False  # no `touchpoint scheduler` in this test

    assert _invoke(graph, registry, "remove", "police").exit_code == 0
    assert _listed(graph, registry) == {}
    gone = _invoke(graph, registry, "remove", "police")
    assert gone.exit_code != 0 and "No source named 'police'" in gone.output


def test_adding_a_source_with_a_bad_schedule_names_the_problem_and_saves_nothing(
    graph: Graph, tmp_path: Path
) -> None:
    registry = tmp_path / "sources.yml"
    result = _invoke(
        graph, registry, "add", "police", "--mapping", "police_incidents",
        "--folder", str(tmp_path), "--cron", "every night",
    )  # fmt: skip
    assert result.exit_code != 0
    assert "cron 'every night' is not a valid crontab" in " ".join(result.output.split())
    assert not registry.exists()


def test_adding_a_source_whose_mapping_does_not_exist_is_refused(
    graph: Graph, tmp_path: Path
) -> None:
    registry = tmp_path / "sources.yml"
    result = _invoke(
        graph, registry, "add", "police", "--mapping", "police_incidentz",
        "--folder", str(tmp_path), "--every", "1d",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "mapping police_incidentz not found" in " ".join(result.output.split())
    assert not registry.exists()
