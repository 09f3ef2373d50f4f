"""Streaming readers: one source file (CSV, JSON Lines, Parquet, SQL) → numbered raw rows.

Readers never hold more than one chunk in memory and never drop a row silently: a row they
cannot read (wrong number of fields, bytes that are not valid in the declared encoding, a
line that is not JSON, a quote that never closes) is still yielded, with ``problem`` set, so
the loader quarantines it and ``rows read = rows loaded + rows quarantined`` holds.

They also account for the file itself: every row says which physical lines it spans, and
``SourceFile.tally`` holds the header and blank lines and the file's physical line (or row)
count, taken from the bytes alone, so the loader can prove no line went missing in between.
Compressed text (gzip, bzip2, xz, a one-file ZIP) is read decompressed; other binary formats
are refused by name (``loaders/raw_input.py``).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import re
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from touchpoint.loaders.csv_records import CsvRecord, CsvScanner
from touchpoint.loaders.mapping import ReaderSpec
from touchpoint.loaders.raw_input import (
    LINE_LIMIT,
    SourceError,
    byte_lines,
    count_lines,
    open_bytes,
    text_lines,
)

__all__ = ["CHUNK_ROWS", "ReadTally", "SourceError", "SourceFile", "SourceRow"]
CHUNK_ROWS = 5_000
_UNDECODABLE = re.compile(r"[\udc80-\udcff]")
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # long fields are judged per row instead


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One raw row: ``values`` by source column, or ``problem`` when it could not be read.

    ``first_line``/``last_line`` are the physical lines it spans (None for Parquet and SQL,
    where a row is a row); ``raw_length`` is the raw text's full length when it was cut."""

    number: int
    values: dict[str, Any] | None
    problem: str | None = None
    raw: Any = None
    first_line: int | None = None
    last_line: int | None = None
    raw_length: int | None = None

    @property
    def lines(self) -> int:
        """Physical lines (text formats) or rows (Parquet, SQL) this row accounts for."""
        if self.first_line is None or self.last_line is None:
            return 1
        return self.last_line - self.first_line + 1


@dataclass
class ReadTally:
    """What a file holds besides its rows, and its physical size in ``unit``: the figure the
    rows read are checked against (header + blank lines + lines of every row = physical)."""

    unit: str
    physical: int | None = None
    header_lines: int = 0
    blank_lines: int = 0

    @property
    def overhead(self) -> int:
        return self.header_lines + self.blank_lines


