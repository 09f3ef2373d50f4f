"""Folded nodes and relationships → CSV files in the Neo4j import tool's header format.

Each file starts with its own header (``record_id:ID(PersonRecord),dob:date,…``), so every
value keeps the exact Cypher type a transactional load stores: ``string``, ``long``,
``double``, ``boolean``, ``date``, ``localdatetime``, ``datetime`` and arrays of them. Strings
are always quoted (``""`` is the empty string; an unquoted empty cell is *no property*), and
rows whose text holds a line break go to files the import tool reads as multi-line.

A value CSV cannot carry faithfully — an empty list, an array element holding the array
delimiter, a non-finite float, a property name the header cannot spell — is left out of the
file and returned as a *patch*, which the bulk load sets with Cypher after the import. Where
one property has two types within a label, the odd nodes get a file of their own.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

ARRAY_DELIMITER = "\x1f"
"""Unit separator: passed to the import tool as ``--array-delimiter=U+001F``."""
_SAFE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
Address = tuple[str, str, str, str | None]
"""(node | rel, label or start label, node key or rel_id, start node key of a rel)."""
Patch = tuple[Address, dict[str, Any]]
"""Where, and the properties to set there after the import."""


@dataclass
class CsvFile:
    """One file of one node label or relationship type, as the import tool is told of it."""

    kind: str  # "nodes" | "relationships"
    name: str  # label or relationship type
    path: Path
    multiline: bool
    rows: int = 0


@dataclass
class Written:
    files: list[CsvFile] = field(default_factory=list)
    patches: list[Patch] = field(default_factory=list)


def typed_text(value: Any) -> tuple[str, str] | None:
    """(import tool type, the value as written in its cell), or None when CSV cannot carry
    it. Hot: called for every property of every node and relationship of a bulk load."""
    cls = value.__class__
    if cls is str:
        return "string", '"' + (value.replace('"', '""') if '"' in value else value) + '"'
    if cls is date:
        return "date", value.isoformat()
    if cls is int:
        return "long", str(value)
    if cls is datetime:
        text = _ISO.get(value)
        if text is None:
            text = _ISO[value] = value.isoformat()
        return ("datetime" if value.tzinfo is not None else "localdatetime"), text
    if cls is bool:
        return "boolean", "true" if value else "false"
    if cls is float:
        return ("double", repr(value)) if math.isfinite(value) else None
    if cls is list and value:
        return _array(value)
    return None


_ISO: dict[datetime, str] = {}
"""The few timestamps every node of a run carries (loaded_at), formatted once."""


def _array(values: list[Any]) -> tuple[str, str] | None:
    typed = [typed_text(v) for v in values]
    kinds = {t[0] if t is not None else None for t in typed}
    if len(kinds) != 1 or None in kinds:
        return None
    kind = next(iter(kinds))
    if kind.endswith("[]"):
        return None
    if kind == "string":
        if any(ARRAY_DELIMITER in v or not v for v in values):
            return None
        return "string[]", '"' + ARRAY_DELIMITER.join(v.replace('"', '""') for v in values) + '"'
    return f"{kind}[]", ARRAY_DELIMITER.join(t[1] for t in typed)  # type: ignore[index]


class TableWriter:
    """Rows of one label (or relationship type) in one bucket: one layout (header) for the rows
    whose property types agree with the first seen for each key, one more per odd signature."""

    def __init__(self, kind: str, name: str, id_columns: list[str], folder: Path, stem: str):
        self.kind, self.name, self.id_columns = kind, name, id_columns
        self.folder, self.stem = folder, stem

    def write(
        self,
        rows: Iterable[tuple[list[str], dict[str, Any], Address]],
        written: Written,
    ) -> None:
        """``rows``: (id cells, properties, patch address)."""
        main: dict[str, str] = {}
        fitting: list[tuple[list[str], dict[str, str]]] = []
        odd_layouts: dict[tuple[tuple[str, str], ...], list[Any]] = defaultdict(list)
        safe: dict[str, bool] = {}
        for ids, props, address in rows:
            texts: dict[str, str] = {}
            kinds: dict[str, str] = {}
            odd: dict[str, Any] = {}
            misfit = False
            for key, value in props.items():
                ok = safe.get(key)
                if ok is None:
                    ok = safe[key] = bool(_SAFE_NAME.match(key))
                typed = typed_text(value) if ok else None
                if typed is None:
                    odd[key] = value
                    continue
                kind, texts[key] = typed
                kinds[key] = kind
                known = main.get(key)
                if known is None:
                    main[key] = kind
                elif known != kind:
                    misfit = True
            if odd:
                written.patches.append((address, odd))
            if misfit:
                odd_layouts[tuple(sorted(kinds.items()))].append((ids, texts))
            else:
                fitting.append((ids, texts))
        self._write_layout(0, tuple(sorted(main.items())), fitting, written)
        for number, (signature, members) in enumerate(odd_layouts.items(), start=1):
            self._write_layout(number, signature, members, written)

    def _write_layout(
        self, number: int, signature: tuple[tuple[str, str], ...], members: list[Any],
        written: Written,
    ) -> None:  # fmt: skip
        if not members:
            return
        header = ",".join([*self.id_columns, *(f"{k}:{kind}" for k, kind in signature)])
        keys = [k for k, _ in signature]
        plain = _Open(self.folder / f"{self.stem}.{number}.csv", header)
        multi = _Open(self.folder / f"{self.stem}.{number}.ml.csv", header)
        for ids, texts in members:
            get = texts.get
            line = ",".join([*ids, *[get(k, "") for k in keys]])
            if "\n" in line or "\r" in line:
                multi.write(line)
            else:
                plain.write(line)
        for handle, is_multi in ((plain, False), (multi, True)):
            if handle.close():
                written.files.append(CsvFile(self.kind, self.name, handle.path, is_multi,
                                             handle.rows))  # fmt: skip


class _Open:
    """A CSV file opened on its first row only (no empty files for the import tool)."""

    def __init__(self, path: Path, header: str) -> None:
        self.path, self.header = path, header
        self.handle: Any = None
        self.rows = 0

    def write(self, line: str) -> None:
        if self.handle is None:
            self.handle = self.path.open("w", encoding="utf-8", newline="")
            self.handle.write(self.header + "\n")
        self.handle.write(line + "\n")
        self.rows += 1

    def close(self) -> bool:
        if self.handle is None:
            return False
        self.handle.close()
        return True


def id_cell(value: str) -> str:
    return '"' + (value.replace('"', '""') if '"' in value else value) + '"'
