"""A ``Graph`` bound to an ``AccessContext``: the one choke point for every viewer read.

``ViewerGraph(graph, ctx)`` is the graph as one viewer may see it. Its ``read`` enforces three
rules before any Cypher runs, and audits after:

1. A query that touches agency records (``:PersonRecord``, ``:Event``, ``:Flag``) must declare
   ``// access: agreement`` in its header, else it is refused - so a new page cannot forget the
   agreement by calling an unfiltered query.
2. Such a query receives the agreement as Cypher *parameters* (``$visible_agencies``,
   ``$visible_event_types``, ``$visible_fields``, ``$withheld_text``, ``$agreement``) - only
   those it declares - and filters in Cypher, so nothing withheld ever leaves the database.
3. ``// purpose: required`` queries (full profiles, networks) refuse without a purpose.

A query with ``// audit: {action: ..., subject: key, terms: [...]}`` writes one audit entry per
call (who, role, purpose, what, how many rows, break-glass), through the same object; a query
returning one row that lists what it shows names the columns with ``subjects_from`` (the ids
shown) and ``count_from`` (the items shown).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from touchpoint.graph_model.access.agreements import (
    DETAIL_FIELDS,
    Agreements,
    Grant,
    agreements_in_force,
)
from touchpoint.graph_model.access.context import AccessContext, AccessDenied, PurposeRequired
from touchpoint.graph_model.model.vocabulary import vocabulary
from touchpoint.graph_model.store.queries import Query, load_query

if TYPE_CHECKING:
    from touchpoint.graph_model.store.db import Graph

ACCESS_PARAMS = (
    "visible_agencies", "visible_event_types", "visible_fields", "withheld_text", "agreement"
)  # fmt: skip
_RECORD_LABELS = re.compile(r":\s*`?(PersonRecord|Event|Flag)\b")


class AuditSink(Protocol):
    def record(self, ctx: AccessContext, action: str, **details: Any) -> Any: ...


class ViewerGraph:
    """Read-only, agreement-enforcing view of the graph for one ``AccessContext``."""

    def __init__(
        self,
        graph: Graph,
        ctx: AccessContext,
        agreements: Agreements | None = None,
        audit: AuditSink | None = None,
    ) -> None:
        self.graph = graph
        self.ctx = ctx
        self.agreements = agreements or agreements_in_force()
        self.audit = audit
        self.agreements.grant(ctx.role)  # an unknown role fails here, not at the first read

    @property
    def grant(self) -> Grant:
        """The role's grant - or, under active break-glass, everything (and flagged)."""
        grant = self.agreements.grant(self.ctx.role)
        if not self.ctx.glass_active:
            return grant
        vocab = vocabulary()
        return replace(
            grant,
            visible_agencies=tuple(vocab.agencies),
            visible_event_types=vocab.event_type_pairs(),
            visible_fields={a: DETAIL_FIELDS for a in vocab.agencies},
        )

    @property
    def agreement_id(self) -> str:
        return self.agreements.grant(self.ctx.role).agreement.agreement

    def read(self, query: str | Query, **params: Any) -> list[dict[str, Any]]:
        """Run a saved read query under the agreement; audit it if its header says so."""
        q = query if isinstance(query, Query) else load_query(query)
        access = self._access_params(q)
        rows = self.graph.read(q, **params, **access)
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

    def _access_params(self, q: Query) -> dict[str, Any]:
        declared = q.meta.get("access") == "agreement"
        if not declared and _RECORD_LABELS.search(q.text):
            raise AccessDenied(
                f"Query {q.name} reads agency records but declares no agreement "
                "(add '// access: agreement' and filter by $visible_agencies …)"
            )
        needs_purpose = q.meta.get("purpose") == "required" and self.ctx.purpose is None
        if needs_purpose and not self.ctx.glass_active:
            raise PurposeRequired(
                "Record a purpose (case reference and reason) before opening a profile."
            )
        if not declared:
            return {}
        everything = self.grant.params()
        return {name: everything[name] for name in ACCESS_PARAMS if name in q.params}

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
        terms = {name: params.get(name) for name in spec.get("terms", [])}
        per_subject = {row.get("from_key", i): row.get("withheld") for i, row in enumerate(rows)}
        withheld = sum(int(n or 0) for n in per_subject.values())  # once per subject, not row
        self.audit.record(  # type: ignore[union-attr]
            self.ctx,
            spec["action"],
            agreement=self.agreement_id,
            query=q.name,
            subjects=subjects,
            terms=terms,
            result_count=result_count,
            withheld=withheld,
        )
