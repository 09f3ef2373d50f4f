"""Declarative source mappings (``loaders/mappings/*.yml``): parsed, then checked as a whole.

A mapping says how to read one agency extract and which nodes and relationships each row
yields. Everything is checked before a single row is written: unknown keys, fields nobody
produces, labels and relationship types outside the graph model, Event categories/types,
roles and relations outside ``vocabulary.yml``. All problems are reported at once, each as
``<file>: <key path>: <what is wrong>``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from touchpoint.graph_model.model.declared import load_declared
from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.vocabulary import Vocabulary
from touchpoint.loaders.derive import MULTI_OUTPUT
from touchpoint.loaders.match_fields import ResolutionSpec, match_properties

MAPPINGS_DIR = Path(__file__).with_name("mappings")
NODE_LABELS = ("PersonRecord", "Event", "Address", "Organisation")
KEY_PREFIX = {"PersonRecord": "rec", "Event": "evt", "Address": "addr", "Organisation": "org"}
AGENCY_SCOPED = frozenset({"PersonRecord", "Event"})
RELATIONSHIPS: dict[tuple[str, str, str], str] = {
    ("LIVES_AT", "PersonRecord", "Address"): "load/rel_lives_at",
    ("INVOLVED_IN", "PersonRecord", "Event"): "load/rel_involved_in",
    ("RELATED_TO", "PersonRecord", "PersonRecord"): "load/rel_related_to",
    ("ENROLLED_AT", "PersonRecord", "Organisation"): "load/rel_enrolled_at",
    ("REGISTERED_WITH", "PersonRecord", "Organisation"): "load/rel_registered_with",
    ("OCCURRED_AT", "Event", "Address"): "load/rel_occurred_at_address",
    ("OCCURRED_AT", "Event", "Organisation"): "load/rel_occurred_at_organisation",
}
"""Relationships a mapping may declare (type, from label, to label) → saved write query.
``RECORDED_BY`` is added by the loader itself for every PersonRecord and Event."""
REQUIRED_PROPERTIES = {
    "Event": ("category", "type", "date"),
    "Organisation": ("kind", "code"),
    "Address": ("line1", "postcode"),
    "INVOLVED_IN": ("role",),
    "RELATED_TO": ("relation",),
}
SHARED_PROPERTIES = {
    "Address": ("line1", "building", "town", "postcode", "uprn"),
    "Organisation": ("kind", "code", "name"),
}
RESERVED_PROPERTIES = frozenset(
    {"record_id", "event_id", "address_id", "org_id", "rel_id", "source_agency",
     "source_record_id", "load_run_id", "loaded_at", "last_load_run_id", "stub", "source"}
)  # fmt: skip


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ReaderSpec(_Strict):
    format: Literal["csv", "jsonl", "parquet", "sql"]
    path: str = Field(min_length=1, description="File (or SQLite database) relative to DIR.")
    query: str | None = Field(default=None, description="SQL for format: sql.")
    encoding: str = "utf-8"
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    max_field_length: int = Field(default=10_000, ge=1)


class ColumnSpec(_Strict):
    field: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: Literal["str", "int", "float", "bool", "date", "datetime"] = "str"
    formats: tuple[str, ...] = ()
    clean: Literal["strip", "name", "postcode", "phone", "identifier", "upper", "lower"] | None = (
        None
    )
    required: bool = False
    value_map: dict[str, Any] | None = None
    unmapped: Literal["quarantine", "keep", "null"] = "quarantine"


class DeriveSpec(_Strict):
    function: Literal["join", "coalesce", "date_of", "map", "present", "absence_type",
                      "split_name", "split_forenames", "address"]  # fmt: skip
    args: tuple[str, ...] = Field(min_length=1)
    field: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    fields: dict[str, str] | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    required: bool = False


class EntitySpec(_Strict):
    alias: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    key: tuple[str, ...] = Field(min_length=1)
    mode: Literal["upsert", "reference"] = "upsert"
    agency: str | None = Field(default=None, description="Another agency's record (reference).")
    optional: bool = False
    properties: dict[str, str] = Field(default_factory=dict)
    resolution: ResolutionSpec | None = None

    @model_validator(mode="before")
    @classmethod
    def _resolution_properties(cls, data: Any) -> Any:
        """A ``resolution:`` block becomes ``match_*`` properties the loader writes as is."""
        if isinstance(data, dict) and data.get("resolution"):
            extra = match_properties(data["resolution"])
            data = {**data, "properties": {**(data.get("properties") or {}), **extra}}
        return data


class RelationshipSpec(_Strict):
    type: str
    from_: str = Field(alias="from")
    to: str
    properties: dict[str, str] = Field(default_factory=dict)
    when: str | None = None


class Mapping(_Strict):
    source: str = Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
    agency: str
    description: str = ""
    order: int = Field(default=50, description="Load order within a directory (low first).")
    reader: ReaderSpec
    record_key: tuple[str, ...] = Field(min_length=1)
    columns: dict[str, ColumnSpec | list[ColumnSpec]]
    constants: dict[str, Any] = Field(default_factory=dict)
    derive: list[DeriveSpec] = Field(default_factory=list)
    entities: list[EntitySpec] = Field(min_length=1)
    relationships: list[RelationshipSpec] = Field(default_factory=list)
    path: Path | None = Field(default=None, exclude=True)
    checksum: str = Field(default="", exclude=True)

    @field_validator("columns")
    @classmethod
    def _as_lists(cls, value: dict[str, Any]) -> dict[str, Any]:
        return {k: v if isinstance(v, list) else [v] for k, v in value.items()}

    def column_specs(self) -> Iterable[tuple[str, ColumnSpec]]:
        for column, specs in self.columns.items():
            for spec in specs:  # type: ignore[union-attr]
                yield column, spec

    @cached_property
    def required_columns(self) -> tuple[str, ...]:
        """Source columns a file must have: the record key and every required column."""
        needed = dict.fromkeys(self.record_key)
        needed.update(dict.fromkeys(c for c, s in self.column_specs() if s.required))
        return tuple(needed)

    def entity(self, alias: str) -> EntitySpec:
        return next(e for e in self.entities if e.alias == alias)


def load_mapping(path: Path, vocab: Vocabulary | None = None) -> Mapping:
    """Parse and fully check one mapping file; raise ConfigError listing every problem."""
    mapping, raw_bytes = load_declared(path, Mapping, check_mapping, vocab, shown=_display(path))
    checksum = hashlib.sha256(raw_bytes).hexdigest()
    return mapping.model_copy(update={"path": path, "checksum": checksum})


def load_mappings(paths: Iterable[Path]) -> list[Mapping]:
    """Load several mappings, reporting the problems of every bad file together."""
    loaded, errors = [], []
    for path in paths:
        try:
            loaded.append(load_mapping(path))
        except ConfigError as exc:
            errors.append(str(exc))
    if errors:
        raise ConfigError("\n".join(errors))
    sources = [m.source for m in loaded]
    duplicates = sorted({s for s in sources if sources.count(s) > 1})
    if duplicates:
        raise ConfigError(f"Two mappings declare the same source: {', '.join(duplicates)}")
    return sorted(loaded, key=lambda m: (m.order, m.source))


def shipped_mappings() -> list[Mapping]:
    """The mappings that ship with Touchpoint for the synthetic extracts."""
    return load_mappings(sorted(MAPPINGS_DIR.glob("*.yml")))


def check_mapping(m: Mapping, vocab: Vocabulary) -> list[tuple[str, str]]:
    """Cross-field checks pydantic cannot do; returns (key path, problem) pairs."""
    problems: list[tuple[str, str]] = []
    add = problems.append
    if m.agency not in vocab.agencies:
        add(("agency", f"{m.agency!r} is not an agency in vocabulary.yml "
                       f"({', '.join(vocab.agencies)})"))  # fmt: skip
    if m.reader.format == "sql" and not m.reader.query:
        add(("reader.query", "format sql needs a query"))
    if m.reader.format != "sql" and m.reader.query:
        add(("reader.query", f"only format sql takes a query, not {m.reader.format}"))
    fields = _produced_fields(m, add)
    for i, column in enumerate(m.record_key):
        if column not in m.columns:
            add((f"record_key[{i}]", f"column {column!r} is not listed under columns"))
    for column, spec in m.column_specs():
        if spec.formats and spec.type not in ("date", "datetime"):
            add((f"columns.{column}.formats", f"formats only apply to dates, not {spec.type}"))
    _check_entities(m, fields, vocab, add)
    _check_relationships(m, fields, vocab, add)
    return problems


def _produced_fields(m: Mapping, add: Any) -> dict[str, set[Any] | None]:
    """Field name → its possible values when knowable (constants, value maps), else None."""
    fields: dict[str, set[Any] | None] = {}

    def produce(name: str, where: str, values: set[Any] | None) -> None:
        if name in fields:
            add((where, f"field {name!r} is produced twice"))
        fields[name] = values

    for column, spec in m.column_specs():
        known = set(spec.value_map.values()) if spec.value_map and spec.unmapped != "keep" else None
        produce(spec.field, f"columns.{column}.field", known)
    for name, value in m.constants.items():
        produce(name, f"constants.{name}", {value})
    for i, d in enumerate(m.derive):
        where = f"derive[{i}]"
        for j, arg in enumerate(d.args):
            if arg not in fields:
                add((f"{where}.args[{j}]", f"field {arg!r} is not produced by any column, "
                                           "constant or earlier derive"))  # fmt: skip
        outputs = MULTI_OUTPUT.get(d.function)
        if outputs:
            if d.field or not d.fields:
                add((where, f"{d.function} has several outputs: bind them with fields:"))
                continue
            for out, name in d.fields.items():
                if out not in outputs:
                    add((f"{where}.fields.{out}", f"{d.function} outputs {', '.join(outputs)}"))
                produce(name, f"{where}.fields.{out}", None)
        elif not d.field or d.fields:
            add((where, f"{d.function} has one output: name it with field:"))
        else:
            if d.function == "map" and "values" not in d.options:
                add((f"{where}.options", "map needs options.values"))
            vals = d.options.get("values") if d.function == "map" else None
            known = set(vals.values()) if isinstance(vals, dict) else None
            if d.function == "present":
                known = {d.options.get("value"), d.options.get("otherwise")}
            if d.options.get("unmapped") == "keep":
                known = None
            produce(d.field, f"{where}.field", known)
    return fields


def _check_entities(m: Mapping, fields: dict[str, Any], vocab: Vocabulary, add: Any) -> None:
    aliases: set[str] = set()
    for i, e in enumerate(m.entities):
        where = f"entities[{i}]"
        if e.alias in aliases:
            add((f"{where}.alias", f"alias {e.alias!r} is used twice"))
        aliases.add(e.alias)
        if e.label not in NODE_LABELS:
            add((f"{where}.label", f"{e.label!r} is not a label loaders write "
                                   f"({', '.join(NODE_LABELS)})"))  # fmt: skip
            continue
        for j, key in enumerate(e.key):
            if key not in fields:
                add((f"{where}.key[{j}]", f"field {key!r} is not produced by any column"))
        _check_properties(where, e.label, e.properties, fields, add)
        for prop in e.properties:
            if e.label in SHARED_PROPERTIES and prop not in SHARED_PROPERTIES[e.label]:
                allowed = ", ".join(SHARED_PROPERTIES[e.label])
                add((f"{where}.properties.{prop}", f"a shared {e.label} only takes {allowed}"))
        if e.agency is not None and e.agency not in vocab.agencies:
            add((f"{where}.agency", f"{e.agency!r} is not an agency in vocabulary.yml"))
        if e.resolution is not None and e.label != "PersonRecord":
            add((f"{where}.resolution", "only a PersonRecord takes resolution fields"))
        if e.agency is not None and e.mode != "reference":
            add((f"{where}.agency", "only a reference entity may belong to another agency"))
        if e.mode == "upsert":
            for prop in REQUIRED_PROPERTIES.get(e.label, ()):
                if prop not in e.properties:
                    add((f"{where}.properties", f"a {e.label} needs a {prop!r} property"))
        props = e.properties
        if e.label == "Event" and "category" in props:
            _check_event_vocab(e.agency or m.agency, where, fields, props, vocab, add)
        if e.label == "Organisation" and "kind" in props:
            _check_values(f"{where}.properties.kind", fields.get(props["kind"]),
                          vocab.organisation_kinds, "organisation kind", add)  # fmt: skip


def _check_event_vocab(
    agency: str, where: str, fields: dict[str, Any], props: dict[str, str], vocab: Vocabulary,
    add: Any,
) -> None:  # fmt: skip
    categories = fields.get(props["category"])
    _check_values(f"{where}.properties.category", categories, tuple(vocab.event_categories),
                  "event category", add)  # fmt: skip
    for category in sorted(categories or (), key=str):
        spec = vocab.event_categories.get(category)
        if spec is None:
            continue
        if spec["agency"] != agency:
            owner = spec["agency"]
            add((f"{where}.properties.category",
                 f"category {category!r} belongs to agency {owner!r}, not {agency!r}"))  # fmt: skip
        if "type" in props and len(categories or ()) == 1:
            _check_values(f"{where}.properties.type", fields.get(props["type"]),
                          tuple(spec["types"]), f"type of {category}", add)  # fmt: skip


def _check_relationships(m: Mapping, fields: dict[str, Any], vocab: Vocabulary, add: Any) -> None:
    labels = {e.alias: e.label for e in m.entities}
    for i, r in enumerate(m.relationships):
        where = f"relationships[{i}]"
        for end, alias in (("from", r.from_), ("to", r.to)):
            if alias not in labels:
                add((f"{where}.{end}", f"no entity has alias {alias!r}"))
        if r.when is not None and r.when not in fields:
            add((f"{where}.when", f"field {r.when!r} is not produced by any column"))
        if r.from_ not in labels or r.to not in labels:
            continue
        triple = (r.type, labels[r.from_], labels[r.to])
        if triple not in RELATIONSHIPS:
            allowed = ", ".join(f"{t}: {a}->{b}" for t, a, b in RELATIONSHIPS)
            add((f"{where}.type", f"{r.type} from {triple[1]} to {triple[2]} is not in the graph "
                                  f"model (allowed: {allowed})"))  # fmt: skip
            continue
        _check_properties(where, r.type, r.properties, fields, add)
        for prop in REQUIRED_PROPERTIES.get(r.type, ()):
            if prop not in r.properties:
                add((f"{where}.properties", f"a {r.type} needs a {prop!r} property"))
        if r.type == "INVOLVED_IN" and "role" in r.properties:
            _check_values(f"{where}.properties.role", fields.get(r.properties["role"]),
                          vocab.roles, "role", add)  # fmt: skip
        if r.type == "RELATED_TO" and "relation" in r.properties:
            _check_values(f"{where}.properties.relation", fields.get(r.properties["relation"]),
                          vocab.relations, "relation", add)  # fmt: skip


def _check_properties(
    where: str, owner: str, props: dict[str, str], fields: dict[str, Any], add: Any
) -> None:
    for prop, field in props.items():
        if prop in RESERVED_PROPERTIES:
            add((f"{where}.properties.{prop}", f"{prop!r} is set by the loader itself"))
        if field not in fields:
            add((f"{where}.properties.{prop}", f"field {field!r} is not produced by any column"))


def _check_values(
    where: str, values: set[Any] | None, allowed: tuple[str, ...], what: str, add: Any
) -> None:
    """Check knowable values (constants, value-map targets); free text is checked per row."""
    for value in sorted(values or (), key=str):
        if value is not None and value not in allowed:
            add((where, f"{value!r} is not a {what} in vocabulary.yml ({', '.join(allowed)})"))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
