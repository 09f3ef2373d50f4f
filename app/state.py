"""The app's one ``Graph``, kept on the Flask app so several Dash apps can share a process.

Callbacks call ``current_graph()``. It connects lazily, so the app starts (and shows a clear
"graph is down" banner) even when Neo4j is not up. Once the graph has been seen down, each
call re-checks connectivity first (a refused connection fails at once) instead of letting the
driver retry a query for half a minute: users get the message, not a spinner.
"""

from __future__ import annotations

import threading

import flask

from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph

EXTENSION = "touchpoint"


class GraphHolder:
    """Creates the ``Graph`` on first use and remembers whether it was last seen down."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._graph: Graph | None = None
        self._lock = threading.Lock()
        self.down: bool = True  # unknown until the first successful check

    def get(self) -> Graph:
        with self._lock:
            if self._graph is None:
                self._graph = Graph(self.settings)
            graph = self._graph
        if self.down:
            self.check(graph)
        return graph

    def check(self, graph: Graph | None = None) -> None:
        """Verify connectivity (fast); raises ``GraphUnavailable`` and remembers it if down."""
        try:
            (graph or self.get()).verify()
        except TouchpointError:
            self.down = True
            raise
        self.down = False

    def close(self) -> None:
        with self._lock:
            if self._graph is not None:
                self._graph.close()
                self._graph = None


def install(server: flask.Flask, settings: Settings) -> GraphHolder:
    holder = GraphHolder(settings)
    server.extensions[EXTENSION] = holder
    return holder


def holder() -> GraphHolder:
    return flask.current_app.extensions[EXTENSION]


def current_graph() -> Graph:
    """The graph of the app handling the current request."""
    return holder().get()


def graph_status() -> str | None:
    """None when the graph answers, else a one-line reason (for the status banner)."""
    try:
        graph = holder().get()
        holder().check(graph)
    except TouchpointError as exc:
        return str(exc)
    return None