class SourceFile:
    """A readable extract described by a mapping's ``reader`` section."""

    def __init__(self, spec: ReaderSpec, base_dir: Path) -> None:
        self.spec = spec
        self.path = (base_dir / spec.path) if base_dir.is_dir() else base_dir
        if not self.path.is_file():
            raise SourceError(f"Expected {spec.format} file {self.path} (reader.path "
                              f"{spec.path!r}) but it does not exist")  # fmt: skip
        self.tally = ReadTally("rows" if spec.format in ("parquet", "sql") else "lines")

    def checksum(self) -> str:
        """SHA-256 of the file bytes (plus the query for SQL): identifies this content."""
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
        if self.spec.query:
            digest.update(self.spec.query.encode("utf-8"))
        return digest.hexdigest()

    def columns(self) -> list[str] | None:
        """Column names from the header/schema; None when rows carry their own (JSON Lines)."""
        fmt = self.spec.format
        if fmt == "csv":
            with self._open_text() as handle:
                scanner = self._scanner(handle)
                header = next(iter(scanner), None)
            return [] if header is None else self._checked_header(header)
        if fmt == "parquet":
            return list(self._parquet().schema_arrow.names)
        if fmt == "sql":
            with self._sqlite() as conn:
                cursor = conn.execute(f"SELECT * FROM ({self.spec.query}) LIMIT 0")
                return [d[0] for d in cursor.description]
        with open_bytes(self.path):  # JSON Lines: refuse a PDF or a many-file ZIP up front
            return None

    def physical_count(self) -> int:
        """The file's size in ``tally.unit``, from the bytes (lines) or the metadata (rows),
        never from the parser whose rows it checks; kept on ``tally.physical``."""
        fmt = self.spec.format
        if fmt == "parquet":
            count = self._parquet().metadata.num_rows
        elif fmt == "sql":
            with self._sqlite() as conn:
                count = conn.execute(f"SELECT COUNT(*) FROM ({self.spec.query})").fetchone()[0]
        else:
            with open_bytes(self.path) as stream:
                count = count_lines(stream, cr_ends_lines=fmt == "csv")
        self.tally.physical = int(count)
        return self.tally.physical

    def estimate_rows(self) -> int:
        """Rows to expect, for progress bars (exact for Parquet and SQL, lines otherwise)."""
        count = self.physical_count()
        return max(count - (1 if self.spec.format == "csv" else 0), 0)

    def rows(self) -> Iterator[SourceRow]:
        reader = {
            "csv": self._csv_rows,
            "jsonl": self._jsonl_rows,
            "parquet": self._parquet_rows,
            "sql": self._sql_rows,
        }[self.spec.format]
        return reader()

    # ---- formats --------------------------------------------------------------------------
    def _csv_rows(self) -> Iterator[SourceRow]:
        with self._open_text() as handle:
            scanner = self._scanner(handle)
            records = iter(scanner)
            first = next(records, None)
            if first is None:
                self.tally.blank_lines = scanner.blank_lines
                return
            header = self._checked_header(first)
            scanner.expected, scanner.header = len(header), header
            self.tally.header_lines = first.last_line - first.first_line + 1
            for number, record in enumerate(records, start=1):
                yield _csv_row(number, header, record, self.spec.encoding)
            self.tally.blank_lines = scanner.blank_lines

    def _jsonl_rows(self) -> Iterator[SourceRow]:
        number, encoding = 0, self.spec.encoding
        with open_bytes(self.path) as stream:
            for line in byte_lines(stream):
                data: bytes = line.text  # type: ignore[assignment]
                if not data.strip():
                    self.tally.blank_lines += 1
                    continue
                number += 1
                where = {"first_line": line.number, "last_line": line.number,
                         "raw_length": line.length}  # fmt: skip
                shown = data.decode(encoding, "replace").rstrip("\r\n")
                if line.cut:
                    problem = (f"line is {line.length:,} bytes long; only the first "
                               f"{LINE_LIMIT:,} are kept")  # fmt: skip
                    yield SourceRow(number, None, problem, shown, **where)
                    continue
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError as exc:
                    problem = f"not valid {encoding} (byte {exc.start}: {exc.reason})"
                    yield SourceRow(number, None, problem, shown, **where)
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as exc:
                    yield SourceRow(number, None, f"not valid JSON: {exc.msg}", shown, **where)
                    continue
                if not isinstance(obj, dict):
                    yield SourceRow(number, None, "a JSON object was expected", shown, **where)
                    continue
                yield SourceRow(number, obj, None, obj, **where)

    def _parquet_rows(self) -> Iterator[SourceRow]:
        number = 0
        for batch in self._parquet().iter_batches(batch_size=CHUNK_ROWS):
            for obj in batch.to_pylist():
                number += 1
                yield SourceRow(number, obj, None, obj)

    def _sql_rows(self) -> Iterator[SourceRow]:
        number = 0
        with self._sqlite() as conn:
            for frame in pd.read_sql_query(self.spec.query, conn, chunksize=CHUNK_ROWS):
                frame = frame.astype(object).where(frame.notna(), None)
                for obj in frame.to_dict("records"):
                    number += 1
                    yield SourceRow(number, obj, None, obj)

    # ---- plumbing -------------------------------------------------------------------------
    def _scanner(self, handle: io.TextIOBase) -> CsvScanner:
        spec = self.spec
        return CsvScanner(text_lines(handle), spec.delimiter, spec.max_field_length)

    def _checked_header(self, record: CsvRecord) -> list[str]:
        """A header that does not decode means the whole file is in another encoding: one
        clear error instead of every row quarantined (and no undecodable text in messages)."""
        if record.problem is not None:
            raise SourceError(f"{self.path}: the header cannot be read: {record.problem}")
        names = [_clean_header(h) for h in record.fields or []]
        text = "".join(names)
        if not (_UNDECODABLE.search(text) or "\x00" in text):
            return names
        with open_bytes(self.path) as stream:
            start = stream.read(64)
        raise SourceError(f"{self.path}: the header is not valid {self.spec.encoding}."
                          f"{_encoding_hint(start)} Set reader.encoding in the mapping to the "
                          "file's encoding.")  # fmt: skip

    @contextlib.contextmanager
    def _open_text(self) -> Iterator[io.TextIOBase]:
        # surrogateescape keeps undecodable bytes visible so each bad row is quarantined alone
        with open_bytes(self.path) as stream:
            text = io.TextIOWrapper(
                stream, encoding=self.spec.encoding, errors="surrogateescape", newline=""
            )
            try:
                yield text
            finally:
                text.detach()  # the stream is closed by open_bytes

    def _parquet(self) -> pq.ParquetFile:
        try:
            return pq.ParquetFile(self.path)
        except Exception as exc:  # pyarrow raises several types for a corrupt file
            raise SourceError(f"{self.path} is not a readable Parquet file: {exc}") from exc

    @contextlib.contextmanager
    def _sqlite(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            yield conn
        except sqlite3.Error as exc:
            raise SourceError(f"{self.path}: query failed: {exc}") from exc
        finally:
            conn.close()


def _clean_header(name: str) -> str:
    return name.lstrip("\ufeff").strip()


def _csv_row(number: int, header: list[str], record: CsvRecord, encoding: str) -> SourceRow:
    where = {"first_line": record.first_line, "last_line": record.last_line,
             "raw_length": record.length}  # fmt: skip
    raw = record.text
    shown = _shown(raw, encoding)
    if record.problem is not None or record.fields is None:
        return SourceRow(number, None, record.problem or "unreadable row", shown, **where)
    row = record.fields
    names = [*header, *(f"#{i + 1}" for i in range(len(header), len(row)))]
    if shown is not raw:
        bad = next(h for h, v in zip(names, row, strict=False) if _UNDECODABLE.search(v))
        return SourceRow(number, None, f"column {bad!r} is not valid {encoding}", shown, **where)
    if "\x00" in raw:
        bad = next((h for h, v in zip(names, row, strict=False) if "\x00" in v), "?")
        problem = f"column {bad!r} contains a NUL byte (binary data in a text file)"
        return SourceRow(number, None, problem, raw.replace("\x00", "\\x00"), **where)
    if len(row) != len(header):
        problem = f"row has {len(row)} fields but the header has {len(header)}"
        return SourceRow(number, None, problem, raw, **where)
    return SourceRow(number, dict(zip(header, row, strict=True)), None, raw, **where)


def _shown(raw: str, encoding: str) -> str:
    """The raw text with undecodable bytes shown as replacement characters (storable)."""
    if not _UNDECODABLE.search(raw):
        return raw
    return raw.encode("utf-8", "surrogateescape").decode(encoding, "replace")


def _encoding_hint(start: bytes) -> str:
    if start.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return " It looks like UTF-32 (it starts with a UTF-32 byte-order mark)."
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return " It looks like UTF-16."  # it starts with a UTF-16 byte-order mark
    even, odd = start[0::2], start[1::2]
    if start and (even.count(0) > len(even) // 2 or odd.count(0) > len(odd) // 2):
        return " It looks like UTF-16."  # every other byte is zero
    controls = sum(b < 9 or 13 < b < 32 for b in start)
    if controls > len(start) // 8:
        return " It looks like binary data, not text."
    return ""
