"""Atomic, expiring locks in the graph: one ``PipelineLock`` node per key (unique on ``source``).

Used by the pipeline (one run per registry source) and by the loader (one load per mapping
source, keyed ``load:<source>``), so a CLI load, a scheduled run and a second CLI load of
the same extract never write it at the same time, while different sources go in parallel.

Taking a lease is one write transaction (MERGE on the constrained key, then a dummy write that
takes the node's write lock before the owner is read, then a conditional SET), so two
processes racing for the same key cannot both win. A holder renews the expiry from a
background thread; a process that crashes stops renewing, so its lease expires after
``ttl_seconds`` and the next taker gets it (``on_takeover`` lets the owner clean up after the
dead run). When the holder was on this host and its process is gone (``kill -9``), the lease
is taken over at once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from dataclasses import dataclass
from types import TracebackType
from typing import ClassVar

from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.processes import pid_alive
from touchpoint.graph_model.store.db import Graph

log = logging.getLogger(__name__)


class LeaseHeld(TouchpointError):
    """Someone else holds the lease on ``key``; ``holder`` says who, which run, until when."""

    def __init__(self, key: str, holder: dict[str, object]) -> None:
        self.key = key
        self.holder = holder
        super().__init__(self.describe())

    def describe(self) -> str:
        h = self.holder
        return (f"{self.key!r} is held by {h.get('owner')} (run {h.get('run_id')}, "
                f"expires {h.get('expires_at')}).")  # fmt: skip


@dataclass(frozen=True)
class Owner:
    """Who holds a lease: host, process and a per-holder token (two holders in one process
    are two owners)."""

    host: str
    pid: int
    token: str

    @classmethod
    def current(cls) -> Owner:
        return cls(socket.gethostname(), os.getpid(), uuid.uuid4().hex[:12])

    @property
    def name(self) -> str:
        return f"{self.host}:{self.pid}:{self.token}"


class Lease:
    """Context manager: acquire on enter (or raise ``held_error``), renew while held, release."""

    held_error: ClassVar[type[LeaseHeld]] = LeaseHeld

    def __init__(
        self,
        graph: Graph,
        key: str,
        run_id: str,
        ttl_seconds: float = 300.0,
        owner: Owner | None = None,
    ) -> None:
        self.graph = graph
        self.key = key
        self.run_id = run_id
        self.ttl_seconds = ttl_seconds
        self.owner = owner or Owner.current()
        self.recovered_run_id: str | None = None
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None
        self.lost = False
        self.held = False

    # ---- acquire / release ------------------------------------------------------------
    def acquire(self) -> None:
        row = self.graph.write_returning("pipeline/acquire_lock", **self._params())[0]
        if row["acquired"]:
            self.held = True
            if row["was_stale"]:
                self._took_over(row["previous_run_id"], f"lock of {row['previous_owner']} expired")
            return
        holder_dead = row["host"] == self.owner.host and not pid_alive(int(row["pid"] or 0))
        if holder_dead and self._steal(row["owner"]):
            self.held = True
            self._took_over(row["run_id"], f"process {row['pid']} on {row['host']} is gone")
            return
        raise self.held_error(self.key, row)

    def release(self) -> None:
        self.stop_renewing()
        self.graph.write("pipeline/release_lock", source=self.key, owner=self.owner.name)
        self.held = False

    def stop_renewing(self) -> None:
        """Stop the renewal thread without writing (the graph is gone: the lease is taken
        over once this process has ended, or expires)."""
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=5)

    def renew(self) -> bool:
        """Push the expiry forward; False when the lease is no longer ours."""
        rows = self.graph.write_returning(
            "pipeline/renew_lock",
            source=self.key,
            owner=self.owner.name,
            ttl_seconds=self.ttl_seconds,
        )
        return bool(rows)

    def on_takeover(self, previous_run_id: str | None, reason: str) -> None:
        """Called after taking over the lease of a holder that died; override to clean up."""

    # ---- context manager ----------------------------------------------------------------
    def __enter__(self) -> Lease:
        if not self.held:
            self.acquire()
        self._renewer = threading.Thread(
            target=self._keep_renewing, name=f"lock-renew-{self.key}", daemon=True
        )
        self._renewer.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.release()
        except TouchpointError as err:  # the graph went away: the lease expires on its own
            log.warning("Lock of %s not released (%s); it expires on its own.", self.key, err)

    # ---- internals ----------------------------------------------------------------------
    def _keep_renewing(self) -> None:
        interval = max(self.ttl_seconds / 3, 0.2)
        while not self._stop.wait(interval):
            try:
                if not self.renew():
                    self.lost = True
                    log.error("Lock of %s was taken over while this run held it.", self.key)
                    return
            except TouchpointError as err:
                log.warning("Could not renew lock of %s: %s", self.key, err)

    def _steal(self, dead_owner: str) -> bool:
        rows = self.graph.write_returning(
            "pipeline/steal_lock", dead_owner=dead_owner, **self._params()
        )
        return bool(rows and rows[0]["acquired"])

    def _took_over(self, run_id: str | None, reason: str) -> None:
        self.recovered_run_id = run_id
        self.on_takeover(run_id, reason)

    def _params(self) -> dict[str, object]:
        return {
            "source": self.key,
            "owner": self.owner.name,
            "run_id": self.run_id,
            "host": self.owner.host,
            "pid": self.owner.pid,
            "ttl_seconds": self.ttl_seconds,
        }
