"""Shared constants, tunable rates and the run summary.

Kept separate so sources, scenarios and tests agree on one reference date and one
set of noise rates without import cycles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

AS_OF = date(2026, 11, 1)
"""Reference ("extract") date: every extract is a snapshot taken on this day."""
WINDOW_DAYS = 3 * 365
START = AS_OF - timedelta(days=WINDOW_DAYS)
"""Events are spread over the ~3 years before AS_OF."""


@dataclass(frozen=True, slots=True)
class NoiseConfig:
    """Per-record probabilities of the data-quality defects entity resolution must survive."""

    typo: float = 0.02  # one-character edit in a forename or surname
    nickname: float = 0.05  # short form used instead of the formal forename (William -> Bill)
    dob_swap: float = 0.01  # day and month transposed (only when both <= 12)
    dob_missing: float = 0.08  # police / housing rows with no DOB recorded
    id_missing: float = 0.03  # NHS number / NI number / UPN left blank where usually present
    address_variant: float = 0.25  # abbreviations, flat formats, postcode spacing/case
    duplicate: float = 0.01  # a person gets a second record inside one agency
    old_surname: float = 0.35  # agency still holds the pre-marriage surname after a change


@dataclass(slots=True)
class SynthSummary:
    """What :func:`touchpoint.synth.generate` wrote; the CLI prints it and tests assert on it."""

    out_dir: str
    seed: int
    people: int = 0
    households: int = 0
    files: dict[str, int] = field(default_factory=dict)  # relative path[#table] -> rows
    scenarios: dict[str, int] = field(default_factory=dict)  # scenario -> distinct people
    noise: dict[str, int] = field(default_factory=dict)  # defect kind -> times applied
    seconds: float = 0.0


def ddmmyyyy(d: date | None, sep: str = "/") -> str:
    """Format a date as dd/mm/yyyy (police, housing use other separators)."""
    return "" if d is None else f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"


_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def dd_mon_yyyy(d: date | None) -> str:
    """Format a date as 04-Mar-2015 (schools' MIS export style)."""
    return "" if d is None else f"{d.day:02d}-{_MON[d.month - 1]}-{d.year}"


def iso(d: date | None) -> str | None:
    """ISO 8601 date or datetime string, None stays None (JSON null / SQL NULL)."""
    return None if d is None else d.isoformat()


def compact(d: date | None) -> str | None:
    """Format a date as yyyymmdd (immigration casework system)."""
    return None if d is None else f"{d.year}{d.month:02d}{d.day:02d}"
