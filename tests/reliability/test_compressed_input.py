"""Compressed extracts are read as such, other binary files are refused by name — a gzip file
is never "a header that looks like UTF-16" (finding 4 of issue 20)."""

from __future__ import annotations

import bz2
import gzip
import json
import zipfile
from pathlib import Path

from reliability_support import HEADER, load_police, person_count, police_row, write_police

from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.load import Loader
from touchpoint.loaders.mapping import shipped_mappings

ROWS = [police_row(n) for n in range(1, 31)]
TEXT = ("\n".join([HEADER, *ROWS]) + "\n").encode("utf-8")


def test_a_gzip_extract_is_read_decompressed(graph: Graph, tmp_path: Path) -> None:
    result = load_police(graph, tmp_path, write_police(tmp_path, [], raw=gzip.compress(TEXT)))
    assert result.status == "completed", result.error
    assert (result.rows_read, result.rows_loaded, result.physical_count) == (30, 30, 31)
    assert person_count(graph) == 30


def test_bzip2_and_a_one_file_zip_are_read_too(graph: Graph, tmp_path: Path) -> None:
    bz = load_police(graph, tmp_path, write_police(tmp_path, [], raw=bz2.compress(TEXT)))
    assert (bz.status, bz.rows_loaded) == ("completed", 30), bz.error
    archive = tmp_path / "one.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("incidents.csv", TEXT.decode("utf-8").replace("WY-", "ZP-"))
    zipped = load_police(graph, tmp_path, write_police(tmp_path, [], raw=archive.read_bytes()))
    assert (zipped.status, zipped.rows_loaded) == ("completed", 30), zipped.error
    assert person_count(graph) == 60


def test_a_zip_of_several_files_or_a_workbook_is_refused_by_name(
    graph: Graph, tmp_path: Path
) -> None:
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as zf:
        zf.writestr("incidents.csv", TEXT)
        zf.writestr("readme.txt", "hello")
    result = load_police(graph, tmp_path, write_police(tmp_path, [], raw=many.read_bytes()))
    assert result.status == "failed"
    assert "is a ZIP archive with 2 files (incidents.csv, readme.txt)" in result.error

    book = tmp_path / "book.zip"
    with zipfile.ZipFile(book, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    result = load_police(graph, tmp_path, write_police(tmp_path, [], raw=book.read_bytes()))
    assert result.status == "failed" and "is an Excel workbook (.xlsx)" in result.error
    assert person_count(graph) == 0


def test_a_pdf_or_a_truncated_gzip_is_named_not_called_utf16(graph: Graph, tmp_path: Path) -> None:
    pdf = load_police(graph, tmp_path, write_police(tmp_path, [], raw=b"%PDF-1.7\n%\xe2\xe3"))
    assert pdf.status == "failed" and "is a PDF document" in pdf.error
    cut = gzip.compress(TEXT)[:40]
    broken = load_police(graph, tmp_path, write_police(tmp_path, [], raw=cut))
    assert broken.status == "failed"
    assert "gzip-compressed but cannot be decompressed" in broken.error
    assert "UTF-16" not in broken.error


def test_a_gzip_json_lines_extract_is_read_decompressed(graph: Graph, tmp_path: Path) -> None:
    (mapping,) = [m for m in shipped_mappings() if m.source == "hospital.ae_attendances"]
    rows = [{"attendanceId": f"RX1-{n}", "siteCode": "RX1", "siteName": "General",
             "arrivalDateTime": "2025-04-07T01:53:00", "givenName": "Jo", "familyName": "Hardy",
             "birthDate": "1985-12-13", "attendanceCategory": "injury"}
            for n in range(5)]  # fmt: skip
    folder = tmp_path / "in" / "hospital"
    folder.mkdir(parents=True)
    body = "\n".join(json.dumps(r) for r in rows).encode("utf-8")  # no final line break
    (folder / "ae_attendances.jsonl").write_bytes(gzip.compress(body))
    result = Loader(graph, tmp_path / "q").load_file(mapping, tmp_path / "in")
    assert result.status == "completed", result.error
    assert (result.rows_read, result.physical_count, result.accounted_count) == (5, 5, 5)
