"""A bounded web load: ``--users`` signed-in analysts for ``--seconds`` on loopback, with locust.

    .venv/bin/python bench/reliability/web_load.py [--users 50] [--seconds 60] [--fresh]

Prepares the bench graph (the demo population, resolved and flagged, if it holds no people),
``--users`` accounts of role hub_staff, starts ``touchpoint app`` on 127.0.0.1 (never another
interface), and runs locust (PyPI; in ``.venv-locust``, made on first use from
bench/reliability/requirements-locust.txt) headless with bench/reliability/locustfile.py:
every user signs in through the real sign-in and purpose forms, then searches, opens person
pages, draws the explorer network and opens the flag queue. Prints requests, failures and
p50/p95/p99 per request type; keeps them in bench/reliability/results/web_load.json.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from common import REPO, bench_settings, cli, save, start_server

from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.users import add_user, get_user, reset_password
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.admin import wipe
from touchpoint.graph_model.store.db import Graph

HERE = Path(__file__).resolve().parent
LOCUST_VENV = REPO / ".venv-locust"


def locust_binary() -> Path:
    binary = LOCUST_VENV / "bin" / "locust"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)
        pip = [str(LOCUST_VENV / "bin" / "pip"), "install", "-q"]
        subprocess.run([*pip, "-r", str(HERE / "requirements-locust.txt")], check=True)
    return binary


def prepare(graph: Graph, settings: Settings, users: int, people: int) -> dict[str, str]:
    """Demo data if the graph has no people; accounts; people and search terms to use."""
    if not graph.read("app/all_person_keys"):
        from touchpoint.cli.demo import ensure_demo

        ensure_demo(graph, settings, people)
    password = secrets.token_urlsafe(18)
    names = [f"load-{n:02d}" for n in range(1, users + 1)]
    for name in names:
        if get_user(graph, name) is None:
            add_user(graph, name, password, ["hub_staff"], load_agreements())
        else:
            reset_password(graph, name, password)
    rng = random.Random(20)
    keys = [row["key"] for row in graph.read("app/all_person_keys")]
    extract = settings.data_dir / "demo" / "police" / "incidents.csv"
    with extract.open(encoding="utf-8") as handle:
        surnames = sorted({row["Surname"] for row in csv.DictReader(handle)})
    return {
        "TP_LOAD_USERS": ",".join(names),
        "TP_LOAD_PASSWORD": password,
        "TP_LOAD_PEOPLE": ",".join(rng.sample(keys, min(200, len(keys)))),
        "TP_LOAD_TERMS": ",".join(rng.sample(surnames, min(100, len(surnames)))),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(settings: Settings, port: int) -> subprocess.Popen:
    app = cli(settings, "app", "--host", "127.0.0.1", "--port", str(port))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/auth/sign-in", timeout=5):
                return app
        except OSError:
            if app.poll() is not None:
                error = app.stderr.read().decode()  # type: ignore[union-attr]
                raise SystemExit(f"the workbench did not start: {error}") from None
            time.sleep(0.5)
    app.terminate()
    raise SystemExit("the workbench did not answer within 120 s")


def stats(prefix: Path) -> list[dict[str, Any]]:
    with prefix.with_name(prefix.name + "_stats.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [{"type": f"{r['Type']} {r['Name']}".strip(), "requests": int(r["Request Count"]),
             "failures": int(r["Failure Count"]), "p50_ms": r["50%"], "p95_ms": r["95%"],
             "p99_ms": r["99%"], "rps": round(float(r["Requests/s"]), 1)}
            for r in rows]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--people", type=int, default=2000, help="demo size if none loaded")
    parser.add_argument("--fresh", action="store_true", help="wipe, then prepare the demo")
    args = parser.parse_args()
    settings = bench_settings()
    graph = start_server(settings)
    if args.fresh:
        wipe(graph)
    env = {**os.environ, **prepare(graph, settings, args.users, args.people)}
    locust = locust_binary()
    port = free_port()
    app = serve(settings, port)
    prefix = HERE / "results" / "locust"
    prefix.parent.mkdir(exist_ok=True)
    try:
        command = [str(locust), "-f", str(HERE / "locustfile.py"), "--headless",
                   "-u", str(args.users), "-r", str(max(args.users // 5, 1)),
                   "-t", f"{args.seconds}s", "--host", f"http://127.0.0.1:{port}",
                   "--csv", str(prefix), "--only-summary", "--stop-timeout", "10"]  # fmt: skip
        subprocess.run(command, env=env, check=False, capture_output=True)
    finally:
        app.terminate()
        app.wait(30)
    rows = stats(prefix)
    print(f"{args.users} users x {args.seconds} s on 127.0.0.1 (locust):")
    print("| Request | n | failures | p50 ms | p95 ms | p99 ms | req/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['type']} | {r['requests']:,} | {r['failures']} | {r['p50_ms']} | "
              f"{r['p95_ms']} | {r['p99_ms']} | {r['rps']} |")  # fmt: skip
    figures = {"users": args.users, "seconds": args.seconds, "requests": rows}
    print(f"figures: {save('web_load', figures)}")


if __name__ == "__main__":
    main()
