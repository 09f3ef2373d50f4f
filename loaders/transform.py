"""One raw row → the node and relationship writes it yields, or the reason it is refused.

A mapping is compiled once into a ``RowTransformer``; ``transform`` then runs per row in
pure Python (no graph access). Every problem in a row is collected, so a quarantined row
says everything that is wrong with it, not just the first thing. A value dropped or doubted
while the row is kept (``on_error: null``, an implausible date, a list item that does not
parse) becomes a data-quality note on the node that uses it (``dq_notes``), or on the row's
first own record or event when no node uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from touchpoint.graph_model.model.ids import id_head, normalise_part, stable_id, stable_id_after
from touchpoint.graph_model.model.vocabulary import Vocabulary, vocabulary
from touchpoint.loaders import transform_fields as steps
from touchpoint.loaders.clean import is_blank, to_str
from touchpoint.loaders.mapping import (
    AGENCY_SCOPED,
    DQ_LABELS,
    KEY_PREFIX,
    RELATIONSHIPS,
    EntitySpec,
    ExplodeSpec,
    Mapping,
    RelationshipSpec,
)
from touchpoint.loaders.sources import SourceRow
from touchpoint.loaders.transform_fields import EMPTIED, KEPT, Note

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
_WORDS = re.compile(r"[^\w\s]+")


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
    dq_notes: int = 0
    """Data-quality notes this row left on its nodes (values dropped or doubted)."""
    unplaced_notes: list[str] = field(default_factory=list)
    """Notes with no own record or event to go on (reported in the load's warnings)."""


@dataclass(slots=True)
class _Entity:
    """An entity spec with what every row needs from it worked out once."""

    spec: EntitySpec
    agency: str
    scope: tuple[str, ...]
    """(agency,) for agency-scoped labels (records, events): part of their ids."""
    prefix: str
    group: WriteGroup
    key: tuple[str, ...]
    properties: tuple[tuple[str, str], ...]
    checked: bool
    """Whether its values are checked against the vocabulary (event categories, org kinds)."""
    notes_on: frozenset[str] | None
    """An own record or event (upserted) carries the data-quality notes about these fields;
    None for references and shared nodes."""


@dataclass
class _Scope:
    """The parts of a mapping that run together: the row itself, or one list item."""

    columns: list[steps.CompiledColumn]
    dates: list[steps.CompiledColumn]
    """The date and date-time columns (the only ones whose plausibility is judged)."""
    constants: dict[str, Any]
    derive: list[Any]
    entities: list[_Entity]
    relationships: list[tuple[RelationshipSpec, str, str]]
    """Each relationship, its saved write query and the normalised head of its ids."""


@dataclass
class _Built:
    ids: dict[str, str] = field(default_factory=dict)
    targets: list[tuple[frozenset[str], dict[str, Any]]] = field(default_factory=list)


class RowTransformer:
    """Applies one mapping to raw rows."""

    def __init__(self, mapping: Mapping, vocab: Vocabulary | None = None) -> None:
        self.mapping = mapping
        self.vocab = vocab or vocabulary()
        self._agency = mapping.agency
        self._roles = tuple(self.vocab.roles)
        self._relations = tuple(self.vocab.relations)
        self.max_length = mapping.reader.max_field_length
        self.labels = {e.alias: e.label for e in mapping.entities}
        for item in mapping.explode:
            self.labels.update({e.alias: e.label for e in item.entities})
        self.row = self._scope(mapping.column_specs(), mapping.constants, mapping.derive,
                               mapping.entities, mapping.relationships)  # fmt: skip
        self.items = [
            (x, self._scope(x.column_specs(), x.constants, x.derive, x.entities, x.relationships))
            for x in mapping.explode
        ]

    def _scope(self, columns: Any, constants: Any, derive: Any, entities: Any, rels: Any) -> _Scope:
        queries = [(r, RELATIONSHIPS[(r.type, self.labels[r.from_], self.labels[r.to])],
                    id_head("rel", r.type, self._agency)) for r in rels]  # fmt: skip
        compiled = steps.compile_columns(columns)
        dates = [c for c in compiled if c[1].type in ("date", "datetime")]
        compiled_entities = [self._compile_entity(e) for e in entities]
        return _Scope(compiled, dates, dict(constants), list(derive), compiled_entities,
                      queries)  # fmt: skip

    def _compile_entity(self, e: EntitySpec) -> _Entity:
        agency = e.agency or self._agency
        checked = (e.label == "Event" and "category" in e.properties) or e.label == "Organisation"
        notes_on = (frozenset((*e.properties.values(), *e.key))
                    if e.label in DQ_LABELS and e.mode == "upsert" else None)  # fmt: skip
        return _Entity(e, agency, (agency,) if e.label in AGENCY_SCOPED else (),
                       KEY_PREFIX[e.label], (NODE_QUERIES[(e.label, e.mode)], agency), e.key,
                       tuple(e.properties.items()), checked, notes_on)  # fmt: skip

    def transform(self, row: SourceRow) -> RowWrites:
        if row.problem is not None or row.values is None:
            raise RowRejected(row.problem or "unreadable row")
        record_key = self._record_key(row.values)
        errors: list[str] = []
        notes: list[Note] = []
        writes = RowWrites(record_key)
        fields = self._fields(self.row, row.values, {}, errors, notes)
        built = self._build(self.row, fields, record_key, {}, writes, errors)
        for spec, scope in self.items:
            self._explode(spec, scope, fields, built, writes, errors, notes)
        if errors:  # what would have been noted is part of why, too
            doubts = [text.replace(f" {EMPTIED}", "").replace(f" {KEPT}", "") for _, text in notes]
            raise RowRejected("; ".join(errors + doubts), record_key)
        self._place_notes(notes, built.targets, writes)
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

    def _fields(
        self, scope: _Scope, values: dict[str, Any], inherited: dict[str, Any], errors: list[str],
        notes: list[Note],
    ) -> dict[str, Any]:  # fmt: skip
        fields = dict(inherited)
        fields.update(steps.read_columns(values, scope.columns, self.max_length, errors, notes))
        steps.judge_dates(fields, scope.dates, errors, notes, relative=False)
        fields.update(scope.constants)
        steps.derive(fields, scope.derive, errors, notes)
        steps.judge_dates(fields, scope.dates, errors, notes, relative=True)
        return fields

    def _build(
        self, scope: _Scope, fields: dict[str, Any], record_key: str, outer: dict[str, str],
        writes: RowWrites, errors: list[str],
    ) -> _Built:  # fmt: skip
        built = _Built(ids=dict(outer))
        for c in scope.entities:
            node = self._entity(c, fields, record_key, errors)
            if node is None:
                continue
            writes.nodes.append((c.group, node))
            built.ids[c.spec.alias] = node["id"]
            if c.notes_on is not None:
                built.targets.append((c.notes_on, node))
        self._relationships(scope, fields, record_key, built.ids, writes, errors)
        return built

    @property
    def agency(self) -> str:
        return self._agency

    def _entity(
        self, c: _Entity, fields: dict[str, Any], record_key: str, errors: list[str]
    ) -> dict[str, Any] | None:
        e = c.spec
        key = [fields.get(k) for k in c.key]
        missing = next((k for k, v in zip(c.key, key, strict=True) if v is None or v == ""),
                       None)  # fmt: skip
        if missing is None:
            node_id = _node_id(c.prefix, c.scope, key)
        elif e.fallback_key and all(fields.get(k) not in (None, "") for k in e.fallback_key):
            named = (_normal(fields[k]) for k in e.fallback_key)
            node_id = stable_id(c.prefix, *c.scope, "by_name", c.agency, *named)
            key = [fields.get(k) for k in e.fallback_key]
        else:
            if not e.optional:
                errors.append(f"{e.alias} ({e.label}): key field {missing!r} is empty")
            return None
        props = {p: fields.get(f) for p, f in c.properties}
        if c.checked and not self._vocab_ok(e, c.agency, props, errors):
            return None
        source_record_id = "|".join([to_str(k) for k in key]) if c.scope else record_key
        return {"id": node_id, "source_record_id": source_record_id, "props": props}

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
        self, scope: _Scope, fields: dict[str, Any], record_key: str, ids: dict[str, str],
        writes: RowWrites, errors: list[str],
    ) -> None:  # fmt: skip
        normal_key = None
        for spec, query, head in scope.relationships:
            if spec.from_ not in ids or spec.to not in ids:
                continue
            if spec.when is not None and fields.get(spec.when) in (None, "", False):
                continue
            props = {p: fields.get(f) for p, f in spec.properties.items()}
            if spec.type == "INVOLVED_IN" and props.get("role") not in self._roles:
                errors.append(f"role {props.get('role')!r} is not in the vocabulary")
                continue
            if spec.type == "RELATED_TO" and props.get("relation") not in self._relations:
                errors.append(f"relation {props.get('relation')!r} is not in the vocabulary")
                continue
            from_id, to_id = ids[spec.from_], ids[spec.to]
            if normal_key is None:
                normal_key = normalise_part(record_key)
            row = {
                "from_id": from_id,
                "to_id": to_id,  # node ids are stable ids: normal already
                "rel_id": stable_id_after("rel", head, normal_key, from_id, to_id),
                "source_record_id": record_key,
                "props": props,
            }
            writes.relationships.append(((query, self.agency), row))

    def _explode(
        self, x: ExplodeSpec, scope: _Scope, fields: dict[str, Any], built: _Built,
        writes: RowWrites, errors: list[str], notes: list[Note],
    ) -> None:  # fmt: skip
        """Each item of the list field: its own columns, derive, entities, relationships.
        A bad item refuses the row (``on_error: quarantine``) or is left out with a note."""
        index_field, text_field = x.implicit_fields
        for index, item in enumerate(_items(fields.get(x.from_), x), start=1):
            item_errors: list[str] = []
            item_notes: list[Note] = []
            item_writes = RowWrites(writes.record_key)
            values = _parse_item(item, x)
            if values is None:
                item_errors.append(f"does not match the parse pattern {x.parse!r}")
            else:
                inherited = {**fields, index_field: index, text_field: item}
                item_fields = self._fields(scope, values, inherited, item_errors, item_notes)
                item_built = self._build(scope, item_fields, writes.record_key, built.ids,
                                         item_writes, item_errors)  # fmt: skip
            if item_errors:
                what = f"{x.from_} item {index} {item!r}: {'; '.join(item_errors)}"
                if x.on_error == "null":
                    notes.append((frozenset({x.from_}), f"{what} (item not loaded)"))
                else:
                    errors.append(what)
                continue
            writes.nodes += item_writes.nodes
            writes.relationships += item_writes.relationships
            targets = item_built.targets or built.targets[:1]
            self._place_notes(item_notes, targets, writes)

    @staticmethod
    def _place_notes(
        notes: list[Note], targets: list[tuple[frozenset[str], dict[str, Any]]], writes: RowWrites
    ) -> None:
        """Each note goes on the own records/events using its fields, else on the first."""
        for concerned, text in notes:
            chosen = [node for used, node in targets if used & concerned] or [
                node for _, node in targets[:1]
            ]
            if not chosen:
                writes.unplaced_notes.append(text)
            for node in chosen:
                existing = node.setdefault("dq_notes", [])
                if text not in existing:
                    existing.append(text)
            writes.dq_notes += 1


