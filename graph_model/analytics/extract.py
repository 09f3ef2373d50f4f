"""From Neo4j into NetworkX: ego networks, households and the whole graph in chunks.

Every extract takes a *reader*: the plain ``Graph`` (the system identity, batch analytics on the
server) or a ``ViewerGraph`` (a person, in the app or with ``--as USER``). The extract queries
are agreement-aware (``analytics_access``), so an extract made for a viewer contains only the
records, events and links their sharing agreement shows.

Nodes are keyed by stable ids (``person_id``, ``event_id``, ``address_id``, ``org_id``), never
Neo4j element ids, and carry ``kind`` plus a few display properties. An edge between two
entities aggregates every agency record that asserts it (``records``: agency and record id),
so any path or score computed on the NetworkX graph still traces back to its sources.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import networkx as nx

from touchpoint.graph_model.access.system import read, read_one
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.store.db import Graph

Reader = Graph | ViewerGraph

EXPANDABLE = ("person", "event", "address")
DEFAULT_CAP = 200
MAX_DEPTH = 3


class AnalyticsError(TouchpointError):
    """An analysis was asked for something that does not exist or is out of range."""


def _plain(value: Any) -> Any:
    """Neo4j temporal values become ISO strings so graphs serialise cleanly."""
    iso = getattr(value, "iso_format", None)
    return iso() if iso else value


def _add_node(g: nx.Graph, node_id: str, kind: str, props: dict[str, Any] | None) -> None:
    if node_id not in g:
        clean = {k: _plain(v) for k, v in (props or {}).items() if v is not None}
        if "kind" in clean:  # an organisation's own kind (school, gp_practice …)
            clean["org_kind"] = clean.pop("kind")
        g.add_node(node_id, kind=kind, **clean)


def _add_edge(
    g: nx.Graph,
    a: str,
    b: str,
    rel_type: str,
    role: str | None,
    agency: str | None,
    record_id: str | None,
) -> None:
    """One NetworkX edge per entity pair; each asserting record is kept on it."""
    if g.has_edge(a, b):
        data = g.edges[a, b]
    else:
        g.add_edge(a, b, types=[], roles=[], records=[], weight=0)
        data = g.edges[a, b]
    if rel_type not in data["types"]:
        data["types"].append(rel_type)
    if role and role not in data["roles"]:
        data["roles"].append(role)
    record = {"agency": agency, "record_id": record_id}
    if record not in data["records"]:
        data["records"].append(record)
        data["weight"] = len(data["records"])


def ego_network(graph: Reader, person_id: str, depth: int = 2, cap: int = DEFAULT_CAP) -> nx.Graph:
    """The entities within ``depth`` hops of a person (person→event→person is two hops).

    One saved query per ring (``analytics/ego_expand``); organisations are leaves. Node
    attribute ``hop`` is the ring a node was first reached in; ``truncated`` marks nodes whose
    neighbours were capped at ``cap``.
    """
    if not 1 <= depth <= MAX_DEPTH:
        raise AnalyticsError(f"Ego network depth must be 1 to {MAX_DEPTH}, got {depth}")
    root = read_one(graph, "analytics/ego_root", person_id=person_id)
    if root is None:
        raise AnalyticsError(f"No person {person_id!r}")
    g = nx.Graph(root=person_id, depth=depth)
    _add_node(g, person_id, "person", root["props"])
    g.nodes[person_id]["hop"] = 0
    frontier = [person_id]
    for hop in range(1, depth + 1):
        frontier = _expand(graph, g, frontier, hop, cap)
        if not frontier:
            break
    last_people = [n for n, d in g.nodes(data=True) if d["kind"] == "person" and d["hop"] == depth]
    for row in read(graph, "analytics/relations_among", person_ids=last_people):
        _add_edge(
            g,
            row["from_id"],
            row["to_id"],
            "RELATED_TO",
            row["role"],
            row["agency"],
            row["record_id"],
        )
    return g


def _expand(graph: Reader, g: nx.Graph, frontier: list[str], hop: int, cap: int) -> list[str]:
    by_kind = {kind: [n for n in frontier if g.nodes[n]["kind"] == kind] for kind in EXPANDABLE}
    rows = read(
        graph,
        "analytics/ego_expand",
        person_ids=by_kind["person"],
        event_ids=by_kind["event"],
        address_ids=by_kind["address"],
        cap=cap,
    )
    fresh: list[str] = []
    per_node: dict[str, int] = {}
    for row in rows:
        to_id = row["to_id"]
        if to_id is None:
            continue
        per_node[row["from_id"]] = per_node.get(row["from_id"], 0) + 1
        if to_id not in g:
            _add_node(g, to_id, row["to_kind"], row["to_props"])
            g.nodes[to_id]["hop"] = hop
            if row["to_kind"] in EXPANDABLE:
                fresh.append(to_id)
        _add_edge(
            g, row["from_id"], to_id, row["rel_type"], row["role"], row["agency"], row["record_id"]
        )
    for node, count in per_node.items():
        if count >= cap:
            g.nodes[node]["truncated"] = True
    return fresh


def household_graph(graph: Reader, person_id: str, as_of: date | None = None) -> nx.Graph:
    """A person and their household on ``as_of``: shared current address or recorded relation."""
    rows = read(graph, "analytics/household", person_id=person_id, as_of=as_of or date.today())
    g = nx.Graph(root=person_id)
    root = read_one(graph, "analytics/ego_root", person_id=person_id)
    if root is None:
        raise AnalyticsError(f"No person {person_id!r}")
    _add_node(g, person_id, "person", root["props"])
    for row in rows:
        _add_node(g, row["member_id"], "person", row["member_props"])
        g.add_edge(person_id, row["member_id"], links=row["links"], via=row["via"])
    return g


def person_projection_pages(graph: Reader, page_size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    """The person-level projection, one page of people at a time (keyset paging)."""
    after = ""
    while True:
        rows = read(graph, "analytics/person_links_page", after=after, limit=page_size)
        if not rows:
            return
        yield rows
        after = rows[-1]["person_id"]


def person_projection(
    graph: Reader, page_size: int = 5000, progress: Callable[[int], None] | None = None
) -> nx.Graph:
    """People linked by shared events, shared addresses and recorded relations (weighted).

    Built in chunks so the whole graph never sits in one transaction's memory; ``progress`` is
    called with the number of people read after each page.
    """
    g = nx.Graph()
    seen = 0
    for page in person_projection_pages(graph, page_size):
        for row in page:
            pid = row["person_id"]
            g.add_node(
                pid,
                kind="person",
                display_name=row["display_name"],
                dob=_plain(row["dob"]),
                missing_episodes=row["missing_episodes"],
            )
            for link in row["links"]:
                other, via, n = link["other"], link["via"], link["n"]
                if other not in g:
                    g.add_node(other, kind="person")
                if not g.has_edge(pid, other):
                    g.add_edge(pid, other, weight=0, via={})
                data = g.edges[pid, other]
                data["weight"] += n
                data["via"][via] = data["via"].get(via, 0) + n
        seen += len(page)
        if progress:
            progress(seen)
    if isinstance(graph, ViewerGraph):  # one audit entry for the whole extract, not per page
        graph.record("network_extract", terms={"projection": "person"}, result_count=seen)
    return g
