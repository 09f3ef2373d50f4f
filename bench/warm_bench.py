"""Warm start (issue 19, item 3): first reads after a restart, without and with the warm-up.

    # a dev/bench server holding a loaded and resolved population, never the test one:
    export TOUCHPOINT_DATA_DIR=.touchpoint-bench TOUCHPOINT_BOLT_PORT=7795
    touchpoint synth --people 20000 --out /tmp/synth20k && touchpoint db start
    touchpoint db migrate && touchpoint load /tmp/synth20k && touchpoint resolve
    python bench/warm_bench.py --rounds 2

Each round restarts the local server (``touchpoint db stop`` / ``start``: Neo4j's page cache
and query-plan cache empty), then the reads run four ways, in this order:

* **cold** - restart, then at once the reads below;
* **cold + plans only** - restart, ``touchpoint db warm --pattern-seconds 0`` in the
  foreground (timed on its own: the saved patterns planned, not run), then the same reads;
* **cold + warm-up** - restart, ``touchpoint db warm`` as shipped (the patterns run for up to
  ``TOUCHPOINT_WARM_PATTERN_SECONDS``), then the same reads;
* **warm** - no restart: the same reads again on the server the previous step warmed.

The reads: the first profile (``load_profile`` + ``flags_for_subject``, as the person page
calls them) and the first explorer view (``ego_network`` depth 2 + ``withheld_by_agency``, as
the explorer calls them) of one seeded random person per round, read as a signed-in
``hub_staff`` viewer with a purpose (no audit sink: the bench writes nothing), then every saved
pattern in sequence (``as_of`` 2026-11-01, read only). The operating system's file cache is not
dropped (that needs root): *cold* here means Neo4j's own caches are empty while the store files
may still sit in the OS cache, so a restart after a reboot is slower than this *cold*. Prints
the figures and the ratios to *warm* side by side; docs/performance.md records them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import date
from pathlib import Path

from touchpoint.graph_model.access.context import AccessContext, Purpose
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.settings import Settings, load_settings
from touchpoint.graph_model.patterns.library import list_patterns, run_pattern
from touchpoint.graph_model.store.admin import graph_counts
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.server import LocalServer
from touchpoint.services.reads.flags import flags_for_subject
from touchpoint.services.reads.network import ego_network
from touchpoint.services.reads.profile import load_profile, withheld_by_agency
from touchpoint.services.reads.warm import warm_up

AS_OF = date(2026, 11, 1)
PURPOSE = Purpose("s47_enquiry", "BENCH-WARM", "Benchmarking the first reads after a restart")
CONDITIONS = ("cold", "cold + plans only", "cold + warm-up", "warm")
ROWS = ("warm-up itself", "first profile", "first explorer", "all patterns")


def restart(settings: Settings) -> Graph:
    server = LocalServer(settings)
    server.stop()
    server.start()
    return Graph.connect(settings)


def first_reads(graph: Graph, key: str) -> dict[str, float]:
    viewer = ViewerGraph(graph, AccessContext("bench", "hub_staff", purpose=PURPOSE))
    out: dict[str, float] = {}
    start = time.perf_counter()
    profile = load_profile(viewer, key)
    if profile is not None:
        flags_for_subject(viewer, profile.key)
    out["first profile"] = time.perf_counter() - start
    start = time.perf_counter()
    network = ego_network(viewer, key, 2)
    withheld_by_agency(viewer, list(network.nodes))
    out["first explorer"] = time.perf_counter() - start
    start = time.perf_counter()
    per = {}
    for pattern in list_patterns():
        began = time.perf_counter()
        run_pattern(graph, pattern, {"as_of": AS_OF})
        per[pattern.id] = time.perf_counter() - began
    out["all patterns"] = time.perf_counter() - start
    out["slowest"] = max(per.values())
    return out


def one_round(settings: Settings, key: str) -> dict[str, dict[str, float]]:
    result: dict[str, dict[str, float]] = {}
    graph = restart(settings)
    result["cold"] = first_reads(graph, key)
    graph.close()
    for condition, seconds in (
        ("cold + plans only", 0.0),
        ("cold + warm-up", settings.warm_pattern_seconds),
    ):
        graph = restart(settings)
        start = time.perf_counter()
        report = warm_up(graph, pattern_seconds=seconds)
        warmed = time.perf_counter() - start
        print(f"  {condition}: {report.summary()}", flush=True)
        for step in report.failed:
            print(f"  skipped: {step.describe()}", flush=True)
        result[condition] = {"warm-up itself": warmed, **first_reads(graph, key)}
        if condition == "cold + warm-up":
            result["warm"] = first_reads(graph, key)
        graph.close()
    return result


def report(rounds: list[dict[str, dict[str, float]]], counts: dict[str, int]) -> None:
    def median(condition: str, row: str) -> float | None:
        values = [r[condition][row] for r in rounds if row in r[condition]]
        return statistics.median(values) if values else None

    print(
        f"\nWarm start at {counts.get('Person', 0):,} people, "
        f"{counts.get('PersonRecord', 0):,} records, {counts.get('Event', 0):,} events "
        f"(median of {len(rounds)} round(s), seconds)"
    )
    head = "".join(f"{c:>19}" for c in CONDITIONS)
    ratio_heads = "".join(f"{c + ' / warm':>26}" for c in CONDITIONS[:-1])
    print(f"  {'':<18}{head}{ratio_heads}")
    for row in ROWS:
        cells = [median(c, row) for c in CONDITIONS]
        text = "".join(f"{'-' if v is None else f'{v:.3f}':>19}" for v in cells)
        warm = cells[-1]
        ratios = "".join(
            f"{'-' if not (v and warm) else f'{v / warm:.2f}x':>26}" for v in cells[:-1]
        )
        print(f"  {row:<18}{text}{ratios}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=2, help="Restart rounds (median shown)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--json-out", type=Path, help="Append the raw figures here (JSON)")
    args = parser.parse_args()
    settings = load_settings()
    if not settings.uses_local_server:
        raise SystemExit("warm_bench restarts the local server: unset NEO4J_URI")
    with Graph.connect(settings) as graph:
        counts = {**graph_counts(graph).labels, **graph_counts(graph).relationships}
        keys = sorted(row["person_id"] for row in graph.read("bench/person_ids"))
    rng = random.Random(args.seed)
    rounds = []
    for n in range(args.rounds):
        key = rng.choice(keys)
        print(f"round {n + 1}/{args.rounds}: subject {key}", flush=True)
        rounds.append(one_round(settings, key))
        for condition, figures in rounds[-1].items():
            shown = ", ".join(f"{k} {v:.3f}s" for k, v in figures.items())
            print(f"  {condition}: {shown}", flush=True)
    report(rounds, counts)
    if args.json_out:
        with args.json_out.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"counts": counts, "rounds": rounds}) + "\n")


if __name__ == "__main__":
    main()
