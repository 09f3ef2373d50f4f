"""Network and flag reads for a signed-in viewer, enforced by their sharing agreement; and
``Withheld``, the count of what an agreement withheld that every page turns into its notice.

They read through a ``ViewerGraph`` and the ``cypher/access/`` queries, which filter by the
agreement in Cypher. Every result carries the count of what was withheld and the agreement that
withheld it, so the page can say "2 records withheld under agreement mash_isa" instead of
silently showing less. Search and profiles live in ``search.py`` / ``profile.py`` (``search`` and
``summarise`` are re-exported here for the pages that import them from this module).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from touchpoint.graph_model.access.context import AccessDenied
from touchpoint.graph_model.access.system import withheld_notice
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.patterns.flags import transition
from touchpoint.services.reads.identity import pending_pairs, related_ids
from touchpoint.services.reads.search import search_people as search  # noqa: F401 (re-export)
from touchpoint.services.reads.search import summarise_people as summarise  # noqa: F401 (re-export)


@dataclass
class Withheld:
    """How much one read left out under ``agreement`` (whole records, events, network links)."""

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
class ViewerFlags:
    flags: list[dict[str, Any]]
    withheld: int
    agreement: str

    def notice(self) -> str | None:
        return withheld_notice(self.withheld, "flag", self.agreement)


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
    viewer: ViewerGraph,
    pattern_id: str | None = None,
    status: str | None = None,
    limit: int = 200,
    person_ids: list[str] | None = None,
    severity: str | None = None,
    include_past: bool = False,
) -> ViewerFlags:
    """Current pattern results (with ``include_past`` also those no longer raised) whose every
    piece of evidence the viewer may see (each flag's properties plus ``display_name`` and the
    person's ``pending_pairs`` - match pairs waiting for review that may be the same person);
    audited as ``pattern_results`` with the count withheld."""
    row = viewer.read_one(
        "access/flags_list",
        pattern_id=pattern_id,
        status=status,
        person_ids=person_ids,
        severity=severity,
        include_past=include_past,
        limit=limit,
    ) or {"flags": [], "withheld": 0}
    shown = [item["flag"] | {"display_name": item["display_name"]} for item in row["flags"]]
    pairs = pending_pairs(viewer, [f["person_id"] for f in shown])
    for flag in shown:
        found = pairs.get(flag["person_id"])
        flag["pending_pairs"] = [p.as_dict() for p in found.pairs] if found else []
        flag["pending_pairs_withheld"] = found.withheld if found else 0
        flag["pending_pairs_agreement"] = viewer.agreement_id
    viewer.record(
        "pattern_results",
        subjects=sorted({f["person_id"] for f in shown}) + related_ids(pairs),
        terms={
            "pattern_id": pattern_id,
            "status": status,
            "severity": severity,
            "include_past": include_past,
        },
        result_count=len(shown),
        withheld=row["withheld"],
    )
    return ViewerFlags(shown, row["withheld"], viewer.agreement_id)


def review_flag(
    viewer: ViewerGraph, flag_id: str, to: str, reason: str | None = None
) -> dict[str, Any]:
    """Move a flag through review as the signed-in user - only a flag they may see - and
    audit the status change (who, from the session; never a name typed into a box)."""
    row = viewer.read_one("access/flag_visible", flag_id=flag_id)
    if row is None or not row["visible"]:
        raise AccessDenied(f"No flag {flag_id} under agreement {viewer.agreement_id}")
    result = transition(viewer.system, flag_id, to, viewer.ctx.user, reason)
    viewer.record("flag_review", subjects=[flag_id, row["person_id"]], to=to, reason=reason)
    return result
