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
from collections import Counter, defaultdict
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


def value_type(value: Any) -> str | None:
    """The import tool's type for a Python value, or None when CSV cannot carry it."""
    kind = _SCALAR.get(type(value))
    if kind is not None:
        if kind == "double" and not math.isfinite(value):
            return None
        return kind
    if isinstance(value, datetime):
        return "datetime" if value.tzinfo is not None else "localdatetime"
    if isinstance(value, list) and value:
        kinds = {value_type(item) for item in value}
        if len(kinds) == 1 and None not in kinds and "[" not in next(iter(kinds)):
            element = next(iter(kinds))
            if element == "string" and any(ARRAY_DELIMITER in s or not s for s in value):
                return None
            return f"{element}[]"
    return None


_SCALAR: dict[type, str] = {str: "string", bool: "boolean", int: "long", float: "double",
                            date: "date"}  # fmt: skip


def cell(value: Any, kind: str) -> str:
    """One value written for its column type (the caller checked ``value_type``)."""
    if kind == "string":
        return '"' + value.replace('"', '""') + '"'
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(value)
    if kind in ("long",):
        return str(value)
    if kind in ("date", "localdatetime", "datetime"):
        return value.isoformat()
    element = kind[:-2]
    if element == "string":
        return '"' + ARRAY_DELIMITER.join(v.replace('"', '""') for v in value) + '"'
    return ARRAY_DELIMITER.join(cell(v, element) for v in value)


class TableWriter:
    """Rows of one label (or relationship type) in one bucket: a layout per type signature."""

    def __init__(self, kind: str, name: str, id_columns: list[str], folder: Path, stem: str):
        self.kind, self.name, self.id_columns = kind, name, id_columns
        self.folder, self.stem = folder, stem

    def write(
        self,
        rows: Iterable[tuple[list[str], dict[str, Any], Address]],
        written: Written,
    ) -> None:
        """``rows``: (id cells, properties, patch address). Properties are typed once; a key
        whose type differs from the most common one sends its row to a layout of its own."""
        typed: list[tuple[list[str], dict[str, tuple[Any, str]], Address]] = []
        counts: Counter[tuple[str, str]] = Counter()
        for ids, props, address in rows:
            kept: dict[str, tuple[Any, str]] = {}
            odd: dict[str, Any] = {}
            for key, value in props.items():
                kind = value_type(value) if _SAFE_NAME.match(key) else None
                if kind is None:
                    odd[key] = value
                else:
                    kept[key] = (value, kind)
                    counts[(key, kind)] += 1
            if odd:
                written.patches.append((address, odd))
            typed.append((ids, kept, address))
        main: dict[str, str] = {}
        for (key, kind), _ in counts.most_common():
            main.setdefault(key, kind)
        layouts: dict[tuple[tuple[str, str], ...], list[Any]] = defaultdict(list)
        base = tuple(sorted(main.items()))
        for ids, kept, _ in typed:
            fits = all(main[k] == kind for k, (_, kind) in kept.items())
            signature = base if fits else tuple(sorted((k, kind) for k, (_, kind) in kept.items()))
            layouts[signature].append((ids, kept))
        for number, (signature, members) in enumerate(layouts.items()):
            self._write_layout(number, signature, members, written)

    def _write_layout(
        self, number: int, signature: tuple[tuple[str, str], ...], members: list[Any],
        written: Written,
    ) -> None:  # fmt: skip
        header = ",".join([*self.id_columns, *(f"{k}:{kind}" for k, kind in signature)])
        keys = [k for k, _ in signature]
        plain = _Open(self.folder / f"{self.stem}.{number}.csv", header)
        multi = _Open(self.folder / f"{self.stem}.{number}.ml.csv", header)
        for ids, kept in members:
            cells = list(ids)
            for key in keys:
                found = kept.get(key)
                cells.append("" if found is None else cell(found[0], found[1]))
            line = ",".join(cells)
            target = multi if ("\n" in line or "\r" in line) else plain
            target.write(line)
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
    return '"' + value.replace('"', '""') + '"'
