"""What a column of a new extract holds, judged from its name and a sample of its values.

Used by ``mappings draft``: each detector looks at the non-blank sample values (and the
column's name as a hint) and says what it found and why, so the drafted mapping can explain
itself line by line. Identifiers are recognised by shape *and* check digit (NHS number
modulus 11), dates by the formats that parse nearly all values.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from touchpoint.loaders.address import POSTCODE_IN_TEXT, STREET_WORDS
from touchpoint.loaders.clean import FALSE_WORDS, POSTCODE, TRUE_WORDS, to_str

DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d-%b-%Y",
    "%d %b %Y",
    "%d/%m/%y",
    "%Y%m%d",
    "%d %B %Y",
)
DATETIME_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S.%f",
)
NI_NUMBER = re.compile(r"^[A-CEGHJ-PR-TW-Z]{2}\d{6}[A-D]$")
NI_SHAPE = re.compile(r"^[A-Z]{2}\d{6}[A-D]?$")
"""The loose shape, believed only in a column named for it (test prefixes such as QQ)."""
UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
_WORD = re.compile(r"[a-z]+")
QUORUM = 0.8
"""Share of the non-blank sample values a detector needs to claim a column."""


@dataclass
class Column:
    """One column of the extract and what the draft decided it is."""

    name: str
    values: list[Any]
    kind: str = "text"
    formats: tuple[str, ...] = ()
    why: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def texts(self) -> list[str]:
        return [to_str(v).strip() for v in self.values]

    @property
    def words(self) -> set[str]:
        """The column name's words: ``Claimant DOB`` → {claimant, dob}."""
        spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", self.name)
        return set(_WORD.findall(spaced.casefold()))

    def named(self, *hints: str) -> bool:
        return bool(self.words & set(hints)) or any(
            h in self.name.casefold() for h in hints if len(h) > 3
        )


def nhs_check(digits: str) -> bool:
    """Modulus 11 check digit of a 10-digit NHS number."""
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def profile(column: Column) -> Column:
    """Decide the column's kind; the first detector that claims it wins."""
    texts = [t for t in column.texts if t]
    if not texts:
        column.kind, column.why = "blank", "always blank in the sample"
        return column
    for detect in (
        _json,
        _identifier,
        _postcode,
        _datetime,
        _boolean,
        _list,
        _address,
        _number,
        _name,
        _narrative,
        _code,
    ):
        if detect(column, texts):
            return column
    column.kind, column.why = "text", "free text"
    return column


def share(texts: list[str], test: Any) -> float:
    return sum(1 for t in texts if test(t)) / len(texts)


def _json(column: Column, texts: list[str]) -> bool:
    objects = [v for v in column.values if isinstance(v, dict)]
    for t in texts:
        if t.startswith("{"):
            try:
                loaded = json.loads(t)
            except json.JSONDecodeError:
                continue
            if isinstance(loaded, dict):
                objects.append(loaded)
    if len(objects) < QUORUM * len(texts):
        return False
    keys = list(dict.fromkeys(k for o in objects for k in o))
    column.kind, column.why = "json", f"a JSON object with keys {', '.join(keys[:12])}"
    column.extra["keys"] = keys
    return True


def _identifier(column: Column, texts: list[str]) -> bool:
    compact = [re.sub(r"[\s-]", "", t).upper() for t in texts]
    if share(compact, nhs_check) >= QUORUM:
        column.kind, column.why = "nhs_number", "10 digits with a valid NHS check digit"
    elif share(compact, NI_NUMBER.fullmatch) >= QUORUM or (
        column.named("nino", "ni", "insurance") and share(compact, NI_SHAPE.fullmatch) >= QUORUM
    ):
        column.kind, column.why = "ni_number", "National Insurance number shape (AB123456C)"
    elif share(compact, UPN.fullmatch) >= QUORUM and column.named("upn", "pupil"):
        column.kind, column.why = "upn", "unique pupil number shape (letter, 11 digits, check)"
    else:
        return False
    return True


def _postcode(column: Column, texts: list[str]) -> bool:
    if share([re.sub(r"\s", "", t).upper() for t in texts], POSTCODE.fullmatch) < QUORUM:
        return False
    column.kind, column.why = "postcode", "UK postcodes"
    return True


def _parses(texts: list[str], fmt: str) -> float:
    def ok(text: str) -> bool:
        try:
            datetime.strptime(text, fmt)
        except ValueError:
            return False
        return True

    return share(texts, ok)


