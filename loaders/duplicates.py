"""Duplicate record keys within one file: the first row is loaded, every later one refused.

Why refuse rather than let the later row win: both rows claim to be the agency's record
``key``; a MERGE on that key makes the later silently overwrite the earlier (the report said
239 loaded while 233 records existed). Which of two conflicting rows is right is the
agency's call, not ours, so the first is kept — a rerun, or a load cut into other chunk sizes,
keeps the same one — and each repeat is quarantined naming the row it repeats and the columns
that differ, where an analyst can see it and the agency can correct the extract. An exact
repeat is refused too, so ``rows loaded`` is the number of records the file really holds.

The keys seen (with the first row's values, to name the columns a repeat changes) are kept in
a private SQLite file, not in memory, so a load of millions of rows stays flat in memory; it
lives as long as one load, on disk about the size of the extract.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

_BATCH = 500


class KeyLedger:
    """The first row of every record key seen so far in one file."""

    def __init__(self) -> None:
        # "" = a private temporary database on disk, removed when closed; used from the
        # read-ahead thread only, but created in the loader's thread.
        self._db = sqlite3.connect("", check_same_thread=False)
        self._db.execute(
            "CREATE TABLE seen (key TEXT PRIMARY KEY, row INTEGER, digest TEXT, vals TEXT)"
            " WITHOUT ROWID"
        )

    def close(self) -> None:
        self._db.close()

    def repeats(self, rows: Sequence[tuple[int, str, dict[str, Any]]]) -> list[str | None]:
        """For each (row number, record key, raw values), in file order: None for the first
        row of its key (now remembered), else why it is refused.

        A row is serialised and hashed once; which columns differ is only worked out for a
        repeat (rare), from the first row's stored values, so the common case stays cheap."""
        known = self._lookup({key for _, key, _ in rows})
        verdicts: list[str | None] = []
        new: list[tuple[str, int, str, str]] = []
        for number, key, values in rows:
            text = _canonical(values)
            digest = _digest(text)
            if key in known:
                verdicts.append(_reason(key, number, known[key], digest, text))
                continue
            known[key] = (number, digest, text)
            new.append((key, number, digest, text))
            verdicts.append(None)
        self._db.executemany("INSERT INTO seen VALUES (?, ?, ?, ?)", new)
        return verdicts

    def _lookup(self, keys: set[str]) -> dict[str, tuple[int, str, str]]:
        found: dict[str, tuple[int, str, str]] = {}
        ordered = sorted(keys)
        for start in range(0, len(ordered), _BATCH):
            part = ordered[start : start + _BATCH]
            marks = ",".join("?" * len(part))
            query = f"SELECT key, row, digest, vals FROM seen WHERE key IN ({marks})"
            for key, row, digest, vals in self._db.execute(query, part):
                found[key] = (row, digest, vals)
        return found


def _reason(key: str, number: int, first: tuple[int, str, str], digest: str, text: str) -> str:
    row, first_digest, first_text = first
    if digest == first_digest:
        return (f"duplicate record key {key!r}: the same as row {row:,}, which was loaded; "
                "a record is loaded once")  # fmt: skip
    columns, first_columns = _per_column(text), _per_column(first_text)
    differ = sorted(c for c in {*columns, *first_columns} if columns.get(c) != first_columns.get(c))
    return (f"duplicate record key {key!r} with different content ({', '.join(differ)} "
            f"differ from row {row:,}): row {row:,} was loaded and this row refused, since "
            "which one is right is for the agency to say")  # fmt: skip


def _canonical(values: dict[str, Any]) -> str:
    """The row's raw values as one canonical JSON text (column order does not matter)."""
    return json.dumps({str(c): v for c, v in values.items()}, sort_keys=True, default=str)


def _per_column(text: str) -> dict[str, str]:
    """Each column's value as canonical JSON, so values compare exactly as they were read."""
    return {c: json.dumps(v, sort_keys=True) for c, v in json.loads(text).items()}


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
