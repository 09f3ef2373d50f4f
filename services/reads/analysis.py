"""NetworkX analytics read as a user: the one network, path and flag readers, as ``nx`` graphs.

``touchpoint analyse`` (and anything else that scores or searches a neighbourhood) reads here.
Nothing is extracted a second way: an ego network is the explorer's ``ego_network`` with
analysis-sized limits, a path is the Connections page's ``find_connections``, a household's
flags are the Flags page's ``read_flags`` - so what the agreement withholds, how a person is
named and what is audited are decided once, in those readers. The whole-graph projection
(communities, central adults) is the only read of its own, paged and filtered by the agreement
in Cypher (``access/person_projection_page``) and audited once per projection.

Nodes are keyed by the network's keys (``person_id``, or the record id of an unresolved record;
``event_id``, ``address_id``, ``org_id``) and carry ``kind`` plus what the viewer may see. An
edge aggregates every agency record that asserts it (``records``: agency and record id), so any
path or score computed on the NetworkX graph still traces back to its sources.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

import networkx as nx

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.analytics.algorithms import (
    HOUSEHOLD_SHARE,
    AnalyticsError,
    RiskScore,
    identity_groups,
    risk_scores,
)
from touchpoint.graph_model.analytics.household import household_graph
from touchpoint.services.reads.flags import read_flags
from touchpoint.services.reads.network import (
    LINK_TYPES,
    Limits,
    Network,
    ego_network,
    people_summaries,
)
from touchpoint.services.reads.paths import DEFAULT_PATH_TYPES, MAX_PATHS, find_connections

DEFAULT_CAP = 200  # neighbours taken per node (a busier node is marked ``truncated``)
MAX_DEPTH = 3
MAX_NODES = 20_000  # an analysis reads far more than the explorer draws
HOUSEHOLD_LINKS = ("LIVES_AT", "RELATED_TO")
PLACE_CAP = 50  # people tied to one missing child's places


def to_networkx(network: Network) -> nx.Graph:
    """The network as an undirected ``nx.Graph``: summary nodes become ``truncated`` on the
    node they summarise, and every edge between two entities is one edge listing its types,
    roles, asserting records and periods."""
    g = nx.Graph(root=network.root)
    for node in network.nodes.values():
        if node.kind != "summary":
            g.add_node(node.key, **_attributes(node))
    for node in network.nodes.values():
        parent = node.detail.get("parent")
        if node.kind == "summary" and parent in g:
            g.nodes[parent]["truncated"] = True
    for edge in network.edges.values():
        if edge.source not in g or edge.target not in g:
            continue
        if not g.has_edge(edge.source, edge.target):
            g.add_edge(edge.source, edge.target, types=[], roles=[], records=[], periods=[])
        data = g.edges[edge.source, edge.target]
        _add_new(data["types"], [edge.rel_type])
        _add_new(data["roles"], [edge.qualifier] if edge.qualifier else [])
        _add_new(data["records"], [{"agency": a, "record_id": r} for a, r in sorted(edge.records)])
        _add_new(data["periods"], [list(p) for p in sorted(edge.periods, key=str)])
        data["weight"] = max(1, len(data["records"]))
    return g


def ego_graph(viewer: ViewerGraph, key: str, depth: int = 2, cap: int = DEFAULT_CAP) -> nx.Graph:
    """The entities within ``depth`` hops of a person (person → event → person is two hops),
    at most ``cap`` neighbours per node; node attribute ``hop`` is the ring it was reached in."""
    if not 1 <= depth <= MAX_DEPTH:
        raise AnalyticsError(f"Ego network depth must be 1 to {MAX_DEPTH}, got {depth}")
    return to_networkx(_network(viewer, key, depth, cap, LINK_TYPES))


def connections(
    viewer: ViewerGraph,
    a: str,
    b: str,
    max_hops: int = 4,
    max_paths: int = 5,
    rel_types: Sequence[str] = DEFAULT_PATH_TYPES,
) -> tuple[nx.Graph, list[list[str]]]:
    """The shortest connections between two people of at most ``max_hops`` person-level steps
    (the Connections page's paths), and the graph of the nodes and links on them."""
    if not 1 <= max_hops <= 6:
        raise AnalyticsError(f"max_hops must be 1 to 6, got {max_hops}")
    _visible(viewer, [a, b])
    found = find_connections(viewer, a, b, list(rel_types), limit=max(MAX_PATHS, max_paths * 4))
    paths = [[step.node.key for step in steps] for steps in found.paths]
    kept = [path for path in paths if len(path) - 1 <= max_hops][:max_paths]
    return to_networkx(found.network or Network(root=None)), kept


def household(viewer: ViewerGraph, key: str, as_of: date | None = None) -> nx.Graph:
    """A person and their household on ``as_of`` (default today): shared current address or a
    recorded relationship, as far as the agreement shows."""
    around = _network(viewer, key, 2, DEFAULT_CAP, HOUSEHOLD_LINKS)
    return household_graph(to_networkx(around), around.root or key, as_of or date.today())


def household_risk(
    viewer: ViewerGraph, key: str, as_of: date | None = None, share: float = HOUSEHOLD_SHARE
) -> tuple[nx.Graph, dict[str, RiskScore]]:
    """A person's household, every member's current flags the agreement shows (dismissed ones
    left out) and the itemised score of each member.

    Records in the match review queue as possibly the person (or one of its members) - to
    decide, or waiting for the agency's answer - are not scored as separate household members:
    the person's other halves join the household as ``possible_same_person`` and each half is
    scored with the other's flags as its own."""
    members = household(viewer, key, as_of)
    root = members.graph.get("root") or key
    pairs = _pending_pairs(viewer, list(members.nodes))
    for pair in pairs.get(root, []):
        other = pair["other_person_id"]
        if other not in members:
            name = " ".join(x for x in (pair["other"].get(k) for k in ("forename", "surname")) if x)
            members.add_node(other, kind="person", display_name=name, possible_same_person=True)
            kind = f"{pair.get('status') or 'pending'}_match_pair"
            members.add_edge(root, other, types=[kind], records=[], weight=1)
    links = [(a, p["other_person_id"]) for a, found in pairs.items() for p in found]
    found = read_flags(viewer, limit=10_000, person_ids=list(members.nodes))
    flags = [f for f in found.flags if f.get("status") != "dismissed"]
    return members, risk_scores(members, flags, share, identity_groups(list(members), links))


def _pending_pairs(viewer: ViewerGraph, person_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each person's undecided match pairs the viewer may see (with a resolved other person).
    A pair waiting for the agency counts as one still to decide: a reviewer could not tell the
    two apart, so until the agency answers the halves' flags are weighed as one person's."""
    rows = viewer.read("access/pending_pairs", person_ids=person_ids)
    return {
        row["person_id"]: [
            p
            for p in row["pairs"]
            if p["other_person_id"] and p.get("status") in ("pending", "waiting")
        ]
        for row in rows
    }


def with_missing_places(viewer: ViewerGraph, g: nx.Graph, cap: int = PLACE_CAP) -> nx.Graph:
    """``g`` (a person projection) with place links around every missing child: a child found at
    a trap house shares no event, home or relation with the house's adults - the found report
    and the drug-supply raid merely *happened at* the same address. Each such child is linked to
    every person involved in another event at a place the child was (other than its home), or
    living there, so centrality can find the adult between missing children; each added edge
    keeps the records that assert it. Audited once (``network_extract``, ``missing_places``)."""
    rows = viewer.read("access/missing_places", cap=cap)
    for row in rows:
        child = row["person_id"]
        _place_person(g, child, row["display_name"], row["dob"])
        data = g.nodes[child]
        data["missing_episodes"] = max(int(data.get("missing_episodes") or 0), row["missing"])
        for link in row["links"]:
            other = link["other"]
            _place_person(g, other, link["other_name"], link["other_dob"])
            if not g.has_edge(child, other):
                g.add_edge(child, other, weight=0, via={})
            edge = g.edges[child, other]
            edge["weight"] += len(link["records"])
            edge["via"]["place"] = edge["via"].get("place", 0) + len(link["records"])
            edge.setdefault("places", {}).setdefault(link["place"], []).extend(link["records"])
    viewer.record("network_extract", terms={"projection": "missing_places"}, result_count=len(rows))
    return g


def _place_person(g: nx.Graph, person_id: str, name: Any, dob: Any) -> None:
    plain = dob.iso_format() if hasattr(dob, "iso_format") else dob
    if person_id not in g:
        g.add_node(person_id, kind="person", display_name=name, dob=plain)
        return
    data = g.nodes[person_id]
    data.setdefault("display_name", name)
    if data.get("dob") is None and plain is not None:
        data["dob"] = plain


def person_projection_pages(
    viewer: ViewerGraph, page_size: int = 5000
) -> Iterator[list[dict[str, Any]]]:
    """The person-level projection, one page of people at a time (keyset paging)."""
    after = ""
    while rows := viewer.read("access/person_projection_page", after=after, limit=page_size):
        yield rows
        after = rows[-1]["person_id"]


def person_projection(
    viewer: ViewerGraph, page_size: int = 5000, progress: Callable[[int], None] | None = None
) -> nx.Graph:
    """People linked by shared events, shared addresses and recorded relations (weighted).

    Built in pages so the whole graph never sits in one transaction's memory; ``progress`` is
    called with the number of people read after each page; audited once (``network_extract``).
    """
    g = nx.Graph()
    seen = 0
    for page in person_projection_pages(viewer, page_size):
        for row in page:
            _add_person(g, row)
        seen += len(page)
        if progress:
            progress(seen)
    viewer.record("network_extract", terms={"projection": "person"}, result_count=seen)
    return g


def _add_person(g: nx.Graph, row: dict[str, Any]) -> None:
    pid = row["person_id"]
    dob = row["dob"]
    g.add_node(
        pid,
        kind="person",
        display_name=row["display_name"],
        dob=dob.iso_format() if hasattr(dob, "iso_format") else dob,
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


def _network(
    viewer: ViewerGraph, key: str, depth: int, cap: int, rel_types: Sequence[str]
) -> Network:
    limits = Limits(group_cap=cap, per_node=cap, max_nodes=MAX_NODES, hub_degree=None)
    network = ego_network(viewer, key, depth, limits=limits, rel_types=rel_types)
    if network.root is None:
        raise _not_visible(viewer, key)
    return network


def _visible(viewer: ViewerGraph, keys: list[str]) -> None:
    shown = {row["key"] for row in people_summaries(viewer, keys)}
    for key in keys:
        if key not in shown:
            raise _not_visible(viewer, key)


def _not_visible(viewer: ViewerGraph, key: str) -> AnalyticsError:
    """One answer for "no such person" and "none of their records is shared with you"."""
    return AnalyticsError(f"No person {key!r} under agreement {viewer.agreement_id}")


def _attributes(node: Any) -> dict[str, Any]:
    """What a node carries into NetworkX: its kind, ring and the details the viewer may see."""
    skip = {"expanded", "withheld", "kind"}
    attrs = {k: v for k, v in node.detail.items() if k not in skip and v is not None}
    if "kind" in node.detail:  # an organisation's own kind (school, gp_practice …)
        attrs["org_kind"] = node.detail["kind"]
    attrs.update(kind=node.kind, label=node.label, hop=node.hop)
    if node.kind == "person":
        attrs.update(display_name=node.label, resolved=node.resolved)
    if node.date:
        attrs["date"] = node.date
    if node.agency:
        attrs["agency"] = node.agency
    return {k: v for k, v in attrs.items() if v is not None}


def _add_new(items: list[Any], new: list[Any]) -> None:
    items.extend(item for item in new if item not in items)
