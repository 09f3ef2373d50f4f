"""Cases: a purpose belongs to the case it was given for, not to the whole session.

A viewer's session holds the cases it has worked on (at most ``MAX_CASES``), most recent
first; the first is the *current case*, shown on the session strip. A case is a ``Purpose``
(agreement purpose, case reference, reason) and the people it covers:

* the person it was opened for - the person whose page asked for the purpose - or, for a case
  recorded without one (from the strip), the first person opened under it;
* anyone the analyst explicitly adds to it on the purpose page (with a reason; audited as
  ``case_person_added``);
* anyone reached from within it: the people the explorer or the connections view showed while
  working on a person the case covers.

Opening a person's profile, network or chronology reads under the case that covers them
(``resolve``): the current case if it does, else the most recent case of this session that
does (which becomes current - "switching back" to an earlier child needs no prompt), else
nothing, and the page sends the browser to the purpose page. While break-glass is active its
case (the purpose given with it) covers whoever is opened: that access is flagged for review.
Every person-level read is audited with the case that covered the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from touchpoint.graph_model.access.context import Purpose

MAX_CASES = 20  # cases one session keeps (the least recently used drop off)
MAX_PEOPLE = 2000  # people one case covers (beyond it, opening another asks again)


@dataclass(frozen=True)
class Case:
    purpose: Purpose
    people: tuple[str, ...] = field(default=())

    @property
    def reference(self) -> str:
        return self.purpose.case_reference

    def covers(self, key: str) -> bool:
        return key in self.people

    def adding(self, keys: list[str] | tuple[str, ...]) -> Case:
        new = [k for k in dict.fromkeys(keys) if k and k not in self.people]
        room = max(0, MAX_PEOPLE - len(self.people))
        return replace(self, people=self.people + tuple(new[:room])) if new and room else self

    def to_json(self) -> dict[str, Any]:
        p = self.purpose
        return {"code": p.code, "case_reference": p.case_reference, "reason": p.reason,
                "people": list(self.people)}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Case:
        purpose = Purpose(str(data["code"]), str(data["case_reference"]), str(data["reason"]))
        return cls(purpose, tuple(str(k) for k in data.get("people") or []))


def find(cases: tuple[Case, ...], reference: str) -> Case | None:
    return next((c for c in cases if c.reference == reference), None)


def to_front(cases: tuple[Case, ...], case: Case) -> tuple[Case, ...]:
    """``case`` as the current one (replacing the stored case of that reference)."""
    rest = tuple(c for c in cases if c.reference != case.reference)
    return (case, *rest)[:MAX_CASES]


def resolve(
    cases: tuple[Case, ...], key: str, glass_active: bool = False
) -> tuple[Case | None, tuple[Case, ...]]:
    """The case that covers ``key`` and the session's cases afterwards (it current, ``key``
    in it), or ``(None, cases)`` when no case of this session covers ``key``."""
    if not cases:
        return None, cases
    current = cases[0]
    if glass_active or current.covers(key) or not current.people:
        case = current.adding([key])  # break-glass, or a case recorded without a person yet
        return case, to_front(cases, case)
    for case in cases[1:]:
        if case.covers(key):
            return case, to_front(cases, case)
    return None, cases


def person_in(path: str) -> str | None:
    """The person a page path is about (``/person/<key>``, ``/explorer/<key>``,
    ``/chronology/<key>``, ``/connections?a=<key>``) - whom the purpose page is asked for."""
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(path or "")
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) == 2 and segments[0] in ("person", "explorer", "chronology"):
        return unquote(segments[1])[:200] or None
    if segments == ["connections"]:
        found = parse_qs(parts.query).get("a")
        return found[0][:200] if found and found[0] else None
    return None
