"""Every benchmark in bench/ at a small size, one after another, as one performance table.

    TOUCHPOINT_DATA_DIR=/tmp/tp-bench TOUCHPOINT_BOLT_PORT=7807 \
        .venv/bin/python bench/run_all.py [--only load incremental] [--scale 1.0]

Sizes are chosen so the whole run fits in about 15 minutes on this project's 2-core machine;
``--scale`` multiplies every size (people, samples). The benches that build their own graph
run first (each WIPES the server named by TOUCHPOINT_DATA_DIR / TOUCHPOINT_BOLT_PORT); then
the 2,000-person demo is prepared (``prepare_demo``: synthesise, load, resolve, patterns,
flags) for the benches that read a prepared graph; the ones that grow the graph (cloning) or
restart the server come last. Each bench runs in its own process with a time limit; one that
fails is reported as failed and the others still run.

Every markdown table row a bench prints becomes one row of the combined table: its ratio
cells (a number followed by x or ×, or a column named ratio) first, then the bench, the row's
label and its other figures; so does every "A / B = 1.2x" a bench prints in prose. Benches
that print fixed-width text tables only (resolution_quality) show in the second table only,
which gives each bench's command, status and wall time.
``bench/reliability/`` holds fault-injection checks (killed loads, fuzzed files, web load),
not speed benchmarks: they are not run here.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench" / "reliability"))

from common import bench_settings, start_server, world  # noqa: E402

from touchpoint.graph_model.store.admin import wipe  # noqa: E402
from touchpoint.services.pipeline.flows import prepare_demo  # noqa: E402

RATIO_LINE = re.compile(r"([A-Za-z][\w /().-]*?) = ([0-9][0-9.,]*\s*[x×])")
RATIO_CELL = re.compile(r"^\**\s*[0-9][0-9.,]*\s*[x×]\s*\**$")
SYNTH_PEOPLE = 3_000


@dataclass(frozen=True)
class Bench:
    """One benchmark run: its name, script and arguments ({synth} = a synthetic world), what
    graph it needs (``own``: it builds or wipes its own; ``demo``: the prepared demo) and a
    time limit in seconds."""

    name: str
    args: tuple[str, ...]
    needs: str = "own"
    limit: int = 300


def benches(scale: float) -> list[Bench]:
    def n(value: int) -> str:
        return str(max(1, int(value * scale)))

    return [
        Bench(
            "resolution_quality",
            ("resolution_quality.py", "--sizes", n(2000), "--variants", "dedupe"),
        ),
        Bench(
            "load",
            (
                "load_bench.py",
                "--people",
                n(2000),
                "--memory-people",
                "--naive-rows",
                n(300),
                "--no-per-statement",
                "--work",
                "/tmp/touchpoint-run-all-load",
            ),
        ),
        Bench("initial_load", ("initial_load_bench.py", "--people", n(3000))),
        Bench("transform", ("transform_bench.py", "{synth}", "--rounds", "2")),
        Bench("resolve", ("resolve_bench.py", "speed", "--sizes", n(2000), n(5000))),
        Bench("pipeline", ("pipeline_bench.py", "--synth", "{synth}")),
        Bench(
            "incremental", ("incremental_bench.py", "--people", n(5000), "--rounds", "1"), limit=420
        ),
        Bench("access", ("access_bench.py", "--samples", n(40), "--appends", n(200)), "demo"),
        Bench("app", ("app_bench.py", "--samples", n(15)), "demo"),
        Bench("network_access", ("network_access_bench.py", "--samples", n(10)), "demo"),
        Bench("review_queue", ("review_queue_bench.py", "--runs", n(5)), "demo"),
        Bench("resolve_rerun", ("resolve_rerun_bench.py", "--runs", n(2)), "demo"),
        Bench("patterns_quality", ("patterns_bench.py", "quality", "--synth", "{demo}"), "demo"),
        Bench(
            "patterns_scale",
            ("patterns_bench.py", "scale", "--copies", "1", "--ego-samples", n(30)),
            "demo",
        ),
        Bench("scope_plans", ("scope_plans_bench.py",), "demo"),
        Bench("warm", ("warm_bench.py", "--rounds", "1"), "demo", limit=420),
    ]


@dataclass
class Outcome:
    bench: Bench
    command: str
    status: str
    seconds: float
    output: str


def run(bench: Bench, env: dict[str, str], values: dict[str, str]) -> Outcome:
    args = [a.format(**values) for a in bench.args]
    command = [sys.executable, str(ROOT / "bench" / args[0]), *args[1:]]
    shown = "python bench/" + " ".join(args)
    print(f"\n## {bench.name}: {shown}", flush=True)
    began = time.monotonic()
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True,
                              timeout=bench.limit, cwd=ROOT)  # fmt: skip
        status = "ok" if done.returncode == 0 else f"failed ({done.returncode})"
        output = done.stdout + ("" if done.returncode == 0 else done.stderr[-1500:])
    except subprocess.TimeoutExpired as exc:
        status, output = f"stopped at {bench.limit} s", _text(exc.stdout)
    seconds = time.monotonic() - began
    print(output, flush=True)
    return Outcome(bench, shown, status, seconds, output)


def _text(value: object) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value or "")


def table_rows(output: str) -> list[dict[str, str]]:
    """Every markdown table body row in ``output``, keyed by its table's header cells."""
    rows, header = [], None
    for line in output.splitlines():
        line = line.strip()
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if all(set(c) <= set(":- ") for c in cells):
            continue
        if header is None:
            header = cells
            continue
        rows.append(dict(zip(header, cells, strict=False)))
    return rows


