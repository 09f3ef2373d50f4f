"""Derived fields: small pure functions a mapping applies to fields already read.

Each function takes the argument values (``None`` when blank) and the mapping's ``options``
and returns either one value or, for multi-output functions, a dict of named outputs that the
mapping binds to fields (``fields: {surname: surname, forename: forename}``). Functions that
parse free text live in ``derive_text.py``; this module is the registry: every function's
arguments, options, outputs and a worked example, from which docs/loading.md is generated
(``loaders/docgen.py``) and against which the examples are run by the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from touchpoint.loaders import derive_text as text
from touchpoint.loaders.address import POSTCODE_IN_TEXT, find_postcode, parse_address
from touchpoint.loaders.clean import clean_name
from touchpoint.loaders.errors import DeriveError
from touchpoint.loaders.mapping_parts import ValueMapper, ValueRule

__all__ = ["FUNCTIONS", "MULTI_OUTPUT", "REGISTRY", "DeriveError", "outputs_of"]
ADDRESS_OUTPUTS = ("line1", "building", "town", "postcode", "text")
ANY_OUTPUT = ("*",)
"""Outputs named by the mapping itself (``json``: any key of the object)."""


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
    """Translate a value: exact ``values`` (case-insensitive), then ``rules`` (keywords or
    regex, in order), then ``default``; ``unmapped`` (quarantine | keep | null) says what else."""
    value = args[0]
    if value is None:
        return None
    rules = tuple(ValueRule.model_validate(r) for r in options.get("rules") or ())
    default = (options["default"],) if "default" in options else None
    found, mapped = ValueMapper(options.get("values"), rules, default).lookup(str(value))
    if found:
        return mapped
    policy = options.get("unmapped", "quarantine")
    if policy == "keep":
        return value
    if policy in ("null", None):
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
    """``SURNAME, Forename Middle``, ``Forename Middle Surname`` or ``SURNAME Forename`` (a
    leading surname in capitals before names that are not) → surname, forename, middle_names,
    re-cased. ``order: surname_first`` reads ``Smith Jane`` as surname first too."""
    value = args[0]
    if value is None:
        return {"surname": None, "forename": None, "middle_names": None}
    surname, _, given = str(value).partition(",")
    if not given:  # no comma: "Forename Middle Surname", or "SURNAME Forename"
        words = str(value).split()
        lead = _leading_capitals(words)
        if options.get("order") == "surname_first" and len(words) > 1:
            lead = lead or 1
        if lead:
            surname, given = " ".join(words[:lead]), " ".join(words[lead:])
        else:
            surname, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (value, "")
    return {"surname": clean_name(surname), **split_forenames([given], options)}


def _leading_capitals(words: list[str]) -> int:
    """How many leading words are in capitals when the rest are not (``SMITH Jane``: 1)."""
    caps = 0
    while caps < len(words) and words[caps].isupper() and len(words[caps]) > 1:
        caps += 1
    rest = words[caps:]
    return caps if caps and rest and not any(w.isupper() for w in rest) else 0


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
    """Address parts, the *last argument the postcode*, → canonical line1, building, town,
    postcode (the key of the shared ``Address``) and the text as written (loaders/address.py).

    Agencies write the same address many ways (``Flat 1, Wheeler Court, 1 Burke Terrace``,
    ``1/1 Burke Terr``, upper case …): all give line1 ``Flat 1, 1 Burke Terrace``."""
    *parts, postcode = args
    return dict(_parsed_address(tuple(str(p) for p in parts if p not in (None, "")),
                                str(postcode) if postcode else None))  # fmt: skip


@lru_cache(maxsize=65_536)
def _parsed_address(parts: tuple[str, ...], postcode: str | None) -> dict[str, str | None]:
    """Members of a household, and rows of one person, repeat one address: parse it once
    (callers get a copy, so the remembered result never changes)."""
    return parse_address(list(parts), postcode)


def address_line(args: list[Any], options: dict[str, Any]) -> dict[str, str | None]:
    """A whole address on one line (or in several arguments), postcode *inside the text*
    anywhere: ``65 Manor Road SE13 2RR``, ``14 High St|SE13 5AB``, ``Flat 3 Wheeler Court
    1 Burke Terrace London SE5 9QB`` → the same outputs as ``address``. Text after the postcode
    (``… BR1 4JW by the garages``) is not part of the address."""
    joined = ", ".join(str(a) for a in args if a not in (None, ""))
    postcode, _ = find_postcode(joined)
    if postcode is None:
        return parse_address([joined] if joined else [], None)
    match = list(POSTCODE_IN_TEXT.finditer(joined))[-1]
    before = joined[: match.start()].strip(" ,|;-")
    return parse_address([before or joined[match.end() :].strip(" ,|;-")], postcode)


def postcode_in(args: list[Any], options: dict[str, Any]) -> dict[str, str | None]:
    """The UK postcode found anywhere in free text (canonical form; the last one when there are
    several) and the ``rest`` of the text without it."""
    postcode, rest = find_postcode(" ".join(str(a) for a in args if a not in (None, "")))
    return {"postcode": postcode, "rest": rest}


@dataclass(frozen=True)
class DeriveFunction:
    """One derive function as the mapping language offers it (and the docs describe it)."""

    fn: Callable[[list[Any], dict[str, Any]], Any]
    args: str
    options: dict[str, str] = field(default_factory=dict)
    outputs: tuple[str, ...] = ()
    example: tuple[list[Any], dict[str, Any], Any] | None = None
    dynamic: str | None = None
    """The option whose value names the outputs (regex: the pattern's named groups)."""
    required: tuple[str, ...] = ()
    """Options the function cannot do without."""


REGISTRY: dict[str, DeriveFunction] = {
    "join": DeriveFunction(join, "values …", {"sep": "separator (default a space)"},
                           example=(["Ellie", None, "Collins"], {}, "Ellie Collins")),
    "coalesce": DeriveFunction(coalesce, "values …",
                               example=([None, "", "07700 900123"], {}, "07700 900123")),
    "date_of": DeriveFunction(date_of, "a date-time",
                              example=([datetime(2024, 3, 1, 22, 15)], {}, date(2024, 3, 1))),
    "map": DeriveFunction(
        map_values, "a value",
        {"values": "exact table (case-insensitive)", "rules": "list of {contains: [words] | "
         "match: regex, value: v}", "default": "value when nothing matched",
         "unmapped": "quarantine (default) | keep | null"},
        example=(["Concern re welfare (home)"], {"values": {"WELFARE": "welfare_concern"},
                 "rules": [{"contains": ["welfare"], "value": "welfare_concern"}],
                 "default": "safeguarding_concern"}, "welfare_concern"),
    ),
    "present": DeriveFunction(present, "a value", {"value": "result when present",
                              "otherwise": "result when blank"},
                              example=([date(2025, 1, 1)], {"value": "eviction",
                                       "otherwise": "notice_served"}, "eviction")),
    "absence_type": DeriveFunction(absence_type, "sessions possible, authorised, unauthorised",
                                   {"threshold": "persistent share (default 0.1)"},
                                   example=([100, 6, 4], {}, "persistent")),
    "split_name": DeriveFunction(split_name, "a full name", {"order": "surname_first to read "
                                 "'Smith Jane' surname first (capitals are read either way)"},
                                 outputs=(
        "surname", "forename", "middle_names"), example=(["COLLINS, Ellie May"], {}, {
        "surname": "Collins", "forename": "Ellie", "middle_names": "May"})),
    "split_forenames": DeriveFunction(split_forenames, "forenames",
                                      outputs=("forename", "middle_names"),
                                      example=(["Samantha Hannah"], {}, {"forename": "Samantha",
                                               "middle_names": "Hannah"})),
    "address": DeriveFunction(address, "address parts …, postcode (last)", outputs=ADDRESS_OUTPUTS,
                              example=(["1/1 Burke Terr", "Caroleton", "l54aa"], {}, {
                                  "line1": "Flat 1, 1 Burke Terrace", "building": None,
                                  "town": "Caroleton", "postcode": "L5 4AA",
                                  "text": "1/1 Burke Terr, Caroleton"})),
    "address_line": DeriveFunction(address_line, "address text …", outputs=ADDRESS_OUTPUTS,
                                   example=(["65 MANOR RD LEWISHAM SE132RR"], {}, {
                                       "line1": "65 Manor Road", "building": None,
                                       "town": "Lewisham", "postcode": "SE13 2RR",
                                       "text": "65 MANOR RD LEWISHAM"})),
    "postcode_in": DeriveFunction(postcode_in, "free text …", outputs=("postcode", "rest"),
                                  example=(["Seen at 65 Manor Road se13 2rr by PC 123"], {}, {
                                      "postcode": "SE13 2RR",
                                      "rest": "Seen at 65 Manor Road by PC 123"})),
    "regex": DeriveFunction(
        text.regex, "text", {"pattern": "regular expression (named groups are outputs)",
                             "case_sensitive": "true to match case (default false)"},
        example=(["Ref MP/24/0113 found 02/03/2024"], {"pattern": r"(?P<ref>MP/\d+/\d+)"},
                 {"ref": "MP/24/0113"}), dynamic="pattern", required=("pattern",)),
    "split": DeriveFunction(
        text.split, "text", {"into": "names of the parts, in order", "sep": "literal separator "
                             "(default |)", "pattern": "regex separator instead of sep"},
        example=(["14 High St|SE13 5AB"], {"into": ["line", "postcode"]},
                 {"line": "14 High St", "postcode": "SE13 5AB"}), dynamic="into",
        required=("into",)),
    "json": DeriveFunction(
        text.json_value, "JSON object text", example=(['{"FLAT": "2", "STREET": "High St"}'], {},
                                                       {"FLAT": "2", "STREET": "High St"}),
        dynamic="*"),
    "date": DeriveFunction(
        text.parse_date, "text", {"formats": "strptime formats tried in order (default ISO)"},
        example=(["03.11.2019"], {"formats": ["%d.%m.%Y"]}, date(2019, 11, 3))),
    "clean": DeriveFunction(
        text.clean_value, "text", {"as": "name | postcode | phone | identifier | strip | upper "
                                   "| lower"}, example=(["o'brien"], {"as": "name"}, "O'Brien")),
}  # fmt: skip
FUNCTIONS: dict[str, Callable[[list[Any], dict[str, Any]], Any]] = {
    name: spec.fn for name, spec in REGISTRY.items()
}
MULTI_OUTPUT: dict[str, tuple[str, ...]] = {
    name: spec.outputs for name, spec in REGISTRY.items() if spec.outputs
}


def outputs_of(function: str, options: dict[str, Any]) -> tuple[str, ...] | None:
    """Named outputs of ``function`` with these options; None for a one-value function.
    ``ANY_OUTPUT`` when the mapping names them (json keys)."""
    spec = REGISTRY[function]
    if spec.dynamic is None:
        return spec.outputs or None
    return text.dynamic_outputs(function, options)
