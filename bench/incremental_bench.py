"""A nightly delta through the pipeline: patterns for the touched people only, side by side
with the same pipeline checking every pattern for everyone.

    TOUCHPOINT_DATA_DIR=/tmp/tp-bench TOUCHPOINT_BOLT_PORT=7807 \
        .venv/bin/python bench/incremental_bench.py --people 20000 [--rounds 2]

For each size: a synthetic world (cached under the data dir) with ``--delta`` of its CSV and
JSON-lines rows held back; the rest goes in with ``touchpoint load --initial`` on an emptied
graph, then one full pipeline pass (resolve, every pattern, flags). Then rounds of deltas,
each ``--delta`` of the rows (half held-back rows - new people, household members, events -
half delivered rows with one field changed), alternately through the incremental pipeline
(load → incremental resolve → scoped patterns → flags) and the full one (the same, but every
pattern for everyone): the same kind of delta, on the same graph, one after the other. After
each incremental run every pattern is also run in full, untimed, and its hits compared with
the current flags. Per-step times come from the run records (``PipelineStep.duration_ms``).

Uses the dev server from TOUCHPOINT_DATA_DIR / TOUCHPOINT_BOLT_PORT (default
``.touchpoint-dev`` on 7787) and WIPES it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench" / "reliability"))

from common import bench_settings, cli, finish, start_server, world  # noqa: E402

from touchpoint.graph_model.patterns.flags import evidence_signature  # noqa: E402
from touchpoint.graph_model.patterns.library import list_patterns, run_pattern  # noqa: E402
from touchpoint.graph_model.store.admin import wipe  # noqa: E402
from touchpoint.graph_model.store.db import Graph  # noqa: E402
from touchpoint.graph_model.store.queries import Query  # noqa: E402
from touchpoint.services.pipeline.adapters import (  # noqa: E402
    FlagsStep,
    PatternsStep,
    ResolveStep,
)
from touchpoint.services.pipeline.flows import folder_source, run_folder  # noqa: E402
from touchpoint.services.pipeline.runner import PipelineOptions, run_pipeline  # noqa: E402
from touchpoint.synth.delta import next_delta, split_world  # noqa: E402

STEPS = ("load", "resolve", "patterns", "flags")
CLEAR_ACCESS = Query(
    name="bench/clear_access",
    text="MATCH (n) WHERE n:User OR n:Session OR n:AuditEntry OR n:AuditHead DETACH DELETE n",
)
CURRENT_FLAGS = Query(
    name="bench/current_flags",
    text="MATCH (f:Flag {current: true}) RETURN f.pattern_id AS a, f.person_id AS b, "
    "f.signature AS c",
)
PEOPLE = Query(name="bench/people", text="MATCH (p:Person {status: 'active'}) RETURN count(p) AS n")


def base_graph(settings: Any, people: int, seed: int, delta: float, work: Path) -> Any:
    """Empty graph ← ``load --initial`` of the world minus held-back rows; one full pass."""
    extracts = world(settings, people, seed)
    shutil.rmtree(work, ignore_errors=True)
    held = split_world(extracts, work / "base", hold_back=delta * 5, seed=seed)
    graph = start_server(settings)
    wipe(graph)
    graph.write(CLEAR_ACCESS)
    graph.close()
    qdir = str(work / "quarantine")
    began = time.monotonic()
    code, _, err = finish(cli(settings, "load", str(work / "base"), "--initial",
                              "--quarantine-dir", qdir, "--json"), timeout=7200)  # fmt: skip
    if code != 0:
        raise SystemExit(f"load --initial failed: {err[-2000:]}")
    print(f"  base load --initial: {time.monotonic() - began:.1f} s", flush=True)
    graph = Graph.connect(settings)
    steps = [ResolveStep(), PatternsStep(full=True), FlagsStep()]
    source = folder_source(work / "base", "bench-base", "incremental bench: the base")
    summary = run_pipeline(settings, graph, source, steps, PipelineOptions())
    print(f"  base resolve + patterns + flags: {step_ms(summary)}", flush=True)
    return graph, held


def step_ms(summary: Any) -> dict[str, int]:
    if summary.status != "succeeded":
        raise SystemExit(f"run failed at {summary.failed_step}: {summary.error}")
    return {s.name: s.duration_ms for s in summary.steps}


def same_as_full(graph: Graph) -> bool:
    flags = {(r["a"], r["b"], r["c"]) for r in graph.read(CURRENT_FLAGS)}
    full = set()
    for pattern in list_patterns():
        _, hits = run_pattern(graph, pattern)
        full |= {(h.pattern_id, h.person_id, evidence_signature(h)) for h in hits}
    return flags == full


def one_round(
    settings: Any, graph: Graph, held: Any, work: Path, n: int, full: bool, delta: float
) -> dict:
    folder = work / f"delta-{n}"
    per = max(1, int(held.delivered_rows * delta))
    written = next_delta(held, folder, new_rows=per // 2, changed_rows=per - per // 2)
    summary = run_folder(settings, graph, folder, full=full, source_name="bench-delta")
    ms = step_ms(summary)
    patterns = next(s.result.counts for s in summary.steps if s.name == "patterns")
    result = {"mode": "full" if full else "incremental", "rows": written, **ms,
              "total_ms": sum(ms.values()), "scope": patterns}  # fmt: skip
    if not full:
        result["same_as_full"] = same_as_full(graph)
    return result


def one_size(settings: Any, people: int, seed: int, delta: float, rounds: int) -> dict:
    work = settings.data_dir / "incremental-bench"
    graph, held = base_graph(settings, people, seed, delta, work)
    active = graph.read_one(PEOPLE)["n"]
    runs = []
    for n in range(rounds * 2):
        r = one_round(settings, graph, held, work, n, n % 2 == 1, delta)
        runs.append(r)
        print(f"  {r['mode']}: {r['rows']:,} rows, steps ms {[r.get(s) for s in STEPS]}, "
              f"total {r['total_ms'] / 1000:.1f} s; {r['scope']}"
              + (f"; same flags as full: {r['same_as_full']}" if "same_as_full" in r else ""),
              flush=True)  # fmt: skip
    graph.close()
    return {"people": people, "active_people": active, "runs": runs}


def median(runs: list[dict], mode: str, key: str) -> float:
    return statistics.median(r[key] for r in runs if r["mode"] == mode)


def table(results: list[dict]) -> None:
    print("\n| People | Delta rows | patterns incr / full | total incr / full | "
          "patterns ms incr | patterns ms full | total s incr | total s full | "
          "load ms | resolve ms | people re-checked (0/1/2 hops) | same flags |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for res in results:
        runs = res["runs"]
        inc = [r for r in runs if r["mode"] == "incremental"]
        pi, pf = median(runs, "incremental", "patterns"), median(runs, "full", "patterns")
        fi, ff = median(runs, "incremental", "flags"), median(runs, "full", "flags")
        ti, tf = median(runs, "incremental", "total_ms"), median(runs, "full", "total_ms")
        scope = inc[-1]["scope"]
        hops = "/".join(f"{scope.get(f'people_{h}_hops', 0):,}" for h in range(3))
        same = all(r["same_as_full"] for r in inc)
        print(f"| {res['people']:,} | {statistics.median(r['rows'] for r in runs):,.0f} | "
              f"{(pi + fi) / (pf + ff):.2f}x | {ti / tf:.2f}x | {pi + fi:,.0f} | {pf + ff:,.0f} | "
              f"{ti / 1000:.1f} | {tf / 1000:.1f} | {median(runs, 'incremental', 'load'):,.0f} | "
              f"{median(runs, 'incremental', 'resolve'):,.0f} | {hops} of "
              f"{res['active_people']:,} | {'yes' if same else 'NO'} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[20_000])
    parser.add_argument("--delta", type=float, default=0.01, help="Share of rows per delta")
    parser.add_argument("--rounds", type=int, default=2, help="Pairs of (incremental, full)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", type=Path, default=None, help="Also write results here.")
    args = parser.parse_args()
    settings = bench_settings()
    results = []
    for people in args.people:
        print(f"{people:,} people", flush=True)
        results.append(one_size(settings, people, args.seed, args.delta, args.rounds))
    table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
