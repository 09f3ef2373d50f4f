"""CSV records found line by line, so one stray quote cannot swallow the rest of a file.

``csv.reader`` over a whole file trusts every quote: a field that opens with ``"`` and never
closes takes every following line into one giant "row", and the load reports 10 rows read of
2,000 without a word. Here the file is read as *physical lines*; a scanner that follows the
quoting rules of Python's ``csv`` (a quote opens only at the start of a field, ``""`` is an
escaped quote) joins lines only while a quoted field is open, and gives up on a quote that

* is still open after ``max_field_lines`` lines or ``max_field_chars`` characters (a runaway),
* never closes before the end of the file, or
* closes only after swallowing lines that read as complete rows of their own (a stray quote
  closed by the next row's quote: the joined "record" is malformed or has the wrong width).

Then the line the quote opened on is quarantined *alone* and reading resumes on the next line,
so the swallowed rows load as themselves. Each record says which physical lines it spans;
the loader checks that header, blank lines and records together cover every line the file has.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from touchpoint.loaders.raw_input import LINE_LIMIT, Line

MAX_FIELD_LINES = 200
"""A quoted field spanning more physical lines than this is a runaway quote (real narrative
fields with line breaks are far shorter; the field-length limit usually trips first)."""


@dataclass(frozen=True, slots=True)
class CsvRecord:
    """One record: physical lines ``first_line``–``last_line``, its text (without the final
    line ending), the parsed ``fields``, or the ``problem`` that keeps it from being parsed."""

    first_line: int
    last_line: int
    text: str
    fields: list[str] | None
    problem: str | None = None
    length: int = 0
    """Characters in the record before any cut (``len(text)`` unless a line was too long)."""


class CsvScanner:
    """Iterate records of a file's physical lines; set ``expected`` (the header's width) once
    the header record has been read, so the later records can be judged against it."""

    def __init__(
        self,
        lines: Iterator[Line],
        delimiter: str = ",",
        max_field_chars: int = 10_000,
        max_field_lines: int = MAX_FIELD_LINES,
    ) -> None:
        self._lines = lines
        self._pending: deque[Line] = deque()
        self.delimiter = delimiter
        self.max_field_chars = max_field_chars
        self.max_field_lines = max_field_lines
        self.expected: int | None = None
        self.header: list[str] | None = None
        self.blank_lines = 0

    def __iter__(self) -> Iterator[CsvRecord]:
        while (line := self._next()) is not None:
            text = line.text
            if not text.strip():
                self.blank_lines += 1  # a blank (or whitespace-only) line is not a record
                continue
            if line.cut:
                yield _cut_record(line)
                continue
            yield self._record(line)

    # ---- one record -------------------------------------------------------------------------
    def _record(self, first: Line) -> CsvRecord:
        quoted, bad, opened_at = scan_line(first.text, False, self.delimiter)  # type: ignore[arg-type]
        group = [first]
        extra = 0
        while quoted:
            line = self._next()
            if line is None:
                return self._give_up(group, opened_at, "never closes before the end of the file")
            group.append(line)
            extra += line.length
            if line.cut:
                return self._give_up(
                    group,
                    opened_at,
                    f"runs into line {line.number:,}, "
                    f"which is too long to keep ({line.length:,} characters)",
                )
            quoted, closed_badly, _ = scan_line(line.text, True, self.delimiter)  # type: ignore[arg-type]
            bad = bad or closed_badly
            if quoted and (extra > self.max_field_chars or len(group) > self.max_field_lines):
                how = (f"never closes: still open after {len(group):,} lines "
                       f"({extra:,} characters; the field limit is "
                       f"{self.max_field_chars:,})")  # fmt: skip
                return self._give_up(group, opened_at, how)
        text = _strip_ending("".join(line.text for line in group))  # type: ignore[misc]
        fields = parse(text, self.delimiter)
        if len(group) > 1 and self._swallowed(group, fields, bad):
            how = (f"closes only on line {group[-1].number:,}, mid-field or after swallowing "
                   "line(s) that read as rows of their own")  # fmt: skip
            return self._give_up(group, opened_at, how)
        return CsvRecord(first.number, group[-1].number, text, fields, None, len(text))

    def _swallowed(self, group: list[Line], fields: list[str], closed_badly: bool) -> bool:
        """A multi-line record is a stray quote's doing when its quote closed mid-field (text
        after the closing quote: malformed in any CSV dialect), or when a line it took in is
        a complete row on its own and the record is the wrong width or its first line was
        already a complete row with the quote taken literally."""
        width = self.expected
        if width is None:
            return False
        if closed_badly:
            return True
        own_rows = any(len(parse(_strip_ending(line.text), self.delimiter)) == width  # type: ignore[arg-type]
                       for line in group[1:])  # fmt: skip
        if not own_rows:
            return False
        first = _strip_ending(group[0].text)  # type: ignore[arg-type]
        literal = next(csv.reader([first], delimiter=self.delimiter, quoting=csv.QUOTE_NONE))
        return len(fields) != width or len(literal) == width

    def _give_up(self, group: list[Line], opened_at: int, how: str) -> CsvRecord:
        """Quarantine the line the quote opened on, alone; read on from the next line."""
        first = group[0]
        self._pending.extendleft(reversed(group[1:]))
        column = self._column_at(first.text, opened_at)  # type: ignore[arg-type]
        where = f" in column {column!r}" if column else ""
        problem = (f"a quote opened{where} on line {first.number:,} {how} — a stray or "
                   f"unterminated quote; this line is quarantined alone and reading went on "
                   f"at line {first.number + 1:,}")  # fmt: skip
        text = _strip_ending(first.text)  # type: ignore[arg-type]
        return CsvRecord(first.number, first.number, text, None, problem, len(text))

    def _column_at(self, text: str, position: int) -> str | None:
        if self.header is None or position < 0:
            return None
        index = len(parse(text[:position], self.delimiter)) - 1
        return self.header[index] if 0 <= index < len(self.header) else f"#{index + 1}"

    def _next(self) -> Line | None:
        if self._pending:
            return self._pending.popleft()
        return next(self._lines, None)


def scan_line(text: str, quoted: bool, delimiter: str) -> tuple[bool, bool, int]:
    """Follow ``csv``'s quoting through one physical line.

    Returns (a quoted field is still open at the line's end, a quoted field closed with text
    after its closing quote, where the last still-open quote opened or -1). ``quoted`` says
    whether the line starts inside a quoted field (a continuation line).
    """
    if '"' not in text:
        return quoted, False, -1
    i, n, bad, opened = 0, len(text), False, -1
    while True:
        if quoted:
            j = text.find('"', i)
            if j < 0:
                return True, bad, opened
            if text.startswith('"', j + 1):
                i = j + 2  # "" is an escaped quote inside the field
                continue
            quoted, opened = False, -1
            end = text.find(delimiter, j + 1)
            tail = text[j + 1 : end if end >= 0 else n]
            bad = bad or bool(tail.rstrip("\r\n"))
            if end < 0:
                return False, bad, -1
            i = end + 1
            continue
        if text.startswith('"', i):  # a quote at the start of a field opens it
            quoted, opened, i = True, i, i + 1
            continue
        if text.find('"', i) < 0:
            return False, bad, -1
        end = text.find(delimiter, i)  # an unquoted field: quotes inside it are literal
        if end < 0:
            return False, bad, -1
        i = end + 1


def parse(text: str, delimiter: str) -> list[str]:
    """The fields of one record's text (``csv`` rules, non-strict)."""
    return next(csv.reader([text], delimiter=delimiter), [])


def _strip_ending(text: str) -> str:
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith(("\n", "\r")):
        return text[:-1]
    return text


def _cut_record(line: Line) -> CsvRecord:
    problem = (f"line {line.number:,} is {line.length:,} characters long; only the first "
               f"{LINE_LIMIT:,} are kept, so it cannot be read as a row")  # fmt: skip
    text = _strip_ending(line.text)  # type: ignore[arg-type]
    return CsvRecord(line.number, line.number, text, None, problem, line.length)