def is_ratio(column: str, cell: str) -> bool:
    return bool(RATIO_CELL.match(cell)) or (
        "ratio" in column.lower() and any(c.isdigit() for c in cell)
    )


def combined_table(outcomes: list[Outcome]) -> list[str]:
    """One table: ratios first, then bench, row label and the row's other figures."""
    lines = ["| Ratios | Bench | Row | Figures |", "|---|---|---|---|"]
    for outcome in outcomes:
        for row in table_rows(outcome.output):
            items = list(row.items())
            label = items[0][1] if items else ""
            ratios = [f"{k} {v}" for k, v in items[1:] if is_ratio(k, v)]
            other = [f"{k} {v}" for k, v in items[1:] if not is_ratio(k, v) and v]
            lines.append(f"| {'; '.join(ratios) or '–'} | {outcome.bench.name} | {label} | "
                         f"{'; '.join(other)} |")  # fmt: skip
        for line in outcome.output.splitlines():  # benches printing "A / B = 1.2x" in prose
            if not line.lstrip().startswith("|"):
                for name, ratio in RATIO_LINE.findall(line):
                    lines.append(f"| {ratio} | {outcome.bench.name} | {name.strip()} | |")
    return lines


def prepare(env_settings: object, needs: str, prepared: set[str]) -> None:
    """The graph a bench needs, once: the demo (wiped, then ``prepare_demo``)."""
    if needs == "demo" and "demo" not in prepared:
        graph = start_server(env_settings)
        wipe(graph)
        print("\n## preparing the 2,000-person demo", flush=True)
        prepare_demo(env_settings, graph)  # type: ignore[arg-type]
        graph.close()
        prepared.add("demo")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="*", default=[], help="Bench names (default: all)")
    parser.add_argument("--scale", type=float, default=1.0, help="Multiply every size")
    parser.add_argument(
        "--budget", type=float, default=900, help="Seconds in all: later benches get what is left"
    )
    args = parser.parse_args()
    settings = bench_settings()
    env = {**os.environ, "TOUCHPOINT_DATA_DIR": str(settings.data_dir),
           "TOUCHPOINT_BOLT_PORT": str(settings.bolt_port)}  # fmt: skip
    chosen = [b for b in benches(args.scale) if not args.only or b.name in args.only]
    start_server(settings).close()
    values = {"synth": str(world(settings, SYNTH_PEOPLE, 42)),
              "demo": str(settings.data_dir / "demo")}  # fmt: skip
    prepared: set[str] = set()
    outcomes = []
    began = time.monotonic()
    for bench in chosen:
        left = int(args.budget - (time.monotonic() - began))
        if left < 30:
            outcomes.append(Outcome(bench, bench.name, "skipped: budget spent", 0.0, ""))
            continue
        prepare(settings, bench.needs, prepared)
        limited = Bench(bench.name, bench.args, bench.needs, min(bench.limit, left))
        outcomes.append(run(limited, env, values))
    print("\n# Performance table\n")
    print("\n".join(combined_table(outcomes)))
    print("\n| Bench | Command | Status | Wall s |\n|---|---|---|---:|")
    for o in outcomes:
        print(f"| {o.bench.name} | `{o.command}` | {o.status} | {o.seconds:.0f} |")
    print(f"\nTotal {time.monotonic() - began:.0f} s")


if __name__ == "__main__":
    main()
