"""Workbench latency: p50/p95 of the main callbacks, at demo scale and grown to ~100,000 people.

    # against a dev graph holding the demo (loaded, resolved, patterns run):
    TOUCHPOINT_DATA_DIR=... TOUCHPOINT_BOLT_PORT=... python bench/app_bench.py --samples 60
    # then grow it by cloning (bench/patterns_bench.py's clone) and measure again side by side:
    python bench/app_bench.py --samples 60 --copies 49

Each figure is one callback as the browser calls it: an HTTP POST to Dash's
``/_dash-update-component`` (or the pages router, for a page) through the Flask test client,
so it includes the graph round trips, building the components and the JSON response - all
the server does before the browser can draw. The baseline is the cheapest graph round trip
(``app/ping``); each ratio to it says how many round trips' worth an operation costs. Run it
on a dev server, never the test one: ``--copies`` adds data. Prints figures;
docs/performance.md records them.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from touchpoint.graph_model.access.viewer import ViewerGraph

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dash_calls import DashCalls

from touchpoint.app import create_app
from touchpoint.app.components.palette import REL_STYLE
from touchpoint.graph_model.access.context import AccessContext, Purpose
from touchpoint.graph_model.model.settings import Settings, load_settings
from touchpoint.graph_model.model.vocabulary import vocabulary
from touchpoint.graph_model.store.admin import graph_counts, open_graph
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads.paths import DEFAULT_PATH_TYPES
from touchpoint.services.reads.profile import load_profile

SEED = 7
BENCH_PURPOSE = Purpose("s47_enquiry", "BENCH-1", "Measuring workbench latency")
EXPLORER = "explorer-network.data"


def percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def measure(graph: Graph, settings: Settings, samples: int) -> dict[str, Any]:
    """Time each callback over ``samples`` seeded subjects (a few warm-up calls first)."""
    rng = random.Random(SEED)
    calls = DashCalls(create_app(settings))
    calls.sign_in(graph, "hub_staff")  # the workbench always requires sign-in
    calls.load_dependencies()
    viewer = ViewerGraph(graph, AccessContext("bench", "hub_staff", purpose=BENCH_PURPOSE))
    keys = [row["key"] for row in graph.read("app/all_person_keys")]
    subjects = rng.sample(keys, min(samples, len(keys)))
    for key in subjects[:3]:  # warm caches and query plans
        calls.open_case(key)
        calls.page(f"/person/{key}")
        calls.call(EXPLORER, _explorer_values(key), ["explorer-depth.value"])
    timings: dict[str, list[float]] = {}

    def run(name: str, fn: Callable[[], Any]) -> Any:
        seconds, result = timed(fn)
        timings.setdefault(name, []).append(seconds)
        return result

    for key in subjects:
        calls.open_case(key)  # the analyst gives the case each child is opened for (untimed)
        profile = load_profile(viewer, key)
        run("ping (baseline)", lambda: graph.read("app/ping"))
        if profile:
            postcodes = [r.fields["postcode"] for r in profile.records if r.fields["postcode"]]
            for name, text in (
                ("search: name (fuzzy)", profile.name.split()[-1]),
                ("search: date of birth", profile.dob),
                ("search: postcode", postcodes[0] if postcodes else None),
            ):
                if text:
                    run(name, lambda t=text: _search(calls, t))
        run("person page", lambda k=key: calls.page(f"/person/{k}"))
        run("explorer page shell", lambda k=key: calls.page(f"/explorer/{k}", "?depth=2"))
        loaded = run(
            "explorer: ego network depth 2",
            lambda k=key: calls.call(EXPLORER, _explorer_values(k), ["explorer-depth.value"]),
        )
        stored = loaded[EXPLORER.split(".")[0]]["data"]
        run("explorer: filter + draw", lambda s=stored, k=key: _render(calls, s, k))
        others = [
            e["data"]["id"]
            for e in stored["elements"]
            if e["data"].get("kind") == "person" and e["data"]["id"] != key
        ]
        if others:
            other = rng.choice(others)
            run("explorer: expand a node", lambda s=stored, o=other, k=key: _expand(calls, s, o, k))
            run("connections: shortest paths", lambda a=key, b=other: _connect(calls, a, b))
        run("flags: review queue", lambda: _queue(calls))
    counts = graph_counts(graph)
    return {
        "people": counts.labels.get("Person", 0),
        "records": counts.labels.get("PersonRecord", 0),
        "events": counts.labels.get("Event", 0),
        "timings": timings,
    }


def _explorer_values(key: str, **extra: Any) -> dict[str, Any]:
    return {"explorer-depth.value": 2, "explorer-root.data": key} | extra


def _search(calls: DashCalls, text: str) -> Any:
    return calls.call(
        "search-results.children", {"search-input.value": text}, ["search-input.value"]
    )


def _render(calls: DashCalls, stored: dict[str, Any], key: str) -> Any:
    values = {
        "explorer-network.data": stored,
        "explorer-rel-types.value": list(REL_STYLE),
        "explorer-agencies.value": list(vocabulary().agencies),
        "explorer-years.value": [2015, 2025],
        "explorer-hidden.data": [],
        "explorer-pinned.data": [],
    }
    return calls.call("explorer-graph.elements", values, ["explorer-network.data"])


def _expand(calls: DashCalls, stored: dict[str, Any], other: str, key: str) -> Any:
    values = _explorer_values(
        key,
        **{
            "explorer-expand.n_clicks": 1,
            "explorer-network.data": stored,
            "explorer-selected.data": {"id": other},
        },
    )
    return calls.call(EXPLORER, values, ["explorer-expand.n_clicks"])


def _connect(calls: DashCalls, a: str, b: str) -> Any:
    values = {
        "connections-find.n_clicks": 1,
        "connections-a.value": a,
        "connections-b.value": b,
        "connections-rel-types.value": list(DEFAULT_PATH_TYPES),
    }
    return calls.call("connections-graph.elements", values, ["connections-find.n_clicks"])


def _queue(calls: DashCalls) -> Any:
    return calls.call(
        "flag-table.children", {"flag-filter-status.value": "new"}, ["flag-filter-status.value"]
    )


def report(measured: dict[str, Any], base: dict[str, Any] | None = None) -> None:
    """A markdown table (docs/performance.md takes it as printed): ms per callback, and with
    ``base`` the ratio of this p50 to the base size's."""
    print(f"\n{_size(measured)}" + (f" (compared with {_size(base)})" if base else ""))
    print("| Callback | n | p50 ms | p95 ms | × ping |" + (" p50 / base p50 |" if base else ""))
    print("|---|---:|---:|---:|---:|" + ("---:|" if base else ""))
    ping = statistics.median(measured["timings"]["ping (baseline)"])
    for name, times in measured["timings"].items():
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        line = f"| {name} | {len(times)} | {p50 * 1000:.1f} | {p95 * 1000:.1f} | {p50 / ping:.0f} |"
        if base and name in base["timings"]:
            line += f" {p50 / percentile(base['timings'][name], 0.5):.2f} |"
        print(line)


def _size(measured: dict[str, Any]) -> str:
    return (
        f"{measured['people']:,} people, {measured['records']:,} records, "
        f"{measured['events']:,} events"
    )


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
    parser.add_argument(
        "--skip-base",
        action="store_true",
        help="With --copies: grow first and measure only the grown graph (the light demo-size "
        "run can then happen outside the benchmark lock)",
    )
    args = parser.parse_args()
    settings = load_settings()
    with open_graph(settings) as graph:
        base = None
        if not (args.copies and args.skip_base):
            print("Measuring at the current size …", flush=True)
            base = measure(graph, settings, args.samples)
            report(base)  # kept even if growing the graph fails part way
        if args.copies:
            print(f"Cloning the graph {args.copies} times …", flush=True)
            print(f"  done in {clone_graph(graph, args.copies):.0f}s", flush=True)
            big = measure(graph, settings, args.samples)
            report(big, base)


if __name__ == "__main__":
    main()
