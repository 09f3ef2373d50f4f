"""Identifier formats with their real check digits, derived from a person's serial.

Deriving from the serial (through a fixed permutation) makes identifiers unique without
keeping a set of issued numbers, so memory does not grow with the population.
"""

from __future__ import annotations

_NINO_FIRST = [c for c in "ABCEGHJKLMNOPRSTWXYZ"]
_NINO_SECOND = [c for c in "ABCEGHJKLMNPRSTWXYZ"]
_BAD_PREFIX = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}
NINO_PREFIXES = [a + b for a in _NINO_FIRST for b in _NINO_SECOND if a + b not in _BAD_PREFIX]
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_LA_CODES = ("330", "331", "332", "333", "334", "335", "336", "373", "380", "381")


def _perm(serial: int, modulus: int, mult: int = 48271) -> int:
    """Bijective scramble of 0..modulus-1 so consecutive people get unrelated numbers."""
    return (serial * mult + 12345) % modulus


def nhs_check_digit(nine: str) -> int | None:
    """Modulus-11 check digit of an NHS number, None when the stem is unusable (check 10)."""
    total = sum(int(ch) * w for ch, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_number(serial: int) -> str:
    """Valid 10-digit NHS number, unique per serial for up to 9 million people."""
    base = 400_000_000 + _perm(serial, 9_000_000) * 11
    for k in range(11):
        stem = str(base + k)
        check = nhs_check_digit(stem)
        if check is not None:
            return stem + str(check)
    raise AssertionError("unreachable: 11 consecutive stems always include a valid one")


def nino(serial: int, suffix_pick: int = 0) -> str:
    """National Insurance number (AB123456C style), unique per serial."""
    p = _perm(serial, 1_000_000 * len(NINO_PREFIXES), 7_368_787)
    prefix = NINO_PREFIXES[p // 1_000_000]
    return f"{prefix}{p % 1_000_000:06d}{'ABCD'[suffix_pick % 4]}"


def upn_check_letter(body: str) -> str:
    """DfE check letter over the 12 characters after it (weights 2..13, modulo 23)."""
    total = sum(int(ch) * w for ch, w in zip(body, range(2, 14), strict=True))
    return _UPN_LETTERS[total % 23]


def upn(serial: int) -> str:
    """Unique Pupil Number: check letter + LA code + establishment + year + serial."""
    la = _LA_CODES[serial % len(_LA_CODES)]
    body = la + f"{_perm(serial, 1_000_000_000, 104_729):09d}"
    return upn_check_letter(body) + body
