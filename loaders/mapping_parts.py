"""Small parts of the mapping language shared by columns, derive functions and list items:
value rules (exact, keyword, regex, default), date plausibility, the ``null`` policy word.

Kept apart from ``mapping.py`` so the schema there stays a readable table of keys.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

NULL_WORD = "null"
DEFAULT_EARLIEST = date(1900, 1, 1)
"""Every date column refuses dates before this unless its ``plausible.min`` says otherwise:
records of people and events before 1900 are keying slips (``1850`` for ``1985``)."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def null_word(value: Any) -> Any:
    """YAML reads an unquoted ``null`` as nothing at all; for a *policy* key (``unmapped``,
    ``on_error``) that can only mean the policy named ``null``."""
    return NULL_WORD if value is None else value


def text_keys(table: Any) -> Any:
    """Value-map keys are the agency's text. YAML 1.1 reads unquoted ``yes``/``no``/``on``/
    ``off``/``true``/``false`` (any case) as booleans and bare numbers as numbers: numbers are
    turned back into their text, booleans refused with the fix, since ``YES`` and ``on`` can no
    longer be told apart."""
    if not isinstance(table, dict):
        return table
    for key in table:
        if isinstance(key, bool) or key is None:
            raise ValueError(f"key {key!r}: YAML read an unquoted yes/no/on/off/true/false/null "
                             "as a boolean or null; quote the code ('YES': …)")  # fmt: skip
    return {str(k): v for k, v in table.items()}


class ValueRule(Strict):
    """One rule of a value map: ``contains`` any keyword, or ``match`` a regex → ``value``.

    Both are case-insensitive and look anywhere in the (cleaned) text, so new wording of a
    known category (``Welfare concern - home``, ``concerned re welfare``) still lands."""

    match: str | None = Field(default=None, description="Regular expression searched for.")
    contains: tuple[str, ...] = Field(default=(), description="Keywords, any one suffices.")
    value: Any = Field(description="The value given when the rule matches.")

    @field_validator("match")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from None
        return pattern

    @field_validator("contains", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _exactly_one_test(self) -> ValueRule:
        if (self.match is None) == (not self.contains):
            raise ValueError("a rule needs exactly one of match: (a regex) or contains: (words)")
        return self


class Plausibility(Strict):
    """Bounds a date must respect to be believed (else ``action``, with a data-quality note)."""

    min: date | Literal["today"] | None = Field(default=None, description="Earliest (1900-01-01).")
    max: date | Literal["today"] | None = Field(default=None, description="Latest; today = now.")
    not_before: str | None = Field(default=None, description="Another date field it follows.")
    action: Literal["null", "keep", "quarantine"] = Field(
        default="null", description="Implausible: empty it, keep it, or refuse the row."
    )

    @field_validator("action", mode="before")
    @classmethod
    def _null(cls, value: Any) -> Any:
        return null_word(value)


class ValueMapper:
    """Exact table, then rules in order, then the default, then the ``unmapped`` policy."""

    def __init__(
        self,
        table: dict[str, Any] | None,
        rules: tuple[ValueRule, ...] = (),
        default: tuple[Any] | None = None,
    ) -> None:
        self.table = {str(k).strip().casefold(): v for k, v in (table or {}).items()}
        self.rules = [(_compile(r), r.value) for r in rules]
        self.default = default
        shown = [*map(str, table or {}), *(_shown(r) for r in rules)]
        self.known = ", ".join(shown)

    @property
    def active(self) -> bool:
        return bool(self.table or self.rules or self.default is not None)

    def lookup(self, text: str) -> tuple[bool, Any]:
        """(found, value): ``found`` is False only when nothing matched and no default."""
        key = text.strip().casefold()
        if key in self.table:
            return True, self.table[key]
        for test, value in self.rules:
            if test(text):
                return True, value
        if self.default is not None:
            return True, self.default[0]
        return False, None

    def targets(self) -> set[Any]:
        values = set(self.table.values()) | {v for _, v in self.rules}
        return values | ({self.default[0]} if self.default is not None else set())


def _shown(rule: ValueRule) -> str:
    return f"/{rule.match}/" if rule.match is not None else " | ".join(rule.contains)


def _compile(rule: ValueRule) -> Any:
    if rule.match is not None:
        pattern = re.compile(rule.match, re.IGNORECASE)
        return lambda text: pattern.search(text) is not None
    words = [w.casefold() for w in rule.contains]
    return lambda text: any(w in text.casefold() for w in words)


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def bound(value: date | str | None) -> date | None:
    return date.today() if value == "today" else value  # type: ignore[return-value]
