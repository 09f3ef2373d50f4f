"""CSV for spreadsheets, with formula injection neutralised (OWASP "CSV Injection").

Agency extracts are hostile input: a name or a note of ``=HYPERLINK("http://…")`` or
``+cmd|' /C calc'!A0`` would run as a formula when an analyst opens an export in Excel or
LibreOffice. Every export (explorer nodes and links, pattern results, the quarantine download)
writes through ``csv_text``: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab, a
carriage return or a line feed (also after leading spaces, or in the full-width forms) is
prefixed with a single quote, so the spreadsheet shows it as the text it is. Numbers written as
numbers are left alone; the csv module quotes separators and quotes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet may safely read it."""
    if not isinstance(value, str):
        return value
    if value.lstrip(" ")[:1] in TRIGGERS or value[:1] in TRIGGERS:
        return "'" + value
    return value


def csv_text(rows: Iterable[dict[str, Any]], fieldnames: Sequence[str]) -> str:
    """Rows (dicts; keys outside ``fieldnames`` ignored) as CSV text with a header."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fieldnames), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: safe_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def csv_lines(rows: Iterable[Sequence[Any]], header: Sequence[str]) -> str:
    """Plain rows (sequences) as CSV text with ``header`` first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
