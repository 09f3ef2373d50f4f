"""Load the app's hand-built fixture graph (tests/fixtures/app_graph.cypher) through ``Graph``."""

from __future__ import annotations

from pathlib import Path

from graph_model.db import Graph
from graph_model.queries import parse_cypher_file

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "app_graph.cypher"


def load_app_fixture(graph: Graph) -> None:
    graph.write(parse_cypher_file(FIXTURE, "tests/app_graph"))
