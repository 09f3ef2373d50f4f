"""The pieces the no-lost-lines promise rests on, without a graph: the byte-level line count,
the quote scanner and the record splitter; and the driver's retry lines, folded."""

from __future__ import annotations

import io
import logging

import pytest

from touchpoint.graph_model.store.driver_logs import RetrySummary
from touchpoint.loaders.csv_records import CsvScanner, scan_line
from touchpoint.loaders.raw_input import count_lines, text_lines


@pytest.mark.parametrize(
    ("data", "cr", "lines"),
    [
        (b"", True, 0),
        (b"a", True, 1),
        (b"a\n", True, 1),
        (b"a\r\nb\r\n", True, 2),
        (b"a\rb\rc", True, 3),
        (b"a\rb\rc", False, 1),  # JSON Lines: only \n ends a line
        (b"a\n\n\nb", True, 4),
    ],
)
def test_physical_lines_are_counted_from_bytes(data: bytes, cr: bool, lines: int) -> None:
    assert count_lines(io.BytesIO(data), cr_ends_lines=cr) == lines


def test_a_crlf_split_across_read_blocks_is_one_line_break() -> None:
    block = 1 << 20
    data = b"x" * (block - 1) + b"\r\n" + b"y\n"
    assert count_lines(io.BytesIO(data), cr_ends_lines=True) == 2


@pytest.mark.parametrize(
    ("text", "quoted", "state"),
    [
        ("a,b,c\n", False, (False, False)),
        ('a,"b,c\n', False, (True, False)),  # opened at a field start, still open
        ('a,b"c,d\n', False, (False, False)),  # a quote inside a field is literal
        ('a,"b""c",d\n', False, (False, False)),  # "" is an escaped quote
        ('rest",d\n', True, (False, False)),  # a continuation line closes it cleanly
        ('rest"x,d\n', True, (False, True)),  # closed with text after the quote: malformed
        ("still open\n", True, (True, False)),
    ],
)
def test_the_quote_scanner_follows_csv_rules(text: str, quoted: bool, state: tuple) -> None:
    open_at_end, closed_badly, _ = scan_line(text, quoted, ",")
    assert (open_at_end, closed_badly) == state


def records(text: str, width: int = 3, **kwargs: int) -> list[tuple[int, int, str | None]]:
    scanner = CsvScanner(text_lines(io.StringIO(text, newline="")), **kwargs)
    scanner.expected, scanner.header = width, ["a", "b", "c"]
    return [(r.first_line, r.last_line, r.problem and r.problem[:20]) for r in scanner]


def test_every_line_lands_in_exactly_one_record_or_the_blank_count() -> None:
    text = 'a,b,c\n1,"x\ny",3\n\n4,"runaway,6\n7,8,9\n10,11,12\n'
    got = records(text, max_field_chars=5)
    assert got == [(1, 1, None), (2, 3, None), (5, 5, "a quote opened in co"),
                   (6, 6, None), (7, 7, None)]  # fmt: skip


def test_side_by_side_retries_of_one_failure_are_one_line_per_wait() -> None:
    class ServiceUnavailable(Exception):
        pass

    error = ServiceUnavailable(
        "Couldn't connect to localhost:7 (resolved to ('127.0.0.1:7',)):"
        "\nFailed to establish connection (reason [Errno 111] Refused)"
    )
    summary = RetrySummary()

    def record() -> logging.LogRecord:
        return logging.LogRecord("neo4j.session", logging.WARNING, "", 0,
                                 "Transaction failed and will be retried in %ss (%s)",
                                 (5.0, error), None)  # fmt: skip

    first, second = record(), record()
    assert summary.filter(first) and not summary.filter(second)
    assert first.getMessage() == (
        "Neo4j: ServiceUnavailable: [Errno 111] Refused; retrying in 5.0 s."
    )
