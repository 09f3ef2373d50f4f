"""Entity-resolution benchmark: quality against known truth, speed and peak memory.

    # speed (+ quality on the resolution test data) at several sizes, each resolved in a fresh
    # process so its peak RSS is its own; the smallest size is the baseline for the ratios
    .venv/bin/python bench/resolve_bench.py speed --sizes 10000 100000

    # quality on the project's synthetic population (synth + loaders), against labels/
    .venv/bin/python bench/resolve_bench.py synth --people 5000

Uses the dev Neo4j from TOUCHPOINT_DATA_DIR / TOUCHPOINT_BOLT_PORT and WIPES it. Timings
cover ``resolve --full`` end to end: read from Neo4j, features, training, scoring,
clustering and writing Person + RESOLVES_TO back. Writing the input records is timed apart.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from touchpoint.graph_model.model.settings import load_settings  # noqa: E402
from touchpoint.graph_model.resolution.metrics import resolution_quality  # noqa: E402
from touchpoint.graph_model.resolution.settings import load_resolution_settings  # noqa: E402
from touchpoint.graph_model.store.admin import wipe  # noqa: E402
from touchpoint.graph_model.store.db import Graph  # noqa: E402
from touchpoint.graph_model.store.queries import Query  # noqa: E402
from touchpoint.graph_model.store.schema import migrate  # noqa: E402

ASSIGNMENTS = Query(
    name="bench/resolution_assignments",
    text="MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person) "
    "RETURN r.record_id AS record_id, r.source_agency AS agency, "
    "r.source_record_id AS source_record_id, p.person_id AS person_id",
)
FIXTURE_RECORDS = Query(
    name="bench/fixture_record_count",
    text="MATCH (r:PersonRecord {load_run_id: 'fixture'}) RETURN count(r) AS n",
)
CLEAR_RESOLUTION = [  # auto-commit, batched: what a resolve writes, so the next one is fresh
    "MATCH (p:Person) CALL (p) { DETACH DELETE p } IN TRANSACTIONS OF 10000 ROWS",
    "MATCH (q:ReviewPair) CALL (q) { DETACH DELETE q } IN TRANSACTIONS OF 10000 ROWS",
    "MATCH (run:ResolutionRun) CALL (run) { DETACH DELETE run } IN TRANSACTIONS OF 1000 ROWS",
]
AUTO_LINKS = Query(
    name="bench/resolution_auto_links",
    text="MATCH (r:PersonRecord)-[l:RESOLVES_TO]->() "
    "RETURN l.method AS method, count(*) AS n ORDER BY n DESC",
)


def _graph() -> Graph:
    graph = Graph.connect(load_settings())
    migrate(graph)
    return graph


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_one(truth_file: str) -> None:
    """Child process: resolve --full, evaluate, print one JSON line."""
    from touchpoint.graph_model.resolution.service import resolve

    graph = _graph()
    started = time.perf_counter()
    report = resolve(graph, load_resolution_settings(), full=True)
    seconds = time.perf_counter() - started
    found = pd.DataFrame(graph.read(ASSIGNMENTS)).set_index("record_id")["person_id"]
    truth = pd.read_parquet(truth_file).set_index("record_id")["person"]
    result = {
        "records": report.records,
        "seconds": round(seconds, 1),
        "records_per_second": round(report.records / seconds),
        "peak_rss_mb": _peak_rss_mb(),
        "steps": report.seconds,
        "persons": report.persons,
        "review_pairs": report.review_pairs,
        "links_by_method": {r["method"]: r["n"] for r in graph.read(AUTO_LINKS)},
        **resolution_quality(found, truth),
    }
    print(json.dumps(result))


def _input(graph: Graph, records: pd.DataFrame, reuse: bool) -> float | None:
    """Write the input records (wiping first) and return the seconds it took; or, with
    ``reuse`` and the graph already holding exactly these fixture records, only clear the
    previous resolve's output (returns None: nothing written)."""
    from touchpoint.graph_model.resolution.testdata import write_records

    held = graph.read_one(FIXTURE_RECORDS)["n"]
    if reuse and held == len(records):
        for number, text in enumerate(CLEAR_RESOLUTION):
            graph.run_statement(text, f"bench/clear_resolution_{number}")
        return None
    wipe(graph)
    started = time.perf_counter()
    write_records(graph, records, batch_size=10_000, threads=2)
    return time.perf_counter() - started


