"""``touchpoint load DIR --initial`` of one world, this checkout against a baseline checkout,
alternated on the same emptied bench server; each run's own step times side by side.

    git worktree add /tmp/oldtree <commit>
    TOUCHPOINT_DATA_DIR=/tmp/tp-bench TOUCHPOINT_BOLT_PORT=7807 \\
        .venv/bin/python bench/initial_load_ab.py /tmp/w50k --baseline /tmp/oldtree --rounds 3

Before each run the graph is emptied as ``initial_load_bench.py`` does (data, users, sessions
and audit: the import tool only takes an empty database). Rounds alternate the order (A B,
B A, ...). The baseline runs under this virtualenv with its own tree first on ``PYTHONPATH``.
WIPES the server named by TOUCHPOINT_DATA_DIR / TOUCHPOINT_BOLT_PORT.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "bench" / "reliability"))

from common import bench_settings  # noqa: E402
from initial_load_bench import empty, timed_load  # noqa: E402
from resolve_rerun_bench import baseline_path  # noqa: E402

from touchpoint.graph_model.store.db import Graph  # noqa: E402


def run_once(settings: Any, world: Path, pythonpath: str | None) -> dict[str, Any]:
    """Empty the graph, then one ``load --initial --json``: wall time and step times."""
    with Graph.connect(settings) as graph:
        empty(graph)
    wall, report = timed_load(settings, str(world), "--initial", pythonpath=pythonpath)
    return {"wall": round(wall, 1), **report["steps"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("world", type=Path, help="a folder written by `touchpoint synth`")
    parser.add_argument("--baseline", type=Path, required=True, help="another checkout")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each checkout")
    args = parser.parse_args()
    settings = bench_settings()
    runs: dict[str, list[dict[str, Any]]] = {"this": [], "baseline": []}
    with tempfile.TemporaryDirectory() as scratch:
        base = baseline_path(args.baseline, Path(scratch))
        for round_ in range(args.rounds):
            order = [("this", None), ("baseline", base)]
            for label, path in order if round_ % 2 == 0 else order[::-1]:
                runs[label].append(run_once(settings, args.world, path))
                print(label, json.dumps(runs[label][-1]), flush=True)
    steps = list(runs["this"][0])
    print("\n| Step | this (each run) | baseline (each run) | median this / baseline |")
    print("|---|---|---|---:|")
    for step in steps:
        mine = [r.get(step, 0.0) for r in runs["this"]]
        theirs = [r.get(step, 0.0) for r in runs["baseline"]]
        ratio = statistics.median(mine) / max(statistics.median(theirs), 1e-9)
        print(f"| {step} | {', '.join(f'{v:.2f}' for v in mine)} | "
              f"{', '.join(f'{v:.2f}' for v in theirs)} | {ratio:.2f}x |")  # fmt: skip


if __name__ == "__main__":
    main()
