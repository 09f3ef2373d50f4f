"""A ``Graph`` bound to an ``AccessContext``: the one choke point for every viewer read.

``ViewerGraph(graph, ctx)`` is the graph as one viewer may see it. Its ``read`` enforces, before
any Cypher runs (``check_viewer_query``), and audits after:

1. It runs only queries that declare ``// access: agreement`` *and* the agreement parameters
   they filter by - a query that does not, whatever it reads, is refused (``AccessDenied``), so
   a new page cannot reach an unfiltered query through the viewer. (tests/security walks every
   query file under ``cypher/`` through this gate.)
2. Such a query receives the agreement as Cypher *parameters* (``$visible_agencies``,
   ``$visible_event_types``, ``$visible_fields``, ``$withheld_text``, ``$agreement``) - only
   those it declares - and filters in Cypher, so nothing withheld ever leaves the database.
3. ``// purpose: required`` queries (full profiles, networks, raw quarantined rows) refuse
   without a purpose - under break-glass too, which always carries one. The app's viewer for a
   page that names no person (``purpose_reads=False``) refuses them even with one: a person's
   reads go through the viewer of the case that covers that person (``app.auth.session``).

A query with ``// audit: {action: ..., subject: key, terms: [...]}`` writes one audit entry per
call (who, role, purpose, what, how many rows, break-glass), through the same object; a query
returning one row that lists what it shows names the columns with ``subjects_from`` (the ids
shown) and ``count_from`` (the items shown). Audited search terms are capped (``MAX_TERM``).

The raw ``Graph`` stays private (``_graph``): a service that must act as the system on the
viewer's behalf - running a pattern before filtering its hits, recording a decision - asks
``system`` explicitly, after checking the viewer may; pages never do
(tests/unit/test_layers.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from touchpoint.graph_model.access.agreements import Agreements, Grant, agreements_in_force
from touchpoint.graph_model.access.context import (
    AccessContext,
    AccessDenied,
    CaseRequired,
    PurposeRequired,
)
from touchpoint.graph_model.store.queries import Query, load_query

if TYPE_CHECKING:
    from touchpoint.graph_model.store.db import Graph

ACCESS_PARAMS = (
    "visible_agencies", "visible_event_types", "visible_fields", "withheld_text", "agreement"
)  # fmt: skip
MAX_TERM = 200  # characters of one audited search term (the audit keeps what was asked, capped)


class AuditSink(Protocol):
    def record(self, ctx: AccessContext, action: str, **details: Any) -> Any: ...


def check_viewer_query(q: Query) -> list[str]:
    """The agreement parameters a viewer may pass to ``q``, or ``AccessDenied`` if ``q`` does
    not declare the agreement and the parameters it filters by."""
    declared = [name for name in q.params if name in ACCESS_PARAMS]
    if q.meta.get("access") != "agreement" or not declared:
        raise AccessDenied(
            f"Query {q.name} declares no agreement, so no viewer may run it (add "
            "'// access: agreement', filter by $visible_agencies … and declare them in params)"
        )
    return declared


class ViewerGraph:
    """Read-only, agreement-enforcing view of the graph for one ``AccessContext``."""

    def __init__(
        self,
        graph: Graph,
        ctx: AccessContext,
        agreements: Agreements | None = None,
        audit: AuditSink | None = None,
        purpose_reads: bool = True,
    ) -> None:
        self._graph = graph
        self.purpose_reads = purpose_reads  # may run ``purpose: required`` queries
        self.ctx = ctx
        self.agreements = agreements or agreements_in_force()
        self.audit = audit
        self.agreements.grant(ctx.role)  # an unknown role fails here, not at the first read

    @property
    def grant(self) -> Grant:
        """The role's grant - or, under active break-glass its agreement allows, everything."""
        grant = self.agreements.grant(self.ctx.role)
        if not self.ctx.glass_active:
            return grant
        if not grant.break_glass:
            raise AccessDenied(f"Role {self.ctx.role!r} may not break glass.")
        return grant.widened()

    @property
    def agreement_id(self) -> str:
        return self.agreements.grant(self.ctx.role).agreement.agreement

    @property
    def system(self) -> Graph:
        """The system graph, for a service acting as the system on this viewer's behalf: a
        pattern run across every agency before its hits are filtered, a flag or match decision
        recorded after checking the viewer may see it. Never from a page."""
        return self._graph

    def read(self, query: str | Query, **params: Any) -> list[dict[str, Any]]:
        """Run a saved read query under the agreement; audit it if its header says so."""
        q = query if isinstance(query, Query) else load_query(query)
        access = self._access_params(q)
        rows = self._graph.read(q, **params, **access)
        audit = q.meta.get("audit")
        if audit and self.audit is not None:
            self._audit(q, audit, params, rows)
        return rows

    def read_one(self, query: str | Query, **params: Any) -> dict[str, Any] | None:
        rows = self.read(query, **params)
        return rows[0] if rows else None

    def record(self, action: str, **details: Any) -> None:
        """Audit an action that is not a read (export, flag review, break-glass start)."""
        if self.audit is not None:
            self.audit.record(self.ctx, action, agreement=self.agreement_id, **details)

    def refused(self, action: str, key: Any, what: str) -> None:
        """Audit an attempt to open something the agreement does not show (or that is not
        there - the two are deliberately indistinguishable to the viewer)."""
        self.record(action, subjects=[capped(key)], outcome="refused: outside the agreement",
                    what=what)  # fmt: skip

    def _access_params(self, q: Query) -> dict[str, Any]:
        declared = check_viewer_query(q)
        if q.meta.get("purpose") == "required":
            if not self.purpose_reads:
                raise CaseRequired()
            if self.ctx.purpose is None:
                raise PurposeRequired(
                    "Record a purpose (case reference and reason) before opening a profile."
                )
        everything = self.grant.params()
        return {name: everything[name] for name in declared}

    def _audit(
        self, q: Query, spec: dict[str, Any], params: dict[str, Any], rows: list[dict[str, Any]]
    ) -> None:
        subject = params.get(spec.get("subject", ""))
        subjects = [subject] if isinstance(subject, str) else list(subject or [])
        if spec.get("action") == "search":
            subjects = [row["key"] for row in rows if "key" in row]
        if "subjects_from" in spec:  # a column listing whom the rows show (one row, many)
            subjects += [s for row in rows for s in row.get(spec["subjects_from"]) or []]
        result_count = len(rows)
        if "count_from" in spec:  # a column holding the shown items as a list
            result_count = sum(len(row.get(spec["count_from"]) or []) for row in rows)
        terms = {name: capped(params.get(name)) for name in spec.get("terms", [])}
        per_subject = {row.get("from_key", i): row.get("withheld") for i, row in enumerate(rows)}
        withheld = sum(int(n or 0) for n in per_subject.values())  # once per subject, not row
        self.audit.record(  # type: ignore[union-attr]
            self.ctx,
            spec["action"],
            agreement=self.agreement_id,
            query=q.name,
            subjects=[capped(s) for s in subjects],
            terms=terms,
            result_count=result_count,
            withheld=withheld,
        )


def capped(value: Any) -> Any:
    """Text cut to ``MAX_TERM`` characters (marked), so a hostile input cannot bloat the audit."""
    if isinstance(value, str) and len(value) > MAX_TERM:
        return value[:MAX_TERM] + f"…(+{len(value) - MAX_TERM} chars)"
    return value
