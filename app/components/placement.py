"""Where the explorer and Connections pages draw each node: positions computed on the server.

The graph is drawn with Cytoscape's ``preset`` layout from these positions, so the picture is
what the data is and stays put:

* ``radial`` - the explorer's first picture: the subject in the middle, each ring one hop
  further out, every node in the angular sector of the node it was reached through (so a star
  is a star and never collapses into a false straight line).
* ``place_new`` - after an expand or a depth change, nodes already drawn keep their positions;
  only the new ones are placed, around the drawn node they hang off (outwards, away from the
  subject) and clear of what is already there.
* ``path_rows`` - the Connections page: the first person on the left, the second on the right,
  each path its own row between them, so parallel paths are side by side, never one chain.

Pure functions over node keys and edges, unit-tested without a browser.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from typing import Any

Point = tuple[float, float]
RING = 170.0  # distance between the explorer's rings
SPACING = 55.0  # least distance between two placed nodes
STEP = 190.0  # horizontal distance between steps of a path
ROW = 110.0  # vertical distance between two paths


def element_positions(elements: Iterable[dict[str, Any]]) -> dict[str, Point]:
    """The positions elements carry (numbers only: anything else is ignored)."""
    found: dict[str, Point] = {}
    for element in elements:
        data, position = element.get("data") or {}, element.get("position")
        if "source" in data or not isinstance(position, dict):
            continue
        x, y = position.get("x"), position.get("y")
        numbers = isinstance(x, int | float) and isinstance(y, int | float)
        if numbers and "id" in data and math.isfinite(x) and math.isfinite(y):
            found[str(data["id"])] = (float(x), float(y))
    return found


def with_positions(
    elements: list[dict[str, Any]], positions: dict[str, Point]
) -> list[dict[str, Any]]:
    """Copies of the elements, each node carrying its position."""
    placed = []
    for element in elements:
        item = dict(element)
        key = element["data"].get("id")
        if "source" not in element["data"] and key in positions:
            x, y = positions[key]
            item["position"] = {"x": round(x, 1), "y": round(y, 1)}
        placed.append(item)
    return placed


def radial(root: str, nodes: Sequence[str], edges: Iterable[tuple[str, str]]) -> dict[str, Point]:
    """A radial tree around ``root``: ring = hops from the root, sector = the parent's."""
    neighbours = _neighbours(nodes, edges)
    parent: dict[str, str | None] = {root: None}
    order, queue = [root], deque([root])
    while queue:
        here = queue.popleft()
        for nxt in sorted(neighbours[here]):
            if nxt not in parent:
                parent[nxt] = here
                order.append(nxt)
                queue.append(nxt)
    children: dict[str, list[str]] = defaultdict(list)
    for key in order[1:]:
        children[parent[key]].append(key)  # type: ignore[index]
    leaves: dict[str, int] = {}
    for key in reversed(order):
        leaves[key] = max(1, sum(leaves[c] for c in children[key]))
    positions: dict[str, Point] = {root: (0.0, 0.0)}
    depth = {root: 0}

    def spread(key: str, start: float, span: float) -> None:
        angle = start
        for child in children[key]:
            share = span * leaves[child] / leaves[key]
            depth[child] = depth[key] + 1
            middle = angle + share / 2
            radius = RING * depth[child]
            positions[child] = (radius * math.cos(middle), radius * math.sin(middle))
            spread(child, angle, share)
            angle += share

    spread(root, -math.pi / 2, 2 * math.pi)
    stray = [k for k in nodes if k not in positions]  # not linked to the root: an outer ring
    if stray:
        return place_new(root, positions, stray, edges)
    return positions


def place_new(
    root: str | None,
    positions: dict[str, Point],
    new: Sequence[str],
    edges: Iterable[tuple[str, str]],
) -> dict[str, Point]:
    """``positions`` kept as they are, plus a position for every key in ``new``: around the
    placed neighbour it hangs off, facing away from the subject, clear of placed nodes."""
    placed = dict(positions)
    todo = [k for k in new if k not in placed]
    neighbours = _neighbours([*placed, *todo], edges)
    centre = placed.get(root or "", _centroid(placed.values()))
    while todo:
        groups: dict[str | None, list[str]] = defaultdict(list)
        for key in todo:
            anchors = sorted(n for n in neighbours[key] if n in placed)
            if anchors:
                groups[anchors[0]].append(key)
        if not groups:  # nothing drawn links to them: a ring outside everything
            groups[None] = list(todo)
        for anchor, keys in groups.items():
            _fan_out(placed, anchor, keys, centre)
        todo = [k for k in todo if k not in placed]
    return placed


def _fan_out(placed: dict[str, Point], anchor: str | None, keys: list[str], centre: Point) -> None:
    if anchor is None:
        radius = max((math.dist(p, centre) for p in placed.values()), default=0.0) + RING
        origin, facing, span = centre, 0.0, 2 * math.pi
    else:
        origin = placed[anchor]
        away = (origin[0] - centre[0], origin[1] - centre[1])
        if math.hypot(*away) < 1e-6:  # the subject itself: all the way round
            facing, span = -math.pi / 2, 2 * math.pi
        else:
            facing, span = math.atan2(away[1], away[0]), math.pi * 0.9
        radius = RING * 0.8
    count = len(keys)
    radius = max(radius, SPACING * count / span)
    for index, key in enumerate(keys):
        if span >= 2 * math.pi - 1e-9:
            angle = facing + span * index / count
        else:
            angle = facing - span / 2 + span * (index + 0.5) / count
        ring = radius
        spot = _at(origin, ring, angle)
        while any(math.dist(spot, p) < SPACING for p in placed.values()):
            ring += SPACING * 0.6
            spot = _at(origin, ring, angle)
        placed[key] = spot


def path_rows(paths: Sequence[Sequence[str]]) -> dict[str, Point]:
    """Paths between two people, each its own row: the first person at the left, the second
    at the right, every path's steps evenly spread between them (a node on several paths is
    drawn once, where its first path puts it)."""
    if not paths:
        return {}
    longest = max(len(p) - 1 for p in paths) or 1
    width = STEP * longest
    start, end = paths[0][0], paths[0][-1]
    positions: dict[str, Point] = {start: (0.0, 0.0), end: (width, 0.0)}
    middle_rows = len(paths)
    for row, path in enumerate(paths):
        y = ROW * (row - (middle_rows - 1) / 2)
        if middle_rows == 1:
            y = 0.0
        steps = len(path) - 1
        for index, key in enumerate(path[1:-1], start=1):
            positions.setdefault(key, (width * index / steps, y))
    return positions


def _neighbours(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    known = set(nodes)
    found: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if source in known and target in known and source != target:
            found[source].add(target)
            found[target].add(source)
    return found


def _centroid(points: Iterable[Point]) -> Point:
    points = list(points)
    if not points:
        return (0.0, 0.0)
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _at(origin: Point, radius: float, angle: float) -> Point:
    return (origin[0] + radius * math.cos(angle), origin[1] + radius * math.sin(angle))
