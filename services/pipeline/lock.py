"""One run per source at a time: a ``PipelineLock`` node per source with an owner and expiry.

Taking the lock is one write transaction (MERGE, then a dummy write that takes the node's
write lock before the owner is read, then a conditional SET), so two schedulers on two hosts
racing for the same source cannot both win. A running pipeline renews the expiry from a
background thread; a process that crashes stops renewing, so its lock expires after
``ttl_seconds`` and the next run takes it over (marking the dead run ``abandoned``). When the
holder was on this host and its process is gone, the lock is taken over at once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from dataclasses import dataclass
from types import TracebackType

from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.processes import pid_alive
from touchpoint.graph_model.store.db import Graph

log = logging.getLogger(__name__)


class LockHeld(TouchpointError):
    """Another run of this source holds the lock."""

    def __init__(self, source: str, holder: dict[str, object]) -> None:
        self.source = source
        self.holder = holder
        super().__init__(
            f"Source {source!r} is already being run by {holder.get('owner')} "
            f"(run {holder.get('run_id')}, lock expires {holder.get('expires_at')})."
        )


@dataclass(frozen=True)
class Owner:
    """Who holds a lock: host, process and a per-run token."""

    host: str
    pid: int
    token: str

    @classmethod
    def current(cls) -> Owner:
        return cls(socket.gethostname(), os.getpid(), uuid.uuid4().hex[:12])

    @property
    def name(self) -> str:
        return f"{self.host}:{self.pid}:{self.token}"


class PipelineLock:
    """Context manager: acquire on enter (or raise ``LockHeld``), renew while held, release."""

    def __init__(
        self,
        graph: Graph,
        source: str,
        run_id: str,
        ttl_seconds: float = 300.0,
        owner: Owner | None = None,
    ) -> None:
        self.graph = graph
        self.source = source
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
                self._abandon(row["previous_run_id"], f"lock of {row['previous_owner']} expired")
            return
        holder_dead = row["host"] == self.owner.host and not pid_alive(int(row["pid"] or 0))
        if holder_dead and self._steal(row["owner"]):
            self.held = True
            self._abandon(row["run_id"], f"process {row['pid']} on {row['host']} is gone")
            return
        raise LockHeld(self.source, row)

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=5)
        self.graph.write("pipeline/release_lock", source=self.source, owner=self.owner.name)
        self.held = False

    def renew(self) -> bool:
        """Push the expiry forward; False when the lock is no longer ours."""
        rows = self.graph.write_returning(
            "pipeline/renew_lock",
            source=self.source,
            owner=self.owner.name,
            ttl_seconds=self.ttl_seconds,
        )
        return bool(rows)

    # ---- context manager ----------------------------------------------------------------
    def __enter__(self) -> PipelineLock:
        if not self.held:
            self.acquire()
        self._renewer = threading.Thread(
            target=self._keep_renewing, name=f"lock-renew-{self.source}", daemon=True
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
        except TouchpointError as err:  # the graph went away: the lock will expire on its own
            log.warning("Lock of %s not released (%s); it expires on its own.", self.source, err)

    # ---- internals ----------------------------------------------------------------------
    def _keep_renewing(self) -> None:
        interval = max(self.ttl_seconds / 3, 0.2)
        while not self._stop.wait(interval):
            try:
                if not self.renew():
                    self.lost = True
                    log.error("Lock of %s was taken over while this run held it.", self.source)
                    return
            except TouchpointError as err:
                log.warning("Could not renew lock of %s: %s", self.source, err)

    def _steal(self, dead_owner: str) -> bool:
        rows = self.graph.write_returning(
            "pipeline/steal_lock", dead_owner=dead_owner, **self._params()
        )
        return bool(rows and rows[0]["acquired"])

    def _abandon(self, run_id: str | None, reason: str) -> None:
        self.recovered_run_id = run_id
        if run_id:
            self.graph.write("pipeline/abandon_run", run_id=run_id, reason=reason)
            log.warning(
                "Took over the lock of %s: %s; run %s abandoned.", self.source, reason, run_id
            )

    def _params(self) -> dict[str, object]:
        return {
            "source": self.source,
            "owner": self.owner.name,
            "run_id": self.run_id,
            "host": self.owner.host,
            "pid": self.owner.pid,
            "ttl_seconds": self.ttl_seconds,
        }
