"""What the explorer draws: filtering, styling classes and CSV export of network elements.

Pure functions over Cytoscape element dicts (as ``Network.to_elements`` makes them), so the
filters behave the same in the browser and in unit tests, and need no graph round trip.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from touchpoint.graph_model.model.csv_safe import csv_lines
from touchpoint.graph_model.model.provenance import Provenance
from touchpoint.services.reads.network import SUMMARY_PREFIX

ALL = None  # a filter left as None lets everything through


@dataclass(frozen=True)
class ViewFilter:
    rel_types: frozenset[str] | None = ALL
    agencies: frozenset[str] | None = ALL
    years: tuple[int, int] | None = ALL
    hidden: frozenset[str] = field(default_factory=frozenset)
    until: str | None = ALL  # "2019-03": nothing after that month (the time bar's playhead)


def is_edge(element: dict[str, Any]) -> bool:
    return "source" in element["data"]


def year_bounds(elements: list[dict[str, Any]]) -> tuple[int, int] | None:
    """First and last year any event or dated link in the view mentions."""
    years = [
        int(value[:4])
        for element in elements
        for name in ("date", "date_from", "date_to")
        if isinstance(value := element["data"].get(name), str) and value[:4].isdigit()
    ]
    return (min(years), max(years)) if years else None


def apply_filter(
    elements: list[dict[str, Any]], view: ViewFilter, root: str | None
) -> list[dict[str, Any]]:
    """Elements still visible: filtered edges, and nodes still reachable from the root."""
    nodes = {e["data"]["id"]: e for e in elements if not is_edge(e)}
    allowed = {key for key, node in nodes.items() if _node_passes(node["data"], view, root)}
    edges = [
        e
        for e in elements
        if is_edge(e)
        and e["data"]["source"] in allowed
        and e["data"]["target"] in allowed
        and _edge_passes(e["data"], view)
    ]
    visible = _reachable(root, edges) if root in allowed else _touched(edges)
    if root in allowed:
        visible.add(root)
    edges = [e for e in edges if e["data"]["source"] in visible and e["data"]["target"] in visible]
    return [nodes[key] for key in nodes if key in visible] + edges


def with_classes(
    elements: list[dict[str, Any]],
    root: str | None,
    pinned: set[str],
    noted: set[str] | frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """Copies of the elements with the classes the stylesheet keys on (pinned = locked,
    noted = carries an analyst's note)."""
    styled = []
    for element in elements:
        data = element["data"]
        if is_edge(element):
            summary = data["target"].startswith(SUMMARY_PREFIX)
            classes = ["rel-SUMMARY" if summary else f"rel-{data['rel_type']}"]
            styled.append({"data": data, "classes": " ".join(classes)})
            continue
        classes = [f"kind-{data['kind']}", f"risk-{data.get('risk') or 'none'}"]
        if data["kind"] == "person" and data.get("resolved") is False:
            classes.append("unresolved")
        if (data.get("detail") or {}).get("hub"):
            classes.append("hub")
        if data["id"] == root:
            classes.append("root")
        if data["id"] in pinned:
            classes.append("pinned")
        if data["id"] in noted:
            classes.append("noted")
        item = {"data": data, "classes": " ".join(classes)}
        if "position" in element:
            item["position"] = element["position"]
        if data["id"] in pinned:
            item["locked"] = True
        styled.append(item)
    return styled


def to_csv(elements: list[dict[str, Any]], provenance: Provenance | None = None) -> tuple[str, str]:
    """The visible nodes and edges as two CSV texts (for the explorer's export buttons), with
    cells a spreadsheet would run as formulas neutralised (names come from agency extracts),
    each after the export's provenance block when one is given."""
    nodes, edges = [], []
    for element in elements:
        d = element["data"]
        if is_edge(element):
            edges.append([
                d["source"], d["target"], d["rel_type"], d.get("qualifier") or "",
                ";".join(d.get("agencies") or []), d.get("date_from") or "", d.get("date_to") or "",
            ])  # fmt: skip
        else:
            nodes.append([
                d["id"], d["kind"], d["label"], d.get("agency") or "", d.get("date") or "",
                _yes_no(d.get("resolved")), d.get("risk") or "",
            ])  # fmt: skip
    return (
        csv_lines(nodes, ["id", "kind", "label", "agency", "date", "resolved", "risk"],
                  provenance),
        csv_lines(edges, ["source", "target", "relationship", "qualifier", "agencies", "from",
                          "to"], provenance),
    )  # fmt: skip


def counts_by_kind(elements: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for element in elements:
        counts["edge" if is_edge(element) else element["data"]["kind"]] += 1
    return dict(counts)


def _node_passes(data: dict[str, Any], view: ViewFilter, root: str | None) -> bool:
    if data["id"] == root:
        return True
    if data["id"] in view.hidden:
        return False
    if data["kind"] == "event":
        if view.agencies is not ALL and data.get("agency") not in view.agencies:
            return False
        if view.years is not ALL and data.get("date") and not _in_years(data["date"], view.years):
            return False
        if view.until is not ALL and data.get("date") and data["date"][:7] > view.until:
            return False
    return True


def _edge_passes(data: dict[str, Any], view: ViewFilter) -> bool:
    if data["rel_type"] == "SUMMARY":
        return True
    if view.rel_types is not ALL and data["rel_type"] not in view.rel_types:
        return False
    agencies = data.get("agencies") or []
    if view.agencies is not ALL and agencies and not set(agencies) & view.agencies:
        return False
    if view.years is not ALL:
        start, end = data.get("date_from"), data.get("date_to")
        if start and int(start[:4]) > view.years[1]:
            return False
        if end and int(end[:4]) < view.years[0]:
            return False
    begun = data.get("date_from")
    return view.until is ALL or not begun or begun[:7] <= view.until


def _in_years(date: str, years: tuple[int, int]) -> bool:
    return years[0] <= int(date[:4]) <= years[1]


def _reachable(root: str, edges: list[dict[str, Any]]) -> set[str]:
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        source, target = edge["data"]["source"], edge["data"]["target"]
        neighbours[source].add(target)
        neighbours[target].add(source)
    seen, queue = {root}, deque([root])
    while queue:
        for nxt in neighbours[queue.popleft()] - seen:
            seen.add(nxt)
            queue.append(nxt)
    return seen


def _touched(edges: list[dict[str, Any]]) -> set[str]:
    return {e["data"][end] for e in edges for end in ("source", "target")}


def _yes_no(value: Any) -> str:
    return "" if value is None else ("yes" if value else "no")


def people_in(elements: list[dict[str, Any]]) -> list[str]:
    """The people among network elements (nodes of kind ``person``), sorted."""
    return sorted(
        str(e["data"]["id"])
        for e in elements
        if "source" not in e["data"] and e["data"].get("kind") == "person"
    )


def households(elements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The elements with people who share an address grouped in a box (a Cytoscape compound
    parent, ``household|<address id>``) with that address: each person in the household of the
    address they live at now (an open period first, then the latest move-in); an address only
    one person shown lives at is no household. Parents come first, as Cytoscape wants them."""
    home = _current_homes(elements)
    members: dict[str, list[str]] = defaultdict(list)
    for person, address in home.items():
        members[address].append(person)
    groups = {addr: people for addr, people in members.items() if len(people) > 1}
    labels = {e["data"]["id"]: e["data"].get("label") for e in elements if not is_edge(e)}
    parent_of = {p: f"household|{addr}" for addr, people in groups.items() for p in people}
    parent_of |= {addr: f"household|{addr}" for addr in groups}
    parents = [
        {"data": {"id": f"household|{addr}", "kind": "household",
                  "label": f"Household · {labels.get(addr) or addr}"}, "classes": "household"}
        for addr in sorted(groups)
    ]  # fmt: skip
    out = []
    for element in elements:
        key = element["data"].get("id")
        if not is_edge(element) and key in parent_of:
            element = dict(element, data=dict(element["data"], parent=parent_of[key]))
        out.append(element)
    return parents + out


def _current_homes(elements: list[dict[str, Any]]) -> dict[str, str]:
    """Each person's address now, from the LIVES_AT links shown."""
    kinds = {e["data"]["id"]: e["data"].get("kind") for e in elements if not is_edge(e)}
    best: dict[str, tuple[tuple[int, str, str], str]] = {}
    for element in elements:
        data = element["data"]
        if not is_edge(element) or data.get("rel_type") != "LIVES_AT":
            continue
        person, address = data["source"], data["target"]
        if kinds.get(person) != "person" or kinds.get(address) != "address":
            continue
        rank = (0 if data.get("date_to") else 1, data.get("date_from") or "", address)
        if person not in best or rank > best[person][0]:
            best[person] = (rank, address)
    return {person: address for person, (_, address) in best.items()}


def case_people(elements: list[dict[str, Any]], root: str | None) -> list[str]:
    """Whom showing a network brings into the case: the subject, the people linked to them
    directly, and those who live (or lived) at an address with them - not everyone a
    depth-2 or 3 network draws through a shared event, school or GP practice."""
    if root is None:
        return []
    kinds = {e["data"]["id"]: e["data"].get("kind") for e in elements if not is_edge(e)}
    links = [e["data"] for e in elements if is_edge(e)]
    homes = {d["target"] for d in links if d["source"] == root and d["rel_type"] == "LIVES_AT"}
    near = {root}
    for d in links:
        ends = {d["source"], d["target"]}
        if root in ends:
            near |= ends
        elif d["rel_type"] == "LIVES_AT" and d["target"] in homes:
            near.add(d["source"])
    return sorted(k for k in near if kinds.get(k) == "person")
