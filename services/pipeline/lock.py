"""One run per source at a time: the pipeline's use of the graph lease (``store.leases``).

A ``PipelineLock`` is a ``Lease`` keyed by the registry source's name; taking it is atomic,
a running pipeline renews it, and a crashed run's lock expires (or is taken over at once when
its process on this host is gone), its run then marked ``abandoned``. The loader takes its own
lease per mapping source (``load:<source>``) on the same nodes, so a pipeline run whose load
finds the extract busy (a CLI load of it is under way) is told so by ``LeaseHeld``: the runner
records the run ``skipped_locked`` and the scheduler tries it again later (not a failure).
"""

from __future__ import annotations

import logging
from typing import ClassVar

from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.leases import Lease, LeaseHeld, Owner

__all__ = ["LeaseHeld", "LockHeld", "Owner", "PipelineLock"]
log = logging.getLogger(__name__)


class LockHeld(LeaseHeld):
    """Another run of this source holds the lock."""

    @property
    def source(self) -> str:
        return self.key

    def describe(self) -> str:
        h = self.holder
        return (f"Source {self.key!r} is already being run by {h.get('owner')} "
                f"(run {h.get('run_id')}, lock expires {h.get('expires_at')}).")  # fmt: skip


class PipelineLock(Lease):
    """Context manager: acquire on enter (or raise ``LockHeld``), renew while held, release."""

    held_error: ClassVar[type[LeaseHeld]] = LockHeld

    def __init__(
        self,
        graph: Graph,
        source: str,
        run_id: str,
        ttl_seconds: float = 300.0,
        owner: Owner | None = None,
    ) -> None:
        super().__init__(graph, source, run_id, ttl_seconds, owner)

    @property
    def source(self) -> str:
        return self.key

    def on_takeover(self, previous_run_id: str | None, reason: str) -> None:
        """The run that held the lock died: mark it ``abandoned`` so the history says so."""
        if previous_run_id:
            self.graph.write("pipeline/abandon_run", run_id=previous_run_id, reason=reason)
            log.warning(
                "Took over the lock of %s: %s; run %s abandoned.", self.key, reason, previous_run_id
            )
