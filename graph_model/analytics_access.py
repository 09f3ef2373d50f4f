"""Analytics and pattern results read either as the system or as a viewer under an agreement.

The NetworkX extracts (``analytics_extract``) and pattern results are person-level reads, so a
person asking for them - in the app or with ``touchpoint … --as USER`` - gets them through a
``ViewerGraph``: the extract queries declare ``// access: agreement`` and filter by
``$visible_agencies`` / ``$visible_event_types`` in Cypher, so an extract made for a viewer holds
only what their agreement shows. The *system* identity (loaders, resolution, the scheduler,
batch analytics run by an operator on the server) reads the same queries with every agency and
event type visible: one set of queries, two identities.

Patterns are different: a pattern must look across every agency to be right (an absence
pattern such as "no GP registration" would fire for everyone if the GP records were hidden
from it), so it runs as the system and its *hits* are filtered - a hit is shown to a viewer
only when every record and event evidencing it is visible (``access/hits_visible``, the same
rule as for flags), and the rest are counted and reported as withheld.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from graph_model.access.agreements import DETAIL_FIELDS
from graph_model.access.viewer import ViewerGraph
from graph_model.queries import Query, load_query
from graph_model.vocabulary import vocabulary

if TYPE_CHECKING:
    from graph_model.db import Graph
    from graph_model.patterns import Hit, Pattern


@cache
def system_params() -> dict[str, Any]:
    """The agreement parameters for the system identity: every agency, type and field."""
    vocab = vocabulary()
    agencies = list(vocab.agencies)
    return {
        "visible_agencies": agencies,
        "visible_event_types": [
            [category, t]
            for category, spec in vocab.event_categories.items()
            for t in spec["types"]
        ],
        "visible_fields": {a: list(DETAIL_FIELDS) for a in agencies},
        "withheld_text": {},
        "agreement": "system",
    }


def read(reader: Graph | ViewerGraph, query: str | Query, **params: Any) -> list[dict[str, Any]]:
    """Run an agreement-aware query as a viewer (agreement applied, audited per its header) or
    as the system (every agency visible)."""
    if isinstance(reader, ViewerGraph):
        return reader.read(query, **params)
    q = query if isinstance(query, Query) else load_query(query)
    access = {k: v for k, v in system_params().items() if k in q.params}
    return reader.read(q, **params, **access)


def read_one(reader: Graph | ViewerGraph, query: str | Query, **params: Any) -> dict | None:
    rows = read(reader, query, **params)
    return rows[0] if rows else None


def system_graph(reader: Graph | ViewerGraph) -> Graph:
    """The underlying Graph (for system-side work such as running a pattern's own query)."""
    return reader.graph if isinstance(reader, ViewerGraph) else reader


@dataclass
class VisibleHits:
    """Pattern hits a viewer may see, and how many the agreement withheld."""

    params: dict[str, Any]
    hits: list[Hit]
    withheld: int
    agreement: str

    def notice(self) -> str | None:
        return withheld_notice(self.withheld, "result", self.agreement)


def withheld_notice(count: int, noun: str, agreement: str) -> str | None:
    """ "2 results withheld under agreement mash_isa" - or None when nothing was withheld."""
    if not count:
        return None
    return f"{count} {noun}{'' if count == 1 else 's'} withheld under agreement {agreement}"


def visible_hits(viewer: ViewerGraph, pattern: Pattern, given: dict[str, Any]) -> VisibleHits:
    """Run ``pattern`` (as the system) and keep the hits whose evidence the viewer may all see;
    audited as ``pattern_run`` (pattern, parameters, people shown, results withheld)."""
    from graph_model.patterns import run_pattern

    resolved, hits = run_pattern(viewer.graph, pattern, given)
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
