"""Declarative YAML files (mappings, agreements) read into pydantic models with pointed errors.

Both kinds are rejected as a whole before anything uses them, with one line per problem:
``FILE: key.path[index]: what is wrong`` - the schema's complaints and the domain checks alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.vocabulary import Vocabulary, vocabulary

M = TypeVar("M", bound=BaseModel)
Problem = tuple[str, str]


def load_declared(
    path: Path,
    model: type[M],
    check: Callable[[M, Vocabulary], list[Problem]],
    vocab: Vocabulary | None,
    shown: str,
) -> tuple[M, bytes]:
    """Parse ``path`` as YAML into ``model`` and run ``check`` against the vocabulary; raise
    ConfigError naming every problem. Returns the model and the file's bytes (for a checksum)."""
    what = model.__name__.lower()  # "mapping", "agreement": what the file should be
    try:
        raw = path.read_bytes()
        data = yaml.safe_load(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{shown}: cannot read {what}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{shown}: a {what} must be a YAML mapping of keys, not {data!r:.40}")
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_problems(shown, pydantic_problems(exc))) from exc
    problems = check(parsed, vocab or vocabulary())
    if problems:
        raise ConfigError(format_problems(shown, problems))
    return parsed, raw


def pydantic_problems(exc: ValidationError) -> list[Problem]:
    """The schema's errors as (key path, message), in file terms: list positions as ``[i]``,
    pydantic's union-member tags (``list[str]``, ``literal['*']``, model names) left out."""
    problems = []
    for err in exc.errors():
        path = ""
        for part in err["loc"]:
            if isinstance(part, int):
                path += f"[{part}]"
            elif not _is_type_tag(str(part)):
                path += f".{part}" if path else str(part)
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown key (typo?)"
        elif err["type"] == "literal_error":
            message = f"{err.get('input')!r}: {message}"
        problems.append((path or "(top level)", message))
    return list(dict.fromkeys(problems))


def format_problems(shown: str, problems: list[Problem]) -> str:
    return "\n".join(f"{shown}: {path}: {problem}" for path, problem in problems)


def _is_type_tag(part: str) -> bool:
    """Union members appear in pydantic locations as ``list[ColumnSpec]``, ``literal['*']`` or
    a bare model class name (``ColumnSpec``); a YAML key (an agency's column name, say) may be
    capitalised, so only the names of actual pydantic models count."""
    return "[" in part or part in _model_names(BaseModel)


def _model_names(base: type) -> set[str]:
    names = set()
    for sub in base.__subclasses__():
        names |= {sub.__name__} | _model_names(sub)
    return names
