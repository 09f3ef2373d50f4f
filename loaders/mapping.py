"""Declarative source mappings (``loaders/mappings/*.yml``): parsed, then checked as a whole.

A mapping says how to read one agency extract and which nodes and relationships each row
yields. Everything is checked before a single row is written: unknown keys, fields nobody
produces, labels and relationship types outside the graph model, Event categories/types,
roles and relations outside ``vocabulary.yml``. All problems are reported at once, each as
``<file>: <key path>: <what is wrong>``. The checks themselves are in ``mapping_checks.py``;
value rules, date plausibility and the ``null`` policy word in ``mapping_parts.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from touchpoint.graph_model.model.declared import load_declared
from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.vocabulary import Vocabulary
from touchpoint.loaders.mapping_parts import (
    Plausibility,
    ValueMapper,
    ValueRule,
    null_word,
    text_keys,
)
from touchpoint.loaders.mapping_parts import Strict as _Strict
from touchpoint.loaders.match_fields import ResolutionSpec, match_properties

MAPPINGS_DIR = Path(__file__).with_name("mappings")
PACKS_DIR = Path(__file__).with_name("packs")
"""Mapping packs for published data standards (ssd, ssda903, cin_census): one folder each."""
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
    "Organisation": ("kind",),  # and a code or a name (mapping_checks)
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
     "source_record_id", "load_run_id", "loaded_at", "last_load_run_id", "stub", "source",
     "dq_notes"}
)  # fmt: skip
DQ_LABELS = frozenset({"PersonRecord", "Event"})
"""Labels whose nodes carry ``dq_notes`` (an agency's own records, written by upsert)."""
OnError = Literal["quarantine", "null"]


class ReaderSpec(_Strict):
    format: Literal["csv", "jsonl", "parquet", "sql"]
    path: str = Field(min_length=1, description="File (or SQLite database) relative to DIR.")
    query: str | None = Field(default=None, description="SQL for format: sql.")
    encoding: str = "utf-8"
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    max_field_length: int = Field(default=10_000, ge=1)


class ColumnSpec(_Strict):
    field: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Name of the field it feeds.")
    type: Literal["str", "int", "float", "bool", "date", "datetime"] = "str"
    formats: tuple[str, ...] = Field(default=(), description="strptime formats of a date.")
    clean: Literal["strip", "name", "postcode", "phone", "identifier", "upper", "lower"] | None = (
        Field(default=None, description="Cleaner applied before type and value map.")
    )
    required: bool = Field(default=False, description="Blank or missing refuses the row.")
    value_map: dict[str, Any] | None = Field(default=None, description="Exact codes → values.")
    rules: tuple[ValueRule, ...] = Field(default=(), description="Keyword/regex value rules.")
    default: Any = Field(default=None, description="Value when no map entry or rule matched.")
    unmapped: Literal["quarantine", "keep", "null"] = Field(
        default="quarantine", description="No map entry, rule or default: refuse, keep, empty."
    )
    on_error: OnError = Field(default="quarantine", description="null: keep the row, note it.")
    plausible: Plausibility | None = Field(default=None, description="Date bounds to believe.")

    @field_validator("unmapped", "on_error", mode="before")
    @classmethod
    def _null_words(cls, value: Any) -> Any:
        return null_word(value)

    @field_validator("value_map", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        return text_keys(value)

    def mapper(self) -> ValueMapper | None:
        """The value map, rules and default together; None when the column has none."""
        default = (self.default,) if "default" in self.model_fields_set else None
        mapper = ValueMapper(self.value_map, self.rules, default)
        return mapper if (self.value_map is not None or mapper.active) else None


class DeriveSpec(_Strict):
    function: str = Field(description="A function of loaders/derive.py REGISTRY.")
    args: tuple[str, ...] = Field(min_length=1, description="Fields passed, in order.")
    field: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$",
                              description="Field of a one-value result.")  # fmt: skip
    fields: dict[str, str] | None = Field(default=None, description="Output → field.")
    options: dict[str, Any] = Field(default_factory=dict, description="See each function.")
    required: bool = Field(default=False, description="No result refuses the row.")
    on_error: OnError = Field(default="quarantine", description="null: keep the row, note it.")

    @field_validator("on_error", mode="before")
    @classmethod
    def _null_words(cls, value: Any) -> Any:
        return null_word(value)


class EntitySpec(_Strict):
    alias: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Name used by relationships.")
    label: str = Field(description="PersonRecord, Event, Address or Organisation.")
    key: tuple[str, ...] = Field(min_length=1, description="Fields hashed into its stable id.")
    mode: Literal["upsert", "reference"] = Field(
        default="upsert", description="reference: only make sure it exists (a stub)."
    )
    agency: str | None = Field(default=None, description="Another agency's record (reference).")
    optional: bool = Field(default=False, description="A blank key skips it, not the row.")
    properties: dict[str, str] = Field(default_factory=dict, description="Property → field.")
    fallback_key: tuple[str, ...] = Field(
        default=(), description="Fields keying the node when a key field is blank (a name)."
    )
    resolution: ResolutionSpec | None = Field(
        default=None,
        description="PersonRecord only: more evidence for entity resolution (town, locality, "
        "address_line_2, identifiers), written as match_* properties.",
    )

    @model_validator(mode="before")
    @classmethod
    def _resolution_properties(cls, data: Any) -> Any:
        """A ``resolution:`` block becomes ``match_*`` properties the loader writes as is."""
        if isinstance(data, dict) and data.get("resolution"):
            extra = match_properties(data["resolution"])
            data = {**data, "properties": {**(data.get("properties") or {}), **extra}}
        return data


class RelationshipSpec(_Strict):
    type: str = Field(description="A relationship type of the graph model.")
    from_: str = Field(alias="from", description="Entity alias it starts from.")
    to: str = Field(description="Entity alias it points to.")
    properties: dict[str, str] = Field(default_factory=dict, description="Property → field.")
    when: str | None = Field(default=None, description="Only when this field is non-blank.")


class ExplodeSpec(_Strict):
    """A list held in one field (``Jo Bloggs/2015-03-01;Ann Bloggs/2018-07-09``) → one
    sub-row per item, read by its own columns, derive, entities and relationships (which may
    point at the row's entities)."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Names <name>_index/_text.")
    from_: str = Field(alias="from", description="The field holding the list.")
    separator: str = Field(default=";", min_length=1, description="Literal item separator.")
    split_pattern: str | None = Field(default=None, description="Regex separator instead.")
    parse: str | None = Field(default=None, description="Regex: named groups = item columns.")
    on_error: OnError = Field(default="quarantine", description="null: skip the item, note it.")
    columns: dict[str, ColumnSpec | list[ColumnSpec]] = Field(
        min_length=1, description="Item part (a parse group, or item) → column spec."
    )
    constants: dict[str, Any] = Field(default_factory=dict, description="Fixed item fields.")
    derive: list[DeriveSpec] = Field(default_factory=list, description="Per item.")
    entities: list[EntitySpec] = Field(default_factory=list, description="Per item.")
    relationships: list[RelationshipSpec] = Field(
        default_factory=list, description="Per item; may point at the row's entities."
    )

    @field_validator("on_error", mode="before")
    @classmethod
    def _null_words(cls, value: Any) -> Any:
        return null_word(value)

    @field_validator("columns")
    @classmethod
    def _as_lists(cls, value: dict[str, Any]) -> dict[str, Any]:
        return {k: v if isinstance(v, list) else [v] for k, v in value.items()}

    def column_specs(self) -> Iterable[tuple[str, ColumnSpec]]:
        for column, specs in self.columns.items():
            for spec in specs:  # type: ignore[union-attr]
                yield column, spec

    @property
    def implicit_fields(self) -> tuple[str, str]:
        return f"{self.name}_index", f"{self.name}_text"


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
    explode: list[ExplodeSpec] = Field(default_factory=list)
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
        every = [*self.entities, *(e for x in self.explode for e in x.entities)]
        return next(e for e in every if e.alias == alias)


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


def packs() -> tuple[str, ...]:
    """Names of the shipped packs."""
    return tuple(sorted(p.name for p in PACKS_DIR.iterdir() if p.is_dir() and any(p.glob("*.yml"))))


def pack_mappings(name: str) -> list[Mapping]:
    """The mappings of one pack, checked."""
    if name not in packs():
        raise ConfigError(f"No mapping pack {name!r} (packs: {', '.join(packs())})")
    return load_mappings(sorted((PACKS_DIR / name).glob("*.yml")))


def check_mapping(m: Mapping, vocab: Vocabulary) -> list[tuple[str, str]]:
    """Cross-field checks pydantic cannot do; returns (key path, problem) pairs."""
    from touchpoint.loaders.mapping_checks import check

    return check(m, vocab)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
