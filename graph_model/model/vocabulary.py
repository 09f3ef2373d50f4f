"""The controlled vocabulary (``vocabulary.yml``): agencies, event categories and types, roles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yml")


@dataclass(frozen=True)
class Vocabulary:
    agencies: dict[str, dict[str, str]]
    event_categories: dict[str, dict[str, Any]]
    roles: tuple[str, ...]
    relations: tuple[str, ...]
    organisation_kinds: tuple[str, ...]

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


@cache
def vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Vocabulary(
        agencies=data["agencies"],
        event_categories=data["event_categories"],
        roles=tuple(data["roles"]),
        relations=tuple(data["relations"]),
        organisation_kinds=tuple(data["organisation_kinds"]),
    )
