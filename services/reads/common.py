"""Helpers shared by the services: plain values from driver types, vocabulary look-ups."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

from touchpoint.graph_model.model.vocabulary import vocabulary

#: Neo4j labels the person-level network shows, and the kind the app calls each.
KIND_BY_LABEL = {
    "Person": "person",
    "PersonRecord": "person",
    "Address": "address",
    "Event": "event",
    "Organisation": "organisation",
}
KEY_PROPERTY = {
    "Person": "person_id",
    "PersonRecord": "record_id",
    "Address": "address_id",
    "Event": "event_id",
    "Organisation": "org_id",
}


def plain(value: Any) -> Any:
    """Driver temporal values (and nested lists/dicts of them) as ISO strings, for JSON/Dash."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    iso_format = getattr(value, "iso_format", None)
    return iso_format() if callable(iso_format) else str(value)


def iso_date(value: Any) -> str | None:
    """The date part (YYYY-MM-DD) of a date or datetime value, or None."""
    text = plain(value)
    return text[:10] if isinstance(text, str) and len(text) >= 10 else None


@cache
def concern_pairs() -> list[list[str]]:
    """[category, type] pairs the vocabulary counts as a safeguarding concern, as Cypher
    parameters and ``in`` tests take them (lists)."""
    return [list(pair) for pair in vocabulary().concern_pairs()]


def agency_name(agency_id: str | None) -> str:
    """The display name of an agency id, or the id itself if the vocabulary lacks it."""
    if not agency_id:
        return "Unknown agency"
    return vocabulary().agencies.get(agency_id, {}).get("name", agency_id)


def humanise(code: str | None) -> str:
    """``police_incident`` -> ``Police incident`` for labels built from vocabulary codes."""
    if not code:
        return ""
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


_BANDS = ("none", "low", "medium", "high")


def risk_level(concerns: int, open_flags: int = 0, top_flag: str | None = None) -> str:
    """A coarse risk band for the badge: at least the severity of the highest open flag
    (``top_flag``: a flag the pattern marked high makes the person high), raised by recorded
    concerns (6 or more: high, 3-5: medium, 1-2: low). An open flag of unknown severity counts
    as medium."""
    by_concerns = (
        "high" if concerns >= 6 else "medium" if concerns >= 3 else "low" if concerns else "none"
    )
    by_flags = top_flag if top_flag in _BANDS else ("medium" if open_flags else "none")
    return max(by_concerns, by_flags, key=_BANDS.index)


def risk_basis(concerns: int, open_flags: int = 0, top_flag: str | None = None) -> str:
    """Why the badge says what it says, in words (its tooltip): "Highest open flag: high;
    2 recorded safeguarding concerns"."""
    parts = []
    if open_flags:
        plural = "" if open_flags == 1 else "s"
        parts.append(
            f"highest of {open_flags} open flag{plural}: {top_flag}"
            if top_flag
            else f"{open_flags} open flag{plural}"
        )
    if concerns:
        parts.append(f"{concerns} recorded safeguarding concern{'' if concerns == 1 else 's'}")
    text = "; ".join(parts) or "no open flag or recorded concern"
    return f"Based on {text} you may see"
