"""Scheduled-pipeline benchmark: what a nightly run costs, step by step.

    .venv/bin/touchpoint synth --people 20000 --out /tmp/synth
    .venv/bin/python bench/pipeline_bench.py --synth /tmp/synth

Registers three sources over the synthetic extracts (police incidents as a drop folder, GP
registrations as one file, housing tenancies as a SQL query over a SQLite copy), then, on the
dev Neo4j from TOUCHPOINT_DATA_DIR / TOUCHPOINT_BOLT_PORT (which it WIPES):

1. first delivery: each source runs the real pipeline (pick up → load → resolve → patterns →
   flags) through ``Schedules.run_now``, exactly as "Run now" and the scheduler do;
2. nothing new: each source runs again (only pick-up, checksums unchanged);
3. a re-delivered police file with one more row: the full pipeline again for that source.

Prints per-step wall times (ms) from the run records in the graph, as a markdown table.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from touchpoint.graph_model.model.settings import load_settings  # noqa: E402
from touchpoint.graph_model.store.admin import wipe  # noqa: E402
from touchpoint.graph_model.store.db import Graph  # noqa: E402
from touchpoint.graph_model.store.schema import migrate  # noqa: E402
from touchpoint.services.pipeline.operations import Schedules, run_detail  # noqa: E402
from touchpoint.services.pipeline.sources import parse_source  # noqa: E402

STEPS = ("pick_up", "load", "resolve", "patterns", "flags")


def _sources(synth: Path, work: Path) -> list[dict]:
    drop = work / "police-drop"
    drop.mkdir()
    shutil.copy(synth / "police" / "incidents.csv", drop / "incidents-day1.csv")
    db = work / "housing.sqlite"
    with sqlite3.connect(db) as conn, (synth / "housing" / "tenancies.csv").open() as handle:
        reader = csv.reader(handle)
        header = next(reader)
        conn.execute(f"CREATE TABLE tenancies ({', '.join(f'[{c}]' for c in header)})")
        marks = ", ".join("?" * len(header))
        conn.executemany(f"INSERT INTO tenancies VALUES ({marks})", reader)
    return [
        {
            "name": "police",
            "mapping": "police_incidents",
            "location": {"kind": "folder", "folder": str(drop), "glob": "*.csv"},
            "schedule": {"cron": "30 2 * * *"},
        },
        {
            "name": "gp",
            "mapping": "gp_registrations",
            "location": {"kind": "file", "file": str(synth / "gp" / "registrations.csv")},
            "schedule": {"every": "1d"},
        },
        {
            "name": "housing",
            "mapping": "housing_tenancies",
            "location": {
                "kind": "sql",
                "url": f"sqlite:///{db}",
                "query": "SELECT * FROM tenancies",
            },
            "schedule": {"cron": "0 5 * * 1-5"},
        },
    ]


def _row(label: str, graph: Graph, summary) -> str:
    steps = {s["name"]: s for s in run_detail(graph, summary.run_id)["steps"]}
    cells = [f"{steps[n]['duration_ms']:,}" if n in steps else "—" for n in STEPS]
    totals = summary.totals
    return (
        f"| {label} | {summary.source} | {summary.status} | {totals['rows_read']:,} | "
        + " | ".join(cells)
        + f" | {summary.seconds:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synth", type=Path, required=True, help="touchpoint synth --out dir")
    args = parser.parse_args()
    settings = load_settings()
    work = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    schedules = Schedules(settings, work / "sources.yml", f"sqlite:///{work / 'jobs.sqlite'}")
    for data in _sources(args.synth, work):
        schedules.add(parse_source(data))
    rows = []
    with Graph.connect(settings) as graph:
        wipe(graph)
        migrate(graph)
        for label, names in (("first delivery", ["police", "gp", "housing"]),
                             ("nothing new", ["police", "gp", "housing"])):  # fmt: skip
            for name in names:
                rows.append(_row(label, graph, _timed(schedules, graph, name)))
        day2 = work / "police-drop" / "incidents-day2.csv"
        lines = (args.synth / "police" / "incidents.csv").read_text().splitlines()
        day2.write_text("\n".join([lines[0], lines[1].replace(",1,", ",9,", 1)]) + "\n")
        rows.append(_row("new police file", graph, _timed(schedules, graph, "police")))
    print("| Run | Source | Status | Rows read | " + " | ".join(f"{s} ms" for s in STEPS)
          + " | Total s |")  # fmt: skip
    print("|---|---|---|---:|" + "---:|" * (len(STEPS) + 1))
    print("\n".join(rows))
    shutil.rmtree(work, ignore_errors=True)


def _timed(schedules: Schedules, graph: Graph, name: str):
    started = time.perf_counter()
    summary = schedules.run_now(graph, name)
    summary.seconds = time.perf_counter() - started
    return summary


if __name__ == "__main__":
    main()
