"""Network analytics as plain functions over NetworkX graphs (see ``analytics_extract``).

Everything here is deterministic (fixed seeds) and explainable: paths come with the records
behind every step, centrality names the children an adult is near, and a risk score is the sum
of listed contributions - each one a flag, its pattern, its severity and whose it is - never an
opaque number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

import networkx as nx

from touchpoint.graph_model.access.system import read, read_one
from touchpoint.graph_model.analytics.extract import (
    AnalyticsError,
    Reader,
    ego_network,
    household_graph,
)

SEVERITY_POINTS = {"high": 3.0, "medium": 2.0, "low": 1.0}
HOUSEHOLD_SHARE = 0.5
LOUVAIN_SEED = 42


def shortest_connections(g: nx.Graph, a: str, b: str, max_paths: int = 5) -> list[list[str]]:
    """Up to ``max_paths`` shortest paths between two nodes (all of equal, minimal length)."""
    for node in (a, b):
        if node not in g:
            raise AnalyticsError(f"{node!r} is not in the extracted network")
    try:
        paths = nx.all_shortest_paths(g, a, b)
        return sorted(islice(paths, max_paths * 20))[:max_paths]
    except nx.NetworkXNoPath:
        return []


def describe_path(g: nx.Graph, path: list[str]) -> list[dict[str, Any]]:
    """Each step of a path: the node, and the relationship + records that link it to the next."""
    steps = []
    for i, node in enumerate(path):
        data = g.nodes[node]
        step: dict[str, Any] = {"node": node, "kind": data.get("kind"), "label": _label(data)}
        if i + 1 < len(path):
            edge = g.edges[node, path[i + 1]]
            step["link"] = {
                "types": edge.get("types", []),
                "roles": edge.get("roles", []),
                "records": edge.get("records", []),
            }
        steps.append(step)
    return steps


def _label(data: dict[str, Any]) -> str:
    kind = data.get("kind")
    if kind == "person":
        return str(data.get("display_name") or "")
    if kind == "event":
        return f"{data.get('category')}/{data.get('type')} {data.get('date', '')}".strip()
    if kind == "address":
        return " ".join(str(data[k]) for k in ("line1", "postcode") if data.get(k))
    return str(data.get("name") or data.get("kind") or "")


def connections_between(
    graph: Reader, a: str, b: str, max_hops: int = 4, max_paths: int = 5
) -> tuple[nx.Graph, list[list[str]]]:
    """Shortest entity paths between two people, up to ``max_hops`` hops.

    Extracts the two ego networks (half the hops each, rounded up for ``a``) and searches their
    union: a meet-in-the-middle that never pulls more of the graph than the two neighbourhoods.
    """
    if not 1 <= max_hops <= 6:
        raise AnalyticsError(f"max_hops must be 1 to 6, got {max_hops}")
    left = ego_network(graph, a, depth=min(3, (max_hops + 1) // 2))
    right = ego_network(graph, b, depth=max(1, min(3, max_hops // 2)))
    union = nx.compose(left, right)
    return union, shortest_connections(union, a, b, max_paths)


def communities(
    g: nx.Graph, resolution: float = 1.0, min_size: int = 2, seed: int = LOUVAIN_SEED
) -> list[set[str]]:
    """Louvain communities (weighted), largest first; fixed seed so results repeat."""
    if g.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    kept = [set(c) for c in found if len(c) >= min_size]
    return sorted(kept, key=lambda c: (-len(c), min(c)))


def age_on(dob: Any, as_of: date) -> int | None:
    """Whole years between an ISO date (or date) and ``as_of``; None when unknown."""
    if dob is None:
        return None
    born = dob if isinstance(dob, date) else date.fromisoformat(str(dob)[:10])
    return as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))


def _aged(
    data: dict[str, Any], as_of: date, below: int | None = None, at_least: int | None = None
) -> bool:
    """Known age within bounds; an unknown date of birth never qualifies."""
    age = age_on(data.get("dob"), as_of)
    if age is None:
        return False
    return (below is None or age < below) and (at_least is None or age >= at_least)


@dataclass(frozen=True)
class CentralAdult:
    person_id: str
    display_name: str | None
    children_near: tuple[str, ...]
    betweenness: float
    degree: int

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def central_adults(
    p: nx.Graph, as_of: date, radius: int = 2, top: int = 10, sample: int | None = None
) -> list[CentralAdult]:
    """Adults most central around children with missing episodes, in a person projection.

    Takes the ``radius``-hop neighbourhoods of every child with a missing episode, computes
    betweenness centrality on that subgraph (sampled with a fixed seed when ``sample`` is
    given, for large graphs) and ranks adults by how many of those children they are near,
    then by betweenness: the adults who connect missing children to each other come first.
    """
    children = [
        n
        for n, d in p.nodes(data=True)
        if d.get("missing_episodes", 0) > 0 and _aged(d, as_of, below=18)
    ]
    if not children:
        return []
    near: dict[str, set[str]] = {}
    for child in children:
        for node in nx.single_source_shortest_path_length(p, child, cutoff=radius):
            if node != child:
                near.setdefault(node, set()).add(child)
    sub = p.subgraph(set(near) | set(children))
    k = min(sample, sub.number_of_nodes()) if sample else None
    between = nx.betweenness_centrality(sub, k=k, seed=LOUVAIN_SEED if k else None)
    adults = [n for n in near if _aged(p.nodes[n], as_of, at_least=18)]
    ranked = sorted(adults, key=lambda n: (-len(near[n]), -between.get(n, 0.0), n))
    return [
        CentralAdult(
            n,
            p.nodes[n].get("display_name"),
            tuple(sorted(near[n])),
            round(between.get(n, 0.0), 6),
            sub.degree(n),
        )
        for n in ranked[:top]
    ]


@dataclass
class RiskScore:
    """A person's score as the sum of its listed contributions."""

    person_id: str
    own: float = 0.0
    household: float = 0.0
    contributions: list[dict[str, Any]] = field(default_factory=list)
    same_as: tuple[str, ...] = ()  # people who may be this person (pending match pairs)

    @property
    def total(self) -> float:
        return round(self.own + self.household, 3)

    def as_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "total": self.total,
            "own": self.own,
            "household": self.household,
            "same_as": list(self.same_as),
            "contributions": self.contributions,
        }


