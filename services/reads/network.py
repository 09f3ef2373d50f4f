"""The person-level network read as a user: ego networks, expansion, summaries.

This is the one network reader: the explorer draws it, the Connections page and ``paths.py``
style their people with it, and the NetworkX analytics (``analysis.py``, ``touchpoint analyse``)
turn it into an ``nx.Graph``. Agencies hold *records*; analysts think in *people*. So there is one
node per subject (a resolved Person, or an unresolved record standing alone) and each record's
links fold into it, keeping which agencies (and which of their records) reported each link.
Addresses, events and organisations are nodes of their own. Busy neighbourhoods are summarised
("37 more police incidents") rather than drawn as hairballs; a summary node can be expanded on
demand, and analytics read a summary as "this node's neighbours were truncated".

Everything is read through the viewer's ``ViewerGraph`` with the ``cypher/access/`` hop
queries: links to records, events or agencies the sharing agreement withholds are left out in
Cypher and counted (per expanded node, ``detail["withheld"]``), so the page can say "3 links
withheld under agreement mash_isa"; a person's name and date of birth come only from records the
agreement shows (``access/network_people``); opening a network needs a recorded purpose and every
hop is audited as ``network_expand``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.vocabulary import vocabulary
from touchpoint.services.reads.common import (
    agency_name,
    concern_pairs,
    humanise,
    iso_date,
    plain,
    risk_level,
)
from touchpoint.services.reads.network_model import NetEdge, NetNode, Network

__all__ = ["NetEdge", "NetNode", "Network", "ego_network", "expand"]

GROUP_CAP = 12  # new neighbours drawn per node and group before the rest are summarised
PER_NODE_ROWS = 300  # links fetched per node per hop (hubs beyond this are counted, not fetched)
MAX_NODES = 350  # stop growing the ego network past this; expand on demand instead
#: An organisation or address with more visible links than this (a GP practice, a school, a
#: block of flats) is a hub: drawn, but not expanded through when the ego network grows, so
#: its unrelated patients and pupils stay out of the picture until the analyst expands it.
HUB_DEGREE = 25
SUMMARY_PREFIX = "more|"
PEOPLE_KINDS = {"person"}
#: Every relationship a hop may follow (a reader may narrow it, e.g. a household).
LINK_TYPES = (
    "LIVES_AT",
    "INVOLVED_IN",
    "ENROLLED_AT",
    "REGISTERED_WITH",
    "RELATED_TO",
    "OCCURRED_AT",
)


@dataclass(frozen=True)
class Limits:
    """How much of a neighbourhood one read draws: ``group_cap`` new neighbours per node and
    group (the rest summarised), ``per_node`` links fetched per node, ``max_nodes`` in all;
    a hub (more than ``hub_degree`` links; None: no hubs) is drawn but not grown through."""

    group_cap: int = GROUP_CAP
    per_node: int = PER_NODE_ROWS
    max_nodes: int = MAX_NODES
    hub_degree: int | None = HUB_DEGREE


EXPLORER = Limits()


def ego_network(
    graph: ViewerGraph,
    key: str,
    depth: int = 2,
    *,
    limits: Limits = EXPLORER,
    rel_types: Sequence[str] = LINK_TYPES,
) -> Network:
    """The subject and everything within ``depth`` hops (1-3) the viewer's agreement shows
    over ``rel_types``, busy groups summarised (``limits``: the explorer's by default);
    ``root`` is None when the viewer may see no record of ``key``."""
    depth = max(1, min(3, depth))
    people = people_summaries(graph, [key])
    if not people:
        return Network(root=None)
    key = people[0]["key"]
    network = Network(root=key)
    network.nodes[key] = NetNode(
        key, "person", people[0]["name"], resolved=people[0]["resolved"], hop=0
    )
    frontier = [key]
    for _ in range(depth):
        frontier = _hop(graph, network, frontier, limits, rel_types)
        if len(network.nodes) >= limits.max_nodes:
            network.truncated = bool(frontier)
            break
    style_people(graph, network)
    return network


def expand(graph: ViewerGraph, network: Network, key: str) -> Network:
    """Add one node's neighbours (or, for a summary node, the neighbours it stood for)."""
    if key.startswith(SUMMARY_PREFIX):
        _, parent, group = key.split("|", 2)
        network.nodes.pop(key, None)
        network.edges = {k: e for k, e in network.edges.items() if e.target != key}
        caps = {(parent, group): GROUP_CAP * 8}
        _hop(graph, network, [parent], EXPLORER, LINK_TYPES, caps=caps, force=True)
    elif key in network.nodes:
        _hop(graph, network, [key], EXPLORER, LINK_TYPES, force=True)
    style_people(graph, network)
    return network


def _hop(
    graph: ViewerGraph,
    network: Network,
    keys: list[str],
    limits: Limits,
    rel_types: Sequence[str],
    caps: dict[tuple[str, str], int] | None = None,
    force: bool = False,
) -> list[str]:
    """Fetch the neighbours of ``keys``; add them (summarising busy groups); return new keys."""
    todo = [k for k in keys if force or k not in network.expanded]
    people = [k for k in todo if network.nodes[k].kind in PEOPLE_KINDS]
    entities = [k for k in todo if network.nodes[k].kind in {"address", "event", "organisation"}]
    rows: list[dict[str, Any]] = []
    read = {"rel_types": list(rel_types), "per_node": limits.per_node}
    if people:
        rows += graph.read("access/hop_from_people", keys=people, **read)
    if entities:
        hub_degree = None if force else limits.hub_degree  # a hub's links are not fetched
        rows += graph.read("access/hop_from_entities", keys=entities, hub_degree=hub_degree,
                           **read)  # fmt: skip
    # the query decides what a hub is (an address or organisation past hub_degree)
    hubs = {row["from_key"]: row["total"] for row in rows if row.get("hub")}
    for key, total in hubs.items():  # drawn, not grown through: Expand opens it
        network.nodes[key].detail["hub"] = total
    rows = [row for row in rows if row["from_key"] not in hubs]
    todo = [k for k in todo if k not in hubs]
    network.expanded.update(todo)
    withheld = {row["from_key"]: row["withheld"] for row in rows}
    for k in todo:
        network.nodes[k].detail.pop("hub", None)
        network.nodes[k].detail["expanded"] = True
        network.nodes[k].detail["withheld"] = withheld.get(k, 0)
    return _merge_rows(network, rows, caps or {}, limits.group_cap)


def _merge_rows(
    network: Network,
    rows: list[dict[str, Any]],
    caps: dict[tuple[str, str], int],
    group_cap: int = GROUP_CAP,
) -> list[str]:
    grouped: dict[tuple[str, str], list[tuple[NetNode, NetEdge]]] = defaultdict(list)
    totals: dict[str, tuple[int, int]] = {}
    for row in rows:
        fetched = totals.get(row["from_key"], (row["total"], 0))
        if row["rel_type"] is None:  # a subject with no visible link: only its counts
            totals[row["from_key"]] = fetched
            continue
        totals[row["from_key"]] = (row["total"], fetched[1] + 1)
        node, edge = neighbour_from_row(row)
        if node.key == row["from_key"]:
            continue
        if node.key in network.nodes:
            network.add_edge(edge)
            continue
        grouped[(row["from_key"], group_of(node))].append((node, edge))
    added: list[str] = []
    default_cap = 0 if caps else group_cap  # expanding one summary reveals only its group
    for (parent, group), pairs in grouped.items():
        unique = _dedupe(pairs)
        cap = caps.get((parent, group), default_cap)
        shown, hidden = unique[:cap], unique[cap:]
        ring = network.nodes[parent].hop
        for node, edges in shown:
            if node.key not in network.nodes:
                node.hop = None if ring is None else ring + 1
                network.nodes[node.key] = node
                added.append(node.key)
            for edge in edges:
                network.add_edge(edge)
        if hidden:
            _add_summary(network, parent, group, len(hidden), hidden[0][1][0].rel_type)
    for parent, (total, fetched) in totals.items():
        if total > fetched:
            _add_summary(network, parent, "unfetched", total - fetched)
    return added


def _dedupe(pairs: list[tuple[NetNode, NetEdge]]) -> list[tuple[NetNode, list[NetEdge]]]:
    """One entry per neighbour (its edges kept), most recent events first."""
    by_key: dict[str, tuple[NetNode, list[NetEdge]]] = {}
    for node, edge in pairs:
        by_key.setdefault(node.key, (node, []))[1].append(edge)
    return sorted(
        by_key.values(), key=lambda item: (item[0].date or "", item[0].label), reverse=True
    )


def _add_summary(
    network: Network, parent: str, group: str, count: int, rel_type: str = "SUMMARY"
) -> None:
    """A stand-in node for ``count`` neighbours not drawn; its link keeps their relationship
    type, so filtering that type out hides the summary too."""
    key = f"{SUMMARY_PREFIX}{parent}|{group}"
    label = f"{count} more {group_label(group, count)}"
    network.nodes[key] = NetNode(
        key, "summary", label, detail={"count": count, "group": group, "parent": parent}
    )
    network.add_edge(NetEdge(parent, key, rel_type, "summary"))


def group_of(node: NetNode) -> str:
    """Neighbours are summarised per kind, and events per category."""
    if node.kind == "event":
        return f"event:{node.detail.get('category') or 'other'}"
    return node.kind


def group_label(group: str, count: int) -> str:
    """Plural-aware words for a summary node: ``police incidents``, ``people``, ``addresses``."""
    if group == "unfetched":
        return "links (busy node)" if count != 1 else "link (busy node)"
    if group.startswith("event:"):
        words = humanise(group.split(":", 1)[1]).lower()
        return words if count == 1 else _plural(words)
    singular = {"person": "person", "address": "address", "organisation": "organisation"}
    plural = {"person": "people", "address": "addresses", "organisation": "organisations"}
    return (singular if count == 1 else plural).get(group, group)


def neighbour_from_row(row: dict[str, Any]) -> tuple[NetNode, NetEdge]:
    """Turn one hop row into the neighbour node (person-level) and the edge to it."""
    node = node_from_graph(row["labels"], plain(row["props"]), row["person_id"], row["person_name"])
    rel = plain(row["rel_props"])
    qualifier = rel.get("role") or rel.get("relation")
    source, target = (row["from_key"], node.key) if row["outgoing"] else (node.key, row["from_key"])
    agency = rel.get("source_agency") or row.get("record_agency") or node.agency
    if row["rel_type"] == "INVOLVED_IN":
        date_from, date_to = node.date, node.detail.get("end_date")
    else:
        date_from, date_to = iso_date(rel.get("from")), iso_date(rel.get("to"))
    # the agency record behind the link: the relationship's own provenance, else its record
    record = (
        rel.get("source_agency") or row.get("record_agency") or agency,
        rel.get("source_record_id") or row.get("record_id"),
    )
    edge = NetEdge(
        source,
        target,
        row["rel_type"],
        qualifier,
        {agency} if agency else set(),
        date_from,
        date_to,
        {record} if all(record) else set(),  # type: ignore[arg-type]
    )
    return node, edge


def node_from_graph(
    labels: list[str], props: dict[str, Any], person_id: str | None, person_name: str | None
) -> NetNode:
    """A person-level node from a database node: records fold into their Person."""
    if "Person" in labels:
        return NetNode(
            props["person_id"], "person", props.get("display_name") or "Person", resolved=True
        )
    if "PersonRecord" in labels:
        name = person_name or props.get("full_name") or _name_parts(props)
        return NetNode(
            person_id or props["record_id"],
            "person",
            name,
            agency=props.get("source_agency"),
            resolved=person_id is not None,
        )
    if "Address" in labels:
        label = ", ".join(p for p in (props.get("line1"), props.get("postcode")) if p)
        return NetNode(
            props["address_id"],
            "address",
            label or "Address",
            agency=props.get("source_agency"),
            detail=_subset(props, ("line1", "line2", "town", "postcode", "uprn")),
        )
    if "Organisation" in labels:
        return NetNode(
            props["org_id"],
            "organisation",
            props.get("name") or "Organisation",
            agency=props.get("source_agency"),
            detail=_subset(props, ("kind", "code", "name")),
        )
    date = iso_date(props.get("date"))
    category, event_type = props.get("category") or "", props.get("type") or ""
    label = humanise(event_type or category) + (f" {date}" if date else "")
    detail = _subset(props, ("category", "type", "description", "outcome", "source_record_id"))
    detail["end_date"] = iso_date(props.get("end_date"))
    concern = vocabulary().is_concern(category, event_type)
    return NetNode(
        props["event_id"],
        "event",
        label,
        agency=props.get("source_agency"),
        date=date,
        risk="high" if concern else "none",
        detail=detail | {"concern": concern},
    )


def people_summaries(graph: ViewerGraph, keys: list[str]) -> list[dict[str, Any]]:
    """Person-node summaries from the records, events and flags the agreement shows."""
    if not keys:
        return []
    return graph.read("access/network_people", keys=keys, concern_pairs=concern_pairs())


def style_people(graph: ViewerGraph, network: Network) -> None:
    """Name, agencies and risk band of every person node, in one query. A person node is only
    ever reached through a visible record, so each has a summary; should one not, it keeps no
    name or date of birth at all (what names it is read from visible records only)."""
    keys = [k for k, n in network.nodes.items() if n.kind == "person"]
    hits = people_summaries(graph, keys)
    for key in set(keys) - {hit["key"] for hit in hits}:
        node = network.nodes[key]
        node.label = "(not shown under this agreement)"
        node.detail = {k: v for k, v in node.detail.items() if k in ("expanded", "withheld")}
    for hit in hits:
        node = network.nodes[hit["key"]]
        node.label = hit["name"] or "(no name recorded)"
        node.resolved = hit["resolved"]
        node.risk = risk_level(hit["concerns"], hit["open_flags"], hit.get("top_flag"))
        node.detail.update(
            dob=hit["dob"],
            agencies=[agency_name(a) for a in hit["agencies"]],
            concerns=hit["concerns"],
            open_flags=hit["open_flags"],
            records=hit["record_count"],
        )


def _subset(props: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: props[name] for name in names if props.get(name) not in (None, "")}


def _name_parts(props: dict[str, Any]) -> str:
    parts = (props.get("forename"), props.get("surname"))
    return " ".join(p for p in parts if p) or props.get("record_id", "Unknown")


def _plural(words: str) -> str:
    if words.endswith(("s", "sh", "ch", "x")):
        return words + "es"
    if words.endswith("y") and not words.endswith(("ay", "ey", "oy")):
        return words[:-1] + "ies"
    return words + "s"
