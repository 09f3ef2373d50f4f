"""Identifier checks: a value that fails its format or check digit is *unknown*, not a conflict.

Strong identifiers (NHS number, National Insurance number, Unique Pupil Number) are only as
good as their keying. A typo usually breaks the check digit (NHS numbers: modulus 11 catches
every single-digit error and every adjacent transposition; UPNs: a check letter modulo 23),
so a value that fails its check cannot contradict anything: it is compared fuzzily as
evidence, never used to veto a pair or to link one outright.

Each identifier column becomes three feature columns:

* ``<id>``: the normalised value (compared with exact / one edit / transposition levels);
* ``<id>_ok``: the value when it passes its check, else null ("different" is evidence only
  between two checked values; an unchecked value far from the other one is unknown);
* ``<id>_auth``: the value when it may veto (two different ``_auth`` values are two people)
  and link deterministically.

A column whose values mostly fail the check does not hold this identifier at all (a
mapping put another scheme's numbers there): it is compared as a *soft* identifier, every
value trusted as evidence and none with authority (see :func:`column_trust`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

CORE_IDENTIFIERS = ("nhs_number", "ni_number", "upn")
"""Identifiers with a known format; other identifiers reach resolution as soft ones."""

_NI = re.compile(r"^([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])(\d{6})([A-D]?)$")
_NI_BAD_PREFIXES = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})
NI_PREFIXES = tuple(
    a + b
    for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if _NI.match(f"{a}{b}000000") and a + b not in _NI_BAD_PREFIXES
)
_UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_NHS_PLACEHOLDERS = frozenset({"0000000000", "1111111111", "9999999999", "1234567890"})


def nhs_number_valid(value: str) -> bool:
    """Ten digits whose modulus-11 check digit is right (weights 10..2; 10 is never valid)."""
    if len(value) != 10 or not value.isdigit() or value in _NHS_PLACEHOLDERS:
        return False
    total = sum(int(ch) * w for ch, w in zip(value[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(value[9])


def ni_number_stem(value: str) -> str | None:
    """The comparable part of a National Insurance number (prefix + six digits), or None
    when the value is not in the NI format. The A-D suffix is often dropped in extracts."""
    match = _NI.match(value)
    if match is None or match.group(1) in _NI_BAD_PREFIXES:
        return None
    return match.group(1) + match.group(2)


def upn_valid(value: str) -> bool:
    """Check letter + 12 characters (a temporary UPN ends in a letter); the DfE check letter
    is the weighted sum (positions 2..13, weights 2..13) modulo 23."""
    if not _UPN.match(value):
        return False
    total = 0
    for ch, weight in zip(value[1:], range(2, 14), strict=True):
        digit = int(ch) if ch.isdigit() else _UPN_LETTERS.find(ch)
        if digit < 0:
            return False
        total += digit * weight
    return _UPN_LETTERS[total % 23] == value[0]


def upn_permanent(value: str) -> bool:
    """A temporary UPN (last character a letter) is replaced later: it cannot veto."""
    return value[-1].isdigit()


@dataclass(frozen=True)
class Checked:
    """One value after its check: what to compare, whether it passed, whether it may veto."""

    value: str
    ok: bool
    authoritative: bool


@lru_cache(maxsize=1 << 20)
def check(column: str, value: str) -> Checked:
    """Check one normalised identifier value of a core column (others always pass, softly).
    Cached: every run checks each distinct value twice (trust, then features)."""
    if column == "nhs_number":
        ok = nhs_number_valid(value)
        return Checked(value, ok, ok)
    if column == "ni_number":
        stem = ni_number_stem(value)
        return Checked(stem or value, stem is not None, stem is not None)
    if column == "upn":
        ok = upn_valid(value)
        return Checked(value, ok, ok and upn_permanent(value))
    return Checked(value, True, False)


@dataclass
class ColumnTrust:
    """How one identifier column is used in a run (recorded in the run report)."""

    values: int
    failing_check: int
    use: str  # "checked" (authoritative when valid), "soft", or "absent"
    placeholders: list[str] = field(default_factory=list)

    def describe(self) -> dict[str, object]:
        return {"values": self.values, "failing_check": self.failing_check, "use": self.use,
                "placeholders": self.placeholders}  # fmt: skip


def placeholder_limit(records: int) -> int:
    """More records than this holding one value: a placeholder ('0000000000', 'UNKNOWN'),
    not a person's number (one person's records across agencies number in the tens)."""
    return max(200, records // 1000)


def column_trust(column: str, values: pd.Series, max_failing_share: float) -> ColumnTrust:
    """A core column is checked unless most of its values fail (then it holds some other
    scheme's numbers and is compared softly); every other column is soft. Values held by
    more records than :func:`placeholder_limit` are placeholders, compared as unknown."""
    held = values.dropna()
    if held.empty:
        return ColumnTrust(0, 0, "absent")
    counts = held.value_counts()
    placeholders = sorted(counts.index[counts > placeholder_limit(len(values))].astype(str))
    if len(placeholders) == len(counts):  # nothing but placeholders: nothing to compare
        return ColumnTrust(len(held), 0, "absent", placeholders)
    if column not in CORE_IDENTIFIERS:
        return ColumnTrust(len(held), 0, "soft", placeholders)
    uniques = held.unique()
    passed = {v: check(column, v).ok for v in uniques}
    failing = int((~held.map(passed)).sum())
    use = "soft" if failing > max_failing_share * len(held) else "checked"
    return ColumnTrust(len(held), failing, use, placeholders)


def identifier_columns(column: str, values: pd.Series, trust: ColumnTrust) -> dict[str, pd.Series]:
    """``<id>``, ``<id>_ok`` and ``<id>_auth`` feature columns for one identifier column."""
    values = values.where(~values.isin(trust.placeholders))
    uniques = values.dropna().unique()
    checked = {v: check(column, v) for v in uniques}
    soft = trust.use != "checked"
    value = values.map({v: c.value for v, c in checked.items()})
    ok = values.map({v: soft or c.ok for v, c in checked.items()}).eq(True)
    auth = values.map({v: (not soft) and c.authoritative for v, c in checked.items()}).eq(True)
    return {column: value, f"{column}_ok": value.where(ok), f"{column}_auth": value.where(auth)}


def nhs_number_from(stem: int) -> str:
    """A valid NHS number from a nine-digit stem (the next stem whose check digit exists),
    for generated test records."""
    for k in range(11):
        nine = f"{(stem + k) % 1_000_000_000:09d}"
        total = sum(int(ch) * w for ch, w in zip(nine, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            return nine + str(check)
    raise AssertionError("unreachable: 11 consecutive stems always include a valid one")


def upn_from(body: str) -> str:
    """A valid permanent UPN from its 12 digits (check letter in front), for test records."""
    total = sum(int(ch) * w for ch, w in zip(body, range(2, 14), strict=True))
    return _UPN_LETTERS[total % 23] + body
