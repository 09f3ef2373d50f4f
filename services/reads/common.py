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


def risk_level(concerns: int, open_flags: int = 0) -> str:
    """A coarse risk band for styling: open flags weigh more than recorded concerns."""
    score = concerns + 3 * open_flags
    if score >= 6:
        return "high"
    if score >= 3:
        return "medium"
    if score >= 1:
        return "low"
    return "none"
