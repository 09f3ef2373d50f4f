"""The first load of a council's history: ``touchpoint load --initial`` (Neo4j's offline
import tool) side by side with the transactional ``touchpoint load``, in one run.

    .venv/bin/python bench/initial_load_bench.py --people 20000 [--people 100000]
    .venv/bin/python bench/initial_load_bench.py --people 100000 1000000 --initial-only 1000000

For each size: one synthetic world (``touchpoint synth``, cached under the data dir), then on
a wiped graph the transactional load, timed end to end as a command, and its content
fingerprint; then the graph is wiped again (users, sessions and audit too: the import tool
replaces the whole database, so ``--initial`` only accepts an empty one) and the same
extracts go through ``load --initial``, timed the same way. The two fingerprints must be
equal. Rows are source rows read; the ratio is transactional time / initial time.

Uses the dev server from TOUCHPOINT_DATA_DIR / TOUCHPOINT_BOLT_PORT (default
``.touchpoint-dev`` on 7787) and WIPES it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench" / "reliability"))

from common import bench_settings, cli, fingerprint, finish, start_server, world  # noqa: E402

from touchpoint.graph_model.store.admin import wipe  # noqa: E402
from touchpoint.graph_model.store.db import Graph  # noqa: E402
from touchpoint.graph_model.store.queries import Query  # noqa: E402

CLEAR_ACCESS = Query(
    name="bench/clear_access",
    text="MATCH (n) WHERE n:User OR n:Session OR n:AuditEntry OR n:AuditHead DETACH DELETE n",
)
"""``db wipe`` keeps users and the audit trail by design; the import tool would not."""


def timed_load(
    settings: Any, *args: str, pythonpath: str | None = None
) -> tuple[float, dict[str, Any]]:
    """``touchpoint load ARGS --json`` as a command: its wall time and its report (with
    ``pythonpath``, the code of another checkout)."""
    started = time.monotonic()
    extra = {"PYTHONPATH": pythonpath} if pythonpath else None
    code, out, err = finish(cli(settings, "load", *args, "--json", extra_env=extra), timeout=7200)
    seconds = time.monotonic() - started
    if code != 0:
        raise SystemExit(f"load {' '.join(args)} failed ({code}): {err[-2000:]}")
    return seconds, json.loads(out)


def empty(graph: Graph) -> None:
    wipe(graph)
    graph.write(CLEAR_ACCESS)


def one_size(settings: Any, people: int, seed: int, transactional: bool = True) -> dict[str, Any]:
    extracts = world(settings, people, seed)
    qdir = str(settings.data_dir / "bench-quarantine")
    graph = start_server(settings)
    empty(graph)
    if not transactional:
        graph.close()
        return initial_only(settings, people, extracts, qdir)
    tx_seconds, tx = timed_load(settings, str(extracts), "--quarantine-dir", qdir)
    tx_print = fingerprint(graph)
    empty(graph)
    graph.close()
    bulk_seconds, bulk = timed_load(settings, str(extracts), "--quarantine-dir", qdir, "--initial")
    graph = Graph.connect(settings)
    bulk_print = fingerprint(graph)
    graph.close()
    rows = sum(r["rows_read"] for r in tx["results"])
    return {
        "people": people,
        "rows": rows,
        "transactional_s": round(tx_seconds, 1),
        "initial_s": round(bulk_seconds, 1),
        "transactional_rows_s": round(rows / tx_seconds),
        "initial_rows_s": round(rows / bulk_seconds),
        "ratio": round(tx_seconds / bulk_seconds, 2),
        "same_graph": tx_print == bulk_print,
        "fingerprints": [str(tx_print), str(bulk_print)],
        "initial_steps": {k: v for k, v in bulk.items() if k.endswith("_seconds")},
    }


def initial_only(settings: Any, people: int, extracts: Path, qdir: str) -> dict[str, Any]:
    """``load --initial`` alone (a size where the transactional load would take most of an
    hour): its time, and its ratio estimated from the transactional rate measured at a
    smaller size in the same run - marked as an estimate, never as side by side."""
    seconds, bulk = timed_load(settings, str(extracts), "--quarantine-dir", qdir, "--initial")
    rows = sum(r["rows_read"] for r in bulk["results"])
    return {
        "people": people,
        "rows": rows,
        "transactional_s": None,
        "initial_s": round(seconds, 1),
        "transactional_rows_s": None,
        "initial_rows_s": round(rows / seconds),
        "ratio": None,
        "same_graph": None,
        "initial_steps": {k: v for k, v in bulk.items() if k.endswith("_seconds")},
    }


def _row(r: dict[str, Any], measured: list[dict[str, Any]]) -> str:
    if r["transactional_s"] is not None:
        return (f"| {r['people']:,} | {r['rows']:,} | {r['transactional_s']} s | "
                f"{r['initial_s']} s | {r['transactional_rows_s']:,} | {r['initial_rows_s']:,} | "
                f"{r['ratio']}x | {r['same_graph']} |")  # fmt: skip
    if not measured:
        return (f"| {r['people']:,} | {r['rows']:,} | not run | {r['initial_s']} s | - | "
                f"{r['initial_rows_s']:,} | - | - |")  # fmt: skip
    base = measured[-1]  # the largest side-by-side size of this run
    estimate = r["rows"] / base["transactional_rows_s"] / r["initial_s"]
    return (f"| {r['people']:,} | {r['rows']:,} | not run (est. "
            f"{r['rows'] / base['transactional_rows_s']:,.0f} s at the {base['people']:,}-people "
            f"rate) | {r['initial_s']} s | ({base['transactional_rows_s']:,}) | "
            f"{r['initial_rows_s']:,} | est. {estimate:.1f}x | - |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[20_000])
    parser.add_argument(
        "--initial-only", type=int, nargs="*", default=[], metavar="PEOPLE",
        help="Sizes (also listed in --people) loaded with --initial alone; their ratio is an "
        "estimate from the largest side-by-side size of the run.",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", type=Path, default=None, help="Also write results here.")
    args = parser.parse_args()
    settings = bench_settings()
    results = []
    print("| People | Source rows | load (transactional) | load --initial | rows/s tx | "
          "rows/s initial | ratio tx / initial | same graph |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for people in sorted(args.people, key=lambda n: (n in args.initial_only, n)):
        r = one_size(settings, people, args.seed, transactional=people not in args.initial_only)
        print(_row(r, [m for m in results if m["transactional_s"] is not None]), flush=True)
        results.append(r)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
