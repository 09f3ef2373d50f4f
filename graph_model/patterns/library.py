"""Saved safeguarding patterns: a registry over ``cypher/patterns/*.cypher``.

Each pattern is a Cypher file whose YAML header says what it finds and why it matters, which
typed parameters it takes (with defaults and bounds) and how severe a match is. The registry
validates every header up front (a broken pattern fails at load, not at 3 a.m. in a run),
coerces user-supplied values to the declared types and passes them as Cypher parameters -
values are never spliced into the query text. Every result row names a resolved ``Person`` and
carries its evidence: the agency records that raised it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.vocabulary import vocabulary
from touchpoint.graph_model.patterns.params import PatternParam, parse_param
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import CYPHER_DIR, Query, parse_cypher_file

PATTERN_DIR = CYPHER_DIR / "patterns"
SEVERITIES = ("low", "medium", "high")
REQUIRED_KEYS = ("id", "title", "description", "why", "severity", "agencies")
REQUIRED_COLUMNS = ("person_id", "score", "summary", "evidence")
CONTEXT_VALUES = ("concern_keys",)
SCOPE_PARAM = "scope"  # optional list of person ids an incremental run re-checks (None: all)
MAX_SCOPE_HOPS = 2
SCOPE_BUCKET = 10_000
"""A scope is padded to at least this many ids (then to the next power of ten). Neo4j caches a
plan per query text, parameter types *and* list-size bucket (powers of ten), so unpadded every
nightly scope of a new order of magnitude re-planned all the scoped patterns (7-10 s on this
machine); padded, one plan serves every scope of up to 10,000 people, and the warm-up makes it."""
PARAM_REF = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Evidence:
    """One contributing record: which agency holds it, its own id, what and when."""

    agency: str | None
    record_id: str | None
    kind: str  # "event" or "record"
    node_id: str  # event_id or PersonRecord.record_id: what the flag links to
    category: str | None = None
    type: str | None = None
    date: str | None = None
    role: str | None = None

    @classmethod
    def from_row(cls, item: dict[str, Any]) -> Evidence:
        when = item.get("date")
        kind = "event" if item.get("event_id") else "record"
        node_id = item.get("event_id") or item.get("person_record_id")
        if not node_id:
            raise ConfigError(f"evidence item without event_id or person_record_id: {item}")
        return cls(
            agency=item.get("agency"),
            record_id=item.get("record_id"),
            kind=kind,
            node_id=str(node_id),
            category=item.get("category"),
            type=item.get("type"),
            date=None if when is None else _iso(when),
            role=item.get("role"),
        )

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class Hit:
    """One pattern result: a person, how strongly, why in words, and the evidence."""

    pattern_id: str
    person_id: str
    display_name: str | None
    severity: str
    score: float
    summary: str
    evidence: tuple[Evidence, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "pattern_id": self.pattern_id,
            "person_id": self.person_id,
            "display_name": self.display_name,
            "severity": self.severity,
            "score": self.score,
            "summary": self.summary,
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Pattern:
    """A validated saved pattern."""

    id: str
    title: str
    description: str
    why: str
    severity: str
    agencies: tuple[str, ...]
    params: tuple[PatternParam, ...]
    context: tuple[str, ...]
    query: Query
    returns: tuple[str, ...] = field(default=REQUIRED_COLUMNS)
    scope_hops: int | None = None  # None: global, always run in full

    @property
    def scoped(self) -> bool:
        """Whether an incremental run may re-check only some people with this pattern."""
        return self.scope_hops is not None

    def param(self, name: str) -> PatternParam:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params)
        raise ConfigError(f"Pattern {self.id} has no parameter {name!r} (it takes: {known})")

    def resolve_params(self, given: dict[str, Any] | None = None) -> dict[str, Any]:
        """Declared defaults overlaid with ``given`` (strings or values), typed and bounded."""
        given = dict(given or {})
        for name in given:
            self.param(name)
        return {
            p.name: p.coerce(given[p.name]) if p.name in given else p.default_value()
            for p in self.params
        }

    def cypher_params(
        self, resolved: dict[str, Any], scope: list[str] | None = None
    ) -> dict[str, Any]:
        """Query parameters; ``scope`` (person ids) restricts a scoped pattern's subjects."""
        params = {**resolved, **{name: context_value(name) for name in self.context}}
        if self.scoped:
            params[SCOPE_PARAM] = padded_scope(scope)
        elif scope is not None:
            raise ConfigError(f"Pattern {self.id} is global: it cannot run for some people only")
        return params


