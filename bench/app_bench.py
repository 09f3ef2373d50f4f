"""Workbench latency: p50/p95 of what the main callbacks do, at demo scale and grown to ~100k.

    # against a dev graph holding the demo (loaded, resolved, patterns run):
    TOUCHPOINT_DATA_DIR=... TOUCHPOINT_BOLT_PORT=... python bench/app_bench.py --samples 60
    # then grow it by cloning (bench/patterns_bench.py's clone) and measure again side by side:
    python bench/app_bench.py --samples 60 --copies 49

Callbacks are thin over ``app.services``, so the figures are the services' wall time per call
(graph round trips included) plus the explorer's pure filter/style step. The baseline column
is the cheapest possible round trip (``app/ping``); each operation's ratio to it says how many
round trips' worth it costs. Run it on a dev server, never the test one: ``--copies`` adds
data. Prints figures; docs/performance.md records them.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.services.network import ego_network
from app.services.paths import find_connections
from app.services.profile import load_profile
from app.services.search import search_people
from app.services.view import ViewFilter, apply_filter, with_classes
from graph_model.admin import graph_counts, open_graph
from graph_model.db import Graph
from graph_model.settings import load_settings

SEED = 7


def percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[], Any]) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def measure(graph: Graph, samples: int) -> dict[str, Any]:
    """Time each operation over ``samples`` seeded subjects; first call of each is a warm-up."""
    rng = random.Random(SEED)
    keys = [row["key"] for row in graph.read("app/all_person_keys")]
    subjects = rng.sample(keys, min(samples, len(keys)))
    profiles = [load_profile(graph, key) for key in subjects[:5]]  # warm caches and plans
    names = [p.summary.name for p in profiles if p] or ["Smith"]
    timings: dict[str, list[float]] = {}

    def run(name: str, fn: Callable[[], Any]) -> None:
        timings.setdefault(name, []).append(timed(fn))

    for key in subjects:
        profile = load_profile(graph, key)
        hit = profile.summary if profile else None
        surname = (hit.name if hit else rng.choice(names)).split()[-1]
        run("ping (baseline)", lambda: graph.read("app/ping"))
        run("search by name (fuzzy)", lambda s=surname: search_people(graph, s))
        if hit and hit.dob:
            run("search by date of birth", lambda d=hit.dob: search_people(graph, d))
        if hit and hit.postcodes:
            run("search by postcode", lambda p=hit.postcodes[0]: search_people(graph, p))
        run("person profile", lambda k=key: load_profile(graph, k))
        network = None

        def ego(k: str = key) -> None:
            nonlocal network
            network = ego_network(graph, k, depth=2)

        run("ego network depth 2", ego)
        elements = network.to_elements()
        run(
            "explorer filter + style",
            lambda e=elements, k=key: with_classes(
                apply_filter(e, ViewFilter(years=(2015, 2025)), k), k, set()
            ),
        )
        others = [n for n in network.nodes if n != key and network.nodes[n].kind == "person"]
        if others:
            other = rng.choice(others)
            run("shortest paths", lambda a=key, b=other: find_connections(graph, a, b))
    counts = graph_counts(graph)
    return {
        "people": counts.labels.get("Person", 0),
        "records": counts.labels.get("PersonRecord", 0),
        "events": counts.labels.get("Event", 0),
        "timings": timings,
    }


def report(base: dict[str, Any], big: dict[str, Any] | None) -> None:
    heads = f"{'operation':<28}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'x ping':>8}"
    if big:
        heads += f"{'| scaled p50':>13}{'p95 ms':>10}{'x ping':>8}{'p50 ratio':>11}"
    print(
        f"\nPeople {base['people']:,} (records {base['records']:,}, events {base['events']:,})"
        + (
            f"  |  scaled: people {big['people']:,} (records {big['records']:,}, "
            f"events {big['events']:,})"
            if big
            else ""
        )
    )
    print(heads)
    ping = statistics.median(base["timings"]["ping (baseline)"])
    big_ping = statistics.median(big["timings"]["ping (baseline)"]) if big else None
    for name, times in base["timings"].items():
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        line = f"{name:<28}{len(times):>5}{p50 * 1000:>10.1f}{p95 * 1000:>10.1f}{p50 / ping:>8.1f}"
        if big and name in big["timings"]:
            b50 = percentile(big["timings"][name], 0.5)
            b95 = percentile(big["timings"][name], 0.95)
            line += f"{'|':>3}{b50 * 1000:>10.1f}{b95 * 1000:>10.1f}{b50 / big_ping:>8.1f}"
            line += f"{b50 / p50:>10.2f}x"
        print(line)


def clone_graph(graph: Graph, copies: int) -> float:
    """Grow the graph with the patterns benchmark's clone (one implementation, shared)."""
    path = Path(__file__).with_name("patterns_bench.py")
    spec = importlib.util.spec_from_file_location("patterns_bench", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.clone(graph, copies)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--samples", type=int, default=60, help="Subjects timed per size")
    parser.add_argument(
        "--copies", type=int, default=0, help="Clone the graph this many times, then measure again"
    )
    args = parser.parse_args()
    with open_graph(load_settings()) as graph:
        print("Measuring at the current size …", flush=True)
        base = measure(graph, args.samples)
        big = None
        if args.copies:
            print(f"Cloning the graph {args.copies} times …", flush=True)
            print(f"  done in {clone_graph(graph, args.copies):.0f}s", flush=True)
            big = measure(graph, args.samples)
        report(base, big)


if __name__ == "__main__":
    main()