def speed(sizes: list[int], seed: int, reuse_input: bool = False) -> list[dict]:
    from touchpoint.graph_model.resolution.testdata import make_records

    results = []
    for size in sizes:
        graph = _graph()
        records = make_records(max(1, round(size / 2.5)), seed=seed)
        write_seconds = _input(graph, records, reuse_input)
        graph.close()
        with tempfile.NamedTemporaryFile(suffix=".parquet") as truth:
            records[["record_id", "person"]].to_parquet(truth.name)
            del records
            out = subprocess.run(
                [sys.executable, __file__, "_one", truth.name],
                check=True,
                capture_output=True,
                text=True,
            )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["input_write_seconds"] = write_seconds and round(write_seconds, 1)
        results.append(result)
        print(json.dumps(result), flush=True)
    _table(results)
    return results


def _table(results: list[dict]) -> None:
    base = results[0]
    print("\nrecords   seconds  rec/s    x-base  peak RSS MB  precision  recall  exact people")
    for r in results:
        ratio = r["records_per_second"] / base["records_per_second"]
        print(
            f"{r['records']:>9,} {r['seconds']:>7} {r['records_per_second']:>7,} "
            f"{ratio:>7.2f} {r['peak_rss_mb']:>11} {r['pairwise_precision']:>10} "
            f"{r['pairwise_recall']:>7} {r['people_exactly_right']:>12}"
        )


def synth_quality(people: int, seed: int, directory: Path | None = None) -> dict:
    """Generate the synthetic population, load it with the loaders, resolve, compare.

    Truth per PersonRecord comes from synth's labels through the loaders' own key logic
    (bench/synth_truth.py). ``directory``: reuse an already generated population there.
    """
    from bench.synth_truth import record_truth
    from touchpoint import synth
    from touchpoint.graph_model.resolution.service import resolve
    from touchpoint.loaders.load import Loader
    from touchpoint.loaders.mapping import shipped_mappings

    out = directory or Path(tempfile.mkdtemp(prefix="touchpoint-synth-"))
    t0 = time.perf_counter()
    if not (out / "labels" / "records.csv").is_file():
        synth.generate(out, people, seed=seed)
    graph = _graph()
    wipe(graph)
    t1 = time.perf_counter()
    Loader(graph, out / "quarantine").load_directory(out, shipped_mappings())
    t2 = time.perf_counter()
    report = resolve(graph, load_resolution_settings(), full=True)
    t3 = time.perf_counter()
    found = pd.DataFrame(graph.read(ASSIGNMENTS)).set_index("record_id")["person_id"]
    truth, ambiguous = record_truth(out)
    result = {
        "people": people,
        "person_records": len(found),
        "records_with_label": int(found.index.isin(truth.index).sum()),
        "records_with_conflicting_labels": ambiguous,
        "generate_and_wipe_seconds": round(t1 - t0, 1),
        "load_seconds": round(t2 - t1, 1),
        "resolve_seconds": round(t3 - t2, 1),
        "review_pairs": report.review_pairs,
        "blocked_by_conflict": report.blocked_by_conflict,
        "links_by_method": {r["method"]: r["n"] for r in graph.read(AUTO_LINKS)},
        **resolution_quality(found, truth.reindex(found.index)),
    }
    print(json.dumps(result, indent=2))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    sp.add_argument("--seed", type=int, default=7)
    sp.add_argument("--reuse-input", action="store_true",
                    help="Keep the fixture records already in the graph when they number "
                    "this size; clear only the previous resolve's output.")  # fmt: skip
    sq = sub.add_parser("synth")
    sq.add_argument("--people", type=int, default=5000)
    sq.add_argument("--seed", type=int, default=42)
    sq.add_argument("--dir", type=Path, default=None, help="Reuse a generated population.")
    one = sub.add_parser("_one")
    one.add_argument("truth_file")
    args = parser.parse_args()
    if args.command == "speed":
        speed(args.sizes, args.seed, args.reuse_input)
    elif args.command == "synth":
        synth_quality(args.people, args.seed, args.dir)
    else:
        run_one(args.truth_file)


if __name__ == "__main__":
    main()
