"""Search, profile and flag reads for a signed-in viewer, enforced by their sharing agreement.

These mirror ``search.py`` / ``profile.py`` but read through a ``ViewerGraph`` and the
``cypher/access/`` queries, which filter by the agreement in Cypher. Search rows are
data-minimised (name, year of birth, area); a profile needs a recorded purpose. Every result
carries the count of what was withheld and the agreement that withheld it, so the page can say
"2 records withheld under agreement mash_isa" instead of silently showing less.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.services.search import SearchKind, classify, fuzzy_lucene, looks_like_date
from graph_model.access.context import AccessDenied
from graph_model.access.viewer import ViewerGraph
from graph_model.flags import transition

MAX_RESULTS = 50


@dataclass(frozen=True)
class MinimalHit:
    key: str
    resolved: bool
    name: str
    year_of_birth: int | None
    area: str | None
    agencies: list[str]
    record_count: int
    withheld_records: int


@dataclass
class ViewerSearch:
    hits: list[MinimalHit] = field(default_factory=list)
    message: str | None = None


@dataclass
class Withheld:
    agreement: str
    records: int = 0
    events: int = 0
    links: int = 0

    def notice(self) -> str | None:
        """The sentence the page shows, or None when nothing was withheld."""
        parts = [
            f"{n} {word}{'' if n == 1 else 's'}"
            for n, word in ((self.records, "record"), (self.events, "event"), (self.links, "link"))
            if n
        ]
        if not parts:
            return None
        return f"{' and '.join(parts)} withheld under agreement {self.agreement}"


@dataclass
class ViewerProfile:
    key: str
    records: list[dict[str, Any]]
    events: list[dict[str, Any]]
    withheld: Withheld


@dataclass
class ViewerFlags:
    flags: list[dict[str, Any]]
    withheld: int
    agreement: str

    def notice(self) -> str | None:
        if not self.withheld:
            return None
        plural = "" if self.withheld == 1 else "s"
        return f"{self.withheld} flag{plural} withheld under agreement {self.agreement}"


def search(viewer: ViewerGraph, text: str, limit: int = MAX_RESULTS) -> ViewerSearch:
    """One search box entry → minimal rows for the subjects the viewer may see."""
    query = classify(text)
    if query is None:
        return ViewerSearch(message="Type a name, date of birth, postcode or identifier.")
    if looks_like_date(query.value) and query.kind is not SearchKind.DOB:
        return ViewerSearch(message=f"{query.value} is not a real date.")
    if query.kind is SearchKind.NAME:
        lucene = fuzzy_lucene(_no_operators(query.value))
        rows = viewer.read("access/search_names", text=lucene, limit=limit) if lucene else []
    elif query.kind is SearchKind.DOB:
        rows = viewer.read("access/search_dob", dob=query.value, limit=limit)
    elif query.kind is SearchKind.POSTCODE:
        rows = viewer.read("access/search_postcode", postcode=query.value, limit=limit)
    else:
        rows = viewer.read("access/search_identifier", identifier=query.value, limit=limit)
    hits = summarise(viewer, [row["key"] for row in rows])
    return ViewerSearch(hits, None if hits else f"No one found for {query.describe()}.")


def _no_operators(text: str) -> str:
    """Lucene reads a bare AND / OR / NOT as an operator (a parse error on its own); names
    are matched case-insensitively, so lower-casing them keeps the word and drops the danger."""
    return " ".join(w.lower() if w in ("AND", "OR", "NOT") else w for w in text.split())


def summarise(viewer: ViewerGraph, keys: list[str]) -> list[MinimalHit]:
    if not keys:
        return []
    by_key = {row["key"]: row for row in viewer.read("access/people_summary", keys=keys)}
    return [MinimalHit(**by_key[key]) for key in keys if key in by_key]


def profile(viewer: ViewerGraph, key: str) -> ViewerProfile | None:
    """The full profile under the agreement (needs a purpose); None if nothing is visible."""
    records = viewer.read("access/person_records", key=key)
    counts = viewer.read_one("access/person_withheld", key=key) or {}
    if not records:
        return None
    return ViewerProfile(
        key=key,
        records=records,
        events=viewer.read("access/person_events", key=key),
        withheld=Withheld(viewer.agreement_id, counts.get("records", 0), counts.get("events", 0)),
    )


@dataclass
class ViewerHop:
    links: list[dict[str, Any]]
    total: dict[str, int]
    withheld: Withheld


def expand(viewer: ViewerGraph, keys: list[str], per_node: int = 50) -> ViewerHop:
    """One hop of the network from subjects, under the agreement (needs a purpose; audited)."""
    rows = viewer.read("access/hop_from_people", keys=keys, per_node=per_node)
    total = {row["from_key"]: row["total"] for row in rows}
    withheld = {row["from_key"]: row["withheld"] for row in rows}
    return ViewerHop(
        links=[row for row in rows if row["rel_type"] is not None],
        total=total,
        withheld=Withheld(viewer.agreement_id, links=sum(withheld.values())),
    )


def flags(
    viewer: ViewerGraph, pattern_id: str | None = None, status: str | None = None, limit: int = 200
) -> ViewerFlags:
    """Current pattern results whose every piece of evidence the viewer may see."""
    row = viewer.read_one(
        "access/flags_list", pattern_id=pattern_id, status=status, limit=limit
    ) or {"flags": [], "withheld": 0}
    return ViewerFlags(row["flags"], row["withheld"], viewer.agreement_id)


def review_flag(
    viewer: ViewerGraph, flag_id: str, to: str, reason: str | None = None
) -> dict[str, Any]:
    """Move a flag through review as the signed-in user - only a flag they may see - and
    audit the status change (who, from the session; never a name typed into a box)."""
    row = viewer.read_one("access/flag_visible", flag_id=flag_id)
    if row is None or not row["visible"]:
        raise AccessDenied(f"No flag {flag_id} under agreement {viewer.agreement_id}")
    result = transition(viewer.graph, flag_id, to, viewer.ctx.user, reason)
    viewer.record("flag_review", subjects=[flag_id, row["person_id"]], to=to, reason=reason)
    return result
