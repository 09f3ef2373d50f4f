"""Browser tests: the Dash app in headless Chromium (dash[testing]'s ``dash_duo``).

Chromium runs as root in CI, so it needs ``--no-sandbox``; background networking and updates
are switched off because the machine has no internet. Each test gets the app's small hand-built
graph (tests/fixtures/app_graph.cypher) loaded into the wiped test database.

The workbench always requires sign-in: a test starts its app and signs in through the real
form with the ``signed_in`` fixture, e.g. ``base = signed_in(workbench, role="analyst",
purpose="s47_enquiry", path="/person/person_alice")``.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import dash
import pytest
from dash.testing import wait
from dash.testing.application_runners import BaseDashRunner, ThreadedRunner
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from werkzeug.serving import BaseWSGIServer, make_server

from touchpoint.app import create_app, ids
from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.users import add_user
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import parse_cypher_file

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))
from access_support import clear_access_data
from auth_support import PASSWORD
from browser_helpers import PURPOSE, WAIT, fill_form

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "app_graph.cypher"
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1440,1000",
)
# Each test app is served on a free port the OS picks (bind to port 0): parallel runs on one
# machine, and a port a previous test's socket still holds, never collide. A fixed
# TOUCHPOINT_TEST_DASH_PORT serves from that port upwards instead (a firewall with one range),
# each pytest-xdist worker 100 ports above the one before.
_FIXED_PORT = os.environ.get("TOUCHPOINT_TEST_DASH_PORT")
if _FIXED_PORT:
    _WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:]
    BaseDashRunner._next_port = int(_FIXED_PORT) + 100 * (int(_WORKER) if _WORKER.isdigit() else 0)


class RequestClock:
    """Times every request the test server answers (WSGI middleware), so a test that waited in
    vain can say whether the server or the browser was slow - on a loaded CI machine, which
    cannot be re-run by hand."""

    def __init__(self, app: Callable) -> None:
        self.app = app
        self.seen: list[tuple[float, float | None, str]] = []  # (start, end or None, what)
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> object:
        what = f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"
        entry = [time.monotonic(), None, what]
        with self._lock:
            self.seen.append(entry)  # type: ignore[arg-type]
        try:
            return self.app(environ, start_response)
        finally:
            entry[1] = time.monotonic()

    def report(self, since: float) -> str:
        lines = []
        for start, end, what in list(self.seen):
            if start < since:
                continue
            took = f"{end - start:6.2f} s" if end is not None else "still running"
            lines.append(f"  +{start - since:6.2f} s  {took}  {what}")
        return "\n".join(lines[-60:]) or "  (no request)"


class GracefulRunner(ThreadedRunner):
    """Serve the test app with werkzeug's threaded server and stop it with ``shutdown()``.

    dash's ``ThreadedRunner`` stops its server by raising ``SystemExit`` in every thread started
    since it began (``PyThreadState_SetAsyncExc``). On a loaded machine that can land in a
    request thread before it has told the server it started, and the server thread then waits
    for it forever (a 600 s teardown timeout, seen under scripts/stress-browser.sh). Here the
    server's own loop ends and the thread is joined; nothing is killed. The app is served as a
    WSGI app, as in production (``touchpoint.app.server:wsgi_app``)."""

    _server: BaseWSGIServer | None = None
    clock: RequestClock | None = None

    def start(self, app: dash.Dash, start_timeout: float = WAIT, **_: object) -> None:
        self._app = app
        port = 0
        if _FIXED_PORT:
            port = BaseDashRunner._next_port
            BaseDashRunner._next_port += 1
        self.clock = RequestClock(app.server)
        self._server = make_server("127.0.0.1", port, self.clock, threaded=True)
        self.port = self._server.server_port
        self.thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.thread.start()
        wait.until(lambda: self.accessible(self.url), timeout=start_timeout)
        self.started = True

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()  # serve_forever returns at its next poll
            self._server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=WAIT)
        self._server, self._app, self.started = None, None, False


@pytest.fixture
def dash_thread_server():
    """dash_duo's server (overrides dash's fixture of the same name): see GracefulRunner."""
    with GracefulRunner() as runner:
        yield runner


def pytest_setup_options() -> Options:
    options = Options()
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    return options


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _patient_waits(request: pytest.FixtureRequest) -> None:
    """dash_duo's own waits (10 s) are too short on a loaded 2-core machine: give them, and
    page loads, the helpers' patience. They still poll, so a quick answer is not slowed."""
    if "dash_duo" not in request.fixturenames:
        return
    dash_duo = request.getfixturevalue("dash_duo")
    dash_duo.wait_timeout = WAIT
    dash_duo.wait_for_page = functools.partial(type(dash_duo).wait_for_page, dash_duo, timeout=WAIT)


