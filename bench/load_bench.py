"""Loader benchmark: Touchpoint's loader vs a naive driver loop vs Neo4j's ``LOAD CSV``.

    # the three ways on 100,000 synthetic people, and the loader's peak memory at 10k vs 100k
    flock /tmp/touchpoint-bench.lock .venv/bin/python bench/load_bench.py \\
        --people 100000 --memory-people 10000

Uses the dev Neo4j from TOUCHPOINT_DATA_DIR / TOUCHPOINT_BOLT_PORT (a local server: LOAD CSV
reads from its import directory) and WIPES it before each way. All three ways load the same
extracts (``touchpoint synth``, cached under --work) with the same saved MERGE queries; see
bench/load_ways.py for how the baselines are built and what is timed.

Rates are *source rows* per second (a row yields several nodes and relationships). The naive
loop is run on a proportional sample of every extract (--naive-rows) because at its speed
the whole set would take hours; its rate is measured on that sample, on a graph that holds
only the sample (smaller indexes than the full load: if anything, in the naive loop's
favour) — the report says so. Peak memory is the loader process's own maximum RSS (Neo4j
runs in its own JVM with a fixed heap).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_ways import (  # noqa: E402
    ensure_agencies,
    naive_sample_sizes,
    prepare_csv,
    run_load_csv,
    run_naive,
)
from touchpoint.graph_model.model.settings import load_settings  # noqa: E402
from touchpoint.graph_model.store.admin import wipe  # noqa: E402
from touchpoint.graph_model.store.db import Graph  # noqa: E402
from touchpoint.graph_model.store.schema import migrate  # noqa: E402
from touchpoint.loaders.mapping import shipped_mappings  # noqa: E402

BOOKKEEPING = {
    "LoadRun",
    "QuarantinedRow",
    "QUARANTINED",
    "SchemaMigration",
    "PipelineLock",
    "SchedulerHeartbeat",
}
"""Not part of the loaded data: only the loader keeps LoadRun records and per-extract lease
nodes (``PipelineLock``), which made "same graph as LOAD CSV" read False on identical data."""


def _graph() -> Graph:
    settings = load_settings()
    if not settings.uses_local_server:
        raise SystemExit("LOAD CSV reads the local server's import directory: use the dev server")
    graph = Graph.connect(settings)
    migrate(graph)
    return graph


def _fresh(graph: Graph) -> None:
    wipe(graph)  # relationships first, in batches: fine at any size
    migrate(graph)


def extracts(work: Path, people: int, seed: int) -> Path:
    """The synthetic extracts for ``people`` (generated once, then reused)."""
    from touchpoint import synth

    out = work / f"synth-{people}-seed-{seed}"
    if not (out / "labels" / "people.csv").is_file():
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        synth.generate(out, people, seed=seed)
        print(f"generated {people:,} people in {time.perf_counter() - started:.0f} s → {out}",
              flush=True)  # fmt: skip
    return out


def graph_counts(graph: Graph) -> dict[str, int]:
    """Nodes per label and relationships per type, bookkeeping left out."""
    counts = {}
    for row in graph.read("admin/labels"):
        if row["label"] not in BOOKKEEPING:
            counts[row["label"]] = graph.read_one("admin/count_label", label=row["label"])["count"]
    for row in graph.read("admin/relationship_types"):
        if row["type"] not in BOOKKEEPING:
            found = graph.read_one("admin/count_relationship_type", type=row["type"])
            counts[row["type"]] = found["count"]
    return {k: v for k, v in counts.items() if v}


def touchpoint_child(directory: str, quarantine: str) -> None:
    """Child process: the loader on every extract; one JSON line with its own peak RSS."""
    from touchpoint.loaders.load import Loader

    graph = Graph.connect(load_settings())
    started = time.perf_counter()
    results = Loader(graph, Path(quarantine)).load_directory(Path(directory), shipped_mappings())
    seconds = time.perf_counter() - started
    bad = [r.source for r in results if r.status != "completed" or r.rows_quarantined]
    print(json.dumps({
        "rows": sum(r.rows_read for r in results),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "not_clean": bad,
    }))  # fmt: skip


def run_touchpoint(graph: Graph, directory: Path, work: Path) -> dict[str, Any]:
    _fresh(graph)
    quarantine = work / "quarantine"
    shutil.rmtree(quarantine, ignore_errors=True)
    out = subprocess.run([sys.executable, __file__, "_touchpoint", str(directory), str(quarantine)],
                         check=True, capture_output=True, text=True)  # fmt: skip
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["rows_per_second"] = round(result["rows"] / result["seconds"], 1)
    return result


def compare(
    people: int, seed: int, work: Path, naive_rows: int, reuse: Path | None, per_statement: bool,
    rounds: int = 2,
) -> dict[str, Any]:  # fmt: skip
    """The three ways on one population; each result also says the graph it produced.

    The loader and ``LOAD CSV`` take turns for ``rounds`` rounds (A B, then B A, …), each on a
    wiped graph, and the best run of each is compared: whichever way ran first on a freshly
    started server would otherwise pay the JVM's warm-up (JIT, page cache) for both."""
    graph = _graph()
    directory = extracts(work, people, seed)
    mappings = shipped_mappings()
    report: dict[str, Any] = {"people": people, "seed": seed, "rounds": rounds}

    print(f"[{people:,}] LOAD CSV: preparing the CSV files …", flush=True)
    import_dir = graph.settings.neo4j_home / "import" / "bench"  # LOAD CSV reads only there
    shutil.rmtree(import_dir, ignore_errors=True)
    started = time.perf_counter()
    groups, rows = prepare_csv(mappings, directory, import_dir)
    prepare_seconds = round(time.perf_counter() - started, 2)

    def loader_once() -> dict[str, Any]:
        print(f"[{people:,}] Touchpoint loader …", flush=True)
        result = run_touchpoint(graph, directory, work)
        result["graph"] = graph_counts(graph)
        return result

    def load_csv_once() -> dict[str, Any]:
        _fresh(graph)
        ensure_agencies(graph)
        print(f"[{people:,}] LOAD CSV: {len(groups)} files …", flush=True)
        result = run_load_csv(graph, groups)
        result.update(rows=rows, prepare_seconds=prepare_seconds, graph=graph_counts(graph),
                      rows_per_second=round(rows / result["seconds"], 1))  # fmt: skip
        return result

    ways = {"touchpoint": loader_once, "load_csv": load_csv_once}
    if reuse is not None:  # the loader's line of an earlier run of the same population
        report["touchpoint"] = {**json.loads(reuse.read_text()), "reused_from": str(reuse)}
        del ways["touchpoint"]
    runs: dict[str, list[dict[str, Any]]] = {way: [] for way in ways}
    for number in range(rounds):
        order = list(ways) if number % 2 == 0 else list(reversed(ways))
        for way in order:
            runs[way].append(ways[way]())
            print(json.dumps({"way": way, "round": number + 1, **runs[way][-1]}), flush=True)
    for way, done in runs.items():
        report[way] = {**min(done, key=lambda r: r["seconds"]),
                       "all_seconds": [r["seconds"] for r in done]}  # fmt: skip
    tp, lc = report["touchpoint"], report["load_csv"]
    shutil.rmtree(import_dir, ignore_errors=True)

    rows_by_source = {g.source: 0 for g in groups}
    for mapping in mappings:
        if mapping.source in rows_by_source:
            rows_by_source[mapping.source] = sum(1 for _ in _source_rows(mapping, directory))
    sizes = naive_sample_sizes(rows_by_source, naive_rows)
    _fresh(graph)
    ensure_agencies(graph)
    print(f"[{people:,}] naive loop on a {sum(sizes.values()):,}-row sample …", flush=True)
    nv = run_naive(graph, mappings, directory, sizes)
    nv["rows_per_second"] = round(nv["rows"] / nv["seconds"], 1)
    nv["sample_of"] = sum(rows_by_source.values())
    report["naive"] = nv
    print(json.dumps(nv), flush=True)
    if per_statement:
        _fresh(graph)
        ensure_agencies(graph)
        ns = run_naive(graph, mappings, directory, sizes, per_statement=True)
        ns["rows_per_second"] = round(ns["rows"] / ns["seconds"], 1)
        report["naive_per_statement"] = ns
        print(json.dumps(ns), flush=True)
        report["x_naive_per_statement"] = round(tp["rows_per_second"] / ns["rows_per_second"], 1)

    report["same_graph_touchpoint_vs_load_csv"] = tp["graph"] == lc["graph"]
    report["x_naive"] = round(tp["rows_per_second"] / nv["rows_per_second"], 1)
    report["x_load_csv"] = round(tp["rows_per_second"] / lc["rows_per_second"], 2)
    graph.close()
    return report


