"""What the saved ``cypher/load`` queries do to a node or relationship, applied offline.

The initial bulk load (``bulk_load.py``) never runs those queries: it hands Neo4j's import tool
finished nodes and relationships. To give exactly the graph a transactional load gives, every
write the loader *would* have sent is folded here, in the order the loader would have sent it
(file, chunk, query group, row), with each query's own semantics:

* ``person_record`` / ``event`` (upsert): created with ``loaded_at``; ``SET n += props`` (a
  null removes the property), ``dq_notes`` gathered within one run and replaced by the next,
  provenance of this write, ``stub`` removed;
* ``*_ref``: only when the node is absent — props, ``stub``, provenance;
* ``address`` / ``organisation``: provenance of the creating write, each shared property the
  first non-null value (``coalesce``), ``last_load_run_id`` of the latest write;
* ``RECORDED_BY`` from every PersonRecord / Event write to its agency, created once per
  (node, agency) with the provenance the node has at that moment;
* relationships: created with ``loaded_at``; ``SET r += props`` and provenance of each write.

Why a second statement of those semantics is safe: ``PINNED`` pins the exact text of
every saved query folded here, and the bulk load refuses to run if one has changed (edit this
module with it); ``tests/integration/test_bulk_load.py`` compares the two graphs node by node.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.store.queries import load_query
from touchpoint.loaders.mapping import SHARED_PROPERTIES

NODE_QUERIES = {
    "load/person_record": ("PersonRecord", "upsert"),
    "load/event": ("Event", "upsert"),
    "load/person_record_ref": ("PersonRecord", "ref"),
    "load/event_ref": ("Event", "ref"),
    "load/address": ("Address", "shared"),
    "load/organisation": ("Organisation", "shared"),
}
REL_QUERIES = {
    "load/rel_lives_at": ("LIVES_AT", "PersonRecord", "Address"),
    "load/rel_involved_in": ("INVOLVED_IN", "PersonRecord", "Event"),
    "load/rel_related_to": ("RELATED_TO", "PersonRecord", "PersonRecord"),
    "load/rel_enrolled_at": ("ENROLLED_AT", "PersonRecord", "Organisation"),
    "load/rel_registered_with": ("REGISTERED_WITH", "PersonRecord", "Organisation"),
    "load/rel_occurred_at_address": ("OCCURRED_AT", "Event", "Address"),
    "load/rel_occurred_at_organisation": ("OCCURRED_AT", "Event", "Organisation"),
}
KEY_PROPERTY = {
    "PersonRecord": "record_id",
    "Event": "event_id",
    "Address": "address_id",
    "Organisation": "org_id",
    "Agency": "agency_id",
}
PINNED = {
    "load/person_record": "67b07f04",
    "load/event": "343825a8",
    "load/person_record_ref": "bd8c27d6",
    "load/event_ref": "43e0321c",
    "load/address": "1e72a395",
    "load/organisation": "1ada8b8b",
    "load/agency": "2959c867",
    "load/rel_lives_at": "caab9435",
    "load/rel_involved_in": "2afbc0d6",
    "load/rel_related_to": "afe89160",
    "load/rel_enrolled_at": "8c449a81",
    "load/rel_registered_with": "094e89b6",
    "load/rel_occurred_at_address": "f6ecef56",
    "load/rel_occurred_at_organisation": "528159c7",
}
"""Saved query → first 8 hex digits of the SHA-256 of the text this module reproduces."""


def query_digest(name: str) -> str:
    return hashlib.sha256(load_query(name).text.encode("utf-8")).hexdigest()[:8]


def check_queries(expected: dict[str, str] | None = None) -> None:
    """Refuse to fold if a saved load query no longer says what this module assumes."""
    expected = expected or PINNED
    changed = [name for name, digest in expected.items() if query_digest(name) != digest]
    if changed:
        raise ConfigError(
            "The initial bulk load reproduces what the saved load queries do, and these changed "
            f"since it was written: {', '.join(sorted(changed))}. Update loaders/bulk_fold.py "
            "to the new semantics (and PINNED), then run tests/integration/test_bulk_load.py; "
            "until then use the transactional `touchpoint load`."
        )


@dataclass(frozen=True)
class RunInfo:
    """One file's LoadRun as the folded writes need it."""

    run_id: str
    loaded_at: Any
    source: str


@dataclass
class Tally:
    """Nodes and relationships each run created (the LoadRun's counts)."""

    nodes: dict[int, int]
    rels: dict[int, int]

    @classmethod
    def empty(cls) -> Tally:
        return cls({}, {})

    def node(self, run: int) -> None:
        self.nodes[run] = self.nodes.get(run, 0) + 1

    def rel(self, run: int) -> None:
        self.rels[run] = self.rels.get(run, 0) + 1

    def add(self, other: Tally) -> None:
        for mine, theirs in ((self.nodes, other.nodes), (self.rels, other.rels)):
            for run, count in theirs.items():
                mine[run] = mine.get(run, 0) + count


