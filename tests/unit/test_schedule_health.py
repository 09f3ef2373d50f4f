"""Health: the scheduler counts as alive only while its heartbeat is fresh, and health answers
even when the graph does not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from touchpoint.graph_model.model.settings import load_settings
from touchpoint.services.pipeline.operations import health, quarantine_csv
from touchpoint.services.pipeline.scheduler import write_heartbeat_file


def _beat(at: datetime) -> dict:
    return {
        "scheduler_id": "host:42",
        "at": at.isoformat(),
        "next_runs": [{"source": "police", "next_run_time": "2026-11-29T02:30:00+00:00"}],
    }


def test_a_fresh_heartbeat_means_alive_with_its_next_runs(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, bolt_port=1, neo4j_password="unused")
    write_heartbeat_file(settings, _beat(datetime.now(UTC) - timedelta(seconds=5)))

    report = health(settings, None, heartbeat_seconds=15)

    assert report["neo4j"]["reachable"] is False
    state = report["scheduler"]
    assert state["alive"] is True and state["scheduler_id"] == "host:42"
    assert [run["source"] for run in state["next_runs"]] == ["police"]


def test_a_heartbeat_older_than_three_intervals_means_not_running(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, bolt_port=1, neo4j_password="unused")
    write_heartbeat_file(settings, _beat(datetime.now(UTC) - timedelta(minutes=5)))

    state = health(settings, None, heartbeat_seconds=15)["scheduler"]

    assert state["alive"] is False and state["age_seconds"] >= 300


def test_no_heartbeat_at_all_means_not_running(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, bolt_port=1, neo4j_password="unused")

    state = health(settings, None)["scheduler"]

    assert (state["alive"], state["last_heartbeat"], state["next_runs"]) == (False, None, [])


def test_the_quarantine_download_keeps_reasons_and_raw_rows_with_commas_intact() -> None:
    text = quarantine_csv(
        [{"source": "police", "line": 4, "reason": "bad type, not mapped", "raw": 'a,"b",c'}]
    )

    header, row = text.splitlines()
    assert header.startswith("source,pipeline_run_id,load_run_id,file,line,reason,raw")
    assert row == 'police,,,,4,"bad type, not mapped","a,""b"",c",'
