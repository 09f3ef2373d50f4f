"""What an agreement withheld, as the sentence every page and command shows.

A read under an agreement never silently shows less: it counts what it left out, and the reader
is told "2 records and 1 event withheld under agreement mash_isa". Built here only, so the
wording is the same on every page, in every command and in every export.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def withheld_notice(count: int, noun: str, agreement: str) -> str | None:
    """ "2 results withheld under agreement mash_isa" - or None when nothing was withheld."""
    return _sentence([(count, noun)], agreement)


@dataclass(frozen=True)
class WithheldPart:
    """Some of one agency's records withheld for one reason: ``agency`` (the role may not see
    the agency) or ``event_type`` (it may not see those event types). Counts only."""

    agency: str
    agency_name: str
    reason: str
    records: int


@dataclass
class Withheld:
    """How much one read left out under ``agreement`` (whole records, events, network links) -
    and, when known, whose and why (``parts``, for the viewer's ``role``)."""

    agreement: str
    records: int = 0
    events: int = 0
    links: int = 0
    parts: list[WithheldPart] = field(default_factory=list)
    role: str | None = None

    def notice(self) -> str | None:
        """The sentence the page shows, or None when nothing was withheld. With ``parts``, one
        unit (agency records - a person record or an event an agency recorded), by agency, with
        the agreement clause that withholds them."""
        if self.parts:
            return agency_sentence(self.parts, self.agreement, self.role or "")
        counts = [(self.records, "record"), (self.events, "event"), (self.links, "link")]
        return _sentence(counts, self.agreement)


def agency_sentence(parts: list[WithheldPart], agreement: str, role: str) -> str | None:
    """ "Withheld under agreement mash_isa: 2 Immigration records - the agreement does not share
    Immigration's records with the analyst role (roles.analyst.agencies)." """
    said = []
    for part in parts:
        if not part.records:
            continue
        what = f"{part.records} {part.agency_name} record{'' if part.records == 1 else 's'}"
        if part.reason == "event_type":
            why = (
                f"event types the agreement does not share with the {role} role "
                f"(roles.{role}.event_types)"
            )
        else:
            why = (
                f"the agreement does not share {part.agency_name}'s records with the {role} "
                f"role (roles.{role}.agencies)"
            )
        said.append(f"{what} - {why}")
    if not said:
        return None
    return f"Withheld under agreement {agreement}: {'; '.join(said)}."


def _sentence(counts: list[tuple[int, str]], agreement: str) -> str | None:
    parts = [f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts if n]
    if not parts:
        return None
    return f"{' and '.join(parts)} withheld under agreement {agreement}"
