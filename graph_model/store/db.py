"""The one data-access layer: the only module that imports the Neo4j driver.

Loaders, resolution, patterns and the pipeline call ``Graph.read`` / ``Graph.write`` with the
*name* of a saved query and its parameters, never with Cypher built from user input; what a
person reads (pages, ``--as USER`` commands) goes through ``access.viewer.ViewerGraph``, which
wraps this class. Managed transactions
(``execute_read`` / ``execute_write``) retry transient failures; connection failures become a
``GraphUnavailable`` with the address and the fix, never a driver traceback. Access rules and
audit are not enforced here but one layer up, in ``ViewerGraph``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from touchpoint.graph_model.model.errors import GraphUnavailable, TouchpointError
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store import driver_logs
from touchpoint.graph_model.store.queries import Query, load_query

QueryRef = str | Query


@dataclass
class WriteSummary:
    """Counters of one or more write transactions, summed."""

    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    labels_added: int = 0

    def add(self, counters: Any) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(counters, name, 0))

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


class QueryFailed(TouchpointError):
    """Neo4j rejected a query: names the query and Neo4j's own message."""


class Graph:
    """A connection to Touchpoint's Neo4j database."""

    def __init__(self, settings: Settings, driver: neo4j.Driver | None = None) -> None:
        self.settings = settings
        self.database = settings.neo4j_database
        driver_logs.install()  # the driver's retry warnings: one short line per wait
        self._driver = driver or _make_driver(settings)

    @classmethod
    def connect(cls, settings: Settings) -> Graph:
        """Open and verify a connection, failing with a clear message."""
        graph = cls(settings)
        graph.verify()
        return graph

    def verify(self) -> None:
        with _translate_errors(self.settings):
            self._driver.verify_connectivity()

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reads --------------------------------------------------------------------------
    def read(self, query: QueryRef, **params: Any) -> list[dict[str, Any]]:
        """Run a saved read query; return plain dicts (records converted with .data())."""
        q = _resolve(query)
        q.check_params(params)

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(q.text, params)]

        return self._execute("read", q, work)

    def read_table(self, query: QueryRef, **params: Any) -> tuple[list[str], list[list[Any]]]:
        """Run a saved read query; return its column names and each row's values.

        For bulk reads (resolution pulls a million records): building a dict per row costs
        the client more than the query costs the server."""
        q = _resolve(query)
        q.check_params(params)

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
            result = tx.run(q.text, params)
            return list(result.keys()), [record.values() for record in result]

        return self._execute("read", q, work)

    def read_one(self, query: QueryRef, **params: Any) -> dict[str, Any] | None:
        rows = self.read(query, **params)
        return rows[0] if rows else None

    def read_pages(
        self, query: QueryRef, key: str, page_size: int | None = None, **params: Any
    ) -> Iterator[list[dict[str, Any]]]:
        """Keyset-paginated read: yield pages of rows, one short (retried) transaction each.

        The query takes ``$after`` (the last ``key`` value seen, ``null`` first) and ``$limit``
        and must return rows ordered by the unique column ``key`` (e.g. ``WHERE n.id > $after
        ORDER BY n.id LIMIT $limit``). Memory stays at one page however large the label is.
        """
        size = page_size or self.settings.batch_size
        after: Any = None
        while True:
            page = self.read(query, after=after, limit=size, **params)
            if not page:
                return
            yield page
            if len(page) < size:
                return
            after = page[-1][key]

    def write_chained(
        self, head: QueryRef, append: QueryRef, build: Any, **head_params: Any
    ) -> list[dict[str, Any]]:
        """Read-then-write in ONE transaction: ``head`` must lock what it returns (e.g. ``SET``
        on a head node), ``build(head_row)`` computes the parameters for ``append``. Used by
        the audit hash chain, where each entry's hash covers the previous one's."""
        qh, qa = _resolve(head), _resolve(append)
        qh.check_params(head_params)

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            row = tx.run(qh.text, head_params).single()
            params = build(row.data() if row else None)
            qa.check_params(params)
            return [record.data() for record in tx.run(qa.text, params)]

        return self._execute("write", qa, work)

    # ---- writes -------------------------------------------------------------------------
    def write(self, query: QueryRef, **params: Any) -> WriteSummary:
        """Run a saved write query in one managed (retried) transaction."""
        q = _resolve(query)
        q.check_params(params)
        summary = WriteSummary()

        def work(tx: neo4j.ManagedTransaction) -> Any:
            return tx.run(q.text, params).consume().counters

        summary.add(self._execute("write", q, work))
        return summary

    def write_returning(self, query: QueryRef, **params: Any) -> list[dict[str, Any]]:
        """Run a saved write query and return its rows."""
        q = _resolve(query)
        q.check_params(params)

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(q.text, params)]

        return self._execute("write", q, work)

    def write_batches(
        self,
        query: QueryRef,
        rows: Iterable[dict[str, Any]],
        batch_size: int | None = None,
        **params: Any,
    ) -> WriteSummary:
        """``UNWIND $rows`` in batches, one transaction per batch (retried as a unit)."""
        summary = WriteSummary()
        for batch in batched(rows, batch_size or self.settings.batch_size):
            summary.add(self.write(query, rows=batch, **params))
        return summary

    def write_together(self, steps: Iterable[tuple[QueryRef, dict[str, Any]]]) -> WriteSummary:
        """Run several saved write queries in ONE transaction: all commit or none do.

        Used to write a loader chunk (its nodes, relationships and quarantined rows) atomically
        and with one commit instead of one per query.
        """
        resolved = [(_resolve(query), params) for query, params in steps]
        for q, params in resolved:
            q.check_params(params)
        if not resolved:
            return WriteSummary()
        summary = WriteSummary()

        def work(tx: neo4j.ManagedTransaction) -> list[Any]:
            return [tx.run(q.text, params).consume().counters for q, params in resolved]

        names = Query(name=" + ".join(dict.fromkeys(q.name for q, _ in resolved)), text="")
        for counters in self._execute("write", names, work):
            summary.add(counters)
        return summary

    def run_autocommit(self, query: QueryRef, /, **params: Any) -> WriteSummary:
        """Auto-commit transaction: for schema commands and ``CALL {} IN TRANSACTIONS``.
        (Positional-only, so a query may take parameters called ``query`` or ``label``.)"""
        q = _resolve(query)
        return self.run_statement(q.text, q.name, **params)

    def run_statement(self, text: str, label: str, /, **params: Any) -> WriteSummary:
        """Auto-commit one statement that came from a saved file (never from user input)."""
        summary = WriteSummary()
        with _translate_errors(self.settings, label), self._session() as session:
            summary.add(session.run(text, params).consume().counters)
        return summary

    # ---- plumbing -----------------------------------------------------------------------
    @contextmanager
    def _session(self) -> Iterator[neo4j.Session]:
        with self._driver.session(database=self.database) as session:
            yield session

    def _execute(self, mode: str, q: Query, work: Any) -> Any:
        with _translate_errors(self.settings, q.name), self._session() as session:
            if mode == "read":
                return session.execute_read(work)
            return session.execute_write(work)


