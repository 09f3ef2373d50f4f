"""Nightly deltas from a synthetic world: new rows held back from the first load, and changes.

``split_world`` copies a generated world into a base folder, holding back a share of the rows
of its CSV and JSON-lines extracts (parquet and SQLite extracts go to the base whole). Each
``next_delta`` then writes a folder shaped like the world (same relative paths, so the shipped
mappings find the files) holding some held-back rows - new people, new household members,
new events of known people and new parties to known incidents - and some rows already
delivered with one field changed (a value another row of the same column has: a corrected
date, a different incident type or role, an ended registration). Deterministic for a seed.
"""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SPLITTABLE = (".csv", ".jsonl")
KEY_COLUMN = re.compile(r"(id|ref|seq|no|number|urn|upn)$", re.IGNORECASE)


@dataclass
class Extract:
    """One splittable extract: its header (CSV) and its rows, delivered or held back."""

    path: str  # relative to the world folder
    header: list[str] | None
    delivered: list[dict[str, object]] = field(default_factory=list)
    held: list[dict[str, object]] = field(default_factory=list)


@dataclass
class DeltaWorld:
    """A world being delivered in pieces: the extracts and the random source."""

    extracts: list[Extract]
    rng: random.Random

    @property
    def held_rows(self) -> int:
        return sum(len(e.held) for e in self.extracts)

    @property
    def delivered_rows(self) -> int:
        return sum(len(e.delivered) for e in self.extracts)


def split_world(world: Path, base: Path, hold_back: float, seed: int) -> DeltaWorld:
    """Copy ``world`` to ``base`` with ``hold_back`` of each splittable extract's rows kept
    out (chosen at random); returns what was held back, for ``next_delta``."""
    rng = random.Random(seed)
    shutil.copytree(world, base, dirs_exist_ok=True, ignore=shutil.ignore_patterns("labels"))
    extracts = []
    for path in sorted(p for p in base.rglob("*") if p.suffix in SPLITTABLE):
        extract = _read(path, path.relative_to(base).as_posix())
        rows = extract.delivered
        held = set(rng.sample(range(len(rows)), int(len(rows) * hold_back)))
        extract.held = [r for i, r in enumerate(rows) if i in held]
        extract.delivered = [r for i, r in enumerate(rows) if i not in held]
        _write(path, extract, extract.delivered)
        extracts.append(extract)
    return DeltaWorld(extracts, rng)


def next_delta(world: DeltaWorld, out: Path, new_rows: int, changed_rows: int) -> int:
    """Write one delta folder: ``new_rows`` held-back rows and ``changed_rows`` delivered rows
    with one non-key field changed. Returns the rows written."""
    picks: dict[str, list[dict[str, object]]] = {e.path: [] for e in world.extracts}
    for _ in range(min(new_rows, world.held_rows)):
        extract = _weighted(world, lambda e: len(e.held))
        row = extract.held.pop(world.rng.randrange(len(extract.held)))
        extract.delivered.append(row)
        picks[extract.path].append(row)
    for _ in range(changed_rows):
        extract = _weighted(world, lambda e: len(e.delivered))
        index = world.rng.randrange(len(extract.delivered))
        changed = _change(extract, extract.delivered[index], world.rng)
        extract.delivered[index] = changed
        picks[extract.path].append(changed)
    written = 0
    for extract in world.extracts:
        if picks[extract.path]:
            target = out / extract.path
            target.parent.mkdir(parents=True, exist_ok=True)
            _write(target, extract, picks[extract.path])
            written += len(picks[extract.path])
    return written


def _weighted(world: DeltaWorld, weight: Callable[[Extract], int]) -> Extract:
    candidates = [e for e in world.extracts if weight(e) > 0]
    return world.rng.choices(candidates, weights=[weight(e) for e in candidates])[0]


def _change(extract: Extract, row: dict[str, object], rng: random.Random) -> dict[str, object]:
    """The row with one non-key field set to the value another delivered row has there."""
    columns = [c for c in row if not KEY_COLUMN.search(c.replace("_", "").replace(" ", ""))]
    column = rng.choice(columns)
    donor = rng.choice(extract.delivered)
    return {**row, column: donor.get(column)}


def _read(path: Path, relative: str) -> Extract:
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            rows: list[dict[str, object]] = list(reader)
            return Extract(relative, list(reader.fieldnames or []), rows)
    lines = path.read_text(encoding="utf-8").splitlines()
    return Extract(relative, None, [json.loads(line) for line in lines if line.strip()])


def _write(path: Path, extract: Extract, rows: list[dict[str, object]]) -> None:
    if extract.header is not None:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=extract.header)
            writer.writeheader()
            writer.writerows(rows)
        return
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
