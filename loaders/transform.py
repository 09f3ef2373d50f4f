"""One raw row → the node and relationship writes it yields, or the reason it is refused.

A mapping is compiled once into a ``RowTransformer``; ``transform`` then runs per row in
pure Python (no graph access). Every problem in a row is collected, so a quarantined row
says everything that is wrong with it, not just the first thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.model.vocabulary import Vocabulary, vocabulary
from touchpoint.loaders.clean import CLEANERS, CoercionError, coerce, is_blank, to_str
from touchpoint.loaders.derive import FUNCTIONS, MULTI_OUTPUT, DeriveError
from touchpoint.loaders.mapping import (
    AGENCY_SCOPED,
    KEY_PREFIX,
    RELATIONSHIPS,
    ColumnSpec,
    EntitySpec,
    Mapping,
)
from touchpoint.loaders.sources import SourceRow

NODE_QUERIES = {
    ("PersonRecord", "upsert"): "load/person_record",
    ("PersonRecord", "reference"): "load/person_record_ref",
    ("Event", "upsert"): "load/event",
    ("Event", "reference"): "load/event_ref",
    ("Address", "upsert"): "load/address",
    ("Address", "reference"): "load/address",
    ("Organisation", "upsert"): "load/organisation",
    ("Organisation", "reference"): "load/organisation",
}
WriteGroup = tuple[str, str]
"""(saved query name, agency) — rows of one group are written together in batches."""


class RowRejected(Exception):
    """The row cannot be loaded; ``reason`` says every problem found."""

    def __init__(self, reason: str, record_key: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.record_key = record_key


@dataclass
class RowWrites:
    record_key: str
    nodes: list[tuple[WriteGroup, dict[str, Any]]] = field(default_factory=list)
    relationships: list[tuple[WriteGroup, dict[str, Any]]] = field(default_factory=list)


class RowTransformer:
    """Applies one mapping to raw rows."""

    def __init__(self, mapping: Mapping, vocab: Vocabulary | None = None) -> None:
        self.mapping = mapping
        self.vocab = vocab or vocabulary()
        self.max_length = mapping.reader.max_field_length
        self.columns = [
            (column, spec, _casefold_table(spec.value_map))
            for column, spec in mapping.column_specs()
        ]
        self.labels = {e.alias: e.label for e in mapping.entities}
        self.rel_queries = [
            (r, RELATIONSHIPS[(r.type, self.labels[r.from_], self.labels[r.to])])
            for r in mapping.relationships
        ]

    def transform(self, row: SourceRow) -> RowWrites:
        if row.problem is not None or row.values is None:
            raise RowRejected(row.problem or "unreadable row")
        values = row.values
        record_key = self._record_key(values)
        errors: list[str] = []
        fields = self._read_columns(values, errors)
        fields.update(self.mapping.constants)
        self._derive(fields, errors)
        writes = RowWrites(record_key)
        ids = self._entities(fields, record_key, writes, errors)
        self._relationships(fields, record_key, ids, writes, errors)
        if errors:
            raise RowRejected("; ".join(errors), record_key)
        return writes

    # ---- steps ----------------------------------------------------------------------------
    def _record_key(self, values: dict[str, Any]) -> str:
        parts = []
        for column in self.mapping.record_key:
            value = values.get(column)
            if is_blank(value):
                raise RowRejected(f"record key column {column!r} is empty")
            parts.append(to_str(value).strip())
        return "|".join(parts)

    def _read_columns(self, values: dict[str, Any], errors: list[str]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for column, spec, table in self.columns:
            if column not in values:
                if spec.required:
                    errors.append(f"column {column!r} is missing")
                fields[spec.field] = None
                continue
            try:
                fields[spec.field] = self._column_value(values[column], spec, table)
            except CoercionError as exc:
                errors.append(f"column {column!r}: {exc}")
                fields[spec.field] = None
        return fields

    def _column_value(self, raw: Any, spec: ColumnSpec, table: dict[str, Any] | None) -> Any:
        if isinstance(raw, str) and len(raw) > self.max_length:
            raise CoercionError(f"value is {len(raw):,} characters long "
                                f"(limit {self.max_length:,})")  # fmt: skip
        value = None if is_blank(raw) else raw
        if value is not None and spec.clean is not None:
            value = CLEANERS[spec.clean](to_str(value))
        if value is None:
            if spec.required:
                raise CoercionError("is empty but required")
            return None
        if table is not None:
            return _map_value(value, spec, table)
        return coerce(value, spec.type, spec.formats)

    def _derive(self, fields: dict[str, Any], errors: list[str]) -> None:
        for spec in self.mapping.derive:
            args = [fields.get(a) for a in spec.args]
            try:
                result = FUNCTIONS[spec.function](args, spec.options)
            except DeriveError as exc:
                errors.append(f"{spec.function}({', '.join(spec.args)}): {exc}")
                result = None
            if spec.function in MULTI_OUTPUT:
                for out, name in (spec.fields or {}).items():
                    fields[name] = (result or {}).get(out)
                continue
            if result is None and spec.required:
                errors.append(f"{spec.field!r} could not be derived from {', '.join(spec.args)}")
            fields[spec.field] = result  # type: ignore[index]

    def _entities(
        self, fields: dict[str, Any], record_key: str, writes: RowWrites, errors: list[str]
    ) -> dict[str, str]:
        ids: dict[str, str] = {}
        for e in self.mapping.entities:
            key = [fields.get(k) for k in e.key]
            missing = [k for k, v in zip(e.key, key, strict=True) if v is None or v == ""]
            if missing:
                if not e.optional:
                    errors.append(f"{e.alias} ({e.label}): key field {missing[0]!r} is empty")
                continue
            agency = e.agency or self.mapping.agency
            scope = (agency,) if e.label in AGENCY_SCOPED else ()
            node_id = stable_id(KEY_PREFIX[e.label], *scope, *key)
            props = {p: fields.get(f) for p, f in e.properties.items()}
            if not self._vocab_ok(e, agency, props, errors):
                continue
            own_key = "|".join(to_str(k) for k in key)
            source_record_id = own_key if e.label in AGENCY_SCOPED else record_key
            row = {"id": node_id, "source_record_id": source_record_id, "props": props}
            writes.nodes.append(((NODE_QUERIES[(e.label, e.mode)], agency), row))
            ids[e.alias] = node_id
        return ids

    def _vocab_ok(
        self, e: EntitySpec, agency: str, props: dict[str, Any], errors: list[str]
    ) -> bool:
        vocab = self.vocab
        if e.label == "Event" and "category" in e.properties:
            category, kind = props.get("category"), props.get("type")
            spec = vocab.event_categories.get(category)  # type: ignore[arg-type]
            if spec is None:
                errors.append(f"{e.alias}: event category {category!r} is not in the vocabulary")
                return False
            if spec["agency"] != agency:
                errors.append(f"{e.alias}: category {category!r} belongs to {spec['agency']}")
                return False
            if "type" in e.properties and kind not in spec["types"]:
                errors.append(f"{e.alias}: {kind!r} is not a type of {category}")
                return False
        if e.label == "Organisation" and props.get("kind") not in vocab.organisation_kinds:
            errors.append(f"{e.alias}: {props.get('kind')!r} is not an organisation kind")
            return False
        return True

    def _relationships(
        self,
        fields: dict[str, Any],
        record_key: str,
        ids: dict[str, str],
        writes: RowWrites,
        errors: list[str],
    ) -> None:
        agency = self.mapping.agency
        for spec, query in self.rel_queries:
            if spec.from_ not in ids or spec.to not in ids:
                continue
            if spec.when is not None and fields.get(spec.when) in (None, "", False):
                continue
            props = {p: fields.get(f) for p, f in spec.properties.items()}
            if spec.type == "INVOLVED_IN" and props.get("role") not in self.vocab.roles:
                errors.append(f"role {props.get('role')!r} is not in the vocabulary")
                continue
            if spec.type == "RELATED_TO" and props.get("relation") not in self.vocab.relations:
                errors.append(f"relation {props.get('relation')!r} is not in the vocabulary")
                continue
            from_id, to_id = ids[spec.from_], ids[spec.to]
            row = {
                "from_id": from_id,
                "to_id": to_id,
                "rel_id": stable_id("rel", spec.type, agency, record_key, from_id, to_id),
                "source_record_id": record_key,
                "props": props,
            }
            writes.relationships.append(((query, agency), row))


def _casefold_table(value_map: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if value_map is None else {str(k).casefold(): v for k, v in value_map.items()}


def _map_value(value: Any, spec: ColumnSpec, table: dict[str, Any]) -> Any:
    key = to_str(value).strip().casefold()
    if key in table:
        return table[key]
    if spec.unmapped == "keep":
        return coerce(value, spec.type, spec.formats)
    if spec.unmapped == "null":
        return None
    known = ", ".join(map(str, spec.value_map or {}))
    raise CoercionError(f"{value!r} is not in the value map ({known})")
