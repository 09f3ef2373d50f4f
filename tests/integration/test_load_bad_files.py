"""Deliberately bad extracts in the other formats: JSON Lines, declared and wrong encodings,
corrupt Parquet. Every row is accounted for (read = loaded + quarantined) or the file fails
as a whole, before any write, with a message that says why."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from load_support import loader

from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.mapping import MAPPINGS_DIR, Mapping, load_mapping, shipped_mappings

CYPHER_NAME = "Hardy'}) MATCH (n) DETACH DELETE n //"


def shipped(source: str) -> Mapping:
    (mapping,) = [m for m in shipped_mappings() if m.source == source]
    return mapping


def attendance(number: int, **changes: object) -> dict[str, object]:
    row = {"attendanceId": f"RX1-{number}", "siteCode": "RX1", "siteName": "General",
           "arrivalDateTime": "2025-04-07T01:53:00", "nhsNumber": "4001357968",
           "givenName": "Jason", "familyName": "Hardy", "birthDate": "1985-12-13",
           "gender": "male", "addressLine1": "27 Oliver View", "city": "Fisherstad",
           "postalCode": "PE7 6EW", "attendanceCategory": "injury", "diagnosis": "Burn",
           "safeguardingConcern": False, "dischargeDestination": "Home"}  # fmt: skip
    row.update(changes)
    return {k: v for k, v in row.items() if v is not None}


def test_bad_json_lines_are_quarantined_one_by_one_and_the_rest_load(
    graph: Graph, tmp_path: Path
) -> None:
    lines = [
        json.dumps(attendance(1)).encode(),
        json.dumps(attendance(2, familyName=CYPHER_NAME)).encode(),
        b'{"attendanceId": "RX1-3", "familyName": ',  # cut off mid-object
        b"[1, 2, 3]",
        json.dumps(attendance(5, givenName="ZO\u00cb")).encode("utf-8").replace(
            b"\\u00cb", "\u00cb".encode("latin-1")),  # a latin-1 byte in a UTF-8 file
        json.dumps(attendance(6, birthDate="1985-13-45")).encode(),
        json.dumps(attendance(7, familyName=None)).encode(),  # required key absent
        json.dumps(attendance(8, diagnosis="x" * 20_000)).encode(),
        b"",  # a blank line is not a row
        json.dumps(attendance(9, arrivalDateTime="yesterday")).encode(),
    ]  # fmt: skip
    folder = tmp_path / "in" / "hospital"
    folder.mkdir(parents=True)
    (folder / "ae_attendances.jsonl").write_bytes(b"\n".join(lines) + b"\n")

    result = loader(graph, tmp_path).load_file(shipped("hospital.ae_attendances"), tmp_path / "in")

    assert result.status == "completed"
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (9, 2, 7)
    expected = ["not valid JSON", "a JSON object was expected", "not valid utf-8",
                "'1985-13-45' is not a date", "column 'familyName' is missing",
                "value is 20,000 characters long", "'yesterday' is not a date-time"]  # fmt: skip
    stored = graph.read("load/run_quarantined", run_id=result.run_id, limit=100)
    in_file = [json.loads(x) for x in Path(result.quarantine_file).read_text().splitlines()]
    for records in (stored, in_file):
        reasons = [r["reason"] for r in records]
        assert len(reasons) == len(expected)
        for fragment in expected:
            assert any(fragment in reason for reason in reasons), (fragment, reasons)
    assert sorted(r["line"] for r in stored) == [3, 4, 5, 6, 7, 8, 9]
    surnames = {r["props"].get("surname") for r in graph.read("load/snapshot_nodes")}
    assert CYPHER_NAME in surnames and "Hardy" in surnames  # stored verbatim, ran nothing
    assert graph.read_one("admin/count_label", label="PersonRecord")["count"] == 2


HEADER = ("IncidentRef,PersonSeq,NominalId,IncidentType,ReportedDateTime,IncidentLocation,Role,"
          "Surname,Forenames,DOB,Sex,HomeAddress,Postcode,FoundDateTime")  # fmt: skip
ROWS = ["WY-1,1,,ASSAULT,01/02/2024 10:00,Here,VICTIM,BRONTË,Zoë,01/01/1990,F,,,",
        "WY-1,2,,ASSAULT,01/02/2024 10:00,Here,SUSPECT,SMITH,Al,02/02/1980,M,,,"]  # fmt: skip


def police_file(tmp_path: Path, encoding: str) -> Path:
    folder = tmp_path / "in" / "police"
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n".join([HEADER, *ROWS]) + "\n"
    (folder / "incidents.csv").write_bytes(text.encode(encoding))
    return tmp_path / "in"


def test_a_windows_1252_file_loads_when_its_mapping_declares_the_encoding(
    graph: Graph, tmp_path: Path
) -> None:
    directory = police_file(tmp_path, "cp1252")
    as_utf8 = loader(graph, tmp_path).load_file(shipped("police.incidents"), directory)
    assert (as_utf8.rows_read, as_utf8.rows_loaded, as_utf8.rows_quarantined) == (2, 1, 1)
    (reason,) = [r["reason"] for r in graph.read("load/run_quarantined", run_id=as_utf8.run_id,
                                                  limit=10)]  # fmt: skip
    assert reason == "column 'Surname' is not valid utf-8"

    text = (MAPPINGS_DIR / "police_incidents.yml").read_text(encoding="utf-8")
    declared = tmp_path / "police_cp1252.yml"
    declared.write_text(text.replace("  format: csv\n", "  format: csv\n  encoding: cp1252\n"))
    result = loader(graph, tmp_path).load_file(load_mapping(declared), directory)
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("completed", 2, 0)
    people = {(r["props"].get("surname"), r["props"].get("forename"))
              for r in graph.read("load/snapshot_nodes")}  # fmt: skip
    assert ("Brontë", "Zoë") in people


def test_a_utf16_file_fails_before_any_write_and_says_which_encoding_to_declare(
    graph: Graph, tmp_path: Path
) -> None:
    directory = police_file(tmp_path, "utf-16")
    result = loader(graph, tmp_path).load_file(shipped("police.incidents"), directory)
    assert result.status == "failed"
    assert "the header is not valid utf-8. It looks like UTF-16." in result.error
    assert "reader.encoding" in result.error
    assert graph.read_one("admin/count_label", label="PersonRecord")["count"] == 0
    run = graph.read_one("load/run_get", run_id=result.run_id)["run"]
    assert (run["status"], run["error"], run["rows_read"]) == ("failed", result.error, 0)


def test_a_corrupt_parquet_file_fails_and_an_empty_one_loads_nothing(
    graph: Graph, tmp_path: Path
) -> None:
    folder = tmp_path / "in" / "benefits"
    folder.mkdir(parents=True)
    (folder / "claims.parquet").write_bytes(b"PAR1 this is not really parquet")
    corrupt = loader(graph, tmp_path).load_file(shipped("benefits.claims"), tmp_path / "in")
    assert corrupt.status == "failed" and "is not a readable Parquet file" in corrupt.error

    mapping = shipped("benefits.claims")
    schema = pa.schema([(column, pa.string()) for column in mapping.columns])
    pq.write_table(schema.empty_table(), folder / "claims.parquet")
    empty = loader(graph, tmp_path).load_file(mapping, tmp_path / "in")
    assert (empty.status, empty.rows_read, empty.rows_loaded, empty.rows_quarantined) == (
        "completed", 0, 0, 0)  # fmt: skip
    assert graph.read_one("admin/count_label", label="PersonRecord")["count"] == 0
