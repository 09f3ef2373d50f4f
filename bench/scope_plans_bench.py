"""Incremental pattern runs and Neo4j's plan cache (issue 19, item 2): scope padding side by side.

    # any dev/bench server (never the test one); its graph is read, never written:
    TOUCHPOINT_DATA_DIR=/tmp/tp-bench TOUCHPOINT_BOLT_PORT=7807 \\
        .venv/bin/python bench/scope_plans_bench.py [--sizes 3 70 500 5000 9000]

An incremental run re-checks some people with every scoped pattern, passing their ids as the
list ``$scope``. Neo4j caches a plan per query text, parameter types and list-size bucket (a
power of ten), so a night whose scope reaches a new order of magnitude plans every scoped
pattern again. Two ways, each on a server restarted (empty plan cache) and with the same
warm-up (every pattern ``EXPLAIN``-ed for everyone, as ``touchpoint db warm`` does):

* **unpadded** - the scope as it is (the code before padding; the warm-up planned no scope);
* **padded** - ``padded_scope`` (one 10,000-id bucket) and the warm-up's scoped plans.

Then each size in ``--sizes`` in turn, every scoped pattern run once (as ``as_of`` today): the
time per size and the total, and the ratio unpadded / padded.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "reliability"))

from common import bench_settings
from warm_bench import restart  # a server restarted: Neo4j's plan cache empty

from touchpoint.graph_model.patterns.library import list_patterns
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads import warm

WAYS = ("unpadded", "padded")


def one_way(settings, way: str, sizes: list[int]) -> list[float]:
    """Seconds per size for ``way``, on a restarted server after the warm-up's pattern plans."""
    graph = restart(settings)
    try:
        if way == "padded":
            warm._pattern_plans(graph)  # the warm-up step itself
        else:
            _plans_for_everyone(graph)
        people = [row["key"] for row in graph.read("app/all_person_keys")]
        people = people or [f"person_{i}" for i in range(max(sizes))]  # an empty graph
        return [_run_scoped(graph, way, (people * (n // max(len(people), 1) + 1))[:n])
                for n in sizes]  # fmt: skip
    finally:
        graph.close()


def _plans_for_everyone(graph: Graph) -> None:
    """The warm-up as it was before scopes were planned: each pattern for everyone only."""
    for pattern in list_patterns():
        q = pattern.query
        explain = warm.Query(name=f"{q.name} (plan)", text=f"EXPLAIN {q.text}", meta=q.meta)
        graph.read(explain, **pattern.cypher_params(pattern.resolve_params({})))


def _run_scoped(graph: Graph, way: str, scope: list[str]) -> float:
    began = time.perf_counter()
    for pattern in list_patterns():
        if not pattern.scoped:
            continue
        params = pattern.cypher_params(pattern.resolve_params({}), scope)
        if way == "unpadded":
            params["scope"] = scope
        graph.read(pattern.query, **params)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3, 70, 500, 5000, 9000])
    args = parser.parse_args()
    settings = bench_settings()
    seconds = {way: one_way(settings, way, args.sizes) for way in WAYS}
    print("| scope (people) | unpadded s | padded s | unpadded / padded |")
    print("|---:|---:|---:|---:|")
    for i, n in enumerate(args.sizes):
        a, b = seconds["unpadded"][i], seconds["padded"][i]
        print(f"| {n:,} | {a:.2f} | {b:.2f} | {a / b:.1f}x |")
    total_a, total_b = sum(seconds["unpadded"]), sum(seconds["padded"])
    print(f"| all | {total_a:.2f} | {total_b:.2f} | {total_a / total_b:.1f}x |")
    print(f"scoped patterns unpadded / padded = {total_a / total_b:.1f}x")


if __name__ == "__main__":
    main()
