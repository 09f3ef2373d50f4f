"""The fixed cost of an incremental ``touchpoint resolve``: a run with nothing new to score,
for this checkout and, with ``--baseline DIR``, another checkout of the project side by side.

    TOUCHPOINT_DATA_DIR=/tmp/tp-bench TOUCHPOINT_BOLT_PORT=7807 \
        .venv/bin/python bench/resolve_rerun_bench.py --runs 4 [--baseline /tmp/old-checkout]

An incremental run still reads, featurises and clusters every record and plans every
person's id, whatever the delta: that is what this times, on a graph resolved before (e.g.
the one ``bench/incremental_bench.py`` leaves). Each run is ``touchpoint resolve --json`` in
a fresh process; with a baseline (``git worktree add /tmp/old-checkout <commit>``) the two
alternate A B A B on the same graph, and the wall-time ratio is taken pair by pair. The
baseline runs under this virtualenv with its own source tree first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STEPS = ("read", "features", "score", "guards", "cluster", "write")


def run_once(pythonpath: str | None) -> dict[str, Any]:
    """One ``touchpoint resolve --json``; its report plus the whole process's wall time."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "touchpoint.cli.main", "resolve", "--json"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    wall = time.monotonic() - began
    if done.returncode != 0:
        raise SystemExit(f"resolve failed: {done.stderr[-2000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    if report["mode"] != "incremental" or report["scored_records"]:
        raise SystemExit(f"not a no-change incremental run: {report['mode']}, "
                         f"{report['scored_records']} records scored")  # fmt: skip
    return {"wall": wall, "records": report["records"], **report["seconds"]}


def baseline_path(checkout: Path, scratch: Path) -> str:
    """A folder whose ``touchpoint`` is the baseline checkout (the package is the repo root)."""
    link = scratch / "touchpoint"
    link.symlink_to(checkout.resolve())
    return str(scratch)


def median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(run.get(key, 0.0) for run in runs)


def report(runs: dict[str, list[dict[str, Any]]]) -> None:
    names = list(runs)
    print(f"\n{runs[names[0]][0]['records']:,} records, medians of {len(runs[names[0]])} runs (s)")
    print("| code | wall | " + " | ".join(STEPS) + " |")
    print("|---|---:|" + "---:|" * len(STEPS))
    for name in names:
        cells = " | ".join(f"{median(runs[name], s):.2f}" for s in STEPS)
        print(f"| {name} | {median(runs[name], 'wall'):.2f} | {cells} |")
    if len(names) == 2:
        ratios = [a["wall"] / b["wall"] for a, b in zip(*runs.values(), strict=True)]
        print(f"\nwall this / baseline, pair by pair: {', '.join(f'{r:.2f}' for r in ratios)}; "
              f"median {statistics.median(ratios):.2f}x")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=4, help="timed runs of each (default 4)")
    parser.add_argument("--baseline", type=Path, help="another checkout of the project")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        codes = {"this": None}
        if args.baseline:
            codes["baseline"] = baseline_path(args.baseline, Path(scratch))
        for path in codes.values():  # warm-up: the page cache and plans, not timed
            run_once(path)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in codes}
        for i in range(args.runs):
            for name, path in codes.items():
                runs[name].append(run_once(path))
                print(f"  run {i + 1} {name}: {runs[name][-1]['wall']:.2f} s", flush=True)
    report(runs)


if __name__ == "__main__":
    main()
