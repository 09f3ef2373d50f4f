"""Whole-mapping checks pydantic cannot do: fields nobody produces, labels, relationship types,
vocabulary values, derive functions and their options, list items, plausibility rules.

Every problem is a (key path, what is wrong) pair, all reported together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from touchpoint.graph_model.model.vocabulary import Vocabulary
from touchpoint.loaders.clean import CLEANERS
from touchpoint.loaders.derive import ANY_OUTPUT, REGISTRY, outputs_of
from touchpoint.loaders.mapping import (
    NODE_LABELS,
    RELATIONSHIPS,
    REQUIRED_PROPERTIES,
    RESERVED_PROPERTIES,
    SHARED_PROPERTIES,
    ColumnSpec,
    DeriveSpec,
    EntitySpec,
    ExplodeSpec,
    Mapping,
    RelationshipSpec,
)

Add = Callable[[tuple[str, str]], None]
Fields = dict[str, set[Any] | None]
"""Field name → its possible values when knowable (constants, value maps), else None."""
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
DATE_TYPES = ("date", "datetime")


def check(m: Mapping, vocab: Vocabulary) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    add: Add = problems.append
    if m.agency not in vocab.agencies:
        add(("agency", f"{m.agency!r} is not an agency in vocabulary.yml "
                       f"({', '.join(vocab.agencies)})"))  # fmt: skip
    if m.reader.format == "sql" and not m.reader.query:
        add(("reader.query", "format sql needs a query"))
    if m.reader.format != "sql" and m.reader.query:
        add(("reader.query", f"only format sql takes a query, not {m.reader.format}"))
    fields: Fields = {}
    produce = _producer(fields, add)
    _columns(m.column_specs(), "columns", produce, add)
    for name, value in m.constants.items():
        produce(name, f"constants.{name}", {value})
    _derives(m.derive, "derive", fields, produce, add)
    for i, column in enumerate(m.record_key):
        if column not in m.columns:
            add((f"record_key[{i}]", f"column {column!r} is not listed under columns"))
    labels: dict[str, str] = {}
    _entities(m.entities, "entities", m.agency, fields, labels, vocab, add)
    _relationships(m.relationships, "relationships", fields, labels, vocab, add)
    every_field = dict(fields)
    for i, item in enumerate(m.explode):
        every_field.update(_explode(item, f"explode[{i}]", m.agency, fields, labels, vocab, add))
    _plausibility(m, every_field, add)
    return problems


def _producer(fields: Fields, add: Add) -> Callable[[str, str, set[Any] | None], None]:
    def produce(name: str, where: str, values: set[Any] | None) -> None:
        if name in fields:
            add((where, f"field {name!r} is produced twice"))
        fields[name] = values

    return produce


def _columns(specs: Iterable[tuple[str, ColumnSpec]], where: str, produce: Any, add: Add) -> None:
    for column, spec in specs:
        at = f"{where}.{column}"
        mapper = spec.mapper()
        known = None
        if mapper is not None and (spec.unmapped != "keep" or "default" in spec.model_fields_set):
            known = mapper.targets()
        produce(spec.field, f"{at}.field", known)
        if spec.formats and spec.type not in DATE_TYPES:
            add((f"{at}.formats", f"formats only apply to dates, not {spec.type}"))
        if spec.plausible is not None and spec.type not in DATE_TYPES:
            add((f"{at}.plausible", f"plausibility rules only apply to dates, not {spec.type}"))


def _derives(derives: list[DeriveSpec], where: str, fields: Fields, produce: Any, add: Add) -> None:
    for i, d in enumerate(derives):
        at = f"{where}[{i}]"
        for j, arg in enumerate(d.args):
            if arg not in fields:
                add((f"{at}.args[{j}]", f"field {arg!r} is not produced by any column, "
                                        "constant or earlier derive"))  # fmt: skip
        spec = REGISTRY.get(d.function)
        if spec is None:
            add((f"{at}.function", f"{d.function!r} is not a derive function "
                                   f"({', '.join(REGISTRY)})"))  # fmt: skip
            continue
        if not _options_ok(d, at, add):
            continue
        outputs = outputs_of(d.function, d.options)
        if d.fields:
            if outputs is None:
                add((at, f"{d.function} has one output: name it with field:"))
                continue
            for out, name in d.fields.items():
                if outputs != ANY_OUTPUT and out not in outputs:
                    add((f"{at}.fields.{out}", f"{d.function} outputs {', '.join(outputs)}"))
                produce(name, f"{at}.fields.{out}", None)
            continue
        if not d.field and outputs and outputs != ANY_OUTPUT and spec.dynamic:
            for name in outputs:  # regex groups / split parts bind to fields of their names
                produce(name, f"{at}.options.{spec.dynamic}", None)
        elif not d.field:
            add((at, f"{d.function} needs field: (one output) or fields: (several)"))
        elif outputs is not None and d.function != "regex":
            add((at, f"{d.function} has several outputs: bind them with fields:"))
        else:
            produce(d.field, f"{at}.field", _derived_values(d))


def _options_ok(d: DeriveSpec, at: str, add: Add) -> bool:
    spec = REGISTRY[d.function]
    ok = True
    for option in d.options:
        if option not in spec.options:
            known = ", ".join(spec.options) or "none"
            add((f"{at}.options.{option}", f"unknown option of {d.function} ({known})"))
    for option in spec.required:
        if option not in d.options:
            add((f"{at}.options", f"{d.function} needs options.{option}"))
            ok = False
    for option in ("pattern",):
        if option in d.options:
            ok = _regex_ok(str(d.options[option]), f"{at}.options.{option}", add) and ok
    if d.function == "map" and not {"values", "rules", "default"} & set(d.options):
        add((f"{at}.options", "map needs options.values (or rules, or a default)"))
    if d.function == "split":
        for name in d.options.get("into") or ():
            if not _NAME.match(str(name)):
                add((f"{at}.options.into", f"{name!r}: names are lower_case_with_underscores"))
    if d.function == "clean" and d.options.get("as", "strip") not in CLEANERS:
        add((f"{at}.options.as", f"one of {', '.join(CLEANERS)}"))
    return ok


def _derived_values(d: DeriveSpec) -> set[Any] | None:
    if d.options.get("unmapped") == "keep" and "default" not in d.options:
        return None
    if d.function == "map":
        values = d.options.get("values")
        known = set(values.values()) if isinstance(values, dict) else set()
        known |= {r.get("value") for r in d.options.get("rules") or () if isinstance(r, dict)}
        return known | ({d.options["default"]} if "default" in d.options else set())
    if d.function == "present":
        return {d.options.get("value"), d.options.get("otherwise")}
    return None


def _regex_ok(pattern: str, where: str, add: Add) -> bool:
    try:
        re.compile(pattern)
    except re.error as exc:
        add((where, f"{pattern!r} is not a regular expression: {exc}"))
        return False
    return True


def _explode(
    x: ExplodeSpec, at: str, agency: str, row_fields: Fields, row_labels: dict[str, str],
    vocab: Vocabulary, add: Add,
) -> Fields:  # fmt: skip
    """Check one list item sub-mapping; return the fields it produces."""
    if x.from_ not in row_fields:
        add((f"{at}.from", f"field {x.from_!r} is not produced by any column or derive"))
    if x.split_pattern is not None:
        _regex_ok(x.split_pattern, f"{at}.split_pattern", add)
    groups = {"item"}
    if x.parse is not None and _regex_ok(x.parse, f"{at}.parse", add):
        groups = set(re.compile(x.parse).groupindex)
        if not groups:
            add((f"{at}.parse", "name the parts with named groups: (?P<name>…)"))
    for column in x.columns:
        if column not in groups:
            hint = "a named group of parse" if x.parse else "'item' (the whole item; or add parse)"
            add((f"{at}.columns.{column}", f"not {hint}: {', '.join(sorted(groups))}"))
    fields: Fields = dict(row_fields)
    produce = _producer(fields, add)
    for name in x.implicit_fields:
        produce(name, f"{at}.name", None)
    _columns(x.column_specs(), f"{at}.columns", produce, add)
    for name, value in x.constants.items():
        produce(name, f"{at}.constants.{name}", {value})
    _derives(x.derive, f"{at}.derive", fields, produce, add)
    labels = dict(row_labels)
    _entities(x.entities, f"{at}.entities", agency, fields, labels, vocab, add)
    _relationships(x.relationships, f"{at}.relationships", fields, labels, vocab, add)
    return fields


def _plausibility(m: Mapping, fields: Fields, add: Add) -> None:
    specs = [(f"columns.{c}", s) for c, s in m.column_specs()]
    for i, x in enumerate(m.explode):
        specs += [(f"explode[{i}].columns.{c}", s) for c, s in x.column_specs()]
    for where, spec in specs:
        rule = spec.plausible
        if rule is not None and rule.not_before is not None and rule.not_before not in fields:
            add((f"{where}.plausible.not_before", f"field {rule.not_before!r} is not produced by "
                 "any column or derive"))  # fmt: skip


def _entities(
    entities: list[EntitySpec], where: str, agency: str, fields: Fields, labels: dict[str, str],
    vocab: Vocabulary, add: Add,
) -> None:  # fmt: skip
    for i, e in enumerate(entities):
        at = f"{where}[{i}]"
        if e.alias in labels:
            add((f"{at}.alias", f"alias {e.alias!r} is used twice"))
        if e.label not in NODE_LABELS:
            add((f"{at}.label", f"{e.label!r} is not a label loaders write "
                                f"({', '.join(NODE_LABELS)})"))  # fmt: skip
            continue
        labels[e.alias] = e.label
        for name, keys in (("key", e.key), ("fallback_key", e.fallback_key)):
            for j, key in enumerate(keys):
                if key not in fields:
                    add((f"{at}.{name}[{j}]", f"field {key!r} is not produced by any column"))
        _properties(at, e.properties, fields, add)
        for prop in e.properties:
            if e.label in SHARED_PROPERTIES and prop not in SHARED_PROPERTIES[e.label]:
                allowed = ", ".join(SHARED_PROPERTIES[e.label])
                add((f"{at}.properties.{prop}", f"a shared {e.label} only takes {allowed}"))
        if e.agency is not None and e.agency not in vocab.agencies:
            add((f"{at}.agency", f"{e.agency!r} is not an agency in vocabulary.yml"))
        if e.agency is not None and e.mode != "reference":
            add((f"{at}.agency", "only a reference entity may belong to another agency"))
        if e.resolution is not None and e.label != "PersonRecord":
            add((f"{at}.resolution", "only a PersonRecord takes resolution fields"))
        if e.mode == "upsert":
            for prop in REQUIRED_PROPERTIES.get(e.label, ()):
                if prop not in e.properties:
                    add((f"{at}.properties", f"a {e.label} needs a {prop!r} property"))
            if e.label == "Organisation" and not {"code", "name"} & set(e.properties):
                add((f"{at}.properties", "an Organisation needs a 'code' or a 'name' property"))
        props = e.properties
        if e.label == "Event" and "category" in props:
            _event_vocab(e.agency or agency, at, fields, props, vocab, add)
        if e.label == "Organisation" and "kind" in props:
            _values(f"{at}.properties.kind", fields.get(props["kind"]),
                    vocab.organisation_kinds, "organisation kind", add)  # fmt: skip


def _event_vocab(
    agency: str, where: str, fields: Fields, props: dict[str, str], vocab: Vocabulary, add: Add
) -> None:
    categories = fields.get(props["category"])
    _values(f"{where}.properties.category", categories, tuple(vocab.event_categories),
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
            _values(f"{where}.properties.type", fields.get(props["type"]),
                    tuple(spec["types"]), f"type of {category}", add)  # fmt: skip


def _relationships(
    rels: list[RelationshipSpec], where: str, fields: Fields, labels: dict[str, str],
    vocab: Vocabulary, add: Add,
) -> None:  # fmt: skip
    for i, r in enumerate(rels):
        at = f"{where}[{i}]"
        for end, alias in (("from", r.from_), ("to", r.to)):
            if alias not in labels:
                add((f"{at}.{end}", f"no entity has alias {alias!r}"))
        if r.when is not None and r.when not in fields:
            add((f"{at}.when", f"field {r.when!r} is not produced by any column"))
        if r.from_ not in labels or r.to not in labels:
            continue
        triple = (r.type, labels[r.from_], labels[r.to])
        if triple not in RELATIONSHIPS:
            allowed = ", ".join(f"{t}: {a}->{b}" for t, a, b in RELATIONSHIPS)
            add((f"{at}.type", f"{r.type} from {triple[1]} to {triple[2]} is not in the graph "
                               f"model (allowed: {allowed})"))  # fmt: skip
            continue
        _properties(at, r.properties, fields, add)
        for prop in REQUIRED_PROPERTIES.get(r.type, ()):
            if prop not in r.properties:
                add((f"{at}.properties", f"a {r.type} needs a {prop!r} property"))
        if r.type == "INVOLVED_IN" and "role" in r.properties:
            _values(f"{at}.properties.role", fields.get(r.properties["role"]),
                    vocab.roles, "role", add)  # fmt: skip
        if r.type == "RELATED_TO" and "relation" in r.properties:
            _values(f"{at}.properties.relation", fields.get(r.properties["relation"]),
                    vocab.relations, "relation", add)  # fmt: skip


def _properties(where: str, props: dict[str, str], fields: Fields, add: Add) -> None:
    for prop, field in props.items():
        if prop in RESERVED_PROPERTIES:
            add((f"{where}.properties.{prop}", f"{prop!r} is set by the loader itself"))
        if field not in fields:
            add((f"{where}.properties.{prop}", f"field {field!r} is not produced by any column"))


def _values(
    where: str, values: set[Any] | None, allowed: tuple[str, ...], what: str, add: Add
) -> None:
    """Check knowable values (constants, value-map targets); free text is checked per row."""
    for value in sorted(values or (), key=str):
        if value is not None and value not in allowed:
            add((where, f"{value!r} is not a {what} in vocabulary.yml ({', '.join(allowed)})"))
