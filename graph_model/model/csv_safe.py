"""CSV for spreadsheets, with formula injection neutralised (OWASP "CSV Injection").

Agency extracts are hostile input: a name or a note of ``=HYPERLINK("http://…")`` or
``+cmd|' /C calc'!A0`` would run as a formula when an analyst opens an export in Excel or
LibreOffice. Every export (explorer nodes and links, pattern results, the quarantine download)
writes through ``csv_text``: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab, a
carriage return or a line feed (also after leading spaces, or in the full-width forms) is
prefixed with a single quote, so the spreadsheet shows it as the text it is. Numbers written as
numbers are left alone; the csv module quotes separators and quotes.

An export made for someone starts with its provenance (``provenance_block``): comment lines
``# OFFICIAL-SENSITIVE``, ``# case: …``, ``# user: …``, ``# time: … UTC``, ``# agreement: …``,
``# export: …``, ``# filters: …`` before the column header. Each comment line is written as one
cell: a value holding a comma or a quote is quoted with the rest of its line, so it can never
spill into a second cell a spreadsheet would evaluate, and every line starts with ``#``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from touchpoint.graph_model.model.provenance import Provenance

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet may safely read it."""
    if not isinstance(value, str):
        return value
    if value.lstrip(" ")[:1] in TRIGGERS or value[:1] in TRIGGERS:
        return "'" + value
    return value


def provenance_block(provenance: Provenance) -> str:
    """The comment lines an export starts with (marking first), each one CSV cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in provenance.lines():
        writer.writerow([f"# {line}"])
    return buffer.getvalue()


def csv_text(
    rows: Iterable[dict[str, Any]],
    fieldnames: Sequence[str],
    provenance: Provenance | None = None,
) -> str:
    """Rows (dicts; keys outside ``fieldnames`` ignored) as CSV text with a header - after the
    provenance block when one is given."""
    buffer = io.StringIO()
    if provenance is not None:
        buffer.write(provenance_block(provenance))
    writer = csv.DictWriter(buffer, fieldnames=list(fieldnames), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: safe_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def csv_lines(
    rows: Iterable[Sequence[Any]], header: Sequence[str], provenance: Provenance | None = None
) -> str:
    """Plain rows (sequences) as CSV text with ``header`` first (after the provenance block)."""
    buffer = io.StringIO()
    if provenance is not None:
        buffer.write(provenance_block(provenance))
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def read_provenance(text: str) -> tuple[dict[str, str], str]:
    """The provenance block of an export read back (``{"marking": …, "case": …, …}``) and the
    CSV after it - for checks and for tools that re-read an export."""
    block: dict[str, str] = {}
    rows = text.splitlines(keepends=True)
    used = 0
    for cells in csv.reader(io.StringIO(text)):
        if len(cells) != 1 or not cells[0].startswith("# "):
            break
        line = cells[0][2:]
        label, sep, value = line.partition(": ")
        if sep:
            block.setdefault(label, value)
        else:
            block.setdefault("marking", line)
        used += 1
    return block, "".join(rows[used:])
