"""A content fingerprint of the whole graph: equal fingerprints, equal graphs.

Fault tests compare a graph after a crash and a plain rerun with the graph of one clean load.
Element ids, creation order and wall-clock times legitimately differ, so the fingerprint
hashes what the graph *says*: every node's labels and properties, and every relationship's
type, properties and both end nodes' content. Left out, and why:

* properties in ``VOLATILE`` — times taken from the clock (``loaded_at``, ``started_at``,
  ``ended_at``) and a ``LoadRun``'s per-attempt bookkeeping (``attempts``, ``pid``, ``host``,
  and ``nodes_created``/``relationships_created``, which count what the *last* attempt created);
* nodes labelled ``EXCLUDED_LABELS`` — schema records and coordination (locks, scheduler
  heartbeats), not content.

With ``order_free`` the provenance of nodes several sources share (``SHARED_LABELS``: who
created an address first, who touched it last — ``SHARED_PROVENANCE``) is left out too: loads
of different sources running side by side legitimately decide that order, and nothing else.

The items are hashed one by one and combined by addition modulo 2**256 (a multiset hash), so
reading in pages keeps memory flat and order does not matter; counts are kept beside it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from touchpoint.graph_model.store.db import Graph

VOLATILE = frozenset({"loaded_at", "started_at", "ended_at", "attempts", "pid", "host",
                      "nodes_created", "relationships_created"})  # fmt: skip
EXCLUDED_LABELS = frozenset({"SchemaMigration", "PipelineLock", "SchedulerHeartbeat"})
SHARED_LABELS = frozenset({"Address", "Organisation", "Agency"})
SHARED_PROVENANCE = frozenset({"source_agency", "source_record_id", "load_run_id",
                               "last_load_run_id"})  # fmt: skip
_MOD = 2**256


@dataclass(frozen=True)
class Fingerprint:
    nodes: int
    relationships: int
    digest: str

    def __str__(self) -> str:
        return f"{self.digest[:16]} ({self.nodes:,} nodes, {self.relationships:,} relationships)"


def fingerprint(graph: Graph, page_size: int = 5_000, order_free: bool = False) -> Fingerprint:
    """Hash every node and relationship of the graph (see the module docstring)."""
    _node = _order_free_node if order_free else _plain_node
    nodes = relationships = total = 0
    ceiling = graph.read_one("admin/fingerprint_id_ceiling") or {}
    for row in _by_id(graph, "admin/fingerprint_nodes", ceiling.get("nodes", 0), page_size):
        if EXCLUDED_LABELS.isdisjoint(row["labels"]):
            nodes += 1
            total += _item("node", _node(row["labels"], row["props"]))
    rels = ceiling.get("relationships", 0)
    for row in _by_id(graph, "admin/fingerprint_relationships", rels, page_size):
        ends = (row["from_labels"], row["to_labels"])
        if any(not EXCLUDED_LABELS.isdisjoint(labels) for labels in ends):
            continue
        relationships += 1
        total += _item("rel", [row["type"], _stable(row["props"]),
                               _node(row["from_labels"], row["from_props"]),
                               _node(row["to_labels"], row["to_props"])])  # fmt: skip
    digest = f"{total % _MOD:064x}"
    return Fingerprint(nodes, relationships, digest)


def _by_id(graph: Graph, query: str, ceiling: int, page_size: int) -> Iterator[dict[str, Any]]:
    """Rows of ``query`` for ids 0 .. ``ceiling`` - 1, one short read per ``page_size`` ids
    (memory stays at one page; the multiset hash does not care about order)."""
    for lo in range(0, ceiling, page_size):
        yield from graph.read(query, lo=lo, hi=min(lo + page_size, ceiling))


def _plain_node(labels: list[str], props: dict[str, Any]) -> list[Any]:
    return [sorted(labels), _stable(props)]


def _order_free_node(labels: list[str], props: dict[str, Any]) -> list[Any]:
    if SHARED_LABELS.isdisjoint(labels):
        return _plain_node(labels, props)
    kept = {k: v for k, v in props.items() if k not in SHARED_PROVENANCE}
    return [sorted(labels), _stable(kept)]


def _stable(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in VOLATILE}


def _item(kind: str, content: Any) -> int:
    text = json.dumps([kind, content], sort_keys=True, default=_plain, ensure_ascii=False)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest(), "big")


def _plain(value: Any) -> str:
    iso = getattr(value, "iso_format", None)
    return iso() if callable(iso) else repr(value)
