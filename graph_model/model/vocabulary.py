"""The controlled vocabulary (``vocabulary.yml``): agencies, event categories and types, roles.

A council extends it without code: a second YAML file of the same shape, named by
``TOUCHPOINT_VOCABULARY_EXTRA`` (or ``vocabulary_extra`` in ``touchpoint.toml``), adds agencies,
categories, types of existing categories, roles, relations and organisation kinds. The merge
only ever *adds*: a file that would change what an existing name means (another agency for a
category, another kind for an agency) is refused, so mappings, agreements and patterns written
against the shipped vocabulary keep their meaning. Every problem is reported at once as
``FILE: key.path: what is wrong``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from touchpoint.graph_model.model.errors import ConfigError

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yml")
LISTS = ("roles", "relations", "organisation_kinds")
SECTIONS = ("agencies", "event_categories", *LISTS)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Vocabulary:
    agencies: dict[str, dict[str, str]]
    event_categories: dict[str, dict[str, Any]]
    roles: tuple[str, ...]
    relations: tuple[str, ...]
    organisation_kinds: tuple[str, ...]
    files: tuple[Path, ...] = (VOCABULARY_FILE,)

    def event_types(self, category: str) -> tuple[str, ...]:
        return tuple(self.event_categories[category]["types"])

    def is_concern(self, category: str, event_type: str) -> bool:
        return (category, event_type) in self.concern_pairs()

    def event_type_pairs(self) -> tuple[tuple[str, str], ...]:
        """Every (category, type) the vocabulary knows: what "all event types" means."""
        return tuple(
            (category, t) for category, spec in self.event_categories.items() for t in spec["types"]
        )

    def concern_pairs(self) -> tuple[tuple[str, str], ...]:
        """The (category, type) pairs counted as a safeguarding concern - derived here only, so
        the profile, the network, the patterns and the agreements agree on what a concern is."""
        return tuple(
            (category, t)
            for category, spec in self.event_categories.items()
            for t in spec.get("concern_types", [])
        )


def vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """The vocabulary in force: the shipped file plus the council's extension, if configured."""
    return load_vocabulary(path, _configured_extra())


@cache
def load_vocabulary(path: Path = VOCABULARY_FILE, extra: Path | None = None) -> Vocabulary:
    """``path`` merged with ``extra``; raise ConfigError naming every problem of either."""
    data = _read(path)
    problems = [(path, p) for p in _shape_problems(data)]
    files = [path]
    if extra is not None:
        more = _read(extra)
        shape = _shape_problems(more, partial=True)
        problems += [(extra, p) for p in shape]
        if not shape:
            problems += [(extra, p) for p in _merge(data, more)]
        files.append(extra)
    if not problems:
        problems = [(files[-1], p) for p in _consistency_problems(data)]
    if problems:
        raise ConfigError("\n".join(f"{file}: {where}: {what}" for file, (where, what) in problems))
    return Vocabulary(
        agencies=data["agencies"],
        event_categories=data["event_categories"],
        roles=tuple(data["roles"]),
        relations=tuple(data["relations"]),
        organisation_kinds=tuple(data["organisation_kinds"]),
        files=tuple(files),
    )


@cache
def _configured_extra() -> Path | None:
    """The extension file named by ``vocabulary_extra`` in settings (read once: the vocabulary
    is asked for on hot paths; ``forget_configuration`` reads it again)."""
    from touchpoint.graph_model.model.settings import load_settings

    try:
        extra = load_settings().vocabulary_extra
    except ConfigError:
        return None  # bad settings are reported where settings are used, not here
    return extra.expanduser() if extra else None


def forget_configuration() -> None:
    """Read the extension setting again (after the environment or config file changed)."""
    _configured_extra.cache_clear()


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read vocabulary: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a vocabulary must be a YAML mapping of sections")
    return data


def _shape_problems(data: dict[str, Any], partial: bool = False) -> list[tuple[str, str]]:
    problems = [(key, f"unknown section (expected {', '.join(SECTIONS)})")
                for key in data if key not in SECTIONS]  # fmt: skip
    for section in SECTIONS:
        value = data.get(section)
        if value is None:
            if not partial:
                problems.append((section, "missing"))
            continue
        expected = list if section in LISTS else dict
        if not isinstance(value, expected):
            problems.append((section, f"must be a {'list' if expected is list else 'mapping'}"))
            continue
        for name in value:
            if not isinstance(name, str) or not _NAME.match(name):
                problems.append((f"{section}.{name}", "names are lower_case_with_underscores"))
    for name, spec in (data.get("agencies") or {}).items():
        if not isinstance(spec, dict) or not {"name", "kind"} <= set(spec):
            problems.append((f"agencies.{name}", "needs a name and a kind"))
    for name, spec in (data.get("event_categories") or {}).items():
        if not isinstance(spec, dict):
            problems.append((f"event_categories.{name}", "must be a mapping"))
            continue
        for key in spec:
            if key not in ("agency", "types", "concern_types"):
                problems.append((f"event_categories.{name}.{key}", "unknown key (typo?)"))
        for key in ("types", "concern_types"):
            if key in spec and not isinstance(spec[key], list):
                problems.append((f"event_categories.{name}.{key}", "must be a list"))
    return problems


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> list[tuple[str, str]]:
    """Add ``extra`` into ``base`` in place; anything that would redefine a name is a problem."""
    problems = []
    for name, spec in (extra.get("agencies") or {}).items():
        known = base["agencies"].get(name)
        if known is not None and known.get("kind") != spec.get("kind"):
            problems.append((f"agencies.{name}", f"already an agency of kind {known['kind']!r}; "
                             "an extension may add agencies, not change them"))  # fmt: skip
        base["agencies"].setdefault(name, spec)
    for name, spec in (extra.get("event_categories") or {}).items():
        known = base["event_categories"].get(name)
        if known is None:
            if "agency" not in spec or "types" not in spec:
                problems.append((f"event_categories.{name}", "a new category needs an agency "
                                 "and types"))  # fmt: skip
            base["event_categories"][name] = {k: list(v) if isinstance(v, list) else v
                                              for k, v in spec.items()}  # fmt: skip
            continue
        if "agency" in spec and spec["agency"] != known["agency"]:
            problems.append((f"event_categories.{name}.agency", f"belongs to {known['agency']!r}; "
                             "an extension may add types, not move a category"))  # fmt: skip
        for key in ("types", "concern_types"):
            merged = list(known.get(key, []))
            merged += [t for t in spec.get(key, []) if t not in merged]
            known[key] = merged
    for section in LISTS:
        base[section] = list(base[section]) + [
            v for v in extra.get(section) or [] if v not in base[section]
        ]
    return problems


def _consistency_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    problems = []
    for name, spec in data["event_categories"].items():
        where = f"event_categories.{name}"
        if spec.get("agency") not in data["agencies"]:
            problems.append((f"{where}.agency", f"{spec.get('agency')!r} is not an agency"))
        types = spec.get("types") or []
        if not types:
            problems.append((f"{where}.types", "a category needs at least one type"))
        for t in types:
            if not isinstance(t, str) or not _NAME.match(t):
                problems.append((f"{where}.types", f"{t!r}: names are lower_case_with_underscores"))
        for t in spec.get("concern_types") or []:
            if t not in types:
                problems.append((f"{where}.concern_types", f"{t!r} is not one of its types"))
    return problems
