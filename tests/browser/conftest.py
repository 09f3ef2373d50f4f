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
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import dash
import pytest
from dash.testing import wait
from dash.testing.application_runners import BaseDashRunner, ThreadedRunner
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
# TOUCHPOINT_TEST_DASH_PORT serves from that port upwards instead (a firewall with one range).
_FIXED_PORT = os.environ.get("TOUCHPOINT_TEST_DASH_PORT")
if _FIXED_PORT:
    BaseDashRunner._next_port = int(_FIXED_PORT)


class GracefulRunner(ThreadedRunner):
    """Serve the test app with werkzeug's threaded server and stop it with ``shutdown()``.

    dash's ``ThreadedRunner`` stops its server by raising ``SystemExit`` in every thread started
    since it began (``PyThreadState_SetAsyncExc``). On a loaded machine that can land in a
    request thread before it has told the server it started, and the server thread then waits
    for it forever (a 600 s teardown timeout, seen under scripts/stress-browser.sh). Here the
    server's own loop ends and the thread is joined; nothing is killed. The app is served as a
    WSGI app, as in production (``touchpoint.app.server:wsgi_app``)."""

    _server: BaseWSGIServer | None = None

    def start(self, app: dash.Dash, start_timeout: float = WAIT, **_: object) -> None:
        self._app = app
        port = 0
        if _FIXED_PORT:
            port = BaseDashRunner._next_port
            BaseDashRunner._next_port += 1
        self._server = make_server("127.0.0.1", port, app.server, threaded=True)
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
        dash_duo.driver.get(f"{base}/auth/sign-in?next={quote(path)}")
        fill_form(dash_duo, {"username": role, "password": PASSWORD}, "sign-in-submit")
        if purpose:
            dash_duo.wait_for_element(WORKBENCH, timeout=WAIT)
            dash_duo.driver.get(f"{base}/auth/purpose?next={quote(path)}")
            fill_form(dash_duo, dict(PURPOSE, purpose=purpose), "purpose-submit")
        dash_duo.wait_for_element(WORKBENCH, timeout=WAIT)
        return base

    return start
