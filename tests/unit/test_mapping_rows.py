"""Readers and the row transformer: every raw row is either loadable or refused with why."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from mapping_support import BASE

from touchpoint.graph_model.model.ids import stable_id
from touchpoint.loaders.mapping import ReaderSpec, load_mapping
from touchpoint.loaders.sources import SourceError, SourceFile, SourceRow
from touchpoint.loaders.transform import RowRejected, RowTransformer


def csv_source(tmp_path: Path, content: bytes) -> SourceFile:
    (tmp_path / "x.csv").write_bytes(content)
    return SourceFile(ReaderSpec(format="csv", path="x.csv"), tmp_path)


def test_csv_rows_with_wrong_field_counts_or_bad_bytes_are_flagged_not_dropped(
    tmp_path: Path,
) -> None:
    source = csv_source(
        tmp_path,
        b'\xef\xbb\xbfA,B\n1,2\n\n3\n4,5,6\n7,\xe9t\xe9\n"multi\nline",8\n',
    )
    assert source.columns() == ["A", "B"]  # the UTF-8 byte-order mark is not part of "A"
    rows = list(source.rows())
    assert [r.number for r in rows] == [1, 2, 3, 4, 5]  # the blank line is not a row
    assert rows[0].values == {"A": "1", "B": "2"}
    assert rows[1].problem == "row has 1 fields but the header has 2"
    assert rows[2].problem == "row has 3 fields but the header has 2"
    assert rows[3].problem == "column 'B' is not valid utf-8"
    assert rows[4].values == {"A": "multi\nline", "B": "8"}


def test_empty_csv_has_no_columns_and_no_rows(tmp_path: Path) -> None:
    source = csv_source(tmp_path, b"")
    assert source.columns() == []
    assert list(source.rows()) == []


def test_jsonl_bad_lines_are_flagged(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_bytes(b'{"a": 1}\nnot json\n[1, 2]\n{"a": "\xff"}\n\n{"a": 2}\n')
    rows = list(SourceFile(ReaderSpec(format="jsonl", path="x.jsonl"), tmp_path).rows())
    assert [r.values for r in rows] == [{"a": 1}, None, None, None, {"a": 2}]
    assert rows[1].problem.startswith("not valid JSON")
    assert rows[2].problem == "a JSON object was expected"
    assert rows[3].problem.startswith("not valid utf-8")


def test_parquet_and_sql_stream_rows_with_native_types(tmp_path: Path) -> None:
    table = pa.table({"ID": ["a", "b"], "D": pa.array([date(2020, 1, 2), None], pa.date32())})
    pq.write_table(table, tmp_path / "x.parquet")
    parquet = SourceFile(ReaderSpec(format="parquet", path="x.parquet"), tmp_path)
    assert parquet.estimate_rows() == 2
    assert [r.values for r in parquet.rows()] == [
        {"ID": "a", "D": date(2020, 1, 2)},
        {"ID": "b", "D": None},
    ]
    with sqlite3.connect(tmp_path / "x.sqlite") as conn:
        conn.execute("CREATE TABLE t (id TEXT, n INTEGER)")
        conn.executemany("INSERT INTO t VALUES (?, ?)", [("a", 1), ("b", None)])
    spec = ReaderSpec(format="sql", path="x.sqlite", query="SELECT id, n FROM t ORDER BY id")
    sql = SourceFile(spec, tmp_path)
    assert sql.columns() == ["id", "n"]
    assert [r.values for r in sql.rows()] == [{"id": "a", "n": 1}, {"id": "b", "n": None}]


def test_a_missing_file_is_a_clear_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"Expected csv file .*nope.csv"):
        SourceFile(ReaderSpec(format="csv", path="nope.csv"), tmp_path)


@pytest.fixture
def transformer(tmp_path: Path) -> RowTransformer:
    path = tmp_path / "police.yml"
    path.write_text(yaml.safe_dump(BASE), encoding="utf-8")
    return RowTransformer(load_mapping(path))


def row(**values: str) -> SourceRow:
    base = {"IncidentRef": "WY-1", "PersonSeq": "1", "IncidentType": "Assault",
            "Role": "VICTIM", "Surname": "SMITH", "Reported": "01/02/2024"}  # fmt: skip
    base.update(values)
    return SourceRow(1, base, None, json.dumps(base))


def test_a_good_row_yields_nodes_and_relationships_with_stable_ids(
    transformer: RowTransformer,
) -> None:
    writes = transformer.transform(row())
    assert writes.record_key == "WY-1|1"
    (person_group, person), (_event_group, event) = writes.nodes
    assert person_group == ("load/person_record", "police")
    assert person == {
        "id": stable_id("rec", "police", "WY-1", "1"),
        "source_record_id": "WY-1|1",
        "props": {"surname": "Smith"},
    }
    assert event["props"] == {"category": "police_incident", "type": "assault",
                              "date": date(2024, 2, 1)}  # fmt: skip
    ((rel_group, rel),) = writes.relationships
    assert rel_group == ("load/rel_involved_in", "police")
    assert (rel["from_id"], rel["to_id"], rel["props"]) == (person["id"], event["id"],
                                                          {"role": "victim"})  # fmt: skip
    assert transformer.transform(row()).relationships[0][1]["rel_id"] == rel["rel_id"]


def test_a_row_with_several_problems_is_refused_with_all_of_them(
    transformer: RowTransformer,
) -> None:
    with pytest.raises(RowRejected) as info:
        transformer.transform(row(IncidentType="ARSON", Reported="31/02/2024", Role="BOSS"))
    reason = info.value.reason
    assert "column 'IncidentType': 'ARSON' is not in the value map (ASSAULT)" in reason
    assert "column 'Reported': '31/02/2024' is not a date in format %d/%m/%Y" in reason
    assert "column 'Role': 'BOSS' is not in the value map" in reason
    assert info.value.record_key == "WY-1|1"


def test_empty_key_missing_column_and_huge_field_are_refused(transformer: RowTransformer) -> None:
    with pytest.raises(RowRejected, match=r"record key column 'PersonSeq' is empty"):
        transformer.transform(row(PersonSeq="  "))
    values = row().values
    del values["Surname"]
    accepted = transformer.transform(SourceRow(2, values))  # optional column: just absent
    assert accepted.nodes[0][1]["props"] == {"surname": None}
    with pytest.raises(RowRejected, match=r"'Surname': value is 20,001 characters long"):
        transformer.transform(row(Surname="x" * 20_001))
    with pytest.raises(RowRejected, match=r"row has 3 fields"):
        transformer.transform(SourceRow(3, None, "row has 3 fields", "a,b,c"))


def test_cypher_looking_text_is_just_data(transformer: RowTransformer) -> None:
    name = "Smith'}) MATCH (n) DETACH DELETE n //"
    writes = transformer.transform(row(Surname=name))
    assert writes.nodes[0][1]["props"]["surname"] == name
