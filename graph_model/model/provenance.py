"""Where an export came from, written into the export itself.

A file or picture that leaves the workbench must still say, wherever it ends up, that it is
``OFFICIAL-SENSITIVE``, which case it was made for, by whom, when (UTC), under which sharing
agreement and with which filters. Every export builds one ``Provenance`` and writes it the
same way: CSVs start with a block of comment lines (``csv_safe.csv_text(..., provenance=…)``),
the explorer's PNG carries it as a banner above the picture (``app/components/png_banner.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
NO_CASE = "(no case recorded)"


@dataclass(frozen=True)
class Provenance:
    """The facts every export carries (label, value pairs in a fixed order)."""

    what: str
    user: str
    agreement: str
    case: str | None = None
    role: str | None = None
    purpose: str | None = None
    filters: Mapping[str, Any] = field(default_factory=dict)
    extra: Sequence[tuple[str, str]] = ()
    when: datetime = field(default_factory=lambda: datetime.now(UTC))
    break_glass: bool = False
    marking: str = PROTECTIVE_MARKING

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) after the marking: case, purpose, user, time, agreement, export,
        filters, then any export-specific lines."""
        user = f"{self.user} ({self.role})" if self.role else self.user
        lines = [
            ("case", self.case or NO_CASE),
            ("purpose", self.purpose or "(none recorded)"),
            ("user", user),
            ("time", _utc(self.when)),
            ("agreement", self.agreement + (" (BREAK-GLASS active)" if self.break_glass else "")),
            ("export", self.what),
            ("filters", filters_text(self.filters)),
        ]
        return lines + [(label, value) for label, value in self.extra]

    def lines(self) -> list[str]:
        """The block as plain one-line texts, marking first: ``OFFICIAL-SENSITIVE``,
        ``case: MASH-1``, ..."""
        return [self.marking, *(f"{label}: {one_line(value)}" for label, value in self.facts())]

    def caption(self) -> list[str]:
        """The shorter banner of a picture: marking, then case, user and time, then agreement
        and filters."""
        facts = {label: one_line(value) for label, value in self.facts()}
        return [
            self.marking,
            f"Case {facts['case']} · {facts['user']} · {facts['time']}",
            f"Agreement {facts['agreement']} · {self.what} · filters: {facts['filters']}",
        ]


def filters_text(filters: Mapping[str, Any]) -> str:
    """``depth=2; relationships=RELATED_TO/LIVES_AT`` (no commas, so a comment line stays one
    cell); ``none`` when nothing narrows the export."""
    parts = []
    for key, value in filters.items():
        if value in (None, "", [], (), False):
            continue
        if isinstance(value, list | tuple | set):
            value = "/".join(str(v) for v in value)
        elif value is True:
            value = "yes"
        parts.append(f"{key}={value}")
    return "; ".join(parts) if parts else "none"


def one_line(value: Any, cap: int = 400) -> str:
    """Line breaks and tabs become spaces (a comment line is one line), cut at ``cap``."""
    text = " ".join(str(value).split())
    return text if len(text) <= cap else text[: cap - 1] + "…"


def _utc(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
