"""Speed as the analyst feels it (issue 16): click-to-content in headless Chromium, per step of
the journey sign in -> purpose -> search -> profile -> explorer depth 2 -> connections.

    # a bench server holding a loaded and resolved population, never the test one:
    export TOUCHPOINT_DATA_DIR=/tmp/tp-bench TOUCHPOINT_BOLT_PORT=7795
    touchpoint synth --people 2000 --out /tmp/world && touchpoint db start && touchpoint db migrate
    touchpoint load /tmp/world --initial && touchpoint resolve
    python bench/browser_bench.py --repetitions 10

Each *condition* restarts the local Neo4j (its page cache and query-plan cache empty), starts
``touchpoint app`` as its own process (waitress, as an analyst runs it) and drives one headless
Chromium (``bench/browser_journey.py``) through the journey ``1 + --repetitions`` times, each
time as a fresh session (signed out, a new case) on a different seeded random person:

* **warm-up off** - ``TOUCHPOINT_WARM_ON_START=0``, the first journey as soon as the app answers;
* **warm-up on (at once)** - ``TOUCHPOINT_WARM_ON_START=1``, the first journey as soon as the app
  answers, while the background warm-up runs;
* **warm-up on (done)** - ``TOUCHPOINT_WARM_ON_START=1``, the first journey once the app has
  printed that the warm-up finished (how long that took is printed too).

The first journey after the start is reported on its own ("first"), the others as p50 / p95.
The people are chosen before the restarts (persons the ``hub_staff`` agreement shows, whom a
search by their name finds, with a person within two steps to connect to). The OS file cache is
not dropped (that needs root), so "cold" means Neo4j's own caches are empty. Prints a markdown
table, figures and ratios side by side; docs/performance.md records it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_journey import STEPS, Journey, Subject, chromium

from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.context import AccessContext, Purpose
from touchpoint.graph_model.access.users import add_user, get_user
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.settings import Settings, load_settings
from touchpoint.graph_model.store.admin import graph_counts
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.server import LocalServer
from touchpoint.services.reads.network import ego_network
from touchpoint.services.reads.profile import load_profile
from touchpoint.services.reads.search import search_people

ROLE = "hub_staff"
USERNAME = "bench_hub_staff"
PASSWORD = "correct horse battery staple"  # synthetic bench account on a bench server
PURPOSE = Purpose("s47_enquiry", "BENCH-BROWSER", "Choosing people for the browser benchmark")
CONDITIONS = {  # name -> (TOUCHPOINT_WARM_ON_START, wait for the warm-up to finish)
    "warm-up off": ("0", False),
    "warm-up on (at once)": ("1", False),
    "warm-up on (done)": ("1", True),
}
WARMED = "Warmed "  # the line the app prints when its background warm-up has finished
TARGET = 1.0  # seconds: issue 16's p95 target for search, profile and explorer depth 2


def choose_subjects(graph: Graph, count: int, seed: int) -> list[Subject]:
    """``count`` seeded random people the bench role sees, findable by name, each with
    another person within two steps (read with no audit sink: nothing is written)."""
    viewer = ViewerGraph(graph, AccessContext("bench", ROLE, purpose=PURPOSE))
    keys = sorted(row["person_id"] for row in graph.read("bench/person_ids"))
    rng = random.Random(seed)
    rng.shuffle(keys)
    chosen: list[Subject] = []
    for key in keys:
        profile = load_profile(viewer, key)
        if profile is None or profile.key != key or not profile.name:
            continue
        if key not in {hit.key for hit in search_people(viewer, profile.name).hits}:
            continue
        network = ego_network(viewer, key, 2)
        others = sorted(k for k, n in network.nodes.items() if n.kind == "person" and k != key)
        if others:
            chosen.append(Subject(key, profile.name, rng.choice(others)))
        if len(chosen) == count:
            break
    return chosen


def ensure_user(graph: Graph) -> None:
    if get_user(graph, USERNAME) is None:
        add_user(graph, USERNAME, PASSWORD, [ROLE], load_agreements())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """``touchpoint app`` in its own process; ``warmed`` is set when it prints the warm-up done."""

    def __init__(self, settings: Settings, warm: str) -> None:
        self.port = free_port()
        env = {**os.environ, "TOUCHPOINT_DATA_DIR": str(settings.data_dir),
               "TOUCHPOINT_BOLT_PORT": str(settings.bolt_port),
               "TOUCHPOINT_WARM_ON_START": warm, "COLUMNS": "200"}  # fmt: skip
        command = [sys.executable, "-m", "touchpoint.cli.main", "app", "--port", str(self.port)]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)  # fmt: skip
        self.warmed = threading.Event()
        self.warm_seconds: float | None = None
        threading.Thread(target=self._watch, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _watch(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            if WARMED in line and not self.warmed.is_set():
                self.warm_seconds = time.perf_counter() - self.started
                self.warmed.set()
                print(f"    app: {line.strip()}", flush=True)

    def wait_until_answering(self, timeout: float = 300) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/auth/sign-in", timeout=5) as r:
                    if r.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("the app did not answer")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run_condition(
    settings: Settings, name: str, subjects: list[Subject], label: str, think: float = 0.0
) -> dict:
    """Restart Neo4j, start the app and run the journeys (the first one, then the rest) in a
    new Chromium (its cache empty, like the Neo4j caches)."""
    warm, wait_warm = CONDITIONS[name]
    server = LocalServer(settings)
    server.stop()
    server.start()
    app = App(settings, warm)
    driver = chromium()
    try:
        answering = app.wait_until_answering()
        print(f"  {name}: app answering after {answering:.1f} s", flush=True)
        if wait_warm and not app.warmed.wait(timeout=3600):
            raise TimeoutError("the warm-up did not finish")
        journey = Journey(driver, app.base, USERNAME, PASSWORD, think)
        runs = []
        for n, subject in enumerate(subjects):
            runs.append(journey.run(subject, f"{label}-{n}"))
            shown = ", ".join(
                f"{k} {'-' if v is None else f'{v:.2f}'}" for k, v in runs[-1].items()
            )
            print(f"    {'first' if n == 0 else n}: {shown}", flush=True)
        return {"answering": answering, "warm_seconds": app.warm_seconds, "runs": runs}
    finally:
        driver.quit()
        app.stop()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summarise(result: dict) -> dict[str, dict[str, float | None]]:
    """Per step: the first journey's time, and p50 / p95 over the later ones."""
    out: dict[str, dict[str, float | None]] = {}
    first, rest = result["runs"][0], result["runs"][1:]
    for step in STEPS:
        values = [r[step] for r in rest if r[step] is not None]
        out[step] = {
            "first": first[step],
            "p50": statistics.median(values) if values else None,
            "p95": percentile(values, 0.95) if values else None,
            "n": len(values),
        }
    return out


