"""Regenerate docs/screenshots/*.png: the workbench's main pages over the configured graph.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Point it at a graph holding the demo data (``touchpoint run`` loads it; TOUCHPOINT_* / NEO4J_*
variables choose the graph). It serves the app on a free loopback port with waitress, drives
headless Chromium (Debian's chromium + chromedriver) through search, a flagged person's
profile, their network, a connection, a pattern run, the flag queue and the match-review
queue, and saves one PNG per page. Subjects are chosen from the data (the person with the most
open flags), not hard-coded.
"""

from __future__ import annotations

import argparse
import secrets
import socket
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from waitress import create_server

from touchpoint.graph_model.access.viewer import ViewerGraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from touchpoint.app import create_app, ids  # noqa: E402
from touchpoint.graph_model.access import users  # noqa: E402
from touchpoint.graph_model.access.agreements import load_agreements  # noqa: E402
from touchpoint.graph_model.access.audit import AuditLog  # noqa: E402
from touchpoint.graph_model.access.context import AccessContext, Purpose  # noqa: E402
from touchpoint.graph_model.model.settings import load_settings  # noqa: E402
from touchpoint.graph_model.store.db import Graph  # noqa: E402
from touchpoint.services.reads import flags as flag_service  # noqa: E402
from touchpoint.services.reads.network import ego_network  # noqa: E402

CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    settings = load_settings()
    with Graph.connect(settings) as graph:
        subject, other, surname = choose_subjects(graph)
    args.out.mkdir(parents=True, exist_ok=True)
    server = create_server(create_app(settings).server, host="127.0.0.1", port=free_port())
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"
    driver = browser()
    try:
        sign_in(driver, base, settings)  # the workbench always requires sign-in
        pages = [
            ("search", f"/?q={quote(surname)}", f"#{ids.SEARCH_RESULTS} table", 900),
            ("person", f"/person/{subject}", f"#{ids.PERSON_TIMELINE} .js-plotly-plot", 1700),
            ("explorer", f"/explorer/{subject}?depth=2", f"#{ids.EXPLORER_GRAPH} canvas", 950),
            ("connections", f"/connections?a={subject}&b={other}", ".path-list", 950),
        ]
        for name, path, ready, height in pages:
            shoot(driver, base + path, ready, height, args.out / f"{name}.png")
        shoot_pattern(driver, base, args.out / "patterns.png")
        shoot_queue(driver, base, "/flags", ids.FLAG_TABLE, ids.FLAG_SAVE, args.out / "flags.png")
        matches = args.out / "matches.png"
        shoot_queue(driver, base, "/review", ids.REVIEW_TABLE, ids.REVIEW_CONFIRM, matches)
    finally:
        driver.quit()
        server.close()
    print(f"Saved {len(pages) + 3} screenshots to {args.out}")


def choose_subjects(graph: Graph) -> tuple[str, str, str]:
    """The person with most open flags, another person in their network, and a surname."""
    # person-level reads go through a viewer (hub_staff, a recorded purpose, audited)
    ctx = AccessContext(
        "screenshots",
        "hub_staff",
        purpose=Purpose("s47_enquiry", "DOCS-SCREENSHOTS", "Regenerating documentation images"),
    )
    viewer = ViewerGraph(graph, ctx, audit=AuditLog(graph))
    counts: dict[str, int] = {}
    for flag in flag_service.review_queue(viewer, status="new").flags:
        counts[flag.person_id] = counts.get(flag.person_id, 0) + 1
    if not counts:
        raise SystemExit("No open flags: load the demo (`touchpoint run`) and run the patterns.")
    subject = max(counts, key=lambda k: (counts[k], k))
    network = ego_network(viewer, subject, depth=2)
    people = [n for n in network.nodes.values() if n.kind == "person" and n.key != subject]
    direct = {e.target for e in network.edges.values() if e.source == subject} | {
        e.source for e in network.edges.values() if e.target == subject
    }
    others = [p for p in people if p.key not in direct] or people
    surname = network.nodes[subject].label.split()[-1]
    return subject, sorted(others, key=lambda p: p.key)[0].key, surname


def sign_in(driver: webdriver.Chrome, base: str, settings) -> None:
    """Sign in through the real forms as a ``screenshots`` hub_staff account (created, or its
    password reset to a fresh random one) and record the documentation purpose."""
    password = secrets.token_urlsafe(18)
    with Graph.connect(settings) as graph:
        if users.get_user(graph, "screenshots") is None:
            users.add_user(graph, "screenshots", password, ["hub_staff"], load_agreements())
        else:
            users.reset_password(graph, "screenshots", password)
    forms = (
        ("/auth/sign-in", {"username": "screenshots", "password": password}, "sign-in-submit"),
        ("/auth/purpose", {"case_reference": "DOCS-SCREENSHOTS",
                           "reason": "Regenerating documentation images"}, "purpose-submit"),
    )  # fmt: skip
    for path, values, submit in forms:
        driver.get(base + path)
        for field, value in values.items():
            driver.find_element(By.ID, field).send_keys(value)
        driver.find_element(By.ID, submit).click()
        WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.ID, ids.MAIN)))


def browser() -> webdriver.Chrome:
    options = Options()
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    return webdriver.Chrome(options=options)


def shoot(driver: webdriver.Chrome, url: str, ready: str, height: int, path: Path) -> None:
    driver.set_window_size(1440, height)
    driver.get(url)
    WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, ready)))
    time.sleep(2.0)  # let layouts and plots settle
    driver.save_screenshot(str(path))
    print(f"  {path.name}: {url}")


def shoot_pattern(driver: webdriver.Chrome, base: str, path: Path) -> None:
    driver.set_window_size(1440, 1100)
    driver.get(f"{base}/patterns?pattern=toxic_trio")
    wait = WebDriverWait(driver, 30)
    wait.until(ec.element_to_be_clickable((By.ID, ids.PATTERN_RUN))).click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, f"#{ids.PATTERN_TABLE} table")))
    time.sleep(1.0)
    driver.save_screenshot(str(path))
    print(f"  {path.name}: {base}/patterns?pattern=toxic_trio (run)")


def shoot_queue(
    driver: webdriver.Chrome, base: str, page: str, table: str, ready: str, path: Path
) -> None:
    """A review queue (flags, matches) with its first row opened: the evidence and the form."""
    driver.set_window_size(1440, 1100)
    driver.get(f"{base}{page}")
    wait = WebDriverWait(driver, 30)
    radio = f"#{table} input[type=radio]"
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, radio))).click()
    wait.until(ec.presence_of_element_located((By.ID, ready)))
    time.sleep(1.0)
    driver.save_screenshot(str(path))
    print(f"  {path.name}: {base}{page} (first row opened)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    main()