def _datetime(column: Column, texts: list[str]) -> bool:
    for kind, candidates in (("datetime", DATETIME_FORMATS), ("date", DATE_FORMATS)):
        scored = sorted(((_parses(texts, f), f) for f in candidates), reverse=True)
        chosen = [f for score, f in scored if score > 0]
        if not chosen:
            continue
        covered, formats = 0.0, []
        for fmt in chosen:  # add formats until nearly every value parses (mixed layouts)
            formats.append(fmt)
            covered = share(texts, lambda t, fs=tuple(formats): any(_parses([t], f) for f in fs))
            if covered >= 0.95:
                break
        dated = column.named("date", "dob", "birth", "born", "start", "end", "time", "when")
        if covered >= (0.5 if dated else QUORUM):
            column.kind, column.formats = kind, tuple(formats)
            bad = round((1 - covered) * len(texts))
            column.why = f"{kind}s in {' or '.join(formats)}" + (
                f"; {bad} sample value(s) parse in none (on_error: null keeps those rows)"
                if bad
                else ""
            )
            return True
    return False


def _boolean(column: Column, texts: list[str]) -> bool:
    words = TRUE_WORDS | FALSE_WORDS
    if share([t.casefold() for t in texts], words.__contains__) < 1.0:
        return False
    if {t.casefold() for t in texts} <= {"1", "0"} and not column.named("flag", "is", "has"):
        return False
    column.kind, column.why = "bool", "yes/no values"
    return True


def _list(column: Column, texts: list[str]) -> bool:
    """Several items in one cell (``A/2015-03-01; B/2018-07-09``), each with a date."""
    listed = [t for t in texts if ";" in t]
    if len(listed) < max(1, QUORUM * len(texts) / 2):
        return False
    items = [i.strip() for t in listed for i in t.split(";") if i.strip()]
    dated = share(items, lambda i: re.search(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", i) is not None)
    if dated < 0.5:
        return False
    column.kind, column.why = "list", f"lists of ';'-separated items with dates ({items[0]!r} …)"
    column.extra["relation"] = share(items, lambda i: "(" in i) >= 0.5
    return True


def _address(column: Column, texts: list[str]) -> bool:
    with_postcode = share(texts, lambda t: POSTCODE_IN_TEXT.search(t) is not None)
    streety = share(
        texts,
        lambda t: (
            bool(set(re.findall(r"[A-Za-z]+", t.upper())) & STREET_WORDS)
            and bool(re.search(r"\d", t))
        ),
    )
    hinted = column.named("address", "location", "property", "street", "addr")
    if (with_postcode >= 0.5 and (streety >= 0.3 or hinted)) or (hinted and streety >= 0.5):
        column.kind = "address"
        column.why = f"addresses on one line ({round(with_postcode * 100)}% with a postcode inside)"
        return True
    return False


def _number(column: Column, texts: list[str]) -> bool:
    if share(texts, lambda t: re.fullmatch(r"-?\d+", t) is not None) == 1.0:
        unique = len(set(texts)) == len(texts)
        if unique or column.named("id", "ref", "no", "number", "code", "urn", "key"):
            column.kind, column.why = "id", "whole numbers used as references"
        else:
            column.kind, column.why = "int", "whole numbers"
        return True
    if share(texts, lambda t: re.fullmatch(r"-?\d+(\.\d+)?", t) is not None) == 1.0:
        column.kind, column.why = "float", "numbers"
        return True
    return False


def _name(column: Column, texts: list[str]) -> bool:
    if not column.named(
        "name",
        "surname",
        "forename",
        "forenames",
        "first",
        "last",
        "given",
        "family",
        "patient",
        "pupil",
        "claimant",
        "tenant",
        "child",
        "nominal",
        "person",
        "lead",
    ):
        return False
    if share(texts, lambda t: re.fullmatch(r"[A-Za-z' ,.\-()]+", t) is not None) < QUORUM:
        return False
    multi = share(texts, lambda t: "," in t or len(t.split()) > 1)
    if column.named("surname", "last", "family") and multi < 0.5:
        column.kind, column.why = "surname", "surnames"
    elif column.named("forename", "forenames", "first", "given"):
        column.kind, column.why = "forenames", "forenames"
    else:
        column.kind, column.why = "full_name", "full names (split into surname and forenames)"
    return True


def _narrative(column: Column, texts: list[str]) -> bool:
    hinted = column.named(
        "note",
        "notes",
        "comment",
        "comments",
        "narrative",
        "details",
        "summary",
        "remarks",
        "observations",
    )
    long = sum(len(t) for t in texts) / len(texts) >= 35 and share(texts, lambda t: " " in t) > 0.8
    if not (hinted or long):
        return False
    column.kind, column.why = "notes", "narrative free text (kept as notes)"
    return True


CODE_HINTS = (
    "type",
    "category",
    "class",
    "reason",
    "benefit",
    "concern",
    "kind",
    "incident",
    "offence",
    "status",
    "outcome",
    "role",
    "involvement",
    "sex",
    "gender",
    "source",
)


def _code(column: Column, texts: list[str]) -> bool:
    distinct = sorted(set(texts))
    hinted = column.named(*CODE_HINTS) and sum(map(len, texts)) / len(texts) < 60
    if len(distinct) > 40 or (len(distinct) > max(3, 0.6 * len(texts)) and not hinted):
        return False
    column.kind, column.why = "code", f"{len(distinct)} distinct values"
    column.extra["values"] = distinct
    return True
