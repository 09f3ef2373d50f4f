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
        return event_type in self.event_categories.get(category, {}).get("concern_types", [])


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
