"""The security suite attacks the served workbench over HTTP, the CLI, and Neo4j directly.

Each test gets the access fixture graph (Alice's police, GP, social care and immigration
records, two flags; tests/integration/access_support.py), the accounts below, and its own
workbench served by waitress on a free port (``serve(**settings)`` for non-default settings).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))
from access_support import load_access_fixture
from attacker import PASSWORD, Site, serving

from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.users import add_user
from touchpoint.graph_model.store.db import Graph

ACCOUNTS = {
    "ann": ["admin"],
    "ada": ["admin", "analyst"],
    "hal": ["health_liaison"],
    "ned": ["analyst"],
    "hub": ["hub_staff"],
    "hana": ["hub_staff", "analyst"],
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/security/" in str(item.fspath):
            item.add_marker(pytest.mark.security)
            item.add_marker(pytest.mark.integration)


@pytest.fixture
def world(graph: Graph) -> Graph:
    """The access fixture and one account per role (password ``PASSWORD``)."""
    load_access_fixture(graph)
    agreements = load_agreements()
    for name, roles in ACCOUNTS.items():
        add_user(graph, name, PASSWORD, roles, agreements)
    return graph


@pytest.fixture
def incoming(tmp_path: Path) -> Path:
    """The one folder the served workbench is configured to take extracts from."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    return folder


@pytest.fixture
def serve(world: Graph, incoming: Path) -> Iterator[Callable[..., Site]]:
    """``serve(**settings)``: the workbench over the test graph, served on a free port."""
    with ExitStack() as stack:

        def start(**updates: object) -> Site:
            base = {"session_minutes": 30, "source_roots": [incoming]}
            settings = world.settings.model_copy(update=base | updates)
            return stack.enter_context(serving(settings))

        yield start


@pytest.fixture
def site(serve: Callable[..., Site]) -> Site:
    return serve()
