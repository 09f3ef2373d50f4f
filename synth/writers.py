"""Streaming writers: rows go straight to disk so memory does not grow with the population."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


class Sink:
    """Common row counter; `name` is the path relative to the output dir (plus #table)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = 0

    def close(self) -> None:  # pragma: no cover - overridden
        pass


class CsvSink(Sink):
    """UTF-8 CSV with a header row, minimal quoting and LF line endings."""

    def __init__(self, root: Path, name: str, header: Sequence[str]) -> None:
        super().__init__(name)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = path.open("w", newline="", encoding="utf-8")
        self._w = csv.writer(self._fh, lineterminator="\n")
        self._w.writerow(header)
        self.width = len(header)

    def add(self, row: Sequence[Any]) -> None:
        self.rows += 1
        self._w.writerow(row)

    def close(self) -> None:
        self._fh.close()


class JsonlSink(Sink):
    """One compact JSON object per line; absent values are written as null."""

    def __init__(self, root: Path, name: str) -> None:
        super().__init__(name)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = path.open("w", encoding="utf-8")
        self._dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def add(self, obj: dict[str, Any]) -> None:
        self.rows += 1
        self._fh.write(self._dumps(obj))
        self._fh.write("\n")

    def close(self) -> None:
        self._fh.close()


class ParquetSink(Sink):
    """Buffers rows and writes one Parquet row group per `batch` rows."""

    def __init__(self, root: Path, name: str, schema: pa.Schema, batch: int = 100_000) -> None:
        super().__init__(name)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        self.schema = schema
        self._writer = pq.ParquetWriter(path, schema, compression="zstd")
        self._buf: list[tuple[Any, ...]] = []
        self._batch = batch

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows += 1
        self._buf.append(row)
        if len(self._buf) >= self._batch:
            self.flush()

    def flush(self) -> None:
        if not self._buf:
            return
        cols = list(zip(*self._buf, strict=True))
        arrays = [pa.array(col, type=f.type) for col, f in zip(cols, self.schema, strict=True)]
        self._writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self._buf.clear()

    def close(self) -> None:
        self.flush()
        self._writer.close()


class SqliteTable(Sink):
    """Rows for one table of a :class:`SqliteDb`, inserted with executemany in batches."""

    def __init__(self, db: SqliteDb, table: str, columns: Sequence[str]) -> None:
        super().__init__(f"{db.name}#{table}")
        self._db = db
        self._sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        )
        self._buf: list[Sequence[Any]] = []

    def add(self, row: Sequence[Any]) -> None:
        self.rows += 1
        self._buf.append(row)
        if len(self._buf) >= 20_000:
            self.flush()

    def flush(self) -> None:
        if self._buf:
            self._db.conn.executemany(self._sql, self._buf)
            self._buf.clear()

    def close(self) -> None:
        self.flush()


class SqliteDb(Sink):
    """A SQLite file built with journalling off (it is a one-shot export, not a live DB)."""

    def __init__(self, root: Path, name: str, ddl: str) -> None:
        super().__init__(name)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        self.conn = sqlite3.connect(path)
        self.conn.execute("PRAGMA journal_mode=OFF")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.executescript(ddl)
        self.tables: list[SqliteTable] = []

    def table(self, table: str, columns: Sequence[str]) -> SqliteTable:
        t = SqliteTable(self, table, columns)
        self.tables.append(t)
        return t

    def close(self) -> None:
        for t in self.tables:
            t.close()
        self.conn.commit()
        self.conn.close()
