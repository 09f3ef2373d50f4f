"""Agreement-aware queries read either as the system or as a viewer under an agreement.

The NetworkX extracts and pattern evidence are person-level reads, so a person asking for them -
in the app or with ``touchpoint … --as USER`` - gets them through a ``ViewerGraph``: the queries
declare ``// access: agreement`` and filter by ``$visible_agencies`` / ``$visible_event_types``
in Cypher, so what is made for a viewer holds only what their agreement shows. The *system*
identity (loaders, resolution, the scheduler, batch analytics run by an operator on the server)
reads the same queries with every agency and event type visible: one set of queries, two
identities. (Pattern hits are filtered per viewer in ``patterns.results``.)
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from touchpoint.graph_model.access.agreements import everything_visible
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.store.queries import Query, load_query

if TYPE_CHECKING:
    from touchpoint.graph_model.store.db import Graph


@cache
def system_params() -> dict[str, Any]:
    """The agreement parameters for the system identity: everything visible."""
    everything = everything_visible()
    return {
        "visible_agencies": list(everything["visible_agencies"]),
        "visible_event_types": [list(pair) for pair in everything["visible_event_types"]],
        "visible_fields": {a: list(f) for a, f in everything["visible_fields"].items()},
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
