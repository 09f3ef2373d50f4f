"""Finding 1 of issue 20: a stray quote must not swallow a file. Every physical line of an
extract is the header, a blank line, or part of exactly one record that was loaded or
quarantined; a quote that never closes costs its own line only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reliability_support import HEADER, load_police, person_count, police_row, write_police

from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.load import Loader
from touchpoint.loaders.mapping import shipped_mappings
from touchpoint.loaders.sources import SourceFile
from touchpoint.synth import generate


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(out, 150, seed=3, scenario_rate=0.2)
    return out


def quarantined(graph: Graph, run_id: str) -> list[dict]:
    return graph.read("load/run_quarantined", run_id=run_id, limit=10_000)


def test_a_stray_quote_in_row_10_of_2000_costs_that_row_alone(graph: Graph, tmp_path: Path) -> None:
    rows = [police_row(n) for n in range(1, 2001)]
    rows[9] = police_row(10, location='"Market Street')  # opens a quote that never closes
    directory = write_police(tmp_path, rows)

    result = load_police(graph, tmp_path, directory)

    assert result.status == "completed", result.error
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2000, 1999, 1)
    assert person_count(graph) == 1999
    [bad] = quarantined(graph, result.run_id)
    assert bad["line"] == 10 and bad["raw"] == rows[9]
    assert "quote" in bad["reason"] and "never closes" in bad["reason"]


def test_malformed_rows_that_swallow_the_next_line_are_quarantined_alone(
    graph: Graph, tmp_path: Path
) -> None:
    rows = [police_row(n) for n in range(1, 422)]
    broken = list(range(5, 421, 30))[:14]  # 14 rows whose quote closes on the next line
    for n in broken:
        rows[n - 1] = police_row(n, location='"Unit 4')
        rows[n] = police_row(n + 1, location='Flat "B"')
    directory = write_police(tmp_path, rows)

    result = load_police(graph, tmp_path, directory)

    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (421, 407, 14)
    assert sorted(r["line"] for r in quarantined(graph, result.run_id)) == broken
    assert person_count(graph) == 407


def test_a_quoted_field_with_real_line_breaks_is_still_one_record(
    graph: Graph, tmp_path: Path
) -> None:
    rows = [police_row(1), police_row(2, location='"Flat 1\nMarket Street, ""the old mill"""'),
            police_row(3)]  # fmt: skip
    result = load_police(graph, tmp_path, write_police(tmp_path, rows))
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 3, 0)
    locations = {r["props"].get("location") for r in graph.read("load/snapshot_nodes")}
    assert 'Flat 1 Market Street, "the old mill"' in locations  # (strip folds the line break)


def test_a_reader_that_loses_a_row_fails_the_load_with_both_counts(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = write_police(tmp_path, [police_row(n) for n in range(1, 51)])
    honest = SourceFile.rows

    def lossy(self: SourceFile):  # a parser bug that drops row 20 without a word
        return (row for row in honest(self) if row.number != 20)

    monkeypatch.setattr(SourceFile, "rows", lossy)
    result = load_police(graph, tmp_path, directory)

    assert result.status == "failed"
    assert "51" in result.error and "50" in result.error  # physical lines vs lines accounted
    run = graph.read_one("load/run_get", run_id=result.run_id)["run"]
    assert run["status"] == "failed" and run["error"] == result.error


def test_the_quarantine_keeps_a_long_offending_row_whole_and_says_where_it_cut(
    graph: Graph, tmp_path: Path
) -> None:
    long_row = police_row(2, location="x" * 300_000)  # over the 10,000-character field limit
    result = load_police(graph, tmp_path, write_police(tmp_path, [police_row(1), long_row]))

    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    [entry] = [json.loads(x) for x in Path(result.quarantine_file).read_text().splitlines()]
    assert entry["raw"] == long_row and entry["raw_length"] == len(long_row)
    assert entry["raw_truncated"] is False
    [node] = quarantined(graph, result.run_id)
    assert node["raw"].startswith(long_row[:1000])
    assert f"(truncated: {len(long_row):,} characters" in node["raw"]


def test_an_unterminated_quote_on_the_last_line_is_quarantined_not_lost(
    graph: Graph, tmp_path: Path
) -> None:
    rows = [police_row(1), police_row(2), police_row(3, location='"no end')]
    result = load_police(graph, tmp_path, write_police(tmp_path, rows))
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)


def test_nul_bytes_and_blank_lines_are_accounted_for(graph: Graph, tmp_path: Path) -> None:
    text = "\n".join([HEADER, police_row(1), "", police_row(2, surname="SM\x00ITH"), "  ",
                      police_row(3)]) + "\n"  # fmt: skip
    directory = write_police(tmp_path, [], raw=text.encode("utf-8"))
    result = load_police(graph, tmp_path, directory)
    assert result.status == "completed", result.error
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    [bad] = quarantined(graph, result.run_id)
    assert "NUL" in bad["reason"]


@pytest.mark.parametrize(
    ("source", "unit"),
    [("hospital.ae_attendances", "lines"), ("benefits.claims", "rows"),
     ("social_care.person", "rows")],
)  # fmt: skip
def test_json_lines_parquet_and_sql_readers_are_held_to_their_own_counts_too(
    graph: Graph,
    tmp_path: Path,
    world: Path,
    monkeypatch: pytest.MonkeyPatch,
    source: str,
    unit: str,
) -> None:
    (mapping,) = [m for m in shipped_mappings() if m.source == source]
    honest = Loader(graph, tmp_path / "q").load_file(mapping, world)
    assert honest.status == "completed" and honest.physical_unit == unit
    assert honest.accounted_count == honest.physical_count > 0
    original = SourceFile.rows
    monkeypatch.setattr(SourceFile, "rows", lambda self: (r for r in original(self)
                                                          if r.number != 2))  # fmt: skip
    lossy = Loader(graph, tmp_path / "q").load_file(mapping, world, force=True)
    assert lossy.status == "failed"
    assert f"has {honest.physical_count:,} physical {unit}" in lossy.error
    assert f"accounted for {honest.physical_count - 1:,}" in lossy.error
