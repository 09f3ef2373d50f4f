"""The app's hand-built fixture graph (tests/fixtures/app_graph.cypher) and match-review pairs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query, parse_cypher_file

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "app_graph.cypher"


def load_app_fixture(graph: Graph) -> None:
    graph.write(parse_cypher_file(FIXTURE, "tests/app_graph"))


EVIDENCE = {
    "forename": {"level": "forename typo", "weight": 3.2},
    "dob": {"level": "day and month swapped", "weight": 6.1},
    "location": {"level": "different address", "weight": -2.4},
}
QUEUE_PAIRS = Query(
    name="tests/queue_review_pairs",
    text="""
UNWIND $pairs AS p
MATCH (a:PersonRecord {record_id: p.a}), (b:PersonRecord {record_id: p.b})
CREATE (q:ReviewPair {pair_id: p.id, record_a: p.a, record_b: p.b, probability: p.probability,
                      evidence: $evidence, status: 'pending', created_at: datetime(),
                      agency_a: a.source_agency, agency_b: b.source_agency})
CREATE (q)-[:CANDIDATE]->(a), (q)-[:CANDIDATE]->(b)
""",
    meta={"params": ["pairs", "evidence"]},
)


def queue_review_pairs(graph: Graph, *pairs: tuple[str, str, str, float]) -> None:
    """Put (pair id, record A, record B, probability) pairs on the match-review queue, as
    resolution would, each with the same per-comparison evidence (``EVIDENCE``)."""
    rows: list[dict[str, Any]] = [
        {"id": pair_id, "a": a, "b": b, "probability": p} for pair_id, a, b, p in pairs
    ]
    graph.write(QUEUE_PAIRS, pairs=rows, evidence=json.dumps(EVIDENCE))
