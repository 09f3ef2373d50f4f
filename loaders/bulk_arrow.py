"""The fast way to write one table of import CSV: columns built once, written by Arrow.

Formatting millions of cells one by one in Python is most of a bulk load's cost; here each
property becomes one column (a list of values, ``None`` where a node lacks it), is typed once
for the whole column, converted to an Arrow array and written by Arrow's CSV writer in C++.
Arrow quotes every string and nothing else and leaves nulls unquoted and empty, which is
exactly the import tool's convention (``""`` an empty string, an empty cell no property).

Values Arrow would write differently from Cypher's own text (date-times, floats, lists) are
turned into their exact text first (``bulk_csv.typed_text``). A table this path cannot type —
one property holding two types, a property name a header cannot spell — is left to the
per-cell writer in ``bulk_csv`` (``write_table`` returns False).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from touchpoint.loaders.bulk_csv import Address, CsvFile, Written, typed_text

_SAFE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NATIVE = {str: ("string", pa.string()), int: ("long", pa.int64()), bool: ("boolean", pa.bool_()),
           date: ("date", pa.date32())}  # fmt: skip
_OPTIONS = pcsv.WriteOptions(include_header=False, quoting_style="needed", batch_size=8192)


class Untypable(Exception):
    """The column cannot be written by this path (the per-cell writer will)."""


def write_table(
    kind: str, name: str, id_columns: list[str], folder: Path, stem: str,
    ids: list[list[str]], props: list[dict[str, Any]], addresses: list[Address],
    written: Written,
) -> bool:  # fmt: skip
    """Write the rows (``ids[i]`` the id values of column i) or return False, having written
    nothing, when a column cannot be typed as one."""
    keys: dict[str, None] = {}
    for p in props:
        keys.update(dict.fromkeys(p))
    if any(not _SAFE_NAME.match(key) for key in keys):
        return False
    columns: dict[str, pa.Array] = {f"_id{i}": pa.array(v, pa.string()) for i, v in enumerate(ids)}
    header = list(id_columns)
    patches: list[tuple[Address, dict[str, Any]]] = []
    try:
        for key in sorted(keys):
            values = [p.get(key) for p in props]
            type_name, array = _column(values, key, addresses, patches)
            columns[key] = array
            header.append(f"{key}:{type_name}")
    except (Untypable, pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return False
    written.patches += patches
    table = pa.table(columns)
    multiline = _multiline(table)
    line = ",".join(header) + "\n"
    for part, is_multi in ((table.filter(pc.invert(multiline)), False),
                           (table.filter(multiline), True)):  # fmt: skip
        if part.num_rows:
            path = folder / f"{stem}.{'ml.' if is_multi else ''}csv"
            with path.open("wb") as handle:
                handle.write(line.encode("utf-8"))
                pcsv.write_csv(part, handle, _OPTIONS)
            written.files.append(CsvFile(kind, name, path, is_multi, part.num_rows))
    return True


def _column(
    values: list[Any], key: str, addresses: list[Address],
    patches: list[tuple[Address, dict[str, Any]]],
) -> tuple[str, pa.Array]:  # fmt: skip
    classes = {v.__class__ for v in values}
    classes.discard(type(None))
    if len(classes) > 1:
        raise Untypable(key)
    cls = classes.pop() if classes else str
    native = _NATIVE.get(cls)
    if native is not None:
        return native[0], pa.array(values, native[1])
    if cls in (datetime, float, list):
        return _as_text(values, key, addresses, patches)
    raise Untypable(key)


def _as_text(
    values: list[Any], key: str, addresses: list[Address],
    patches: list[tuple[Address, dict[str, Any]]],
) -> tuple[str, pa.Array]:  # fmt: skip
    """Date-times, floats and lists as the exact text the import tool parses back."""
    kinds: set[str] = set()
    texts: list[str | None] = []
    for value, address in zip(values, addresses, strict=True):
        if value is None:
            texts.append(None)
            continue
        typed = typed_text(value)
        if typed is None:  # an empty list, the delimiter in an element, inf: set after import
            patches.append((address, {key: value}))
            texts.append(None)
            continue
        kinds.add(typed[0])
        texts.append(_unquoted(typed))
    if len(kinds) > 1:
        raise Untypable(key)
    return (kinds.pop() if kinds else "string"), pa.array(texts, pa.string())


def _unquoted(typed: tuple[str, str]) -> str:
    """typed_text quotes strings (and string arrays) itself; Arrow will quote them again."""
    kind, text = typed
    if kind in ("string", "string[]"):
        return text[1:-1].replace('""', '"')
    return text


def _multiline(table: pa.Table) -> pa.Array:
    """Rows holding a line break in any text cell (the import tool reads them apart)."""
    mask = pa.array([False] * table.num_rows)
    for column in table.columns:
        if pa.types.is_string(column.type):
            found = pc.fill_null(pc.match_substring_regex(column, r"[\r\n]"), False)
            mask = pc.or_(mask, found)
    return mask
