"""Jobs at the same time: what runs in parallel, what is refused, and that nothing is lost.

    .venv/bin/python bench/reliability/concurrency.py [--people 600] [--trials 10]

1. Two sources at once: two ``touchpoint load`` processes, one per extract, started together;
   both must complete and the graph must equal the two loaded one after the other.
2. The same source twice at the same instant (``--trials`` times): two identical loads
   released at one wall-clock instant; exactly one may load, the other must be refused
   before writing anything, and the graph must equal one load.
3. A load during a resolve: ``touchpoint resolve --full`` and a load of a new extract at once;
   both must succeed, and after one more (incremental) resolve every record has a person.
4. ``touchpoint schedule run-now`` twice at once: one run, the other ``skipped_locked``; none
   failed.

Figures on stdout and in bench/reliability/results/concurrency.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from common import (
    bench_settings,
    cli,
    cli_env,
    fingerprint,
    finish,
    save,
    start_server,
    wait_for,
    world,
)

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.admin import wipe
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.mapping import MAPPINGS_DIR

AT_INSTANT = """
import sys, time
from pathlib import Path
from touchpoint.cli.main import main
ready, go, offset = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
sys.argv = ["touchpoint", *sys.argv[4:]]
ready.touch()
while not go.exists() or not go.read_text():
    time.sleep(0.01)