def padded_scope(scope: list[str] | None) -> list[str] | None:
    """``scope`` filled up with "" (no person's id) to a fixed size bucket (``SCOPE_BUCKET``),
    so the plan Neo4j cached for it serves the next scope too; None (everyone) stays None."""
    if scope is None:
        return None
    ids = list(scope)
    bucket = 10 ** math.ceil(math.log10(max(len(ids), SCOPE_BUCKET)))
    return ids + [""] * (bucket - len(ids))


def params_key(resolved: dict[str, Any]) -> str:
    """A run's parameters as recorded (``PatternRun.params_json``), comparable between runs."""
    return json.dumps(resolved, default=str, sort_keys=True)


def _iso(value: Any) -> str:
    iso = getattr(value, "iso_format", None) or getattr(value, "isoformat", None)
    return iso() if iso else str(value)


@cache
def context_value(name: str) -> Any:
    """Values patterns take from the controlled vocabulary rather than from users."""
    if name == "concern_keys":
        return sorted(
            f"{category}:{event_type}" for category, event_type in vocabulary().concern_pairs()
        )
    raise ConfigError(f"Unknown pattern context value {name!r} (known: {CONTEXT_VALUES})")


def parse_pattern(path: Path) -> Pattern:
    """Read and validate one pattern file; every problem is named with the file."""
    raw = parse_cypher_file(path, f"patterns/{path.stem}")
    meta = raw.meta
    missing = [key for key in REQUIRED_KEYS if not meta.get(key)]
    if missing:
        raise ConfigError(f"{path}: header lacks {', '.join(missing)}")
    if meta["id"] != path.stem:
        raise ConfigError(f"{path}: id {meta['id']!r} must equal the file name {path.stem!r}")
    if meta["severity"] not in SEVERITIES:
        raise ConfigError(f"{path}: severity must be one of {SEVERITIES}, got {meta['severity']!r}")
    agencies = tuple(meta["agencies"])
    unknown = [a for a in agencies if a not in vocabulary().agencies]
    if unknown:
        raise ConfigError(f"{path}: unknown agencies {unknown} (see vocabulary.yml)")
    params = _parse_params(path, meta.get("params") or [])
    context = tuple(meta.get("context") or ())
    for name in context:
        if name not in CONTEXT_VALUES:
            raise ConfigError(f"{path}: unknown context value {name!r} (known: {CONTEXT_VALUES})")
    scope_hops = _parse_scope(path, meta.get("scope", "global"))
    scope_names = [SCOPE_PARAM] if scope_hops is not None else []
    _check_references(path, raw.text, [p.name for p in params] + list(context) + scope_names)
    returns = tuple(meta.get("returns") or REQUIRED_COLUMNS)
    lacking = [c for c in REQUIRED_COLUMNS if c not in returns]
    if lacking:
        raise ConfigError(f"{path}: returns must include {', '.join(lacking)}")
    names = [p.name for p in params] + list(context) + scope_names
    query = Query(raw.name, raw.text, {**meta, "params": names}, path)
    return Pattern(
        id=meta["id"],
        title=str(meta["title"]),
        description=" ".join(str(meta["description"]).split()),
        why=" ".join(str(meta["why"]).split()),
        severity=meta["severity"],
        agencies=agencies,
        params=params,
        context=context,
        query=query,
        returns=returns,
        scope_hops=scope_hops,
    )


def _parse_scope(path: Path, value: Any) -> int | None:
    """``scope: N`` - a subject's hits depend only on people within N neighbourhood hops
    (shared address or event, relative, pending review pair); ``scope: global`` - no bound."""
    if value == "global":
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_SCOPE_HOPS:
        return value
    raise ConfigError(f"{path}: scope must be 0..{MAX_SCOPE_HOPS} or global, got {value!r}")


def _parse_params(path: Path, declared: list[Any]) -> tuple[PatternParam, ...]:
    params = [parse_param(path, item) for item in declared]
    if not any(p.name == "as_of" for p in params):
        params.insert(0, PatternParam("as_of", "date", "today", description="Reference date"))
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise ConfigError(f"{path}: a parameter is declared twice")
    return tuple(params)


