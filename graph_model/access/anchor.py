"""The audit trail's anchors outside the graph: files a database-password holder cannot rewrite.

The hash chain in the graph shows an edited or removed entry, but someone holding the database
password can delete the tail and rewind (or delete) the head, or recompute the whole chain.
So every append also writes the new head - sequence number and hash - to an append-only file
under the data directory (``<data_dir>/audit/anchor.jsonl``, 0600), and the full entry to the
mirror when ``TOUCHPOINT_AUDIT_MIRROR`` is set (shipped to the council's log platform, out of
reach of a local OS user too). ``audit verify`` compares the graph with both, a chunk at a time:
an anchored entry the graph no longer has is a cut tail or a rewind; a different hash is a
rewritten chain. The next entry's sequence number continues after the highest one anchored, so
a removed number is never handed out again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from touchpoint.graph_model.store.db import Graph

CHUNK = 5000
TAIL_BYTES = 1 << 16


@dataclass(frozen=True)
class AnchorFile:
    """One append-only JSON-lines file of ``{"seq", "hash", ...}`` (the anchor or the mirror)."""

    path: Path
    label: str

    def append(self, record: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, sort_keys=True, default=str) + "\n")

    def highest_seq(self) -> int:
        """The highest sequence number in the file's tail (0 when there is none)."""
        if not self.path.exists():
            return 0
        with self.path.open("rb") as handle:
            handle.seek(max(0, self.path.stat().st_size - TAIL_BYTES))
            lines = handle.read().decode("utf-8", "replace").splitlines()
        return max((seq for seq, _ in _parse(lines[1:] if len(lines) > 1 else lines)), default=0)

    def records(self) -> Iterator[tuple[int, str]]:
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            yield from _parse(handle)


def _parse(lines: Any) -> Iterator[tuple[int, str]]:
    for line in lines:
        try:
            record = json.loads(line)
            yield int(record["seq"]), str(record["hash"])
        except (ValueError, KeyError, TypeError):
            continue  # a torn last line (crash mid-write) carries no claim


def compare(graph: Graph, anchor: AnchorFile, trail_end: int) -> list[str]:
    """Problems between the graph's trail (ending at ``trail_end``) and one anchor file."""
    if not anchor.path.exists():
        return [f"the {anchor.label} {anchor.path} is missing although the trail has "
                f"{trail_end} entries (deleted?)"] if trail_end else []  # fmt: skip
    missing: list[int] = []
    altered: list[int] = []
    chunk: dict[int, str] = {}
    for seq, digest in anchor.records():
        chunk[seq] = digest
        if len(chunk) >= CHUNK:
            _check_chunk(graph, chunk, missing, altered)
            chunk = {}
    _check_chunk(graph, chunk, missing, altered)
    gone = f"entry {missing[0]} is" if len(missing) == 1 else f"entries {_ranges(missing)} are"
    problems = [
        f"{gone} recorded in the {anchor.label} but gone from the trail (tail cut, head "
        "rewound, or entries removed)"
    ] if missing else []  # fmt: skip
    problems += [
        f"entry {seq} differs from the {anchor.label} (rewritten and re-chained?)"
        for seq in altered[:20]
    ]
    if len(altered) > 20:
        problems.append(f"... and {len(altered) - 20} more entries differ from the {anchor.label}")
    return problems


def _check_chunk(
    graph: Graph, chunk: dict[int, str], missing: list[int], altered: list[int]
) -> None:
    if not chunk:
        return
    stored = {row["seq"]: row["hash"] for row in graph.read("audit/hashes", seqs=list(chunk))}
    for seq, digest in sorted(chunk.items()):
        if seq not in stored:
            missing.append(seq)
        elif stored[seq] != digest:
            altered.append(seq)


def _ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 9] -> "3-5, 9"."""
    numbers = sorted(set(numbers))
    parts, start = [], None
    for i, n in enumerate(numbers):
        start = n if start is None else start
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(str(start) if start == n else f"{start}-{n}")
            start = None
    return ", ".join(parts)
