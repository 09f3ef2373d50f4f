"""Fault tests (issue 20): quick ones run with the default suite (``make test``); the long
fault runs live in ``bench/reliability/`` and their last figures in docs/reliability.md."""

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/reliability/" not in str(item.fspath):
            continue
        item.add_marker(pytest.mark.reliability)
        if {"graph", "migrated_graph", "neo4j_server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)