time.sleep(max(0.0, float(go.read_text()) + offset - time.time()))
main()
"""


def mapping(name: str) -> str:
    return str(MAPPINGS_DIR / f"{name}.yml")


def load(world_dir: Path, qdir: Path, *mappings: str) -> list[str]:
    args = ["load", str(world_dir), "--quarantine-dir", str(qdir), "--json"]
    for name in mappings:
        args += ["--mapping", mapping(name)]
    return args


def together(
    settings: Settings, commands: list[list[str]], offsets: list[float] | None = None
) -> list[tuple[int, str, str]]:
    """Run ``touchpoint`` commands released at one wall-clock instant (plus ``offsets``
    seconds each): every process imports everything first and says so, then all wait for the
    same start time, so process start-up does not decide who goes first."""
    offsets = offsets or [0.0] * len(commands)
    with tempfile.TemporaryDirectory() as tmp:
        go = Path(tmp) / "go"
        runs = []
        for n, args in enumerate(commands):
            command = [sys.executable, "-c", AT_INSTANT, str(Path(tmp) / f"ready{n}"), str(go),
                       str(offsets[n])]  # fmt: skip
            pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
            runs.append(subprocess.Popen([*command, *args], env=cli_env(settings), **pipes))
        wait_for(lambda: all((Path(tmp) / f"ready{n}").exists() for n in range(len(runs))), 600)
        start = time.time() + 1
        go.write_text(repr(start))
        return [finish(run, 3600) for run in runs]


def outcome_of(out: str) -> dict[str, Any]:
    try:
        return json.loads(out)
    except json.JSONDecodeError:
        return {"status": "no JSON", "error": out[-200:]}


def two_sources(settings: Settings, graph: Graph, extracts: Path, qdir: Path) -> dict[str, Any]:
    """Police and GP loaded one after the other, then both at once: same graph? Load seconds
    as the loader reports them (process start-up left out)."""
    names = ("police_incidents", "gp_registrations")
    wipe(graph)
    sequential = 0.0
    for name in names:
        code, out, err = finish(cli(settings, *load(extracts, qdir, name)))
        assert code == 0, err[-1000:]
        sequential += sum(r["seconds"] for r in outcome_of(out)["results"])
    expected = fingerprint(graph), fingerprint(graph, order_free=True)
    wipe(graph)
    ends = together(settings, [load(extracts, qdir, name) for name in names])
    outcomes = [outcome_of(out) for _, out, _ in ends]
    parallel = max(sum(r["seconds"] for r in o.get("results", [])) for o in outcomes)
    if fingerprint(graph) == expected[0]:
        verdict = "identical"
    elif fingerprint(graph, order_free=True) == expected[1]:
        verdict = "identical but for who reached a shared address first"
    else:
        verdict = "DIFFERENT"
    return {"statuses": [o["status"] for o in outcomes], "sequential_s": round(sequential, 1),
            "parallel_s": round(parallel, 1), "graph": verdict}  # fmt: skip


def same_source(
    settings: Settings, graph: Graph, extracts: Path, qdir: Path, trials: int
) -> dict[str, Any]:
    wipe(graph)
    code, _, err = finish(cli(settings, *load(extracts, qdir, "police_incidents")))
    assert code == 0, err[-1000:]
    expected = fingerprint(graph)
    results = []
    for _ in range(trials):
        wipe(graph)
        ends = together(settings, [load(extracts, qdir, "police_incidents")] * 2)
        outcomes = [outcome_of(out) for _, out, _ in ends]
        loaded = sum(o["status"] == "completed" for o in outcomes)
        refused = sum("is being loaded right now" in (o.get("error") or "") for o in outcomes)
        attempts = [r["attempts"] for r in graph.read("load/runs_list", limit=10)]
        results.append({"loaded": loaded, "refused": refused, "attempts": attempts,
                        "graph": fingerprint(graph) == expected})  # fmt: skip
    return {
        "trials": trials,
        "exactly_one_loaded": sum(r["loaded"] == 1 and r["refused"] == 1 for r in results),
        "both_loaded": sum(r["loaded"] == 2 for r in results),
        "graph_identical": sum(r["graph"] for r in results),
        "single_attempt_runs": sum(r["attempts"] == [1] for r in results),
    }


def load_during_resolve(
    settings: Settings, graph: Graph, extracts: Path, qdir: Path
) -> dict[str, Any]:
    """The whole world but A&E is loaded; A&E arrives while a full resolve runs."""
    wipe(graph)
    others = sorted(p.stem for p in MAPPINGS_DIR.glob("*.yml") if p.stem != "hospital_ae")
    code, _, err = finish(cli(settings, *load(extracts, qdir, *others)), timeout=3600)
    assert code == 0, err[-1000:]
    commands = [["resolve", "--full", "--json"], load(extracts, qdir, "hospital_ae")]
    (r_code, _, r_err), (l_code, l_out, l_err) = together(settings, commands, [0.0, 2.0])
    code, _, err = finish(cli(settings, "resolve", "--json"), timeout=3600)
    unresolved = graph.read_one("admin/count_unresolved_records")["count"]  # type: ignore[index]
    return {"resolve_exit": r_code, "load_exit": l_code,
            "load_status": outcome_of(l_out).get("status"), "followup_resolve_exit": code,
            "records": graph.read_one("admin/count_label", label="PersonRecord")["count"],  # type: ignore[index]
            "unresolved_after_followup": unresolved,
            "tracebacks": [e[-300:] for e in (r_err, l_err, err) if "Traceback" in e]}  # fmt: skip


def run_now_twice(settings: Settings, graph: Graph, extracts: Path, tmp: Path) -> dict[str, Any]:
    """Two ``schedule run-now`` of one source released at one instant."""
    wipe(graph)
    drop = tmp / "drop"
    drop.mkdir(parents=True, exist_ok=True)
    (drop / "incidents.csv").write_bytes((extracts / "police" / "incidents.csv").read_bytes())
    registry = tmp / "sources.yml"
    source = {"name": "police", "mapping": "police_incidents", "schedule": {"every": "1d"},
              "location": {"kind": "folder", "folder": str(drop), "glob": "*.csv"}}  # fmt: skip
    registry.write_text(yaml.safe_dump({"sources": [source]}), encoding="utf-8")
    args = ["schedule", "--sources", str(registry), "run-now", "police", "--json"]
    ends = together(settings, [args, args])
    statuses = sorted(outcome_of(out).get("status", "?") for _, out, _ in ends)
    return {"statuses": statuses, "exit_codes": [code for code, _, _ in ends],
            "tracebacks": [err[-300:] for _, _, err in ends if "Traceback" in err]}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=600)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--only", choices=["two_sources", "same_source", "load_during_resolve",
                                           "run_now_twice"], help="run one scenario")  # fmt: skip
    args = parser.parse_args()
    settings = bench_settings()
    graph = start_server(settings)
    extracts = world(settings, args.people, args.seed)
    qdir = settings.data_dir / "bench-quarantine"
    tmp = settings.data_dir / "bench-concurrency"
    figures: dict[str, Any] = {}
    scenarios = {
        "two_sources": lambda: two_sources(settings, graph, extracts, qdir),
        "same_source": lambda: same_source(settings, graph, extracts, qdir, args.trials),
        "load_during_resolve": lambda: load_during_resolve(settings, graph, extracts, qdir),
        "run_now_twice": lambda: run_now_twice(settings, graph, extracts, tmp),
    }
    for name, scenario in scenarios.items():
        if args.only in (None, name):
            figures[name] = scenario()
            print(f"{name}: {figures[name]}")
    print(f"figures: {save('concurrency-' + args.only if args.only else 'concurrency', figures)}")


if __name__ == "__main__":
    main()
