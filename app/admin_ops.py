"""The admin pages' one door to the system: sources, runs, health and the quarantine.

Administrators set up the scheduled loads, so their pages act as the system - but for a
signed-in person, and only through this object: every change is audited (``source_add``,
``source_pause`` …, refused attempts too), every location is confined to the configured extract
folders (``services.pipeline.confine``), raw quarantined rows are read through the admin's
``ViewerGraph`` under their agreement (a purpose first; the raw text only where the agreement
grants the ``raw_row`` detail), and a page never holds the raw ``Graph`` or the ``Settings``
(which can read the Neo4j password).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from touchpoint.app import state
from touchpoint.app.auth.session import case_viewer, current_viewer, is_admin
from touchpoint.graph_model.access.context import CaseRequired
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.services.pipeline import operations
from touchpoint.services.pipeline.confine import confine_source
from touchpoint.services.pipeline.sources import parse_source, registry_path
from touchpoint.services.reads.exports import provenance_for


@dataclass
class QuarantinePage:
    rows: list[dict[str, Any]]
    withheld: int
    agreement: str

    def notice(self) -> str | None:
        if not self.withheld:
            return None
        plural = "" if self.withheld == 1 else "s"
        return (f"{self.withheld} row{plural} of agencies outside agreement {self.agreement} "
                "withheld")  # fmt: skip


class AdminOps:
    """What the signed-in administrator may do to the pipeline, audited."""

    def __init__(self, viewer: ViewerGraph, holder: state.GraphHolder) -> None:
        self._viewer = viewer
        self._holder = holder

    # ---- sources -------------------------------------------------------------------------
    def _schedules(self) -> operations.Schedules:
        settings = self._holder.settings
        return operations.Schedules(settings, registry_path(settings))

    def sources(self) -> list[dict[str, Any]]:
        return self._schedules().listing()

    def sql_urls(self) -> list[str]:
        """The SQL connections the operator allowed (templates: ``${VAR}`` not resolved)."""
        return list(self._holder.settings.sql_urls)

    def source_names(self) -> list[str]:
        return [s.name for s in self._schedules().registry.sources]

    def add_source(self, data: dict[str, Any], replace: bool) -> Any:
        """Register a source the admin described, confined to what the workbench may read."""
        name = str(data.get("name") or "")[:63]
        try:
            source = confine_source(parse_source(data, origin="New source"),
                                    self._holder.settings)  # fmt: skip
            self._schedules().add(source, replace=replace)
        except TouchpointError as exc:
            self._viewer.record("source_add", subjects=[name], outcome="refused",
                                problem=str(exc)[:300])  # fmt: skip
            raise
        self._viewer.record(
            "source_add",
            subjects=[source.name],
            replace=replace,
            location=source.location.describe(),
            mapping=str(source.mapping),
        )
        return source

    def set_enabled(self, name: str, enabled: bool) -> None:
        self._schedules().set_enabled(name, enabled)
        self._viewer.record("source_resume" if enabled else "source_pause", subjects=[name])

    def remove(self, name: str) -> None:
        self._schedules().remove(name)
        self._viewer.record("source_remove", subjects=[name])

    def run_now(self, name: str) -> None:
        self._schedules().run_now_in_background(self._holder.get(), name)
        self._viewer.record("source_run_now", subjects=[name])

    # ---- runs and health -----------------------------------------------------------------
    def runs(self, source: str | None, limit: int = 200) -> list[dict[str, Any]]:
        return operations.history(self._holder.get(), source, limit=limit)

    def run_detail(self, run_id: str) -> dict[str, Any]:
        return operations.run_detail(self._holder.get(), run_id)

    def health(self) -> dict[str, Any]:
        """Neo4j, store, scheduler and disk - it must answer when the graph is down too."""
        settings = self._holder.settings
        try:
            graph = self._holder.get()
        except TouchpointError:
            graph = None
        return operations.health(settings, graph) | {"disk_free": operations.disk_free(settings)}

    # ---- quarantine ----------------------------------------------------------------------
    def quarantine(self, source: str | None, run_id: str | None, limit: int) -> QuarantinePage:
        """A page of refused rows under the admin's agreement (needs a purpose; audited)."""
        rows = operations.quarantined_rows(self._viewer, source, run_id, limit=limit)
        withheld = operations.quarantine_withheld(self._viewer, source, run_id)
        self._viewer.record(
            "quarantine_view", subjects=[r["row_id"] for r in rows],
            terms={"source": source, "run": run_id}, result_count=len(rows), withheld=withheld,
        )  # fmt: skip
        return QuarantinePage(rows, withheld, self._viewer.agreement_id)

    def quarantine_csv(self, source: str | None, run_id: str | None) -> str:
        """Every matching refused row as CSV (formulas neutralised), audited as an export."""
        rows = list(operations.iter_quarantined_rows(self._viewer, source, run_id))
        self._viewer.record(
            "export", terms={"what": "quarantine", "source": source, "run": run_id},
            result_count=len(rows),
        )  # fmt: skip
        stamp = provenance_for(self._viewer, "quarantined rows", {"source": source, "run": run_id})
        return operations.quarantine_csv(rows, stamp)


def current_admin() -> AdminOps | None:
    """The signed-in administrator's door to the pipeline, or None for anyone else."""
    if not is_admin():
        return None
    try:  # refused rows are personal data about no one person: under the current case
        viewer = case_viewer()
    except CaseRequired:  # no case yet: everything but the raw rows
        viewer = current_viewer()
    return AdminOps(viewer, state.holder())
