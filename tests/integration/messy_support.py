"""The graph a load left, described so a person can read it and a test can compare it exactly.

Each node is named by what identifies it in the source (agency and source record for an
agency's records and events, postcode and line for an address, kind and code or name for an
organisation), with every property the mapping wrote; provenance, ids and load bookkeeping
are left out (other tests cover them). Relationships are named by their two ends.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from touchpoint.graph_model.store.db import Graph

LABELS = ("PersonRecord", "Event", "Address", "Organisation")
LEFT_OUT = frozenset(
    {"record_id", "event_id", "address_id", "org_id", "rel_id", "source_agency",
     "source_record_id", "load_run_id", "loaded_at", "last_load_run_id", "source"}
)  # fmt: skip


def describe(graph: Graph) -> dict[str, Any]:
    names: dict[str, str] = {}
    nodes = []
    for row in graph.read("load/snapshot_nodes"):
        label = next((lb for lb in LABELS if lb in row["labels"]), None)
        if label is None:
            continue
        props = row["props"]
        name = _name(label, props)
        names[_key(props)] = name
        nodes.append({"node": name, **{k: _plain(v) for k, v in sorted(props.items())
                                        if k not in LEFT_OUT}})  # fmt: skip
    rels = []
    for row in graph.read("load/snapshot_relationships"):
        if row["from_key"] not in names or row["to_key"] not in names:
            continue  # RECORDED_BY to Agency nodes, load bookkeeping
        props = {k: _plain(v) for k, v in sorted(row["props"].items()) if k not in LEFT_OUT}
        text = f"{names[row['from_key']]} -[{row['type']}]-> {names[row['to_key']]}"
        rels.append(f"{text} {props}" if props else text)
    return {"nodes": sorted(nodes, key=lambda n: n["node"]), "relationships": sorted(rels)}


def _name(label: str, props: dict[str, Any]) -> str:
    if label in ("PersonRecord", "Event"):
        return f"{label} {props['source_agency']} {props['source_record_id']}"
    if label == "Address":
        return f"Address {props.get('postcode')} / {props.get('line1')}"
    return f"Organisation {props.get('kind')} {props.get('code') or props.get('name')}"


def _key(props: dict[str, Any]) -> str:
    for k in ("record_id", "event_id", "address_id", "org_id"):
        if k in props:
            return props[k]
    return ""


def _plain(value: Any) -> Any:
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