def _check_references(path: Path, text: str, names: list[str]) -> None:
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    used = set(PARAM_REF.findall(body))
    undeclared = sorted(used - set(names))
    unused = sorted(set(names) - used)
    if undeclared:
        raise ConfigError(f"{path}: Cypher uses undeclared parameters {undeclared}")
    if unused:
        raise ConfigError(f"{path}: declared parameters never used in the Cypher: {unused}")


def load_patterns(root: Path = PATTERN_DIR) -> dict[str, Pattern]:
    """All patterns under ``root`` by id, validated."""
    return {p.id: p for p in (parse_pattern(path) for path in sorted(root.glob("*.cypher")))}


@cache
def _default_registry() -> dict[str, Pattern]:
    return load_patterns()


def list_patterns(root: Path | None = None) -> list[Pattern]:
    registry = load_patterns(root) if root else _default_registry()
    return list(registry.values())


def get_pattern(pattern_id: str, root: Path | None = None) -> Pattern:
    registry = load_patterns(root) if root else _default_registry()
    if pattern_id not in registry:
        close = [p for p in registry if pattern_id.lower() in p]
        hint = f" Did you mean {', '.join(close)}?" if close else " See `touchpoint patterns list`."
        raise ConfigError(f"No pattern {pattern_id!r}.{hint}")
    return registry[pattern_id]


@dataclass(frozen=True)
class SharedParams:
    """Parameters given once for many patterns: each pattern's share, checked, and who ignores
    which (a pattern that does not declare a parameter runs without it)."""

    per_pattern: dict[str, dict[str, Any]]
    ignored_by: dict[str, tuple[str, ...]]

    def notes(self) -> list[str]:
        """One line per parameter some patterns ignore, for the run's output."""
        return [
            f"{name} is not a parameter of {', '.join(ids)}: ignored there"
            for name, ids in self.ignored_by.items()
            if ids
        ]


def shared_params(patterns: list[Pattern], given: dict[str, Any]) -> SharedParams:
    """Split ``given`` over ``patterns`` by what each declares, checking every value against
    every pattern that takes it *before* anything runs; a name no pattern takes is refused."""
    if len(patterns) == 1:  # one pattern: an unknown name is refused with what it takes
        patterns[0].resolve_params(given)
    per_pattern: dict[str, dict[str, Any]] = {}
    for pattern in patterns:
        declared = {p.name for p in pattern.params}
        mine = {k: v for k, v in given.items() if k in declared}
        try:
            pattern.resolve_params(mine)
        except ConfigError as exc:
            raise ConfigError(f"Pattern {pattern.id}: {exc}") from None
        per_pattern[pattern.id] = mine
    ignored = {
        name: tuple(p.id for p in patterns if name not in per_pattern[p.id]) for name in given
    }
    unknown = [name for name, ids in ignored.items() if len(ids) == len(patterns)]
    if unknown:
        raise ConfigError(f"No pattern takes the parameter(s) {', '.join(sorted(unknown))}")
    return SharedParams(per_pattern, ignored)


def run_pattern(
    graph: Graph,
    pattern: Pattern,
    params: dict[str, Any] | None = None,
    scope: list[str] | None = None,
) -> tuple[dict[str, Any], list[Hit]]:
    """Run one pattern read-only; returns the resolved parameters and the hits (only those
    about people in ``scope`` when given: an incremental run's re-check)."""
    resolved = pattern.resolve_params(params)
    rows = graph.read(pattern.query, **pattern.cypher_params(resolved, scope))
    return resolved, [_hit(pattern, row) for row in rows]


def _hit(pattern: Pattern, row: dict[str, Any]) -> Hit:
    missing = [c for c in REQUIRED_COLUMNS if c not in row]
    if missing:
        raise ConfigError(f"Pattern {pattern.id} returned rows without {', '.join(missing)}")
    evidence = sorted(
        {Evidence.from_row(item) for item in row["evidence"] or []},
        key=lambda e: (e.date or "", e.agency or "", e.node_id),
    )
    if not evidence:
        raise ConfigError(f"Pattern {pattern.id} raised {row['person_id']} with no evidence")
    return Hit(
        pattern_id=pattern.id,
        person_id=row["person_id"],
        display_name=row.get("display_name"),
        severity=row.get("severity") or pattern.severity,
        score=float(row["score"]),
        summary=str(row["summary"]),
        evidence=tuple(evidence),
    )
