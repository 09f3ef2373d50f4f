"""Derived fields: small pure functions a mapping applies to fields already read.

Each function takes the argument values (``None`` when blank) and the mapping's ``options``
and returns either one value or, for multi-output functions, a dict of named outputs that the
mapping binds to fields (``fields: {surname: surname, forename: forename}``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from touchpoint.loaders.clean import clean_name, clean_postcode, strip

STREET_SUFFIXES = {
    "RD": "Road",
    "ST": "Street",
    "AVE": "Avenue",
    "AV": "Avenue",
    "CL": "Close",
    "DR": "Drive",
    "CRES": "Crescent",
    "GDNS": "Gardens",
    "CT": "Court",
    "PL": "Place",
    "LN": "Lane",
    "TERR": "Terrace",
    "TER": "Terrace",
    "SQ": "Square",
    "GR": "Grove",
    "GRO": "Grove",
    "PK": "Park",
}
_FLAT = re.compile(r"^(?:FLAT|APARTMENT|APT)\s+(\w+)[\s,]*(.*)$", re.IGNORECASE)
_SLASH_FLAT = re.compile(r"^(\w+)/(\d+[A-Z]?)\s+(.+)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d+[A-Z]?)\s+(.+)$", re.IGNORECASE)


class DeriveError(ValueError):
    """A derived field cannot be computed from this row (becomes a quarantine reason)."""


def join(args: list[Any], options: dict[str, Any]) -> str | None:
    """Non-blank arguments joined with ``sep`` (default a space)."""
    parts = [str(a) for a in args if a not in (None, "")]
    return str(options.get("sep", " ")).join(parts) or None


def coalesce(args: list[Any], options: dict[str, Any]) -> Any:
    """The first non-blank argument."""
    return next((a for a in args if a not in (None, "")), None)


def date_of(args: list[Any], options: dict[str, Any]) -> date | None:
    """The date part of a date-time."""
    value = args[0]
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def map_values(args: list[Any], options: dict[str, Any]) -> Any:
    """Translate a code through ``values`` (case-insensitive); ``unmapped`` says what else."""
    value = args[0]
    if value is None:
        return None
    table = {str(k).casefold(): v for k, v in (options.get("values") or {}).items()}
    key = str(value).casefold()
    if key in table:
        return table[key]
    policy = options.get("unmapped", "quarantine")
    if policy == "keep":
        return value
    if policy == "null":
        return None
    raise DeriveError(f"{value!r} is not in the value map")


def present(args: list[Any], options: dict[str, Any]) -> Any:
    """``options.value`` when the argument is present, else ``options.otherwise``."""
    return options.get("value") if args[0] not in (None, "") else options.get("otherwise")


def absence_type(args: list[Any], options: dict[str, Any]) -> str | None:
    """School absence type for a term from sessions possible, authorised and unauthorised.

    ``persistent`` when the pupil missed at least ``threshold`` (DfE: 10%) of possible
    sessions, else ``unauthorised`` / ``authorised`` by which kind occurred; no absence: None.
    """
    possible, authorised, unauthorised = (a or 0 for a in args)
    missed = authorised + unauthorised
    if missed == 0:
        return None
    if possible and missed / possible >= float(options.get("threshold", 0.1)):
        return "persistent"
    return "unauthorised" if unauthorised else "authorised"


def split_name(args: list[Any], options: dict[str, Any]) -> dict[str, str | None]:
    """``SURNAME, Forename Middle`` → surname, forename, middle_names (re-cased)."""
    value = args[0]
    if value is None:
        return {"surname": None, "forename": None, "middle_names": None}
    surname, _, given = str(value).partition(",")
    if not given:  # no comma: "Forename Middle Surname"
        words = str(value).split()
        surname, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (value, "")
    return {"surname": clean_name(surname), **split_forenames([given], options)}


def split_forenames(args: list[Any], options: dict[str, Any]) -> dict[str, str | None]:
    """``Samantha Hannah`` → forename ``Samantha``, middle_names ``Hannah``."""
    words = str(args[0] or "").split()
    if not words:
        return {"forename": None, "middle_names": None}
    return {
        "forename": clean_name(words[0]),
        "middle_names": clean_name(" ".join(words[1:])) if len(words) > 1 else None,
    }


def address(args: list[Any], options: dict[str, Any]) -> dict[str, str | None]:
    """Parse free-text UK address parts (last argument: the postcode) into canonical fields.

    Agencies write the same address many ways (``Flat 1, Wheeler Court, 1 Burke Terrace``,
    ``1/1 Burke Terr``, upper case …). ``line1`` is the canonical premise and street
    (``Flat 1, 1 Burke Terrace``), which with the postcode keys the shared ``Address`` node.
    """
    *parts, postcode = args
    text = ", ".join(str(p) for p in parts if p not in (None, ""))
    pieces = [strip(p) for p in text.split(",")]
    pieces = [p for p in pieces if p]
    parsed = _parse_pieces(pieces)
    if parsed["street"] is None:
        line1 = clean_name(pieces[0]) if pieces else None
    else:
        premise = f"{parsed['number']} {parsed['street']}"
        line1 = f"Flat {parsed['flat']}, {premise}" if parsed["flat"] else premise
    return {
        "line1": line1,
        "building": parsed["building"],
        "town": parsed["town"],
        "postcode": clean_postcode(str(postcode)) if postcode else None,
        "text": text or None,
    }


def _parse_pieces(pieces: list[str]) -> dict[str, str | None]:
    found: dict[str, str | None] = dict.fromkeys(("flat", "building", "number", "street", "town"))
    for piece in pieces:
        if found["street"] is not None:
            found["town"] = found["town"] or clean_name(piece)
            continue
        if (m := _FLAT.match(piece)) and found["flat"] is None:
            found["flat"], rest = m.group(1).upper(), m.group(2).strip()
            if rest and (n := _NUMBERED.match(rest)):
                found["number"], found["street"] = n.group(1).upper(), _street(n.group(2))
            elif rest:
                found["building"] = clean_name(rest)
        elif m := _SLASH_FLAT.match(piece):
            found["flat"], found["number"] = m.group(1).upper(), m.group(2).upper()
            found["street"] = _street(m.group(3))
        elif m := _NUMBERED.match(piece):
            found["number"], found["street"] = m.group(1).upper(), _street(m.group(2))
        elif found["flat"] is not None and found["building"] is None:
            found["building"] = clean_name(piece)
    return found


def _street(name: str) -> str:
    words = (clean_name(name) or name).split()
    suffix = STREET_SUFFIXES.get(words[-1].upper().rstrip("."))
    if suffix:
        words[-1] = suffix
    return " ".join(words)


FUNCTIONS: dict[str, Callable[[list[Any], dict[str, Any]], Any]] = {
    "join": join,
    "coalesce": coalesce,
    "date_of": date_of,
    "map": map_values,
    "present": present,
    "absence_type": absence_type,
    "split_name": split_name,
    "split_forenames": split_forenames,
    "address": address,
}
MULTI_OUTPUT: dict[str, tuple[str, ...]] = {
    "split_name": ("surname", "forename", "middle_names"),
    "split_forenames": ("forename", "middle_names"),
    "address": ("line1", "building", "town", "postcode", "text"),
}
