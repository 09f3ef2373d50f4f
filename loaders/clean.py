"""Pure cleaning and type-coercion functions used by mappings (no I/O, no graph).

Cleaners never throw away information they cannot normalise: an unrecognised postcode or phone
number is kept as written (trimmed), because a loader must not silently lose data. Coercions
raise ``CoercionError`` with a message fit for a quarantine reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

DEFAULT_DATE_FORMATS = ("%Y-%m-%d",)
DEFAULT_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M")
TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0"})
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_SPACES = re.compile(r"\s+")
_MC_PREFIX = re.compile(r"\bMc([a-z])")


class CoercionError(ValueError):
    """A value cannot be turned into the declared type; the message names value and type."""


def is_blank(value: Any) -> bool:
    """None, NaN and whitespace-only strings count as missing."""
    if value is None:
        return True
    if value.__class__ is str:  # the common case first (loaders call this for every cell)
        return not value or value.isspace()
    if isinstance(value, float) and value != value:  # NaN from pandas
        return True
    return isinstance(value, str) and not value.strip()


def strip(value: str) -> str | None:
    """Trim and collapse inner whitespace; blank becomes None."""
    text = _SPACES.sub(" ", value).strip()
    return text or None


def clean_name(value: str) -> str | None:
    """Collapse whitespace; re-case names keyed all in capitals or all in lower case.

    ``O'BRIEN`` → ``O'Brien``, ``SMITH-JONES`` → ``Smith-Jones``, ``MCDONALD`` → ``McDonald``.
    Mixed case is left alone: the agency typed it that way on purpose.
    """
    text = strip(value)
    if text is None or not (text.isupper() or text.islower()):
        return text
    titled = text.title()
    return _MC_PREFIX.sub(lambda m: "Mc" + m.group(1).upper(), titled)


def clean_postcode(value: str) -> str | None:
    """UK postcode in canonical form (``kt014aa`` → ``KT01 4AA``); unparseable kept upper-cased."""
    compact = _SPACES.sub("", value).upper()
    if not compact:
        return None
    match = POSTCODE.match(compact)
    if match is None:
        return _SPACES.sub(" ", value).strip().upper()
    return f"{match.group(1)} {match.group(2)}"


def clean_phone(value: str) -> str | None:
    """UK numbers in E.164 (``07700 900123`` → ``+447700900123``); others kept trimmed."""
    text = strip(value)
    if text is None:
        return None
    digits = re.sub(r"[^\d+]", "", text)
    if digits.startswith("+44") and len(digits) == 13:
        return digits
    if digits.startswith("0044") and len(digits) == 14:
        return "+" + digits[2:]
    if digits.startswith("0") and len(digits) == 11:
        return "+44" + digits[1:]
    return text


_ID_GAPS = re.compile(r"[\s\-]")


def clean_identifier(value: str) -> str | None:
    """Upper-case and drop spaces and dashes: NHS numbers, NI numbers, UPNs, references."""
    text = _ID_GAPS.sub("", value).upper()
    return text or None


CLEANERS: dict[str, Callable[[str], str | None]] = {
    "strip": strip,
    "name": clean_name,
    "postcode": clean_postcode,
    "phone": clean_phone,
    "identifier": clean_identifier,
    "upper": lambda v: (strip(v) or "").upper() or None,
    "lower": lambda v: (strip(v) or "").lower() or None,
}


def to_str(value: Any) -> str:
    """Text as the agency wrote it; whole floats from numeric readers lose the ``.0``; a nested
    object or list (JSON Lines) stays JSON, so the ``json`` derive function can read it."""
    if value.__class__ is str:
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def to_int(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    text = to_str(value).strip().replace(",", "")
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            raise CoercionError(f"{value!r} is not a whole number") from None
        if not number.is_integer():
            raise CoercionError(f"{value!r} is not a whole number") from None
        return int(number)


def to_float(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(to_str(value).strip().replace(",", ""))
    except ValueError:
        raise CoercionError(f"{value!r} is not a number") from None


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = to_str(value).strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CoercionError(f"{value!r} is not a yes/no value")


_DATES: dict[tuple[str, tuple[str, ...]], date] = {}
"""Text already read as a date, per format list: extracts repeat dates (births, days) a lot,
and strptime is the slowest step of reading one. Bounded; a date object is immutable."""
_DATES_MAX = 200_000


def to_date(value: Any, formats: tuple[str, ...] = DEFAULT_DATE_FORMATS) -> date:
    """A date from a date object or text in any of ``formats`` (tried in order)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = to_str(value).strip()
    key = (text, formats if isinstance(formats, tuple) else tuple(formats))
    found = _DATES.get(key)
    if found is None:
        found = _parse_date(text, value, formats)
        if len(_DATES) >= _DATES_MAX:
            _DATES.clear()
        _DATES[key] = found
    return found


def _parse_date(text: str, value: Any, formats: tuple[str, ...]) -> date:
    for fmt in formats:
        if fmt == "excel":  # a spreadsheet's day number (1 = 1900-01-01, with Excel's leap bug)
            if text.isdigit() and 0 < int(text) < 2_958_466:
                return date(1899, 12, 30) + timedelta(days=int(text))
            continue
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CoercionError(f"{value!r} is not a date in format {' or '.join(formats)}")


def to_datetime(value: Any, formats: tuple[str, ...] = DEFAULT_DATETIME_FORMATS) -> datetime:
    """A local date-time from a datetime object or text in any of ``formats``."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = to_str(value).strip()
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise CoercionError(f"{value!r} is not a date-time in format {' or '.join(formats)}")


def coerce(value: Any, type_name: str, formats: tuple[str, ...] = ()) -> Any:
    """Coerce one non-blank value to ``type_name`` (``str``, ``int``, ``date`` …)."""
    if type_name == "str":
        return to_str(value)
    if type_name == "int":
        return to_int(value)
    if type_name == "float":
        return to_float(value)
    if type_name == "bool":
        return to_bool(value)
    if type_name == "date":
        return to_date(value, formats or DEFAULT_DATE_FORMATS)
    if type_name == "datetime":
        return to_datetime(value, formats or DEFAULT_DATETIME_FORMATS)
    raise CoercionError(f"unknown type {type_name!r}")


FIELD_TYPES = ("str", "int", "float", "bool", "date", "datetime")
