"""One load per extract at a time: a graph lease per mapping source (``load:<source>``).

Why per source and why a lease: the old guard refused a load whenever *any* load ran on this
host (so a CLI load of police blocked the scheduler's GP run) and was a read-then-write, so
two loads of one directory started at the same instant both got through. A lease is taken in
one write transaction on a uniquely-constrained node (``store.leases``): different sources
load in parallel, the same source never twice. A directory load takes the leases of every
extract it will load before writing anything, all or none, in name order (so two racing
loads cannot each hold half): exactly one of two identical loads proceeds, the other is
refused with who holds it. A holder killed with ``kill -9`` on this host loses its lease at
once; one on another host after ``ttl_seconds`` without renewal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import ClassVar

from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.leases import Lease, LeaseHeld

KEY_PREFIX = "load:"
log = logging.getLogger(__name__)


class LoadBusy(LeaseHeld):
    """The extract is being loaded right now by another process (or another loader)."""

    @property
    def source(self) -> str:
        return self.key.removeprefix(KEY_PREFIX)

    def describe(self) -> str:
        h = self.holder
        return (f"{self.source} is being loaded right now by {h.get('owner')} ({h.get('run_id')}, "
                f"since {h.get('acquired_at')}); it was not loaded a second time. Run it again "
                "once that load has finished.")  # fmt: skip


class LoadLease(Lease):
    """The lease on one mapping source's extract."""

    held_error: ClassVar[type[LeaseHeld]] = LoadBusy

    def __init__(self, graph: Graph, source: str, what: str, ttl_seconds: float) -> None:
        super().__init__(graph, KEY_PREFIX + source, what, ttl_seconds)
        self.source = source


class LoadLocks:
    """The leases one ``Loader`` holds; nested takes (a file inside a directory load) reuse
    the lease already held. A group of leases is renewed by one thread with one query and
    released with one query, so a directory of 22 extracts costs one write, not 22, every
    ``ttl_seconds / 3`` — and one wait, not 22, when Neo4j is gone."""

    def __init__(self, graph: Graph, ttl_seconds: float) -> None:
        self.graph = graph
        self.ttl_seconds = ttl_seconds
        self._held: dict[str, LoadLease] = {}

    @contextmanager
    def holding(self, sources: Iterable[str], what: str) -> Iterator[None]:
        """Hold the leases of ``sources`` (all or none, in name order) for the block."""
        taken: list[LoadLease] = []
        renewal: _Renewal | None = None
        try:
            for source in sorted(set(sources) - self._held.keys()):
                lease = LoadLease(self.graph, source, what, self.ttl_seconds)
                lease.acquire()  # or LoadBusy: the leases taken so far are released below
                taken.append(lease)
                self._held[source] = lease
            if taken:
                renewal = _Renewal(self.graph, taken, self.ttl_seconds)
            yield
        finally:
            if renewal is not None:
                renewal.stop()
            self._release(taken)

    def _release(self, taken: list[LoadLease]) -> None:
        for lease in taken:
            del self._held[lease.source]
        if not taken:
            return
        try:
            self.graph.write("pipeline/release_locks", leases=_keys(taken))
        except TouchpointError as exc:  # the graph is gone: taken over once we have ended
            log.warning("Load leases not released (%s); they are taken over once this "
                        "process has ended.", exc)  # fmt: skip


class _Renewal:
    """One thread renewing a group of leases until stopped."""

    def __init__(self, graph: Graph, leases: list[LoadLease], ttl_seconds: float) -> None:
        self.graph, self.leases, self.ttl_seconds = graph, leases, ttl_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="load-lease-renewal", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(max(self.ttl_seconds / 3, 0.2)):
            try:
                rows = self.graph.write_returning(
                    "pipeline/renew_locks", leases=_keys(self.leases), ttl_seconds=self.ttl_seconds
                )
            except TouchpointError as exc:
                log.warning("Could not renew the load leases: %s", exc)
                continue
            lost = {lease.key for lease in self.leases} - {row["source"] for row in rows}
            if lost:
                log.error("Load lease(s) %s taken over while this load held them.",
                          ", ".join(sorted(lost)))  # fmt: skip


def _keys(leases: list[LoadLease]) -> list[dict[str, str]]:
    return [{"source": lease.key, "owner": lease.owner.name} for lease in leases]
