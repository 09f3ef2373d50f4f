"""A person's household and associates, for the profile's panel.

Who lives (or lived) at each of the person's addresses and when - grouped by address, current
addresses first, then past ones, each with the dates of both stays - and the people linked to
them by a recorded relationship or involved in the same events, with the relationship, their
roles and how many events they share. Read through the viewer of the case (``ViewerGraph``)
with ``access/person_household``: only visible records link anyone and name anyone, so a person
known only through records the agreement withholds is not listed; what the agreement withholds
about the household - other people's records it does not share - is counted by agency and said
by the same notice as the profile's (``Withheld``), never who they are.
Part of the profile read: audited with it (``person_view``), not on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from touchpoint.graph_model.access.notices import Withheld, WithheldPart
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.services.reads.common import agency_name


@dataclass(frozen=True)
class Stay:
    """One stay at an address: from and to (None: not recorded / still there)."""

    date_from: str | None
    date_to: str | None

    def current(self, today: str) -> bool:
        return self.date_to is None or self.date_to >= today

    def text(self) -> str:
        start = f"from {self.date_from}" if self.date_from else "from (date not recorded)"
        return f"{start} to {self.date_to}" if self.date_to else f"{start}, current"


@dataclass(frozen=True)
class CoResident:
    key: str
    name: str
    dob: str | None
    stays: tuple[Stay, ...]

    def current(self, today: str) -> bool:
        return any(s.current(today) for s in self.stays)


@dataclass(frozen=True)
class AddressGroup:
    address_id: str
    address: str
    postcode: str | None
    stays: tuple[Stay, ...]  # the person's own stays at this address
    residents: tuple[CoResident, ...]
    current: bool

    @property
    def label(self) -> str:
        return ", ".join(x for x in (self.address, self.postcode) if x)


@dataclass(frozen=True)
class Associate:
    key: str
    name: str
    dob: str | None
    relations: tuple[str, ...]  # recorded relationships (partner, parent ...)
    roles: tuple[str, ...]  # their roles in the events they share with the person
    shared_events: int


@dataclass
class Household:
    addresses: list[AddressGroup]
    associates: list[Associate]
    withheld: Withheld | None = None
    people: list[str] = field(default_factory=list)  # every key listed

    @property
    def empty(self) -> bool:
        return not self.addresses and not self.associates


def load_household(viewer: ViewerGraph, key: str, today: date | None = None) -> Household:
    """The panel for ``key`` (the profile's canonical key) under the viewer's agreement; needs
    the case's purpose (``PurposeRequired``). Addresses current on ``today`` (default today)
    come first, then past ones, most recently left first."""
    now = (today or date.today()).isoformat()
    rows = viewer.read("access/person_household", key=key)
    groups: dict[str, dict[str, Any]] = {}
    associates = []
    for row in rows:
        name = row.get("name") or row["member"]
        if row["kind"] == "associate":
            associates.append(
                Associate(
                    key=row["member"],
                    name=name,
                    dob=row.get("dob"),
                    relations=tuple(sorted({relation_to(r) for r in row.get("relations") or ()})),
                    roles=tuple(sorted(row.get("roles") or ())),
                    shared_events=int(row.get("shared_events") or 0),
                )
            )
            continue
        group = groups.setdefault(
            row["address_id"],
            {"address": row.get("address") or row["address_id"], "postcode": row.get("postcode"),
             "stays": set(), "residents": []},
        )  # fmt: skip
        group["stays"] |= {Stay(s.get("my_from"), s.get("my_to")) for s in row["my_stays"]}
        stays = sorted({Stay(s.get("from"), s.get("to")) for s in row["stays"]}, key=_stay_order)
        group["residents"].append(CoResident(row["member"], name, row.get("dob"), tuple(stays)))
    addresses = []
    for address_id, g in groups.items():
        stays = tuple(sorted(g["stays"], key=_stay_order))
        current = any(s.current(now) for s in stays)
        residents = sorted(
            g["residents"], key=lambda r: (not r.current(now), r.name.casefold(), r.key)
        )
        addresses.append(
            AddressGroup(address_id, g["address"], g["postcode"], stays, tuple(residents), current)
        )
    addresses.sort(key=lambda a: (not a.current, _negated(_last_left(a.stays)), a.label))
    associates.sort(key=lambda a: (-a.shared_events, not a.relations, a.name.casefold(), a.key))
    people = list(dict.fromkeys([r.key for a in addresses for r in a.residents]
                                + [a.key for a in associates]))  # fmt: skip
    left_out = viewer.read("access/household_withheld", key=key, members=people)
    parts = [
        WithheldPart(r["agency"], agency_name(r["agency"]), r["reason"], r["records"])
        for r in left_out
    ]
    withheld = Withheld(viewer.agreement_id, parts=parts, role=viewer.ctx.role)
    return Household(addresses, associates, withheld=withheld, people=people)


#: A relationship seen from the other end: if the person is their parent, they are the child.
INVERSE = {"parent": "child", "child": "parent", "carer": "cared_for", "cared_for": "carer"}


def relation_to(recorded: str) -> str:
    """What the associate is to the person, from ``in:partner`` (recorded from the associate's
    record: they are the person's partner) or ``out:parent`` (recorded from the person's: the
    person is their parent, so they are the child)."""
    direction, _, relation = recorded.partition(":")
    if direction == "out":
        return INVERSE.get(relation, relation)
    return relation


def _stay_order(stay: Stay) -> tuple[str, str]:
    return (stay.date_from or "", stay.date_to or "9999")


def _last_left(stays: tuple[Stay, ...]) -> str:
    return max((s.date_to or "9999" for s in stays), default="")


def _negated(text: str) -> tuple[int, ...]:
    """Sort key for newest first on ISO dates."""
    return tuple(-ord(c) for c in text)