def report(results: dict[str, dict], counts: dict[str, int]) -> None:
    """A markdown table: seconds per step and condition, then the ratios side by side."""
    names = list(results)
    sums = {name: summarise(results[name]) for name in names}
    print(
        f"\nBrowser click-to-content at {counts.get('Person', 0):,} people, "
        f"{counts.get('PersonRecord', 0):,} records, {counts.get('Event', 0):,} events "
        "(seconds; first = the first journey after the app started)"
    )
    for name in names:
        r = results[name]
        warm = "" if r["warm_seconds"] is None else f"; warm-up done {r['warm_seconds']:.1f} s"
        print(f"- {name}: app answering {r['answering']:.1f} s after start{warm}")
    head = "| Step |" + "".join(f" {n}: first | p50 | p95 |" for n in names)
    ratio_names = [n for n in names if n != names[0]]
    head += "".join(f" first {names[0]} / {n} |" for n in ratio_names) + " p95 < 1 s |"
    print(head)
    print("|---|" + "---:|" * (3 * len(names) + len(ratio_names)) + "---|")
    for step in STEPS:
        cells = []
        for name in names:
            s = sums[name][step]
            cells += [_cell(s["first"]), _cell(s["p50"]), _cell(s["p95"])]
        base = sums[names[0]][step]["first"]
        for name in ratio_names:
            other = sums[name][step]["first"]
            cells.append(f"{base / other:.1f}x" if base and other else "-")
        p95s = [sums[n][step]["p95"] for n in names if sums[n][step]["p95"] is not None]
        cells.append("yes" if p95s and max(p95s) < TARGET else "no")
        print(f"| {step} | " + " | ".join(cells) + " |")


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repetitions", type=int, default=10, help="Journeys after the first")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--conditions",
        default=",".join(CONDITIONS),
        help="Comma-separated, of: " + " | ".join(CONDITIONS),
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="Seconds the analyst looks at each step's content before the next click (default "
        "0: click as soon as it shows, so work a page leaves running is charged to the next step)",
    )
    parser.add_argument("--json-out", type=Path, help="Append the raw figures here (JSON)")
    args = parser.parse_args()
    settings = load_settings()
    if not settings.uses_local_server:
        raise SystemExit("browser_bench restarts the local server: unset NEO4J_URI")
    names = [c.strip() for c in args.conditions.split(",")]
    if unknown := [n for n in names if n not in CONDITIONS]:
        raise SystemExit(f"unknown condition(s): {unknown}; known: {list(CONDITIONS)}")
    server = LocalServer(settings)
    was_running = server.status().running
    server.start()
    with Graph.connect(settings) as graph:
        ensure_user(graph)
        counts = {**graph_counts(graph).labels}
        subjects = choose_subjects(graph, args.repetitions + 1, args.seed)
    print(f"{len(subjects)} people chosen (seed {args.seed})", flush=True)
    results: dict[str, dict] = {}
    try:
        for n, name in enumerate(names):
            results[name] = run_condition(settings, name, subjects, f"BENCH-{n}", args.think)
    finally:
        if not was_running:  # leave the server as it was found
            server.stop()
    report(results, counts)
    if args.json_out:
        with args.json_out.open("a", encoding="utf-8") as out:
            record = {"counts": counts, "think": args.think, "results": results}
            out.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
