"""Pattern hits as a viewer may see them.

A pattern must look across every agency to be right (an absence pattern such as "no GP
registration" would fire for everyone if the GP records were hidden from it), so it runs as the
system and its *hits* are filtered: a hit is shown to a viewer only when every record and event
evidencing it is visible (``access/hits_visible``, the same rule as for flags); the rest are
counted and reported as withheld. Every viewer's run is audited here, once, as ``pattern_run``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from touchpoint.graph_model.access.notices import withheld_notice
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.patterns.library import Hit, Pattern, run_pattern


@dataclass
class VisibleHits:
    """Pattern hits a viewer may see, and how many the agreement withheld."""

    params: dict[str, Any]
    hits: list[Hit]
    withheld: int
    agreement: str

    def notice(self) -> str | None:
        return withheld_notice(self.withheld, "result", self.agreement)


def visible_hits(viewer: ViewerGraph, pattern: Pattern, given: dict[str, Any]) -> VisibleHits:
    """Run ``pattern`` (as the system) and keep the hits whose evidence the viewer may all see;
    audited as ``pattern_run``."""
    resolved, hits = run_pattern(viewer.graph, pattern, given)
    return audited_hits(viewer, pattern, resolved, hits)


def audited_hits(
    viewer: ViewerGraph, pattern: Pattern, resolved: dict[str, Any], hits: list[Hit]
) -> VisibleHits:
    """The hits of a run already made that the viewer may see; the run audited as
    ``pattern_run`` (pattern, parameters, people shown, results withheld)."""
    shown = filter_hits(viewer, hits)
    viewer.record(
        "pattern_run",
        subjects=[hit.person_id for hit in shown],
        terms={"pattern_id": pattern.id, "params": {k: str(v) for k, v in resolved.items()}},
        result_count=len(shown),
        withheld=len(hits) - len(shown),
    )
    return VisibleHits(resolved, shown, len(hits) - len(shown), viewer.agreement_id)


def filter_hits(viewer: ViewerGraph, hits: list[Hit]) -> list[Hit]:
    """The hits whose every evidencing record and event is visible under the agreement."""
    if not hits:
        return []
    evidence = [
        {
            "events": [e.node_id for e in hit.evidence if e.kind == "event"],
            "records": [e.node_id for e in hit.evidence if e.kind == "record"],
        }
        for hit in hits
    ]
    rows = viewer.read("access/hits_visible", hits=evidence)
    return [hits[row["index"]] for row in rows if row["visible"]]
