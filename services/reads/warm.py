"""Warm start: fill Neo4j's page cache and query-plan cache with what the pages and patterns read.

Neo4j Community has no page-cache warm-up (and Touchpoint ships no APOC), so straight after a
restart the first profile, explorer view or pattern run reads its store pages from disk and
plans its queries. ``warm_up`` does that work once, up front, read only, through the one
data-access layer (``Graph.read``: managed ``execute_read`` transactions) with its Cypher in
``cypher/warm/``:

1. **Stores** - every node of the labels the pages and patterns read (node record, every
   property, its relationship chain) and every relationship of the types they walk.
2. **Indexes** - each range index they seek, scanned whole (``USING INDEX``).
3. **Plans** - the pages' own reads for a few sample people (two of them first of all, before
   the store scans: an analyst who signs in at once needs those plans soonest), through the
   same services the pages call (search by surname: the full-text index; profile with its flags
   and household; explorer depth 2 and its withheld notice; connections), as a viewer with a
   recorded purpose and *no audit sink*, so nothing is written; and every saved pattern run for
   everyone, read only, while ``warm_pattern_seconds`` last (``EXPLAIN``-ed after that:
   planned, not run).

A step that fails (a graph without the schema's indexes, a timeout) is reported and skipped:
a warm-up never fails or blocks a start (``start_in_background``). ``touchpoint db warm`` runs
it in the foreground; ``TOUCHPOINT_WARM_ON_START`` (default on) runs it after ``touchpoint db
start`` and when ``touchpoint app`` / ``touchpoint run`` serve the workbench.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from touchpoint.graph_model.access.agreements import agreements_in_force
from touchpoint.graph_model.access.context import AccessContext, Purpose
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.patterns.library import list_patterns
from touchpoint.graph_model.store.queries import Query

if TYPE_CHECKING:
    from touchpoint.graph_model.model.settings import Settings
    from touchpoint.graph_model.store.db import Graph

log = logging.getLogger("touchpoint.warm")

#: Node labels the pages and patterns read, most read first.
LABELS = (
    "Person",
    "PersonRecord",
    "Event",
    "Address",
    "Organisation",
    "Agency",
    "Flag",
    "FlagReview",
    "ReviewPair",
)
#: Relationship types the pages and patterns walk.
RELATIONSHIP_TYPES = (
    "RESOLVES_TO",
    "INVOLVED_IN",
    "LIVES_AT",
    "OCCURRED_AT",
    "RECORDED_BY",
    "ENROLLED_AT",
    "REGISTERED_WITH",
    "RELATED_TO",
    "ABOUT",
    "EVIDENCED_BY",
    "HAS_REVIEW",
    "CANDIDATE",
)
INDEX_QUERIES = ("warm/indexes_person_record", "warm/indexes_event", "warm/indexes_other")
WARM_USER = "warm-up"
SAMPLE_RECORDS = 3  # the sample person's records: several agencies, so every hop query runs
#: People whose pages the warm-up opens. Planning a query once is not enough: measured after a
#: warm-up that opened 3 people, the first explorer still paid ~0.4 s on its hop query and the
#: next one 0.05 s; after 12 people, the first paid 0.05 s too (Neo4j compiles a query's
#: expressions once it has run several times - the run that crosses that line pays for it).
SAMPLES = 12
#: People whose pages are opened before anything else: an analyst who signs in at once opens
#: a profile a few seconds after the start, long before the store scans are done.
FIRST_SAMPLES = 2
WARM_PURPOSE = Purpose("warm_up", "WARM-UP", "Warming the page cache and query plans at start")


@dataclass
class WarmStep:
    """One thing warmed: what, how much was read, how long it took, or why it was skipped."""

    name: str
    seconds: float
    touched: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    def describe(self) -> str:
        if self.error:
            return f"{self.name}: skipped ({self.error}) after {self.seconds:.2f}s"
        what = ", ".join(f"{k} {v:,}" for k, v in self.touched.items()) or "done"
        return f"{self.name}: {what} in {self.seconds:.2f}s"


@dataclass
class WarmReport:
    steps: list[WarmStep] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[WarmStep]:
        return [step for step in self.steps if step.error]

    def step(self, name: str) -> WarmStep | None:
        return next((s for s in self.steps if s.name == name), None)

    def summary(self) -> str:
        nodes = sum(s.touched.get("nodes", 0) for s in self.steps if s.name.startswith("nodes "))
        rels = sum(
            s.touched.get("relationships", 0) for s in self.steps if s.name.startswith("rels ")
        )
        plans = sum(s.touched.get("plans", 0) for s in self.steps)
        skipped = f", {len(self.failed)} step(s) skipped" if self.failed else ""
        return (
            f"Warmed {nodes:,} nodes, {rels:,} relationships, "
            f"{sum(1 for s in self.steps if s.name.startswith('index ') and not s.error)} index "
            f"group(s) and {plans} query plan(s) in {self.seconds:.1f}s{skipped}"
        )


def warm_up(
    graph: Graph,
    *,
    plans: bool = True,
    pattern_seconds: float = 0.0,
    on_step: Callable[[WarmStep], None] | None = None,
    stop: threading.Event | None = None,
) -> WarmReport:
    """Warm the page cache (stores, indexes) and, with ``plans``, the query-plan cache; the
    saved patterns are run for real for up to ``pattern_seconds`` (planned only after that).

    Read only; each step is timed and reported to ``on_step`` (and the ``touchpoint.warm``
    log); a failing step is recorded and skipped, never raised. Once ``stop`` is set (the
    server is shutting down) no further step or sample person starts."""
    report = WarmReport()
    began = time.perf_counter()
    stop = stop or threading.Event()

    def run(name: str, work: Callable[[], dict[str, int]]) -> None:
        if stop.is_set():
            return
        start = time.perf_counter()
        try:
            step = WarmStep(name, 0.0, touched=work())
        except Exception as exc:  # a warm-up never fails a start
            step = WarmStep(name, 0.0, error=f"{type(exc).__name__}: {exc}"[:300])
        step.seconds = time.perf_counter() - start
        report.steps.append(step)
        log.info("warm-up %s", step.describe())
        if on_step is not None:
            on_step(step)

    if plans:  # the first pages an analyst opens come seconds after a start: plan them first
        run("plans first pages", lambda: _page_plans(graph, stop, FIRST_SAMPLES))
    for label in LABELS:
        run(f"nodes {label}", lambda label=label: _store(graph, "warm/node_store", label=label))
    for rel_type in RELATIONSHIP_TYPES:
        run(
            f"rels {rel_type}",
            lambda t=rel_type: _store(graph, "warm/relationship_store", type=t),
        )
    for name in INDEX_QUERIES:
        run(f"index {name.removeprefix('warm/indexes_')}", lambda n=name: _indexes(graph, n))
    if plans:
        run("plans pages", lambda: _page_plans(graph, stop))
        run("plans patterns", lambda: _pattern_plans(graph, pattern_seconds, stop))
    report.seconds = time.perf_counter() - began
    log.info("%s", report.summary())
    return report


def _store(graph: Graph, query: str, **params: Any) -> dict[str, int]:
    row = graph.read_one(query, **params) or {}
    kind = "nodes" if "label" in params else "relationships"
    return {
        kind: int(row.get("items") or 0),
        "properties": int(row.get("properties") or 0),
        **({"links": int(row.get("links") or 0)} if "links" in row else {}),
    }


def _indexes(graph: Graph, query: str) -> dict[str, int]:
    row = graph.read_one(query) or {}
    return {name: int(value or 0) for name, value in row.items()}


def warm_viewer(graph: Graph) -> ViewerGraph:
    """A viewer for the warm-up: the role whose agreement shows the most agencies (so the
    reads walk as much as a page would), a recorded purpose, and no audit sink - the
    warm-up opens pages for no one, so it records nothing and writes nothing."""
    agreements = agreements_in_force()
    role = max(
        agreements.roles,
        key=lambda r: (len(agreements.grant(r).params()["visible_agencies"]), r),
    )
    ctx = AccessContext(WARM_USER, role, purpose=WARM_PURPOSE)
    return ViewerGraph(graph, ctx, agreements, audit=None)


def _page_plans(graph: Graph, stop: threading.Event, count: int = SAMPLES) -> dict[str, int]:
    """Open ``count`` people's search, profile (with its flags and household), explorer and
    connections as the pages do, so each of their queries is planned, cached and hot: the
    first view after a start used to pay ~1 s more than the next, warm-up done."""
    samples = graph.read("warm/sample_person", min_records=SAMPLE_RECORDS, count=count)
    if len(samples) < count:  # a small graph: top up with people of fewer records
        chosen = {row["key"] for row in samples}
        more = graph.read("warm/sample_person", min_records=1, count=count + len(chosen))
        samples += [row for row in more if row["key"] not in chosen][: count - len(samples)]
    if not samples:
        return {"plans": 0}
    viewer = warm_viewer(graph)
    opened, nodes = 0, []
    for sample in samples:
        if stop.is_set():
            break
        opened_here, size = _open_pages(viewer, sample["key"], str(sample["surname"]))
        opened, nodes = opened + opened_here, [*nodes, size]
    return {"plans": opened, "people": len(nodes), "network_nodes": nodes[0] if nodes else 0}


def _open_pages(viewer: ViewerGraph, key: str, surname: str) -> tuple[int, int]:
    """The pages' reads for one person; returns how many were opened and the network's size."""
    from touchpoint.services.reads.flags import flags_for_subject
    from touchpoint.services.reads.household import load_household
    from touchpoint.services.reads.network import ego_network
    from touchpoint.services.reads.paths import find_connections
    from touchpoint.services.reads.profile import load_profile, withheld_by_agency
    from touchpoint.services.reads.search import search_people

    search_people(viewer, surname)
    opened = 1
    profile = load_profile(viewer, key)
    if profile is not None:
        flags_for_subject(viewer, profile.key)
        load_household(viewer, profile.key)
        opened += 3
    network = ego_network(viewer, key, 2)
    withheld_by_agency(viewer, list(network.nodes))
    opened += 2
    people = [k for k, node in network.nodes.items() if node.kind == "person" and k != key]
    if people:
        find_connections(viewer, key, people[0])
        opened += 1
    return opened, len(network.nodes)


def _pattern_plans(
    graph: Graph, budget_seconds: float = 0.0, stop: threading.Event | None = None
) -> dict[str, int]:
    """Run every saved pattern for everyone with its default parameters while
    ``budget_seconds`` last, and plan the rest (``EXPLAIN``: planned and cached, not run);
    a scoped pattern is also planned for some people (Neo4j plans a list-typed scope apart
    from a null one; ``padded_scope`` keeps every nightly scope in the one size bucket
    planned here). Planning alone left a pattern's first real run after a restart at 2.0x its
    warm time (20k people): the first execution of a plan pays for more than the plan."""
    planned = ran = 0
    deadline = time.perf_counter() + budget_seconds
    for pattern in list_patterns():
        resolved = pattern.resolve_params({})
        scopes = (None, []) if pattern.scoped else (None,)
        for scope in scopes:
            params = pattern.cypher_params(resolved, scope)
            if scope is None and time.perf_counter() < deadline and not _stopped(stop):
                graph.read(pattern.query, **params)  # read only: hits are not recorded
                ran += 1
            else:
                graph.read(_explained(pattern.query), **params)
            planned += 1
    return {"plans": planned, "runs": ran}


def _explained(query: Query) -> Query:
    return Query(name=f"{query.name} (plan)", text=f"EXPLAIN {query.text}", meta=query.meta)


def _stopped(stop: threading.Event | None) -> bool:
    return stop is not None and stop.is_set()


class BackgroundWarmUp(threading.Thread):
    """The warm-up in a daemon thread; ``finish`` stops it between steps and waits for it."""

    def __init__(self, settings: Settings, on_done: Callable[[WarmReport], None] | None) -> None:
        super().__init__(name="touchpoint-warm-up", daemon=True)
        self.settings, self.on_done, self.stop = settings, on_done, threading.Event()

    def run(self) -> None:
        from touchpoint.graph_model.store.db import Graph

        try:
            with Graph.connect(self.settings) as graph:
                report = warm_up(
                    graph, pattern_seconds=self.settings.warm_pattern_seconds, stop=self.stop
                )
        except Exception as exc:  # a warm-up never fails a start
            log.warning("warm-up skipped: %s", exc)
            return
        if self.on_done is not None and not self.stop.is_set():
            self.on_done(report)

    def finish(self, timeout: float = 15) -> None:
        """The server is stopping (Ctrl+C): start nothing more, let the query running end and
        close the connection, so the process exits with no thread left mid-read."""
        self.stop.set()
        self.join(timeout=timeout)


def start_in_background(
    settings: Settings, on_done: Callable[[WarmReport], None] | None = None
) -> BackgroundWarmUp | None:
    """Warm in a daemon thread when ``settings.warm_on_start``; the caller goes on at once.

    Connection problems (graph down) are logged, never raised. Returns the thread (``finish``
    it when the server stops), or None when the setting is off."""
    if not settings.warm_on_start:
        return None
    thread = BackgroundWarmUp(settings, on_done)
    thread.start()
    return thread
