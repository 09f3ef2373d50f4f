"""Finding 2 of issue 20: the same record key twice in one file. The first row is loaded, every
later one is quarantined with the row it repeats (and the columns that differ), so the report
never says 239 loaded while 233 records exist."""

from __future__ import annotations

import json
from pathlib import Path

from reliability_support import load_police, person_count, police_row, write_police

from touchpoint.graph_model.store.db import Graph

REPEATED = [3, 40, 41, 100, 150, 199]  # record keys given again at the end of the file


def rows_with_duplicates() -> list[str]:
    rows = [police_row(n) for n in range(1, 234)]
    rows += [police_row(n, surname="CHANGED") for n in REPEATED[:-1]]
    rows.append(police_row(REPEATED[-1]))  # an exact repeat: still one record, still counted
    return rows


def test_duplicate_record_keys_are_quarantined_and_the_first_row_stays(
    graph: Graph, tmp_path: Path
) -> None:
    directory = write_police(tmp_path, rows_with_duplicates())

    result = load_police(graph, tmp_path, directory, batch_size=50)  # repeats cross chunks

    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (239, 233, 6)
    assert person_count(graph) == result.rows_loaded == 233
    surnames = {r["props"].get("surname") for r in graph.read("load/snapshot_nodes")}
    assert "Changed" not in surnames  # the later conflicting rows did not overwrite the first
    stored = graph.read("load/run_quarantined", run_id=result.run_id, limit=100)
    assert [r["line"] for r in stored] == list(range(234, 240))
    first = stored[0]["reason"]
    assert "duplicate record key 'WY-00003|1'" in first and "row 3" in first
    assert "Surname" in first  # names the column that differs
    assert "same as row 199" in stored[-1]["reason"]
    in_file = [json.loads(x) for x in Path(result.quarantine_file).read_text().splitlines()]
    assert [e["row"] for e in in_file] == list(range(234, 240))


def test_a_rerun_of_a_file_with_duplicates_gives_the_same_counts_and_graph(
    graph: Graph, tmp_path: Path
) -> None:
    directory = write_police(tmp_path, rows_with_duplicates())
    first = load_police(graph, tmp_path, directory, batch_size=40)
    again = load_police(graph, tmp_path, directory, batch_size=7, force=True)
    figures = ("rows_read", "rows_loaded", "rows_quarantined")
    assert [getattr(first, f) for f in figures] == [getattr(again, f) for f in figures]
    assert graph.read_one("admin/count_label", label="QuarantinedRow")["count"] == 6
