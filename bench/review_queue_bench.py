"""The match review queue (Matches page, ``resolve review list``) against a large queue.

    TOUCHPOINT_DATA_DIR=... TOUCHPOINT_BOLT_PORT=... python bench/review_queue_bench.py

Against a dev graph that entity resolution has run on (e.g. after ``bench/resolve_bench.py
speed --sizes 100000``, which leaves its last size's review pairs; never the test server).
Times the queue as each role's page asks for it - a ViewerGraph with real hash-chained audit
appends: the withheld pairs counted from the agencies kept on each pair, only the page shown
sorted out and its records read - and, as the baseline, the system reading both records of
every pending pair (what the queue did before migration 0011), with no projection or audit.
Prints the queue's size and p50 / p95 per role, and each role's ratio to the baseline.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from touchpoint.graph_model.access.viewer import ViewerGraph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import p50_p95, repeated

from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.context import AccessContext, Purpose
from touchpoint.graph_model.model.settings import load_settings
from touchpoint.graph_model.store.admin import open_graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.services.reads import review as review_service

PURPOSE = Purpose("s47_enquiry", "BENCH-1", "Benchmarking the match review queue")
PENDING = Query(
    name="bench/pending_pairs",
    text="MATCH (q:ReviewPair {status: 'pending'}) "
    "MATCH (a:PersonRecord {record_id: q.record_a}), (b:PersonRecord {record_id: q.record_b}) "
    "RETURN count(*) AS pairs",
    meta={"params": []},
)
ROLES = ("hub_staff", "analyst", "health_liaison")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with open_graph(load_settings()) as graph:
        pending = graph.read_one(PENDING)["pairs"]
        print(f"pending review pairs: {pending:,}; page size {review_service.QUEUE_LIMIT}")
        repeated(lambda: graph.read_one(PENDING), 3)  # warm the plan and the page cache
        _, base_p50, base_p95 = p50_p95(repeated(lambda: graph.read_one(PENDING), args.runs))
        print("| Read | n | p50 ms | p95 ms | p50 / baseline |\n|---|---:|---:|---:|---:|")
        baseline = "read every pending pair's records, system (baseline)"
        print(f"| {baseline} | {args.runs} | {base_p50:.1f} | {base_p95:.1f} | 1.0 |")
        log = AuditLog(graph)
        for role in ROLES:
            viewer = ViewerGraph(graph, AccessContext("bench", role, purpose=PURPOSE), audit=log)
            queue = review_service.review_queue(viewer)  # also warms this role's plan
            n, p50, p95 = p50_p95(
                repeated(lambda v=viewer: review_service.review_queue(v), args.runs)
            )
            print(f"| match review queue, {role} ({len(queue.pairs)} shown; "
                  f"{queue.notice or 'none withheld'}) | {n} | {p50:.1f} | {p95:.1f} | "
                  f"{p50 / base_p50:.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
