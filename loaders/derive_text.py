"""Derive functions that pull structure out of text: regex extract, split, JSON values, dates
and cleaning of derived text. Registered (with their docs and examples) in ``derive.py``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from touchpoint.loaders.clean import CLEANERS, DEFAULT_DATE_FORMATS, CoercionError, to_date
from touchpoint.loaders.errors import DeriveError


@lru_cache(maxsize=256)
def compiled(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """A mapping's regex, compiled once (case-insensitive unless asked otherwise)."""
    return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)


def regex(args: list[Any], options: dict[str, Any]) -> Any:
    """The first match of ``pattern`` in the text. Bound with ``fields:``, each *named group*
    is an output (``(?P<postcode>…)``); bound with ``field:``, the first named group (or group
    1, or the whole match). No match gives empty outputs, not an error."""
    value = args[0]
    pattern = compiled(str(options["pattern"]), bool(options.get("case_sensitive", False)))
    found = pattern.search(str(value)) if value not in (None, "") else None
    names = list(pattern.groupindex)
    if found is None:
        return dict.fromkeys(names) if names else None
    if names:
        return {name: _blank_none(found.group(name)) for name in names}
    return _blank_none(found.group(1) if pattern.groups else found.group(0))


def split(args: list[Any], options: dict[str, Any]) -> dict[str, str | None]:
    """Text cut on ``sep`` (a literal, default ``|``) or ``pattern`` (a regex) into the names
    listed in ``into``, in order; the last name takes whatever remains, missing parts are
    empty. ``14 High St|SE13 5AB`` with ``into: [line, postcode]``."""
    names = list(options["into"])
    value = args[0]
    if value in (None, ""):
        return dict.fromkeys(names)
    limit = max(len(names) - 1, 0)
    if "pattern" in options:
        parts = compiled(str(options["pattern"])).split(str(value), maxsplit=limit)
    else:
        parts = str(value).split(str(options.get("sep", "|")), limit)
    parts += [""] * (len(names) - len(parts))
    return {name: _blank_none(part.strip()) for name, part in zip(names, parts, strict=True)}


def json_value(args: list[Any], options: dict[str, Any]) -> dict[str, Any]:
    """Values of a JSON object held in one column (the Standard Safeguarding Dataset's
    ``addr_address_json``, ``*_outcome_json``): each output bound in ``fields:`` is a key (or
    a dotted path ``A.B``); keys match case-insensitively; blank strings are empty."""
    value = args[0]
    if value in (None, ""):
        return _AnyKeys({})
    try:
        data = value if isinstance(value, dict) else json.loads(str(value))
    except json.JSONDecodeError as exc:
        raise DeriveError(f"not a JSON object ({exc.msg} at character {exc.pos})") from None
    if not isinstance(data, dict):
        raise DeriveError("a JSON object was expected")
    return _AnyKeys(data)


def parse_date(args: list[Any], options: dict[str, Any]) -> Any:
    """A date from text in any of ``formats`` (strptime, tried in order; default ISO): for
    dates that arrive inside other text (a regex group, a list item)."""
    value = args[0]
    if value in (None, ""):
        return None
    try:
        return to_date(value, tuple(options.get("formats") or DEFAULT_DATE_FORMATS))
    except CoercionError as exc:
        raise DeriveError(str(exc)) from None


def clean_value(args: list[Any], options: dict[str, Any]) -> str | None:
    """A derived text cleaned like a column (``as``: name, postcode, phone, identifier,
    strip, upper, lower)."""
    value = args[0]
    if value in (None, ""):
        return None
    return CLEANERS[str(options.get("as", "strip"))](str(value))


def dynamic_outputs(function: str, options: dict[str, Any]) -> tuple[str, ...] | None:
    """Outputs named by the options: the regex's named groups, split's ``into``, any key."""
    if function == "regex":
        groups = tuple(compiled(str(options.get("pattern", ""))).groupindex)
        return groups or None
    if function == "split":
        return tuple(options.get("into") or ())
    return ("*",)


class _AnyKeys(dict):
    """A JSON object read by whatever names the mapping binds (case-insensitive, dotted)."""

    def get(self, key: Any, default: Any = None) -> Any:
        node: Any = self
        for part in str(key).split("."):
            if not isinstance(node, dict):
                return default
            folded = {str(k).casefold(): v for k, v in node.items()}
            node = folded.get(part.casefold())
        return _blank_none(node) if isinstance(node, str) else node


def _blank_none(value: str | None) -> str | None:
    return value if value not in (None, "") and str(value).strip() else None
