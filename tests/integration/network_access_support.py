"""The access fixture plus what makes the network, paths and patterns differ by role: Ivan (an
immigration-only record) took part in Alice's immigration event, and Yusuf is a child known only
to immigration (so ``immigration_only`` raises him - from evidence only some roles may see)."""

from __future__ import annotations

from access_support import load_access_fixture

from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.context import AccessContext
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

ROLES = ("hub_staff", "analyst", "health_liaison", "admin")
HEALTH = "health detail withheld under this agreement"
OTHER = "details withheld under this agreement"

EXTRA = Query(
    name="tests/network_access_extra",
    text="""
MATCH (ivan:PersonRecord {record_id: 'rec_ivan_imm'}), (imm:Event {event_id: 'ev_imm'})
CREATE (ivan)-[:INVOLVED_IN {role: 'sponsor'}]->(imm)
CREATE (y:Person {person_id: 'person_yusuf', display_name: 'Yusuf Ali', dob: date('2015-05-05'),
                  status: 'active'})
CREATE (:PersonRecord {record_id: 'rec_yusuf_imm', source_agency: 'immigration',
        source_record_id: 'HO-3', full_name: 'Yusuf Ali', dob: date('2015-05-05'),
        postcode: 'LS9 9ZZ'})-[:RESOLVES_TO]->(y)
""",
    meta={"params": []},
)


def load_network_fixture(graph: Graph) -> None:
    load_access_fixture(graph)
    graph.write(EXTRA)


def audited_viewer(graph: Graph, ctx: AccessContext) -> ViewerGraph:
    """A viewer whose reads write real, hash-chained audit entries."""
    return ViewerGraph(graph, ctx, audit=AuditLog(graph))


def actions(graph: Graph) -> list[str]:
    """Every audit action written so far, oldest first."""
    return [entry["action"] for entry in AuditLog(graph).entries()]