_NODE_IDS: dict[tuple[Any, ...], str] = {}
_NODE_IDS_MAX = 500_000


def _node_id(prefix: str, scope: tuple[str, ...], key: list[Any]) -> str:
    """``stable_id`` of a node's key, remembered: the same organisations, addresses and
    referenced records recur on row after row, and hashing is a tenth of a row's cost."""
    try:  # classes too: 1, 1.0 and True are equal keys in a dict but not the same id
        memo = (prefix, *scope, *key, *[part.__class__ for part in key])
        found = _NODE_IDS.get(memo)
    except TypeError:  # an unhashable key part (a list from JSON): nothing to remember
        return stable_id(prefix, *scope, *key)
    if found is None:
        if len(_NODE_IDS) >= _NODE_IDS_MAX:
            _NODE_IDS.clear()
        found = _NODE_IDS[memo] = stable_id(prefix, *scope, *key)
    return found


def _items(value: Any, x: ExplodeSpec) -> list[str]:
    if is_blank(value):
        return []
    text = to_str(value)
    if x.split_pattern is not None:
        parts = re.split(x.split_pattern, text)
    else:
        parts = text.split(x.separator)
    return [p.strip() for p in parts if p and p.strip()]


def _parse_item(item: str, x: ExplodeSpec) -> dict[str, Any] | None:
    if x.parse is None:
        return {"item": item}
    found = re.search(x.parse, item)
    return None if found is None else found.groupdict()


def _normal(value: Any) -> str:
    """A name as a key: case, punctuation and spacing do not make a different organisation."""
    text = to_str(value).replace("'", "").replace("\u2019", "")
    return " ".join(_WORDS.sub(" ", text).casefold().split())


__all__ = ["EMPTIED", "NODE_QUERIES", "RowRejected", "RowTransformer", "RowWrites", "WriteGroup"]