NodeWrite = tuple[int, str, str, str, int, str, dict[str, Any], list[str] | None]
"""(seq, id, query, agency, run index, source_record_id, props, dq_notes)."""
RelWrite = tuple[int, str, str, str, int, str, str, str, dict[str, Any]]
"""(seq, rel_id, query, agency, run index, from id, to id, source_record_id, props)."""


@dataclass
class NodeState:
    label: str
    props: dict[str, Any]
    recorded_by: dict[str, dict[str, Any]]
    """agency → RECORDED_BY relationship properties."""


def fold_nodes(writes: list[NodeWrite], runs: list[RunInfo], tally: Tally) -> dict[str, NodeState]:
    """Every node's final state from its writes (any order in; applied in ``seq`` order)."""
    writes.sort(key=_seq)
    nodes: dict[str, NodeState] = {}
    for _, node_id, query, agency, run_index, source_record_id, props, dq in writes:
        label, mode = NODE_QUERIES[query]
        run = runs[run_index]
        state = nodes.get(node_id)
        if state is None:
            if mode == "ref":
                state = NodeState(label, _ref_props(props, agency, source_record_id, run), {})
            elif mode == "upsert":
                state = NodeState(label, {"loaded_at": run.loaded_at}, {})
                _upsert(state.props, agency, source_record_id, props, dq, run)
            else:
                state = NodeState(label, _shared_created(agency, source_record_id, run), {})
                _shared(state.props, label, props, run)
            nodes[node_id] = state  # the key property is the import file's id column
            tally.node(run_index)
        elif mode == "upsert":
            _upsert(state.props, agency, source_record_id, props, dq, run)
        elif mode == "shared":
            _shared(state.props, label, props, run)
        if mode != "shared" and agency not in state.recorded_by:
            state.recorded_by[agency] = {
                "source_agency": agency,
                "source_record_id": state.props["source_record_id"],
                "load_run_id": run.run_id,
                "loaded_at": run.loaded_at,
            }
            tally.rel(run_index)
    return nodes


def fold_relationships(
    writes: list[RelWrite], runs: list[RunInfo], tally: Tally
) -> dict[tuple[str, str, str, str], dict[str, Any]]:
    """(query, rel_id, from, to) → final properties."""
    writes.sort(key=_seq)
    rels: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for _, rel_id, query, agency, run_index, start, end, source_record_id, props in writes:
        run = runs[run_index]
        key = (query, rel_id, start, end)
        state = rels.get(key)
        if state is None:
            state = rels[key] = {"rel_id": rel_id, "loaded_at": run.loaded_at}
            tally.rel(run_index)
        _merge_props(state, props)
        state["source_agency"] = agency
        state["source_record_id"] = source_record_id
        state["load_run_id"] = run.run_id
    return rels


def agency_props(agency_id: str, spec: dict[str, Any], run: RunInfo) -> dict[str, Any]:
    """An Agency node as ``load/agency`` creates it in the first run of a load."""
    return {
        "agency_id": agency_id,
        "source_agency": agency_id,
        "source_record_id": agency_id,
        "load_run_id": run.run_id,
        "loaded_at": run.loaded_at,
        "name": spec["name"],
        "kind": spec["kind"],
    }


# ---- the queries' semantics ------------------------------------------------------------------
def _seq(write: tuple[Any, ...]) -> int:
    return write[0]


def _merge_props(target: dict[str, Any], props: dict[str, Any]) -> None:
    """``SET x += props``: a null value removes the property."""
    for key, value in props.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value


def _upsert(
    node: dict[str, Any],
    agency: str,
    source_record_id: str,
    props: dict[str, Any],
    dq: list[str] | None,
    run: RunInfo,
) -> None:
    kept = list(node.get("dq_notes") or []) if node.get("load_run_id") == run.run_id else []
    gathered = kept + [note for note in (dq or []) if note not in kept]
    _merge_props(node, props)
    if gathered:
        node["dq_notes"] = gathered
    else:
        node.pop("dq_notes", None)
    node["source_agency"] = agency
    node["source_record_id"] = source_record_id
    node["load_run_id"] = run.run_id
    node["source"] = run.source
    node.pop("stub", None)


def _ref_props(
    props: dict[str, Any], agency: str, source_record_id: str, run: RunInfo
) -> dict[str, Any]:
    node = {key: value for key, value in props.items() if value is not None}
    node.update(stub=True, source_agency=agency, source_record_id=source_record_id,
                load_run_id=run.run_id, loaded_at=run.loaded_at, source=run.source)  # fmt: skip
    return node


def _shared_created(agency: str, source_record_id: str, run: RunInfo) -> dict[str, Any]:
    return {"source_agency": agency, "source_record_id": source_record_id,
            "load_run_id": run.run_id, "loaded_at": run.loaded_at}  # fmt: skip


def _shared(node: dict[str, Any], label: str, props: dict[str, Any], run: RunInfo) -> None:
    for key in SHARED_PROPERTIES[label]:
        if node.get(key) is None:
            value = props.get(key)
            if value is not None:
                node[key] = value
    node["last_load_run_id"] = run.run_id
