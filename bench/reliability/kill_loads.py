"""Kill a load and run it again: the graph must end exactly as one clean load leaves it.

    .venv/bin/python bench/reliability/kill_loads.py [--people 1000] [--kills 8]

1. A clean ``touchpoint load`` of a synthetic world: its time and the graph's fingerprint.
2. ``--kills`` loads killed with SIGKILL at moments spread evenly over the load's progress
   (when 1/9, 2/9 … of the clean load's records are in), each followed by a plain rerun.
3. A load during which the Neo4j JVM is killed with SIGKILL; the server is started again and
   the load rerun. 4. The same with a graceful ``touchpoint db stop`` mid-load.

Each rerun's graph is compared with the clean one by ``touchpoint db fingerprint`` (every node
and relationship with its properties; clock times and per-attempt bookkeeping left out). The
figures go to stdout and bench/reliability/results/kill_loads.json.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import time
from pathlib import Path
from typing import Any

from common import (
    bench_settings,
    cli,
    count,
    fingerprint,
    finish,
    load_args,
    same,
    save,
    start_server,
    wait_for,
    world,
)

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.admin import wipe
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.server import LocalServer

BATCH: list[str] = []
"""``--batch-size N`` for every load of the run (set from the command line)."""


def clean_load(settings: Settings, graph: Graph, extracts: Path, qdir: Path) -> dict[str, Any]:
    wipe(graph)
    started = time.monotonic()
    process = cli(settings, *load_args(extracts, qdir, *BATCH))
    first = wait_for(lambda: count(graph, "PersonRecord") and time.monotonic(), 1800)
    code, out, err = finish(process)
    if code != 0:
        raise SystemExit(f"the clean load failed: {err[-2000:]}")
    outcome = json.loads(out)
    return {"seconds": time.monotonic() - started, "first_write": first - started,
            "fingerprint": fingerprint(graph), "files": len(outcome["results"]),
            "rows": sum(r["rows_read"] for r in outcome["results"])}  # fmt: skip


def rerun(settings: Settings, graph: Graph, extracts: Path, qdir: Path) -> dict[str, Any]:
    started = time.monotonic()
    code, out, err = finish(cli(settings, *load_args(extracts, qdir, *BATCH)))
    outcome = json.loads(out) if out.strip() else {"status": "no output", "results": []}
    return {"rerun_exit": code, "rerun_status": outcome["status"],
            "rerun_seconds": round(time.monotonic() - started, 1),
            "resumed_runs": sum(r["attempts"] > 1 for r in outcome["results"]),
            "fingerprint": fingerprint(graph),
            "stderr_tail": err[-300:] if code else ""}  # fmt: skip


def killed_load(
    settings: Settings, graph: Graph, extracts: Path, qdir: Path, target: int
) -> dict[str, Any]:
    """Start a load, SIGKILL it once ``target`` records are in the graph, rerun it."""
    wipe(graph)
    started = time.monotonic()
    process = cli(settings, *load_args(extracts, qdir, *BATCH))
    wait_for(lambda: process.poll() is not None or count(graph, "PersonRecord") >= target,
             1800, poll=0.05)  # fmt: skip
    alive = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait(60)
    figures = {"kill_at_s": round(time.monotonic() - started, 1), "killed_while_running": alive,
               "records_at_kill": count(graph, "PersonRecord"),
               "runs_left_running": len(graph.read("load/runs_running"))}  # fmt: skip
    return figures | rerun(settings, graph, extracts, qdir)


def server_fault(
    settings: Settings, graph: Graph, extracts: Path, qdir: Path, target: int, how: str
) -> dict[str, Any]:
    """Kill the JVM (``kill``) or stop the server gracefully (``stop``) once ``target``
    records are in, mid-load; start it again and rerun the load."""
    wipe(graph)
    server = LocalServer(settings)
    started = time.monotonic()
    process = cli(settings, *load_args(extracts, qdir, *BATCH))
    wait_for(lambda: count(graph, "PersonRecord") >= target, 1800, poll=0.05)
    records, at = count(graph, "PersonRecord"), time.monotonic() - started
    struck = time.monotonic()
    if how == "kill":
        os.kill(server.status().pid or 0, signal.SIGKILL)
    else:
        code, _, err = finish(cli(settings, "db", "stop"), timeout=300)
        assert code == 0, err
    code, out, err = finish(process)
    ended = time.monotonic() - struck
    outcome = json.loads(out) if out.strip() else {"status": "no output", "error": None}
    retry_lines = [line for line in err.splitlines() if line.startswith("Neo4j: ")]
    LocalServer(settings).start()
    graph.verify()
    figures = {"fault_at_s": round(at, 1), "records_at_fault": records, "load_exit": code,
               "load_status": outcome["status"], "load_error": (outcome.get("error") or "")[:200],
               "load_ended_after_s": round(ended, 1), "stderr_lines": len(err.splitlines()),
               "driver_retry_lines": len(retry_lines)}  # fmt: skip
    return figures | rerun(settings, graph, extracts, qdir)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=500,
                        help="rows per write transaction: small enough that the kill moments "
                             "fall between many commits")  # fmt: skip
    args = parser.parse_args()
    BATCH[:] = ["--batch-size", str(args.batch_size)]
    settings = bench_settings()
    graph = start_server(settings)
    extracts = world(settings, args.people, args.seed)
    qdir = settings.data_dir / "bench-quarantine"
    clean = clean_load(settings, graph, extracts, qdir)
    print(f"clean load: {clean['rows']:,} rows in {clean['files']} files, "
          f"{clean['seconds']:.1f} s (first record after {clean['first_write']:.1f} s); "
          f"graph {clean['fingerprint']}")  # fmt: skip
    records = count(graph, "PersonRecord")
    targets = [records * k // (args.kills + 1) for k in range(1, args.kills + 1)]
    results: dict[str, Any] = {"clean": clean | {"records": records}, "kills": [], "server": []}
    for target in targets:  # spread over the load by progress, not by a clock
        outcome = killed_load(settings, graph, extracts, qdir, target)
        outcome["graph"] = same(outcome["fingerprint"], clean["fingerprint"])
        results["kills"].append(outcome)
        mid = "" if outcome["killed_while_running"] else " (it had already ended)"
        print(f"kill -9 at {outcome['kill_at_s']:6.1f} s ({outcome['records_at_kill']:,} records"
              f" in){mid}: rerun {outcome['rerun_status']} in {outcome['rerun_seconds']} s, "
              f"{outcome['resumed_runs']} run(s) resumed; graph {outcome['graph']}")  # fmt: skip
    for how in ("kill", "stop"):
        outcome = server_fault(settings, graph, extracts, qdir, records // 2, how)
        outcome["graph"] = same(outcome["fingerprint"], clean["fingerprint"])
        outcome["fault"] = "Neo4j JVM kill -9" if how == "kill" else "touchpoint db stop"
        results["server"].append(outcome)
        print(f"{outcome['fault']} at {outcome['fault_at_s']} s: load ended "
              f"{outcome['load_status']} (exit {outcome['load_exit']}) after "
              f"{outcome['load_ended_after_s']} s with {outcome['stderr_lines']} stderr lines "
              f"({outcome['driver_retry_lines']} driver retry lines); rerun "
              f"{outcome['rerun_status']}; graph {outcome['graph']}")  # fmt: skip
    identical = sum(o["graph"] == "identical" for o in results["kills"] + results["server"])
    total = len(results["kills"]) + len(results["server"])
    print(f"{identical} of {total} faults ended, after a plain rerun, in the clean graph")
    print(f"figures: {save('kill_loads', results)}")


if __name__ == "__main__":
    main()
