"""Refused rows as they are kept: on a ``QuarantinedRow`` node and in the run's quarantine
JSON-lines file, each with every reason, its physical lines and its raw text up to a stated
limit (what was cut says so), and the chunking that keeps huge rows from piling up in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from touchpoint.graph_model.model.ids import stable_id
from touchpoint.loaders.raw_input import LINE_LIMIT
from touchpoint.loaders.sources import SourceRow

RAW_LIMIT = 65_536
"""Characters of a refused row kept on its QuarantinedRow node (the JSONL file keeps more)."""
FILE_RAW_LIMIT = LINE_LIMIT
"""Characters of a refused row kept in the quarantine JSON-lines file: 16 MiB, the longest
physical line a reader keeps. Anything cut says so (``raw_truncated``, ``raw_length``)."""
CHUNK_RAW_BUDGET = 32 * 1024 * 1024
"""A chunk closes early once its rows' raw text reaches this many characters, so a file of
huge rows cannot make one chunk (or one transaction) hold gigabytes."""


def quarantine_entry(
    run_id: str, row: SourceRow, reason: str, record_key: str | None
) -> dict[str, Any]:
    """A refused row as stored: the QuarantinedRow's properties plus ``full_raw`` for the file."""
    raw = row.raw if isinstance(row.raw, str) else json.dumps(row.raw, default=str)
    length = max(row.raw_length or 0, len(raw))
    return {
        "row_id": stable_id("qrow", run_id, row.number),
        "line": row.number,
        "first_line": row.first_line,
        "last_line": row.last_line,
        "reason": reason,
        "raw": truncate(raw, RAW_LIMIT, length),
        "raw_length": length,
        "full_raw": raw[:FILE_RAW_LIMIT],
        "source_record_id": record_key or f"row {row.number}",
    }


def file_entry(source: str, path: str, entry: dict[str, Any]) -> dict[str, Any]:
    """The line written to the quarantine JSON-lines file for one refused row."""
    lines = [entry["first_line"], entry["last_line"]] if entry["first_line"] else None
    return {
        "source": source,
        "file": path,
        "row": entry["line"],
        "lines": lines,
        "reason": entry["reason"],
        "raw": entry["full_raw"],
        "raw_length": entry["raw_length"],
        "raw_truncated": entry["raw_length"] > len(entry["full_raw"]),
    }


def truncate(text: str, limit: int, length: int) -> str:
    """The text, or its first ``limit`` characters and a note of how long it really was."""
    if length <= limit and len(text) == length:
        return text
    return f"{text[:limit]}… (truncated: {length:,} characters, the first {limit:,} kept)"


def chunked(rows: Iterable[SourceRow], size: int) -> Iterator[list[SourceRow]]:
    """Lists of at most ``size`` rows, closed early at ``CHUNK_RAW_BUDGET`` characters."""
    chunk: list[SourceRow] = []
    budget = 0
    for row in rows:
        chunk.append(row)
        budget += row.raw_length or 0
        if len(chunk) >= size or budget >= CHUNK_RAW_BUDGET:
            yield chunk
            chunk, budget = [], 0
    if chunk:
        yield chunk
