"""Named Cypher: every query lives in ``cypher/<topic>/<name>.cypher``, loaded by name.

A file opens with a metadata header of ``//`` comment lines holding YAML, e.g.::

    // name: admin/counts_by_label
    // description: Node count for one label (uses the count store).
    // params: [label]
    MATCH (n:$($label)) RETURN count(n) AS count

``params`` lists the parameters the query expects; ``Query.check_params`` rejects a call that
misses one or passes an unknown one, so a typo fails loudly instead of matching nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from touchpoint.graph_model.model.errors import ConfigError, QueryNotFound

#: The shipped queries: package data of ``touchpoint.cypher`` (a checkout's ``cypher/`` folder,
#: or site-packages when installed from a wheel).
CYPHER_DIR = Path(str(files("touchpoint.cypher")))


@dataclass(frozen=True)
class Query:
    """One saved Cypher query with its header metadata."""

    name: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def params(self) -> list[str]:
        declared = self.meta.get("params") or []
        return [p if isinstance(p, str) else p["name"] for p in declared]

    def check_params(self, given: dict[str, Any]) -> None:
        if "params" not in self.meta:
            return
        missing = [p for p in self.params if p not in given]
        unknown = [p for p in given if p not in self.params]
        if missing or unknown:
            parts = []
            if missing:
                parts.append(f"missing {', '.join(missing)}")
            if unknown:
                parts.append(f"unknown {', '.join(unknown)}")
            raise ConfigError(f"Query {self.name}: {'; '.join(parts)}")

    def statements(self) -> list[str]:
        """Split a multi-statement file (schema migrations) on ';' at line ends."""
        chunks, current = [], []
        for line in self.text.splitlines():
            current.append(line)
            if line.rstrip().endswith(";"):
                chunks.append("\n".join(current).rstrip().rstrip(";").strip())
                current = []
        tail = "\n".join(current).strip()
        if tail:
            chunks.append(tail)
        return [chunk for chunk in chunks if _has_code(chunk)]


def parse_cypher_file(path: Path, name: str) -> Query:
    """Split header from body; the header must be valid YAML mapping."""
    raw = path.read_text(encoding="utf-8")
    header_lines, body_lines, in_header = [], [], True
    for line in raw.splitlines():
        stripped = line.strip()
        if in_header and stripped.startswith("//"):
            header_lines.append(stripped[2:][1:] if stripped[2:3] == " " else stripped[2:])
            continue
        if in_header and not stripped:
            continue
        in_header = False
        body_lines.append(line)
    try:
        meta = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: header is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise ConfigError(f"{path}: header must be 'key: value' lines, got {type(meta).__name__}")
    text = "\n".join(body_lines).strip()
    if not text:
        raise ConfigError(f"{path}: no Cypher after the header")
    return Query(name=name, text=text, meta=meta, path=path)


@cache
def load_query(name: str, root: Path = CYPHER_DIR) -> Query:
    """Load ``cypher/<name>.cypher`` (``name`` like ``admin/counts_by_label``)."""
    if ".." in Path(name).parts or Path(name).is_absolute():
        raise QueryNotFound(f"Query name {name!r} must be relative to cypher/")
    path = root / f"{name}.cypher"
    if not path.is_file():
        raise QueryNotFound(f"No saved query {name!r} (looked for {path})")
    return parse_cypher_file(path, name)


def list_queries(topic: str, root: Path = CYPHER_DIR) -> list[Query]:
    """All queries under ``cypher/<topic>/``, sorted by file name."""
    folder = root / topic
    return [load_query(f"{topic}/{path.stem}", root) for path in sorted(folder.glob("*.cypher"))]


def _has_code(chunk: str) -> bool:
    return any(line.strip() and not line.strip().startswith("//") for line in chunk.splitlines())
