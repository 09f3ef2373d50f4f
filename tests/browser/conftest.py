"""Browser tests: the Dash app in headless Chromium (dash[testing]'s ``dash_duo``).

Chromium runs as root in CI, so it needs ``--no-sandbox``; background networking and updates
are switched off because the machine has no internet. Each test gets the app's small hand-built
graph (tests/fixtures/app_graph.cypher) loaded into the wiped test database.
"""

from __future__ import annotations

import os
from pathlib import Path

import dash
import pytest
from dash.testing.application_runners import BaseDashRunner
from selenium.webdriver.chrome.options import Options

from app import create_app
from graph_model.db import Graph
from graph_model.queries import parse_cypher_file
from graph_model.settings import Settings

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
# dash_duo serves each test app on the next port from here; parallel runs on one machine set
# TOUCHPOINT_TEST_DASH_PORT to a range of their own so their servers never collide.
BaseDashRunner._next_port = int(os.environ.get("TOUCHPOINT_TEST_DASH_PORT", "58050"))


def pytest_setup_options() -> Options:
    options = Options()
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    return options


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def app_graph(graph: Graph) -> Graph:
    """The wiped test graph with the app fixture loaded."""
    graph.write(parse_cypher_file(FIXTURE, "tests/app_graph"))
    return graph


@pytest.fixture(scope="session")
def workbench(neo4j_server: Settings) -> dash.Dash:
    return create_app(neo4j_server)
