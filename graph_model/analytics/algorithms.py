"""Network analytics as plain functions over NetworkX graphs.

They never read the graph: the graphs they take are built from what a user may see
(``services.reads.analysis`` turns the one network/path/flag reader's results into NetworkX).

Everything here is deterministic (fixed seeds) and explainable: paths come with the records
behind every step, centrality names the children an adult is near, and a risk score is the sum
of listed contributions - each one a flag, its pattern, its severity and whose it is - never an
opaque number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from touchpoint.graph_model.model.errors import TouchpointError

SEVERITY_POINTS = {"high": 3.0, "medium": 2.0, "low": 1.0}
HOUSEHOLD_SHARE = 0.5
LOUVAIN_SEED = 42


class AnalyticsError(TouchpointError):
    """An analysis was asked for something that does not exist or is out of range."""


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
