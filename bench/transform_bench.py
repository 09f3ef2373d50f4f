"""The loader's own Python work, without Neo4j: every extract of a synthetic world read,
parsed, cleaned, mapped and staged as a worker of ``load --initial`` does
(``loaders/bulk_stage.stage_file``: the loader's own per-row code), for this checkout and, with
``--baseline DIR``, another checkout side by side.

    .venv/bin/touchpoint synth --people 10000 --seed 42 --out /tmp/w10k
    .venv/bin/python bench/transform_bench.py /tmp/w10k --rounds 2 [--baseline /tmp/oldtree]

Each measurement is a fresh process staging the files one after another in one process (no
worker pool, so the figure is one core's work); with a baseline the two alternate A B B A ...
and the ratio is taken pair by pair. Both must stage the same writes: every node and
relationship write (id, query, agency, properties, notes, order) is hashed into one digest,
and the bench stops if the digests differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from resolve_rerun_bench import baseline_path  # a sibling script: bench/ is on sys.path


def stage_world(world: Path) -> dict[str, Any]:
    """Stage every extract of ``world`` in this process; seconds, rows and a digest."""
    from touchpoint.loaders.bulk_stage import StageTask, read_pieces, stage_file
    from touchpoint.loaders.mapping import shipped_mappings

    present = [m for m in shipped_mappings() if (world / m.reader.path).is_file()]
    with tempfile.TemporaryDirectory(prefix="tp-transform-") as scratch:
        work = Path(scratch)
        began, cpu = time.perf_counter(), time.process_time()
        rows = quarantined = 0
        for index, mapping in enumerate(present):
            task = StageTask(index, mapping.path, world, work / "staging", work / "q", 8, 5000)
            run = stage_file(task)
            rows += run.result.rows_read
            quarantined += run.result.rows_quarantined
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        digest = hashlib.blake2b(digest_size=16)
        for kind in ("nodes", "rels"):
            for piece in sorted((work / "staging" / kind).glob("*.pkl")):
                for item in sorted(read_pieces([piece]), key=lambda w: w[0]):
                    digest.update(repr(item).encode("utf-8"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "cpu": cpu, "rows": rows, "quarantined": quarantined,
            "digest": digest.hexdigest(), "peak_mb": round(peak_mb)}  # fmt: skip


def run_once(world: Path, pythonpath: str | None) -> dict[str, Any]:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    done = subprocess.run([sys.executable, __file__, str(world), "--child"], env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"staging failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("world", type=Path, help="a folder written by `touchpoint synth`")
    parser.add_argument("--rounds", type=int, default=2, help="measurements of each checkout")
    parser.add_argument("--baseline", type=Path, help="another checkout of the project")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(stage_world(args.world)))
        return
    with tempfile.TemporaryDirectory() as scratch:
        base = baseline_path(args.baseline, Path(scratch)) if args.baseline else None
        this: list[dict[str, Any]] = []
        that: list[dict[str, Any]] = []
        for round_ in range(args.rounds):
            order = [(this, None), (that, base)] if base else [(this, None)]
            for runs, path in order if round_ % 2 == 0 else order[::-1]:
                runs.append(run_once(args.world, path))
                label = "this" if runs is this else "baseline"
                print(f"{label}: {runs[-1]['seconds']:.2f} s, {runs[-1]['cpu']:.2f} s CPU, "
                      f"{runs[-1]['rows']:,} rows", flush=True)  # fmt: skip
    report(this, that)


def report(this: list[dict[str, Any]], that: list[dict[str, Any]]) -> None:
    rows = this[0]["rows"]
    print(f"\n{rows:,} source rows, {this[0]['quarantined']:,} quarantined")
    print("| checkout | median s | fastest s | median CPU s | rows/s | peak MB | digest |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for label, runs in (("this", this), ("baseline", that)):
        if not runs:
            continue
        seconds = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        fastest = min(r["seconds"] for r in runs)
        print(f"| {label} | {seconds:.2f} | {fastest:.2f} | {cpu:.2f} | {rows / seconds:,.0f} | "
              f"{max(r['peak_mb'] for r in runs)} | {runs[0]['digest'][:12]} |")  # fmt: skip
    if that:
        ratios = [a["seconds"] / b["seconds"] for a, b in zip(this, that, strict=True)]
        print(f"\nthis / baseline, pair by pair: {', '.join(f'{r:.2f}' for r in ratios)}; "
              f"median {statistics.median(ratios):.2f}x")  # fmt: skip
        digests = {r["digest"] for r in this + that}
        if len(digests) != 1:
            raise SystemExit(f"the checkouts staged different writes: {sorted(digests)}")
        print("same writes staged by both (one digest)")


if __name__ == "__main__":
    main()
