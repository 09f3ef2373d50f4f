"""Typed pattern parameters: declared in a pattern's header, coerced and bounded on use.

Values arrive as strings from the CLI (``--param window_days=60``) or as Python values from the
app; both are turned into the declared type and checked against ``min``/``max`` so a typo is a
clear error rather than a query that silently matches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from touchpoint.graph_model.model.errors import ConfigError

TYPES = ("int", "float", "str", "date", "bool")
TRUE = {"1", "true", "yes", "y", "on"}
FALSE = {"0", "false", "no", "n", "off"}


class ParamError(ConfigError):
    """A pattern parameter value is of the wrong type or out of bounds."""


@dataclass(frozen=True)
class PatternParam:
    name: str
    type: str
    default: Any = None
    min: Any = None
    max: Any = None
    description: str = ""

    def default_value(self) -> Any:
        if self.default is None:
            raise ParamError(f"Give {self.name} a value: it has no default.")
        return self.coerce(self.default)

    def coerce(self, value: Any) -> Any:
        """Convert to the declared type, then enforce the bounds."""
        typed = _convert(self.name, self.type, value)
        if self.min is not None and typed < _convert(self.name, self.type, self.min):
            raise ParamError(f"Parameter {self.name}={typed} is below the minimum {self.min}")
        if self.max is not None and typed > _convert(self.name, self.type, self.max):
            raise ParamError(f"Parameter {self.name}={typed} is above the maximum {self.max}")
        return typed

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def parse_param(path: Path, item: Any) -> PatternParam:
    """One ``{name, type, default, min, max, description}`` header entry, checked."""
    if not isinstance(item, dict) or "name" not in item or "type" not in item:
        raise ConfigError(f"{path}: each parameter needs at least name and type, got {item!r}")
    unknown = set(item) - {"name", "type", "default", "min", "max", "description"}
    if unknown:
        raise ConfigError(f"{path}: parameter {item['name']} has unknown keys {sorted(unknown)}")
    if item["type"] not in TYPES:
        raise ConfigError(f"{path}: parameter {item['name']} type must be one of {TYPES}")
    param = PatternParam(
        name=str(item["name"]),
        type=item["type"],
        default=item.get("default"),
        min=item.get("min"),
        max=item.get("max"),
        description=str(item.get("description", "")),
    )
    if param.default is not None:
        try:
            param.default_value()
        except ParamError as exc:
            raise ConfigError(f"{path}: default of {param.name} is invalid: {exc}") from exc
    return param


def _convert(name: str, kind: str, value: Any) -> Any:
    try:
        if kind == "int":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(value)
        if kind == "float":
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if kind == "bool":
            return _to_bool(value)
        if kind == "date":
            return _to_date(value)
        return str(value)
    except (TypeError, ValueError):
        raise ParamError(f"Parameter {name}={value!r} is not a valid {kind}") from None


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(value)


def _to_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().lower()
    if text == "today":
        return date.today()
    return date.fromisoformat(text)