def identity_groups(members: list[str], pairs: list[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Each member's group of people who may be one person (connected by pending match pairs;
    pairs naming someone outside ``members`` are ignored). A member with no pair is alone."""
    g = nx.Graph()
    g.add_nodes_from(members)
    g.add_edges_from((a, b) for a, b in pairs if a in g and b in g and a != b)
    return {n: frozenset(c) for c in nx.connected_components(g) for n in c}


def risk_scores(
    household: nx.Graph,
    flags: list[dict[str, Any]],
    share: float = HOUSEHOLD_SHARE,
    groups: dict[str, frozenset[str]] | None = None,
) -> dict[str, RiskScore]:
    """Per household member: own flags in full plus ``share`` of every other member's flags.

    ``flags`` rows need person_id, flag_id, pattern_id, severity; dismissed flags should be
    left out by the caller. Points per flag come from SEVERITY_POINTS. Members in one of
    ``groups`` (pending match pairs: possibly one person split in two) are scored as one: a
    flag on either half counts in full for both, never as a household member's share.
    """
    groups = groups or {}
    scores = {
        n: RiskScore(n, same_as=tuple(sorted(groups.get(n, frozenset()) - {n})))
        for n in household.nodes
    }
    for flag in sorted(flags, key=lambda f: (f["person_id"], f["flag_id"])):
        points = SEVERITY_POINTS.get(flag.get("severity", "low"), 1.0)
        about = flag["person_id"]
        for member, score in scores.items():
            if member == about:
                weight, via = points, "own flag"
                score.own += weight
            elif about in score.same_as:
                weight, via = points, f"own flag if one person with {about} (pending match pair)"
                score.own += weight
            else:
                weight, via = round(points * share, 3), f"household member {about}"
                score.household += weight
            score.contributions.append(
                {
                    "flag_id": flag["flag_id"],
                    "pattern_id": flag["pattern_id"],
                    "about": about,
                    "severity": flag.get("severity"),
                    "points": weight,
                    "via": via,
                }
            )
    return scores


def household_risk(
    graph: Reader, person_id: str, as_of: date | None = None, share: float = HOUSEHOLD_SHARE
) -> tuple[nx.Graph, dict[str, RiskScore]]:
    """Extract a person's household, fetch its members' current flags and score everyone.

    As a viewer, only flags whose evidence the agreement shows count (``access/flags_list``).
    Records waiting in the match review queue as possibly the person (or as possibly one of its
    members) are not scored as separate household members: the person's other halves join the
    household as ``possible_same_person`` and each half is scored with the other's flags as its
    own."""
    household = household_graph(graph, person_id, as_of)
    pairs = _pending_pairs(graph, list(household.nodes))
    for pair in pairs.get(person_id, []):
        other = pair["other_person_id"]
        if other not in household:
            name = " ".join(x for x in (pair["other"].get(k) for k in ("forename", "surname")) if x)
            household.add_node(other, kind="person", display_name=name, possible_same_person=True)
            household.add_edge(
                person_id, other, links=["pending_match_pair"], via=[pair["pair_id"]]
            )
    links = [(a, p["other_person_id"]) for a, found in pairs.items() for p in found]
    groups = identity_groups(list(household.nodes), links)
    row = read_one(
        graph,
        "access/flags_list",
        pattern_id=None,
        status=None,
        person_ids=list(household.nodes),
        severity=None,
        include_past=False,  # only what the latest runs still raise counts towards risk
        limit=10_000,
    )
    flags = [
        item["flag"]
        for item in (row or {}).get("flags", [])
        if item["flag"] and item["flag"].get("status") != "dismissed"
    ]
    return household, risk_scores(household, flags, share, groups)


def _pending_pairs(graph: Reader, person_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each person's pending match pairs the reader may see (with a resolved other person)."""
    rows = read(graph, "access/pending_pairs", person_ids=person_ids)
    return {row["person_id"]: [p for p in row["pairs"] if p["other_person_id"]] for row in rows}
