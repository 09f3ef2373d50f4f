"""The groups clustering grows (a union-find), and what may keep two groups apart.

* a human rejection or split between any two of their records (never overridden);
* checked identifiers that differ between the groups (a real NHS number each);
* a pair across the groups a guard held back:
  - as two people (identifier conflict): always;
  - by dates of birth (generational, implausible): unless a third record vouches - one of
    the groups holds another record whose date of birth explains the other side's as a slip
    (the same, day and month swapped, within a year, one digit apart; across a generation
    only with a shared checked identifier): the odd date is a slip, not a second person;
  - as twin-like: unless some record of the groups answers to both forenames - as its
    forename, a middle name or alias, a nickname's formal name or a typo ("Victoria Anna"
    explains "Vicky" and "Anna"; "Dorothy" explains "Dot" and "Doruthy").

A pair held back only for a missing date of birth is no constraint (nothing says two people).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import jellyfish
import pandas as pd

from touchpoint.graph_model.resolution.guards import name_typo

CONFLICT = "identifier_conflict"
TWIN = "twin"
BY_DATE = frozenset({"generational", "dob_implausible"})
HELD_KINDS = BY_DATE | {CONFLICT, TWIN}


def _differ(a: set[str], b: set[str]) -> bool:
    """Two sets of checked values of one identifier hold a pair more than a typo apart."""
    return any(x != y and jellyfish.damerau_levenshtein_distance(x, y) > 1 for x in a for y in b)


@dataclass
class Groups:
    parent: dict[str, str]
    children: dict[str, list[str]] = field(default_factory=dict)
    ids: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # root -> id -> values
    cannot: dict[str, set[str]] = field(default_factory=dict)  # root -> rejected records
    held: dict[str, dict[str, str]] = field(default_factory=dict)  # record -> record -> kind
    with_held: dict[str, set[str]] = field(default_factory=dict)  # root -> members in `held`
    facts: Facts | None = None  # what a vouching record is checked on

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def members(self, root: str) -> Iterator[str]:
        stack = [root]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(self.children.get(node, ()))

    def hold(self, pairs: Iterable[tuple[str, str, str]]) -> None:
        for a, b, kind in pairs:
            if a in self.parent and b in self.parent and kind in HELD_KINDS:
                self.held.setdefault(a, {})[b] = kind
                self.held.setdefault(b, {})[a] = kind
                self.with_held.setdefault(a, set()).add(a)
                self.with_held.setdefault(b, set()).add(b)

    def refusal(self, ra: str, rb: str, human: bool) -> str | None:
        """Why the two groups may not merge (None: they may). A human confirmation overrides
        everything but another human decision."""
        if self.rejected(ra, rb):
            return "decision"
        if human:
            return None
        ids_a, ids_b = self.ids.get(ra), self.ids.get(rb)
        if ids_a and ids_b and any(_differ(v, ids_b[k]) for k, v in ids_a.items() if k in ids_b):
            return CONFLICT
        for a in self.with_held.get(ra, ()):
            for b, kind in self.held[a].items():
                if self.find(b) == rb and not self._vouched(kind, a, b, ra, rb):
                    return "guard"
        return None

    def rejected(self, ra: str, rb: str) -> bool:
        """A human rejection or split lies between the two groups."""
        a, b = self.cannot.get(ra), self.cannot.get(rb)
        if a and any(self.find(r) == rb for r in a):
            return True
        return bool(b and any(self.find(r) == ra for r in b))

    def _vouched(self, kind: str, a: str, b: str, ra: str, rb: str) -> bool:
        facts = self.facts
        if facts is None:
            return False
        if kind == TWIN:
            return any(
                facts.covers(x, a) and facts.covers(x, b)
                for root in (ra, rb)
                for x in self.members(root)
            )
        if kind in BY_DATE:
            return any(facts.vouches(x, b) for x in self.members(ra) if x != a) or any(
                facts.vouches(y, a) for y in self.members(rb) if y != b
            )
        return False

    def union(self, ra: str, rb: str) -> None:
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        self.parent[gone] = keep
        self.children.setdefault(keep, []).append(gone)
        for table in (self.cannot, self.with_held):
            if gone in table:
                table.setdefault(keep, set()).update(table.pop(gone))
        if gone in self.ids:
            merged = self.ids.setdefault(keep, {})
            for column, values in self.ids.pop(gone).items():
                merged.setdefault(column, set()).update(values)


class Facts:
    """What vouching reads of a record, looked up on demand (vouching is rare: a frame
    lookup per check beats building a million-entry dict)."""

    COLUMNS = ("forename", "forename_forms", "name_tokens", "dob", "dob_swapped", "dob_days")

    def __init__(
        self, records: pd.DataFrame, checked: list[str], plausible_days: int = 366,
        generation_days: float = 12 * 365.25,
    ) -> None:  # fmt: skip
        self.plausible_days, self.generation_days = plausible_days, generation_days
        self.checked = [f"{c}_auth" for c in checked if f"{c}_auth" in records]
        self._frame = records.set_index("record_id")[[*self.COLUMNS, *self.checked]]

    def _row(self, record: str) -> dict[str, Any]:
        if record not in self._frame.index:
            return {}
        row = self._frame.loc[record]
        return {k: v for k, v in row.items() if isinstance(v, str | list | tuple | int)}

    def covers(self, x: str, y: str) -> bool:
        """x answers to y's forename: as its forename or a middle name or alias, through a
        nickname's formal name, or within a typo (guards.name_typo)."""
        rx, ry = self._row(x), self._row(y)
        fx, fy = rx.get("forename"), ry.get("forename")
        if not fx or not fy:
            return False
        names = {fx, *rx.get("name_tokens", ())}
        if fy in names or names & set(ry.get("forename_forms", ())):
            return True
        return name_typo(fx, fy)

    def vouches(self, x: str, y: str) -> bool:
        """x's date of birth explains y's as a slip: the same (or day/month swapped), within
        ``plausible_days``, or one digit apart - across a generation only when x and y share a
        checked identifier."""
        rx, ry = self._row(x), self._row(y)
        dob_x, dob_y = rx.get("dob"), ry.get("dob")
        if not dob_x or not dob_y:
            return False
        if dob_y in (dob_x, rx.get("dob_swapped")):
            return True
        apart = abs(rx.get("dob_days", 0) - ry.get("dob_days", 0))
        if apart <= self.plausible_days:
            return True
        if jellyfish.damerau_levenshtein_distance(dob_x, dob_y) > 1:
            return False
        return apart < self.generation_days or any(
            rx.get(c) and rx.get(c) == ry.get(c) for c in self.checked
        )
