"""What access control costs: agreement-filtered reads vs plain ones, audit appends, verify.

    TOUCHPOINT_DATA_DIR=... TOUCHPOINT_BOLT_PORT=... python bench/access_bench.py --samples 200

Against a dev graph holding the demo (``touchpoint run`` loads one). For ``--samples`` subjects
(seeded sample of record keys) it times the profile's two main reads
(``access/person_records`` + ``access/person_events``) run straight on the ``Graph`` with the
analyst's agreement parameters, and the same reads through a ``ViewerGraph`` (analyst, with
audit on - so each profile also appends one hash-chained entry): the difference is what the
choke point and the audit cost. Then ``--appends``
audit entries from ``--threads`` threads, and ``audit verify`` over the whole trail. Writes
audit entries to the dev graph; never run it on the test server. Prints figures;
docs/performance.md records them.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from pathlib import Path

from touchpoint.graph_model.access.viewer import ViewerGraph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import p50_p95, repeated

from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.context import AccessContext, Purpose
from touchpoint.graph_model.model.settings import load_settings
from touchpoint.graph_model.store.admin import open_graph
from touchpoint.graph_model.store.queries import Query, load_query

RECORD_KEYS = Query(
    name="bench/access_record_keys",
    text="MATCH (r:PersonRecord) RETURN r.record_id AS key ORDER BY key",
    meta={"params": []},
)
PURPOSE = Purpose("s47_enquiry", "BENCH-1", "Benchmarking the access layer")


def summary(name: str, ms: list[float]) -> None:
    n, p50, p95 = p50_p95(ms)
    print(f"{name:<44} n={n:>5}  p50={p50:7.2f} ms  p95={p95:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--appends", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    settings = load_settings()
    with open_graph(settings) as graph:
        keys = [row["key"] for row in graph.read(RECORD_KEYS)]
        print(f"graph: {len(keys):,} person records")
        sample = random.Random(8).sample(keys, min(args.samples, len(keys)))
        log = AuditLog(graph)
        ctx = AccessContext("bench", "analyst", purpose=PURPOSE)
        viewer = ViewerGraph(graph, ctx, audit=log)
        plain_iter, viewer_iter = iter(sample * 2), iter(sample * 2)

        grant = viewer.grant.params()
        profile_reads = [
            load_query(f"access/{name}") for name in ("person_records", "person_events")
        ]

        def plain() -> None:
            key = next(plain_iter)
            for q in profile_reads:
                graph.read(q, key=key, **{p: grant[p] for p in q.params if p in grant})

        def enforced() -> None:
            key = next(viewer_iter)
            for q in profile_reads:
                viewer.read(q, key=key)

        repeated(plain, 10)
        repeated(enforced, 10)  # warm both plans
        summary("profile reads, straight on the Graph", repeated(plain, len(sample)))
        summary("profile, agreement-enforced + audited", repeated(enforced, len(sample)))

        per_thread = args.appends // args.threads
        times: list[float] = []
        lock = threading.Lock()

        def appender(i: int) -> None:
            me = AccessContext(f"bench{i}", "analyst", purpose=PURPOSE)
            mine = repeated(lambda: log.record(me, "search", subjects=["x"]), per_thread)
            with lock:
                times.extend(mine)

        start = time.perf_counter()
        threads = [threading.Thread(target=appender, args=(i,)) for i in range(args.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - start
        summary(f"audit append ({args.threads} threads)", times)
        print(f"audit append throughput: {len(times) / wall:,.0f} entries/s")
        start = time.perf_counter()
        report = log.verify()
        took = time.perf_counter() - start
        print(f"audit verify: {report.entries:,} entries in {took:.2f} s, ok={report.ok}")


if __name__ == "__main__":
    main()
