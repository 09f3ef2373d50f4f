"""Administrative reads and writes over the graph: counts, wipe, bootstrap."""

from __future__ import annotations

from dataclasses import dataclass

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph

CORE_LABELS = (
    "Agency",
    "PersonRecord",
    "Person",
    "Address",
    "Event",
    "Organisation",
    "LoadRun",
    "QuarantinedRow",
)
CORE_RELATIONSHIPS = (
    "RECORDED_BY",
    "LIVES_AT",
    "INVOLVED_IN",
    "RELATED_TO",
    "ENROLLED_AT",
    "REGISTERED_WITH",
    "RESOLVES_TO",
    "OCCURRED_AT",
)


@dataclass(frozen=True)
class GraphCounts:
    labels: dict[str, int]
    relationships: dict[str, int]

    @property
    def total_nodes(self) -> int:
        return sum(self.labels.values())

    @property
    def total_relationships(self) -> int:
        return sum(self.relationships.values())


def graph_counts(graph: Graph) -> GraphCounts:
    """Counts per label and relationship type: the model's own plus any others in use."""
    labels = sorted(set(CORE_LABELS) | {r["label"] for r in graph.read("admin/labels")})
    types = sorted(
        set(CORE_RELATIONSHIPS) | {r["type"] for r in graph.read("admin/relationship_types")}
    )
    label_counts = {
        label: graph.read_one("admin/count_label", label=label)["count"]  # type: ignore[index]
        for label in labels
        if label != "SchemaMigration"
    }
    type_counts = {
        rel: graph.read_one("admin/count_relationship_type", type=rel)["count"]  # type: ignore[index]
        for rel in types
    }
    return GraphCounts(label_counts, type_counts)


def wipe(graph: Graph) -> int:
    """Delete all data (schema and migration records stay); return nodes deleted.

    Relationships go first, in batches: detaching a hub node (an Agency) in one transaction
    would need memory in proportion to its degree."""
    graph.run_autocommit("admin/wipe_relationships")
    return graph.run_autocommit("admin/wipe_data").nodes_deleted


def open_graph(settings: Settings, *, start_local: bool = False) -> Graph:
    """Connect to the configured graph, starting the local server first if asked."""
    if start_local and settings.uses_local_server:
        from touchpoint.graph_model.store.server import LocalServer

        LocalServer(settings).start()
    return Graph.connect(settings)
