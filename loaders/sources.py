"""Streaming readers: one source file (CSV, JSON Lines, Parquet, SQL) → numbered raw rows.

Readers never hold more than one chunk in memory and never drop a row silently: a row they
cannot read (wrong number of fields, bytes that are not valid in the declared encoding, a
line that is not JSON) is still yielded, with ``problem`` set, so the loader quarantines it
and ``rows read = rows loaded + rows quarantined`` holds.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
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

from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.loaders.mapping import ReaderSpec

CHUNK_ROWS = 5_000
_UNDECODABLE = re.compile(r"[\udc80-\udcff]")
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # long fields are judged per row instead


class SourceError(TouchpointError):
    """A source file cannot be read at all (missing, unreadable, columns missing)."""


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One raw row: ``values`` by source column, or ``problem`` when it could not be read."""

    number: int
    values: dict[str, Any] | None
    problem: str | None = None
    raw: Any = None


class SourceFile:
    """A readable extract described by a mapping's ``reader`` section."""

    def __init__(self, spec: ReaderSpec, base_dir: Path) -> None:
        self.spec = spec
        self.path = (base_dir / spec.path) if base_dir.is_dir() else base_dir
        if not self.path.is_file():
            raise SourceError(f"Expected {spec.format} file {self.path} (reader.path "
                              f"{spec.path!r}) but it does not exist")  # fmt: skip

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
                header = next(csv.reader(handle, delimiter=self.spec.delimiter), [])
            return self._checked_header([_clean_header(h) for h in header])
        if fmt == "parquet":
            return list(self._parquet().schema_arrow.names)
        if fmt == "sql":
            with self._sqlite() as conn:
                cursor = conn.execute(f"SELECT * FROM ({self.spec.query}) LIMIT 0")
                return [d[0] for d in cursor.description]
        return None

    def estimate_rows(self) -> int:
        """Rows to expect, for progress bars (exact for Parquet and SQL, lines otherwise)."""
        fmt = self.spec.format
        if fmt == "parquet":
            return self._parquet().metadata.num_rows
        if fmt == "sql":
            with self._sqlite() as conn:
                return conn.execute(f"SELECT COUNT(*) FROM ({self.spec.query})").fetchone()[0]
        lines = 0
        with self.path.open("rb") as handle:
            while block := handle.read(1 << 20):
                lines += block.count(b"\n")
        return max(lines - (1 if fmt == "csv" else 0), 0)

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
            reader = csv.reader(handle, delimiter=self.spec.delimiter)
            try:
                header = self._checked_header([_clean_header(h) for h in next(reader)])
            except StopIteration:
                return
            number = 0
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    number += 1
                    yield SourceRow(number, None, f"unreadable CSV: {exc}", None)
                    continue
                if not row:
                    continue  # a blank line is not a row
                number += 1
                yield _csv_row(number, header, row, self.spec.encoding, self.spec.delimiter)

    def _jsonl_rows(self) -> Iterator[SourceRow]:
        number = 0
        with self.path.open("rb") as handle:
            for line in handle:
                if not line.strip():
                    continue
                number += 1
                try:
                    text = line.decode(self.spec.encoding)
                except UnicodeDecodeError as exc:
                    raw = line.decode(self.spec.encoding, "replace").rstrip("\n")
                    problem = f"not valid {self.spec.encoding} (byte {exc.start}: {exc.reason})"
                    yield SourceRow(number, None, problem, raw)
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as exc:
                    yield SourceRow(number, None, f"not valid JSON: {exc.msg}", text.rstrip())
                    continue
                if not isinstance(obj, dict):
                    yield SourceRow(number, None, "a JSON object was expected", text.rstrip())
                    continue
                yield SourceRow(number, obj, None, obj)

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
    def _checked_header(self, names: list[str]) -> list[str]:
        """A header that does not decode means the whole file is in another encoding: one
        clear error instead of every row quarantined (and no undecodable text in messages)."""
        text = "".join(names)
        if not (_UNDECODABLE.search(text) or "\x00" in text):
            return names
        with self.path.open("rb") as handle:
            start = handle.read(4)
        utf16 = start[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in start
        hint = " It looks like UTF-16." if utf16 else ""
        raise SourceError(f"{self.path}: the header is not valid {self.spec.encoding}.{hint} "
                          "Set reader.encoding in the mapping to the file's encoding.")  # fmt: skip

    def _open_text(self) -> Any:
        # surrogateescape keeps undecodable bytes visible so each bad row is quarantined alone
        return self.path.open(
            "r", newline="", encoding=self.spec.encoding, errors="surrogateescape"
        )

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


def _csv_row(number: int, header: list[str], row: list[str], encoding: str, sep: str) -> SourceRow:
    raw = sep.join(row)
    if _UNDECODABLE.search(raw):
        names = [*header, *(f"#{i + 1}" for i in range(len(header), len(row)))]
        cells = zip(names, row, strict=False)
        bad = next(h for h, v in cells if _UNDECODABLE.search(v))
        shown = raw.encode("utf-8", "surrogateescape").decode(encoding, "replace")
        return SourceRow(number, None, f"column {bad!r} is not valid {encoding}", shown)
    if len(row) != len(header):
        problem = f"row has {len(row)} fields but the header has {len(header)}"
        return SourceRow(number, None, problem, raw)
    return SourceRow(number, dict(zip(header, row, strict=True)), None, raw)