def batched(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Yield lists of at most ``size`` items (streams: never holds more than one batch)."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _resolve(query: QueryRef) -> Query:
    return query if isinstance(query, Query) else load_query(query)


def _make_driver(settings: Settings) -> neo4j.Driver:
    return GraphDatabase.driver(
        settings.effective_uri,
        auth=settings.auth(),
        max_connection_lifetime=3600,
        connection_acquisition_timeout=30,
        max_transaction_retry_time=30,
        connection_timeout=10,
        notifications_min_severity="OFF",
    )


@contextmanager
def _translate_errors(settings: Settings, query_name: str | None = None) -> Iterator[None]:
    where = settings.effective_uri
    try:
        yield
    except AuthError as exc:
        raise GraphUnavailable(
            f"Neo4j at {where} rejected the credentials for user {settings.neo4j_user!r}: "
            f"{exc.message}. Check NEO4J_USER / NEO4J_PASSWORD"
            + (" (or the local password file)." if settings.uses_local_server else ".")
        ) from exc
    except (ServiceUnavailable, OSError) as exc:
        hint = (
            "Start it with `touchpoint db start`."
            if settings.uses_local_server
            else "Check NEO4J_URI and that the server is up."
        )
        reason = " ".join(str(exc).split())
        raise GraphUnavailable(f"Neo4j at {where} did not answer ({reason}). {hint}") from exc
    except ClientError as exc:
        if exc.code and "DatabaseNotFound" in exc.code:
            raise GraphUnavailable(
                f"Neo4j at {where} has no database {settings.neo4j_database!r}; "
                "check NEO4J_DATABASE."
            ) from exc
        raise QueryFailed(f"Query {query_name or '?'} failed: {exc.message}") from exc
    except Neo4jError as exc:
        raise QueryFailed(f"Query {query_name or '?'} failed: {exc.message}") from exc
