"""Synthetic files in the shape of published children's social care data standards (SSD,
SSDA903, CIN census): ``touchpoint synth --standard ssd --out DIR``. See ``specs.py`` for
the published field lists and where they come from."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from touchpoint.synth.standards.history import histories
from touchpoint.synth.standards.specs import STANDARDS
from touchpoint.synth.standards.writers import (
    cin_census_rows,
    ssd_rows,
    ssda903_rows,
    write_tables,
)

ROWS = {"ssd": ssd_rows, "ssda903": ssda903_rows, "cin_census": cin_census_rows}


@dataclass
class StandardSummary:
    standard: str
    out_dir: Path
    seed: int
    as_of: date
    files: dict[str, int] = field(default_factory=dict)
    planted: dict[str, str] = field(default_factory=dict)


def generate_standard(
    standard: str, out_dir: Path, children: int = 60, seed: int = 42, as_of: date | None = None
) -> StandardSummary:
    """Write ``out_dir/<standard>/*.csv`` and ``out_dir/labels/<standard>_planted.json``."""
    if standard not in STANDARDS:
        raise ValueError(f"unknown standard {standard!r} (one of {', '.join(STANDARDS)})")
    as_of = as_of or date.today()
    made, planted = histories(children, seed, as_of)
    rows = ROWS[standard](made)
    summary = StandardSummary(standard, out_dir, seed, as_of, planted=planted)
    summary.files = write_tables(out_dir / standard, STANDARDS[standard], rows)
    labels = out_dir / "labels"
    labels.mkdir(parents=True, exist_ok=True)
    (labels / f"{standard}_planted.json").write_text(
        json.dumps({"as_of": as_of.isoformat(), "planted": planted}, indent=2), encoding="utf-8"
    )
    return summary
