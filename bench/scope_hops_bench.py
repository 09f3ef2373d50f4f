"""Widening an incremental run's scope (issue 19, item 2): the neighbourhood-hop query as
shipped against another text of it, side by side on one graph.

    # any dev/bench server holding a graph some deltas were loaded into (e.g. the one
    # bench/incremental_bench.py leaves); read only:
    git show 819f7f5:cypher/pattern_scope/neighbours.cypher > /tmp/neighbours-old.cypher
    TOUCHPOINT_DATA_DIR=/tmp/tp-bench TOUCHPOINT_BOLT_PORT=7807 \\
        .venv/bin/python bench/scope_hops_bench.py --baseline /tmp/neighbours-old.cypher

The starting people are those the latest load runs and resolution run touched, then the
people one hop out from them, both as ``affected_people`` finds them. Each text runs through
``neighbours()`` (in its batches); the two alternate (A B, then B A) ``--rounds`` times after
one untimed run each (planning). Prints median seconds per hop, the ratio shipped /
baseline, and whether both found the same people besides the starting ones (a neighbour
query may return some of those).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "reliability"))

from common import bench_settings

from touchpoint.graph_model.patterns.scope import affected_people, neighbours
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query, load_query

LATEST_LOADS = Query(
    name="bench/latest_loads",
    text="MATCH (l:LoadRun) WITH l ORDER BY l.started_at DESC LIMIT $n RETURN l.run_id AS id",
)
LATEST_RESOLUTION = Query(
    name="bench/latest_resolution",
    text="MATCH (r:ResolutionRun) WITH r ORDER BY r.started_at DESC LIMIT 1 RETURN r.run_id AS id",
)


def starting_people(graph: Graph, loads: int) -> list[list[str]]:
    """The touched people, then the people one hop out from them (the two hops' starts)."""
    load_runs = [row["id"] for row in graph.read(LATEST_LOADS, n=loads)]
    resolution_runs = [row["id"] for row in graph.read(LATEST_RESOLUTION)]
    touched, reached = affected_people(graph, load_runs, resolution_runs, hops=1)
    return [touched, sorted(set(reached) - set(touched))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, required=True, help="the other .cypher text")
    parser.add_argument("--rounds", type=int, default=3, help="A B / B A pairs (default 3)")
    parser.add_argument("--loads", type=int, default=12, help="latest load runs (default 12)")
    args = parser.parse_args()
    texts = {
        "shipped": load_query("pattern_scope/neighbours"),
        "baseline": Query(name="bench/neighbours_baseline", text=args.baseline.read_text()),
    }
    with Graph.connect(bench_settings()) as graph:
        starts = starting_people(graph, args.loads)
        times: dict[tuple[str, int], list[float]] = {(k, h): [] for k in texts for h in (1, 2)}
        found: dict[tuple[str, int], set[str]] = {}
        for level, ids in enumerate(starts, start=1):
            for name, query in texts.items():
                found[(name, level)] = neighbours(graph, ids, query) - set(ids)  # untimed: plans
        for round_ in range(2 * args.rounds):
            order = list(texts) if round_ % 2 == 0 else list(reversed(texts))
            for name in order:
                for level, ids in enumerate(starts, start=1):
                    began = time.perf_counter()
                    neighbours(graph, ids, texts[name])
                    times[(name, level)].append(time.perf_counter() - began)
    print("| Hop | starting people | baseline median s | shipped median s | shipped / baseline "
          "| same people |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---|")
    for level, ids in enumerate(starts, start=1):
        base = statistics.median(times[("baseline", level)])
        ours = statistics.median(times[("shipped", level)])
        same = found[("baseline", level)] == found[("shipped", level)]
        print(f"| {level} | {len(ids):,} | {base:.2f} | {ours:.2f} | {ours / base:.2f}x "
              f"| {'yes' if same else 'NO'} ({len(found[('shipped', level)]):,}) |")  # fmt: skip


if __name__ == "__main__":
    main()