@pytest.fixture
def app_graph(graph: Graph) -> Graph:
    """The wiped test graph with the app fixture loaded."""
    graph.write(parse_cypher_file(FIXTURE, "tests/app_graph"))
    return graph


@pytest.fixture(scope="session")
def workbench(neo4j_server: Settings) -> dash.Dash:
    return create_app(neo4j_server)


# the Dash workbench, not a server-rendered form: those pages carry #main-content too (the
# skip link's target), so waiting for it alone lets a test navigate while the form still posts
WORKBENCH = f"#react-entry-point #{ids.MAIN}"


@pytest.fixture
def signed_in(dash_duo, migrated_graph: Graph) -> Callable[..., str]:
    """``signed_in(app, role="hub_staff", path="/", purpose=None) -> base URL``: creates the
    user ``role`` (password ``PASSWORD``) for that role, starts ``app``, signs in through the
    real form and waits for the workbench at ``path``. With ``purpose`` (a purpose code such as
    ``"s47_enquiry"``) it also records a purpose of access first, as a user would."""

    def start(
        app: dash.Dash, role: str = "hub_staff", path: str = "/", purpose: str | None = None
    ) -> str:
        clear_access_data(migrated_graph)
        add_user(migrated_graph, role, PASSWORD, [role], load_agreements())
        dash_duo.start_server(app, navigate=False)
        dash_duo._url = dash_duo.server.url  # server_url, without its setter's navigation
        base = dash_duo.server.url.rstrip("/")
        since = time.monotonic()
        # With a purpose, sign-in leads straight to the purpose form (as the page would send a
        # user there): landing on ``path`` first raced the page's own redirect to that form,
        # and a submit made while the browser was moving was lost (seen on a loaded machine).
        after = f"/auth/purpose?next={quote(path, safe='')}" if purpose else path
        dash_duo.driver.get(f"{base}/auth/sign-in?next={quote(after, safe='')}")
        fill_form(dash_duo, {"username": role, "password": PASSWORD}, "sign-in-submit")
        if purpose:
            fill_form(dash_duo, dict(PURPOSE, purpose=purpose), "purpose-submit")
        wait_for_workbench(dash_duo, since)
        return base

    return start


BROWSER_TIMING_JS = """
return performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
  .map(e => [Math.round(e.startTime), Math.round(e.duration), e.name.split('?')[0].slice(-70)]);
"""


# The first render of a freshly started browser after sign-in: in CI it once took 30-45 s
# (twice in one run, on a loaded 2-core machine, where the same tests take 2 s otherwise).
# Waiting longer costs nothing when it is quick; if even this is not enough, the failure
# says which side was slow (below).
FIRST_RENDER_WAIT = 3 * WAIT


def wait_for_workbench(dash_duo, since: float) -> None:
    """Wait for the workbench shell; if it never comes, fail with what the server answered
    and when, and what the browser fetched and how long each took."""
    began = time.monotonic()
    try:
        dash_duo.wait_for_element(WORKBENCH, timeout=FIRST_RENDER_WAIT)
        took = time.monotonic() - began
        if took > WAIT:  # passed, but say so: the run's warnings summary shows where it went
            clock = getattr(dash_duo.server, "clock", None)
            report = clock.report(since) if clock else ""
            warnings.warn(f"the workbench took {took:.0f} s to render\n{report}", stacklevel=2)
    except TimeoutException as exc:
        clock = getattr(dash_duo.server, "clock", None)
        server = clock.report(since) if clock else "  (not timed)"
        try:
            url = dash_duo.driver.current_url
            fetched = dash_duo.driver.execute_script(BROWSER_TIMING_JS)
            entry = dash_duo.driver.execute_script(
                "const e = document.querySelector('#react-entry-point');"
                "return e ? e.innerHTML.slice(0, 300) : document.title;"
            )
        except Exception as err:  # the diagnosis must not hide the timeout
            url, fetched, entry = "?", [], f"(browser did not answer: {err})"
        browser = "\n".join(f"  {s:>6} ms +{d:>6} ms  {n}" for s, d, n in fetched[-40:])
        raise AssertionError(
            f"the workbench did not render within {FIRST_RENDER_WAIT:.0f} s at {url}\n"
            f"server requests (start after sign-in began, duration):\n{server}\n"
            f"browser fetches (start, duration):\n{browser}\nreact entry: {entry}"
        ) from exc
