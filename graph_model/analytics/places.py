"""Places in the person network: where missing children were, and who is tied to those places.

The person-level projection (``extract.person_projection``) links people who share an event, an
address they live at, or a recorded relation. A child found at a trap house shares none of
those with the house's adults: the found report and the drug-supply raid are two events that
merely *happened at* the same address. ``with_missing_places`` adds those links - child to
each person involved in another event at a place the child was (other than the child's home),
or living there - so centrality can find the adult between missing children. Each added edge
keeps the records that assert it, like every other edge.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from touchpoint.graph_model.access.system import read
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.analytics.extract import Reader

PLACE_CAP = 50


def _plain(value: Any) -> Any:
    iso = getattr(value, "iso_format", None)
    return iso() if iso else value


def with_missing_places(reader: Reader, g: nx.Graph, cap: int = PLACE_CAP) -> nx.Graph:
    """``g`` (a person projection) with place links added around every missing child, and each
    such child's ``missing_episodes`` counting found reports and social-care episodes too.

    Audited once (``network_extract``, projection ``missing_places``) when read as a viewer."""
    rows = read(reader, "analytics/missing_places", cap=cap)
    for row in rows:
        child = row["person_id"]
        _person(g, child, row["display_name"], row["dob"])
        data = g.nodes[child]
        data["missing_episodes"] = max(int(data.get("missing_episodes") or 0), row["missing"])
        for link in row["links"]:
            other = link["other"]
            _person(g, other, link["other_name"], link["other_dob"])
            if not g.has_edge(child, other):
                g.add_edge(child, other, weight=0, via={})
            edge = g.edges[child, other]
            edge["weight"] += len(link["records"])
            edge["via"]["place"] = edge["via"].get("place", 0) + len(link["records"])
            edge.setdefault("places", {}).setdefault(link["place"], []).extend(link["records"])
    if isinstance(reader, ViewerGraph):
        reader.record(
            "network_extract", terms={"projection": "missing_places"}, result_count=len(rows)
        )
    return g


def _person(g: nx.Graph, person_id: str, name: Any, dob: Any) -> None:
    if person_id not in g:
        g.add_node(person_id, kind="person", display_name=name, dob=_plain(dob))
        return
    data = g.nodes[person_id]
    data.setdefault("display_name", name)
    if data.get("dob") is None and dob is not None:
        data["dob"] = _plain(dob)
