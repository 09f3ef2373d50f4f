"""What an agreement withheld, as the sentence every page and command shows.

A read under an agreement never silently shows less: it counts what it left out, and the reader
is told "2 records and 1 event withheld under agreement mash_isa". Built here only, so the
wording is the same on every page, in every command and in every export.
"""

from __future__ import annotations

from dataclasses import dataclass


def withheld_notice(count: int, noun: str, agreement: str) -> str | None:
    """ "2 results withheld under agreement mash_isa" - or None when nothing was withheld."""
    return _sentence([(count, noun)], agreement)


@dataclass
class Withheld:
    """How much one read left out under ``agreement`` (whole records, events, network links)."""

    agreement: str
    records: int = 0
    events: int = 0
    links: int = 0

    def notice(self) -> str | None:
        """The sentence the page shows, or None when nothing was withheld."""
        counts = [(self.records, "record"), (self.events, "event"), (self.links, "link")]
        return _sentence(counts, self.agreement)


def _sentence(counts: list[tuple[int, str]], agreement: str) -> str | None:
    parts = [f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts if n]
    if not parts:
        return None
    return f"{' and '.join(parts)} withheld under agreement {agreement}"