def _source_rows(mapping: Any, directory: Path) -> Any:
    from touchpoint.loaders.sources import SourceFile

    return SourceFile(mapping.reader, directory).rows()


def memory_only(people: int, seed: int, work: Path) -> dict[str, Any]:
    """The loader alone on another population size, for the peak-memory comparison."""
    graph = _graph()
    result = run_touchpoint(graph, extracts(work, people, seed), work)
    graph.close()
    result["people"] = people
    print(json.dumps(result), flush=True)
    return result


def print_report(report: dict[str, Any], memory: list[dict[str, Any]]) -> None:
    tp, lc, nv = report["touchpoint"], report["load_csv"], report["naive"]
    print(f"\n{report['people']:,} people (seed {report['seed']}), {tp['rows']:,} source rows")
    print(f"{'way':<34}{'rows':>10}{'seconds':>10}{'rows/s':>10}")
    print(
        f"{'Touchpoint loader':<34}{tp['rows']:>10,}{tp['seconds']:>10}{tp['rows_per_second']:>10}"
    )
    print(f"{'LOAD CSV (+ untimed CSV prep)':<34}{lc['rows']:>10,}{lc['seconds']:>10}"
          f"{lc['rows_per_second']:>10}   prep {lc['prepare_seconds']} s")  # fmt: skip
    print(f"{'naive loop (sample)':<34}{nv['rows']:>10,}{nv['seconds']:>10}"
          f"{nv['rows_per_second']:>10}   sample of {nv['sample_of']:,}")  # fmt: skip
    if ns := report.get("naive_per_statement"):
        print(f"{'naive, tx per statement (sample)':<34}{ns['rows']:>10,}{ns['seconds']:>10}"
              f"{ns['rows_per_second']:>10}   "
              f"Touchpoint is {report['x_naive_per_statement']}x this")  # fmt: skip
    print(
        f"Touchpoint / naive = {report['x_naive']}x (target >= 25x); "
        f"Touchpoint / LOAD CSV = {report['x_load_csv']}x (target >= 1.0x; best of "
        f"{report['rounds']} alternating rounds each: loader {tp.get('all_seconds')} s, "
        f"LOAD CSV {lc.get('all_seconds')} s); "
        f"same graph as LOAD CSV: {report['same_graph_touchpoint_vs_load_csv']}"
    )
    for m in [*memory, {**tp, "people": report["people"]}]:
        print(
            f"loader peak RSS at {m['people']:>9,} people ({m['rows']:,} rows): "
            f"{m['peak_rss_mb']} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument(
        "--memory-people",
        type=int,
        nargs="*",
        default=[10_000],
        help="Other sizes at which to measure the loader's peak memory.",
    )
    parser.add_argument("--naive-rows", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work", type=Path, default=Path("/tmp/touchpoint-load-bench"))
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    parser.add_argument(
        "--no-per-statement",
        action="store_true",
        help="Skip the second naive variant (a transaction per statement).",
    )
    parser.add_argument("--rounds", type=int, default=2,
                        help="Loader and LOAD CSV take turns this many times (A B, B A, …); "
                        "the best run of each is compared.")  # fmt: skip
    parser.add_argument("--reuse-touchpoint", type=Path,
                        help="JSON line of the loader's result from an earlier run of the same "
                        "--people/--seed: measure only LOAD CSV and the naive loop.")  # fmt: skip
    if len(sys.argv) > 1 and sys.argv[1] == "_touchpoint":
        touchpoint_child(sys.argv[2], sys.argv[3])
        return
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    memory = [memory_only(n, args.seed, args.work) for n in args.memory_people]
    report = compare(args.people, args.seed, args.work, args.naive_rows,
                     args.reuse_touchpoint, not args.no_per_statement, args.rounds)  # fmt: skip
    print_report(report, memory)
    if args.json:
        args.json.write_text(json.dumps({"compare": report, "memory": memory}, indent=2))


if __name__ == "__main__":
    main()
