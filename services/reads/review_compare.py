"""Two agency records of a match pair, field by field, in plain words.

A reviewer rules twins out (or in) on the fields that tell two people apart - sex, the
identifiers, the address and who lives there - so every identifying field is listed, each
marked the same, different, on one record only, or withheld (the agreement named: a withheld
field is never compared, since a comparison would leak it). The evidence for the match is
worded for a person ("Date of birth: day and month swapped - points to the same person"),
with the match weights kept under it for whoever wants the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from touchpoint.services.reads.common import agency_name, humanise

#: The record fields compared one to one, in order: (key, label).
FIELDS = (
    ("forename", "First name"),
    ("middle_names", "Middle names"),
    ("surname", "Surname"),
    ("aliases", "Also known as"),
    ("dob", "Date of birth"),
    ("sex", "Sex"),
    ("nhs_number", "NHS number"),
    ("ni_number", "NI number"),
    ("upn", "Unique pupil number (UPN)"),
    ("phone", "Phone"),
    ("postcode", "Postcode"),
)
#: What each comparison of the match model is called on the page.
COMPARISONS = dict(FIELDS) | {"location": "Address", "address2": "Second address line"}
SEX = {"F": "Female", "M": "Male", "U": "Unknown", "X": "Not specified"}
#: Why resolution held a pair back for a person to decide (a guard's reason code).
REASONS = {
    "identifier_conflict": "the records carry different identifiers",
    "group_identifier_conflict": "other records of each carry different identifiers",
    "held_apart_by_group": "other records of each are held apart",
    "generational": "same name, but born a generation apart (a parent and child?)",
    "dob_implausible": "the dates of birth differ in a way no typing slip explains",
    "twin": "same surname and date of birth, different first names (twins?)",
    "dob_missing": "a date of birth is missing",
}
MARKS = {
    "same": "Same",
    "differs": "Different",
    "one_side": "On one record only",
    "withheld": "Withheld",
    "none": "",
}


@dataclass(frozen=True)
class CompareRow:
    """One field of both records: the two values as shown and how they compare."""

    label: str
    a: str
    b: str
    state: str  # same | differs | one_side | withheld | none

    @property
    def mark(self) -> str:
        return MARKS[self.state]


def compare(pair: dict[str, Any]) -> list[CompareRow]:
    """Every identifying field of the pair's two records, then address, household, agency."""
    a, b, agreement = pair["a"], pair["b"], pair.get("agreement") or "this agreement"
    rows = [_field(label, key, a, b, agreement) for key, label in FIELDS]
    rows = [r for r in rows if r.state != "none" or r.label in _ALWAYS]
    shared_address = _shares(a, b, "addresses", "address_id")
    shared_member = _shares(a, b, "household", "member")
    return [
        *rows,
        _listed("Addresses", _addresses(a), _addresses(b), shared_address),
        _listed("Lives with", _household(a), _household(b), shared_member),
        CompareRow("Agency", _agency(a), _agency(b), "none"),
        CompareRow("Agency's record id", _own_id(a), _own_id(b), "none"),
    ]


_ALWAYS = {"First name", "Surname", "Date of birth", "Sex", "Postcode"}


def _agency(record: dict[str, Any]) -> str:
    return agency_name(record.get("source_agency"))


def _own_id(record: dict[str, Any]) -> str:
    return record.get("source_record_id") or ""


def _field(
    label: str, key: str, a: dict[str, Any], b: dict[str, Any], agreement: str
) -> CompareRow:
    """A withheld field is never compared (that would tell what it is); it names the
    agreement that withholds it."""
    held_a = key in (a.get("withheld_fields") or ())
    held_b = key in (b.get("withheld_fields") or ())
    va, vb = _value(key, a), _value(key, b)
    if held_a or held_b:
        notice = f"Withheld under agreement {agreement}"
        return CompareRow(label, notice if held_a else va, notice if held_b else vb, "withheld")
    if not va and not vb:
        return CompareRow(label, "", "", "none")
    if not va or not vb:
        return CompareRow(label, va, vb, "one_side")
    return CompareRow(label, va, vb, "same" if _norm(va) == _norm(vb) else "differs")


def _value(key: str, record: dict[str, Any]) -> str:
    value = record.get(key)
    if key == "sex" and value:
        return SEX.get(str(value).upper(), str(value))
    return "" if value is None else str(value)


def _norm(value: str) -> str:
    return "".join(value.split()).casefold()


def _listed(label: str, a: list[str], b: list[str], shared: bool) -> CompareRow:
    if not a and not b:
        return CompareRow(label, "", "", "none")
    state = "one_side" if not a or not b else ("same" if shared else "differs")
    return CompareRow(label, "; ".join(a), "; ".join(b), state)


def _shares(a: dict[str, Any], b: dict[str, Any], key: str, field: str) -> bool:
    """Whether the two records share an address (or a household member)."""
    mine = {x.get(field) for x in a.get(key) or []} - {None}
    return bool(mine & {x.get(field) for x in b.get(key) or []})


def _addresses(record: dict[str, Any]) -> list[str]:
    return [
        f"{s.get('address') or ''} {s.get('postcode') or ''}".strip(", ").strip()
        + _since(s.get("from"), s.get("to"))
        for s in record.get("addresses") or []
    ]


def _since(start: str | None, end: str | None) -> str:
    if start and end:
        return f" ({start} to {end})"
    return f" (from {start})" if start else (f" (until {end})" if end else "")


def _household(record: dict[str, Any]) -> list[str]:
    return [
        f"{m.get('name') or 'Unnamed'}" + (f", born {m['dob']}" if m.get("dob") else "")
        for m in record.get("household") or []
    ]


def score_words(probability: float) -> str:
    """'Match score 98%' - the model's probability that the two records are one person."""
    return f"Match score {round(float(probability) * 100):.0f}%"


def reason_words(reason: str | None) -> str | None:
    """Why resolution asked a person rather than deciding, in words (None: just unsure)."""
    if not reason:
        return None
    return f"Held back because {REASONS.get(reason, humanise(reason).lower())}."


def evidence_lines(evidence: dict[str, Any]) -> list[tuple[str, str]]:
    """(plain sentence, match weight as text) per comparison, strongest first."""
    if "rule" in evidence:
        ids = [COMPARISONS.get(i, humanise(i)) for i in evidence.get("identifiers") or []]
        rule = str(evidence["rule"])
        text = rule[:1].upper() + rule[1:] + (f": {', '.join(ids)}" if ids else "")
        return [(text, "")]
    parts = [
        (name, part.get("level") or "", float(part["weight"]))
        for name, part in evidence.items()
        if isinstance(part, dict) and part.get("weight")
    ]
    parts.sort(key=lambda p: -abs(p[2]))
    return [
        (f"{COMPARISONS.get(n, humanise(n))}: {level} - {_strength(w)}", f"{w:+.1f}")
        for n, level, w in parts
    ]


def _strength(weight: float) -> str:
    side = "the same person" if weight > 0 else "different people"
    size = abs(weight)
    word = "strongly points" if size >= 5 else ("points" if size >= 2 else "slightly points")
    return f"{word} to {side}"
