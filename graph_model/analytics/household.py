"""A person's household, found in a NetworkX neighbourhood: who lives with them, who is family.

Plain functions over an entity graph as ``services.reads.analysis`` builds it from the network
reader (nodes with ``kind``; ``LIVES_AT`` edges carrying each agency report's ``periods``), so
the household is made of exactly what the viewer's agreement shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx


def household_graph(g: nx.Graph, root: str, as_of: date) -> nx.Graph:
    """``root`` and its household on ``as_of``: people with a recorded relationship to them,
    and people whose stay at one of the root's addresses overlaps ``as_of`` as the root's
    does. Each member's edge to the root lists how they are linked (``links``: the relation, or
    ``same_address``) and through which addresses (``via``)."""
    household = nx.Graph(root=root)
    household.add_node(root, **g.nodes[root])
    for neighbour in g.neighbors(root):
        data, edge = g.nodes[neighbour], g.edges[root, neighbour]
        if data.get("kind") == "person" and "RELATED_TO" in edge.get("types", ()):
            _link(household, g, root, neighbour, edge.get("roles") or ["related"], None)
        if data.get("kind") != "address" or not lived_there(edge, as_of):
            continue
        for member in g.neighbors(neighbour):
            if member == root or g.nodes[member].get("kind") != "person":
                continue
            if lived_there(g.edges[neighbour, member], as_of):
                _link(household, g, root, member, ["same_address"], neighbour)
    return household


def lived_there(edge: dict[str, Any], as_of: date) -> bool:
    """A ``LIVES_AT`` edge some agency reports as current on ``as_of`` (open ends count)."""
    return "LIVES_AT" in edge.get("types", ()) and covers(edge.get("periods") or [], as_of)


def covers(periods: Iterable[Any], as_of: date) -> bool:
    """Any ``(from, to)`` period (ISO dates or None for an open end) holding ``as_of``."""
    day = as_of.isoformat()
    return any(
        (start is None or str(start)[:10] <= day) and (end is None or str(end)[:10] >= day)
        for start, end in periods
    )


def _link(
    household: nx.Graph, g: nx.Graph, root: str, member: str, links: list[str], via: str | None
) -> None:
    if member not in household:
        household.add_node(member, **g.nodes[member])
        household.add_edge(root, member, links=[], via=[])
    edge = household.edges[root, member]
    edge["links"] = sorted(set(edge["links"]) | set(links))
    if via and via not in edge["via"]:
        edge["via"].append(via)
