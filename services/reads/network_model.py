"""The person-level network every reader shares: nodes, merged edges, Cytoscape elements.

Plain data with no graph access, so ``network.py`` and ``paths.py`` (which read under the
agreement), the explorer's view filters and the NetworkX analytics (``analysis.py``) share one
model. Nodes keep what the agreement withheld around them in ``detail["withheld"]`` and the ring
they were reached in (``hop``); edges keep every agency record that asserts them (``records``)
and each report's period (``periods``), so a score or path traces back to its sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from touchpoint.graph_model.access.notices import Withheld
from touchpoint.services.reads.common import humanise


@dataclass
class NetNode:
    key: str
    kind: str  # person | address | event | organisation | summary
    label: str
    agency: str | None = None
    date: str | None = None
    resolved: bool | None = None
    risk: str = "none"
    detail: dict[str, Any] = field(default_factory=dict)
    hop: int | None = None  # the ring of the ego network it was first reached in (root 0)

    def as_data(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "kind": self.kind,
            "label": self.label,
            "agency": self.agency,
            "date": self.date,
            "resolved": self.resolved,
            "risk": self.risk,
            "detail": self.detail,
            "hop": self.hop,
        }


@dataclass
class NetEdge:
    source: str
    target: str
    rel_type: str
    qualifier: str | None = None
    agencies: set[str] = field(default_factory=set)
    date_from: str | None = None
    date_to: str | None = None
    records: set[tuple[str, str]] = field(default_factory=set)  # (agency, agency's record id)
    periods: set[tuple[str | None, str | None]] = field(default_factory=set)

    def __post_init__(self) -> None:
        if not self.periods and (self.date_from or self.date_to):
            self.periods = {(self.date_from, self.date_to)}

    @property
    def key(self) -> str:
        return f"{self.source}|{self.rel_type}|{self.qualifier or ''}|{self.target}"

    @property
    def label(self) -> str:
        return humanise(self.qualifier) if self.qualifier else humanise(self.rel_type.lower())

    def merge(self, other: NetEdge) -> None:
        """Fold another agency's report of the same link into this edge."""
        self.agencies |= other.agencies
        self.records |= other.records
        self.periods |= other.periods
        self.date_from = _earliest(self.date_from, other.date_from)
        self.date_to = (
            None if not (self.date_to and other.date_to) else max(self.date_to, other.date_to)
        )

    def as_data(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "source": self.source,
            "target": self.target,
            "rel_type": self.rel_type,
            "label": self.label,
            "qualifier": self.qualifier,
            "agencies": sorted(self.agencies),
            "date_from": self.date_from,
            "date_to": self.date_to,
            "records": sorted([list(r) for r in self.records]),
            "periods": sorted([list(p) for p in self.periods], key=str),
        }


@dataclass
class Network:
    """A drawable neighbourhood; ``expanded`` remembers whose neighbours are already fetched."""

    root: str | None
    nodes: dict[str, NetNode] = field(default_factory=dict)
    edges: dict[str, NetEdge] = field(default_factory=dict)
    expanded: set[str] = field(default_factory=set)
    truncated: bool = False

    @property
    def withheld_links(self) -> int:
        """Links the agreement withheld around every node expanded so far."""
        return sum(int(n.detail.get("withheld") or 0) for n in self.nodes.values())

    def withheld(self, agreement: str) -> Withheld:
        return Withheld(agreement, links=self.withheld_links)

    def add_edge(self, edge: NetEdge) -> None:
        if edge.source == edge.target:
            return
        existing = self.edges.get(edge.key)
        if existing:
            existing.merge(edge)
        else:
            self.edges[edge.key] = edge

    def to_elements(self) -> list[dict[str, Any]]:
        nodes = [{"data": node.as_data(), "group": "nodes"} for node in self.nodes.values()]
        edges = [{"data": edge.as_data(), "group": "edges"} for edge in self.edges.values()]
        return nodes + edges

    @classmethod
    def from_elements(cls, root: str | None, elements: list[dict[str, Any]]) -> Network:
        network = cls(root)
        for element in elements:
            data = element["data"]
            if "source" in data:
                edge = NetEdge(
                    data["source"],
                    data["target"],
                    data["rel_type"],
                    data.get("qualifier"),
                    set(data.get("agencies") or []),
                    data.get("date_from"),
                    data.get("date_to"),
                    {tuple(r) for r in data.get("records") or []},  # type: ignore[misc]
                    {tuple(p) for p in data.get("periods") or []},  # type: ignore[misc]
                )
                network.edges[edge.key] = edge
            else:
                network.nodes[data["id"]] = NetNode(
                    key=data["id"],
                    kind=data["kind"],
                    label=data["label"],
                    agency=data.get("agency"),
                    date=data.get("date"),
                    resolved=data.get("resolved"),
                    risk=data.get("risk", "none"),
                    detail=data.get("detail") or {},
                    hop=data.get("hop"),
                )
                if data.get("detail", {}).get("expanded"):
                    network.expanded.add(data["id"])
        return network


def _earliest(a: str | None, b: str | None) -> str | None:
    return min(x for x in (a, b) if x) if (a or b) else None
