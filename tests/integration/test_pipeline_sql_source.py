"""A SQL-query source over a SQLAlchemy URL, through the real pick-up and the real loader: the
query result is extracted to CSV, loaded with the shipped mapping, bad rows quarantined and
downloadable; an unchanged result is not reloaded, a changed one is; a broken query fails the
run with the database's reason."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.pipeline.adapters import LoadStep, PickUpStep
from touchpoint.services.pipeline.operations import (
    iter_quarantined_rows,
    quarantine_csv,
    run_detail,
)
from touchpoint.services.pipeline.runner import PipelineOptions, RetryPolicy, run_pipeline
from touchpoint.services.pipeline.sources import Source, parse_source
from touchpoint.synth.sources.police import INCIDENT_COLUMNS

FAST = RetryPolicy(attempts=2, base_seconds=0.01, max_seconds=0.05)
COLUMNS = list(INCIDENT_COLUMNS)  # the police extract's own header
GOOD = [
    ("WY-1", "1", "NOM-1", "DOMESTIC ABUSE", "01/02/2024 10:00", "12 High St", "VICTIM",
     "SMITH", "Alice", "03/04/1990", "F", "12 High St", "LS1 1AA", ""),
    ("WY-1", "2", "NOM-2", "DOMESTIC ABUSE", "01/02/2024 10:00", "12 High St", "SUSPECT",
     "SMITH", "Robert", "05/06/1988", "M", "12 High St", "LS1 1AA", ""),
]  # fmt: skip
BAD = ("WY-3", "1", "", "NOT A TYPE", "03/03/2024 22:10", "Park", "VICTIM", "JONES", "Al", "",
       "M", "", "", "")  # fmt: skip
NO_SURNAME = ("WY-5", "1", "", "ASSAULT", "05/03/2024 09:00", "Park", "WITNESS", "", "Bo", "",
              "M", "", "", "")  # fmt: skip
LATER = ("WY-4", "1", "NOM-1", "ASSAULT", "04/03/2024 09:00", "Park", "VICTIM", "SMITH",
         "Alice", "03/04/1990", "F", "12 High St", "LS1 1AA", "")  # fmt: skip


def _database(path: Path, rows: list[tuple[str, ...]]) -> None:
    rows = [row + ("",) * (len(COLUMNS) - len(row)) for row in rows]  # later optional columns
    with sqlite3.connect(path) as conn:
        conn.execute(f"CREATE TABLE IF NOT EXISTS nominals ({', '.join(COLUMNS)})")
        conn.executemany(f"INSERT INTO nominals VALUES ({', '.join('?' * len(COLUMNS))})", rows)


def _source(query: str = "SELECT * FROM nominals ORDER BY IncidentRef, PersonSeq") -> Source:
    return parse_source(
        {
            "name": "police-db",
            "mapping": "police_incidents",
            "location": {"kind": "sql", "url": "sqlite:///${TP_TEST_POLICE_DB}", "query": query},
            "schedule": {"cron": "30 2 * * *"},
        }
    )


@pytest.fixture
def sql_env(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    db = tmp_path / "police.sqlite"
    monkeypatch.setenv("TP_TEST_POLICE_DB", str(db))
    return {"db": db, "settings": settings.model_copy(update={"data_dir": tmp_path / "data"})}


def _run(env: dict, graph: Graph, source: Source):
    return run_pipeline(
        env["settings"], graph, source, [PickUpStep(), LoadStep()], PipelineOptions(retry=FAST)
    )


def test_a_sql_source_is_extracted_loaded_and_its_bad_rows_quarantined(
    graph: Graph, sql_env: dict
) -> None:
    _database(sql_env["db"], [*GOOD, BAD, NO_SURNAME])

    summary = _run(sql_env, graph, _source())

    assert summary.status == "succeeded", summary.error
    assert summary.totals == {"rows_read": 4, "rows_loaded": 2, "rows_quarantined": 2}
    extract = Path(summary.files_new[0])
    assert extract.is_relative_to(sql_env["settings"].data_dir / "pipeline" / "extracts")
    assert next(csv.reader(extract.open(encoding="utf-8"))) == COLUMNS
    [load] = run_detail(graph, summary.run_id)["load_runs"]
    assert (load["status"], load["rows_loaded"]) == ("completed", 2)
    # the download pages through every bad row (here one row per page)
    pages = iter_quarantined_rows(graph, source="police-db", page=1)
    download = list(csv.DictReader(io.StringIO(quarantine_csv(pages))))
    by_raw = {row["raw"].split(",")[0]: row for row in download}
    assert sorted(by_raw) == ["WY-3", "WY-5"] and len(download) == 2
    assert "NOT A TYPE" in by_raw["WY-3"]["reason"]
    assert "Surname" in by_raw["WY-5"]["reason"]


def test_an_unchanged_query_result_is_not_reloaded_and_a_changed_one_is(
    graph: Graph, sql_env: dict
) -> None:
    _database(sql_env["db"], GOOD)
    assert _run(sql_env, graph, _source()).status == "succeeded"

    again = _run(sql_env, graph, _source())
    assert (again.status, again.files_new) == ("no_changes", [])

    _database(sql_env["db"], [LATER])
    changed = _run(sql_env, graph, _source())
    assert changed.status == "succeeded"
    assert changed.totals["rows_read"] == 3 and changed.totals["rows_loaded"] == 3


def test_a_broken_query_fails_the_run_with_the_database_reason(graph: Graph, sql_env: dict) -> None:
    _database(sql_env["db"], GOOD)

    summary = _run(sql_env, graph, _source("SELECT * FROM no_such_table"))

    assert (summary.status, summary.failed_step) == ("failed", "pick_up")
    assert "SQL extract failed" in summary.error and "no_such_table" in summary.error
    [step] = summary.steps
    assert step.attempts == 1  # a wrong query is not transient: no retries
