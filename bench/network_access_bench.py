"""What the sharing agreement costs the network reads: explorer, paths, patterns, extracts.

    TOUCHPOINT_DATA_DIR=... TOUCHPOINT_BOLT_PORT=... python bench/network_access_bench.py

Against a dev graph holding the resolved demo with patterns run (never the test server). Each
figure is one service call as a page or ``--as`` CLI command makes it, through a ViewerGraph
with a purpose and real hash-chained audit appends; pattern ``system`` rows are the same work
as the system identity (the plain Graph, every agency visible) for comparison; the NetworkX
rows compare hub_staff (every agency) with analyst (filtered).
Prints figures; docs/performance.md records them.
"""

from __future__ import annotations

import argparse
import random
import sys
from functools import partial
from pathlib import Path

from touchpoint.graph_model.access.viewer import ViewerGraph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import p50_p95, timed

from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.context import AccessContext, Purpose
from touchpoint.graph_model.model.settings import load_settings
from touchpoint.graph_model.patterns.library import get_pattern, run_pattern
from touchpoint.graph_model.patterns.results import visible_hits
from touchpoint.graph_model.store.admin import open_graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.services.reads import flags as flag_service
from touchpoint.services.reads import review as review_service
from touchpoint.services.reads.analysis import ego_graph as nx_ego
from touchpoint.services.reads.analysis import person_projection
from touchpoint.services.reads.network import ego_network
from touchpoint.services.reads.paths import find_connections

PURPOSE = Purpose("s47_enquiry", "BENCH-1", "Benchmarking the network under agreements")
PEOPLE = Query(
    name="bench/people_with_links",
    text="MATCH (p:Person) WHERE EXISTS { (p)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->() }"
    " RETURN p.person_id AS key ORDER BY key",
    meta={"params": []},
)
PATTERNS = ("repeated_missing", "toxic_trio", "no_gp_registration", "immigration_only")


def summary(name: str, ms: list[float]) -> None:
    n, p50, p95 = p50_p95(ms)
    print(f"| {name} | {n} | {p50:.1f} | {p95:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()
    with open_graph(load_settings()) as graph:
        keys = [row["key"] for row in graph.read(PEOPLE)]
        sample = random.Random(22).sample(keys, min(args.samples, len(keys)))
        print(f"graph: {len(keys):,} people with events; {len(sample)} sampled")
        log = AuditLog(graph)
        viewers = {
            role: ViewerGraph(graph, AccessContext("bench", role, purpose=PURPOSE), audit=log)
            for role in ("hub_staff", "analyst", "health_liaison")
        }
        hub, analyst = viewers["hub_staff"], viewers["analyst"]
        timed(partial(_ego, hub), sample[:5])  # warm the plans
        pairs = _pairs(hub, sample)
        print("| Read | n | p50 ms | p95 ms |\n|---|---:|---:|---:|")
        for role, viewer in viewers.items():
            summary(f"explorer ego depth 2, {role}", timed(partial(_ego, viewer), sample))
        for role in ("hub_staff", "health_liaison"):
            paths = partial(_path, viewers[role], pairs)
            summary(f"connections, {role}", timed(paths, list(pairs)))
        summary("NetworkX ego depth 2, hub_staff", timed(partial(_nx, hub), sample))
        summary("NetworkX ego depth 2, analyst", timed(partial(_nx, analyst), sample))
        for pattern_id in PATTERNS:
            pattern = get_pattern(pattern_id)
            system = partial(_system_pattern, graph, pattern)
            summary(f"pattern {pattern_id}, system", timed(system, ["x"] * 5))
            filtered = partial(_viewer_pattern, analyst, pattern)
            summary(
                f"pattern {pattern_id}, analyst (filtered, audited)", timed(filtered, ["x"] * 5)
            )
        for role, viewer in viewers.items():
            queue = partial(_queue, viewer)
            summary(f"flag review queue, {role}", timed(queue, ["x"] * 10))
        for role, viewer in viewers.items():
            matches = partial(_match_queue, viewer)
            summary(f"match review queue, {role}", timed(matches, ["x"] * 10))
        summary("person projection, hub_staff", timed(partial(_projection, hub), ["x"] * 3))
        summary("person projection, analyst", timed(partial(_projection, analyst), ["x"] * 3))


def _ego(viewer: object, key: str) -> object:
    return ego_network(viewer, key, 2)


def _pairs(hub: object, sample: list[str]) -> dict[str, str]:
    """For each subject, a person two hops away (so a path exists for hub_staff)."""
    pairs = {}
    for key in sample:
        people = sorted(n for n, node in _ego(hub, key).nodes.items() if node.kind == "person")
        if len(people) > 1:
            pairs[key] = people[-1] if people[-1] != key else people[0]
    return pairs


def _path(viewer: object, pairs: dict[str, str], key: str) -> object:
    return find_connections(viewer, key, pairs[key])


def _nx(reader: object, key: str) -> object:
    return nx_ego(reader, key, 2)


def _system_pattern(graph: object, pattern: object, _: str) -> object:
    return run_pattern(graph, pattern)


def _viewer_pattern(viewer: object, pattern: object, _: str) -> object:
    return visible_hits(viewer, pattern, {})


def _queue(viewer: object, _: str) -> object:
    return flag_service.review_queue(viewer)


def _match_queue(viewer: object, _: str) -> object:
    return review_service.review_queue(viewer)


def _projection(reader: object, _: str) -> object:
    return person_projection(reader)


if __name__ == "__main__":
    main()
