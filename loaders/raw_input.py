"""The bytes of an extract: decompressed when they are compressed, refused by name when they
are something else, and split into physical lines without ever holding a whole line that is
too long to keep.

Why sniff the content rather than trust the name: agencies send ``extract.csv`` that is really
gzip, or a workbook saved as ``.csv``. Reading those as text quarantines every row with a
misleading reason ("looks like UTF-16"); naming what the file is tells the operator what to do.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import lzma
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from touchpoint.graph_model.model.errors import TouchpointError

LINE_LIMIT = 16 * 1024 * 1024
"""Characters of one physical line kept in memory (and in the quarantine file). A longer line
is still read to its end, counted and quarantined, but only this much of it is kept."""
_BLOCK = 1 << 20

COMPRESSED = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz", b"PK\x03\x04": "zip"}
_FOREIGN = {
    b"\x28\xb5\x2f\xfd": "a Zstandard-compressed file (decompress it first)",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old-style Office document (.xls/.doc); export the sheet as CSV",
    b"PAR1": "a Parquet file (set reader.format: parquet)",
    b"SQLite format 3\x00": "a SQLite database (set reader.format: sql with a query)",
    b"Rar!": "a RAR archive (extract it first)",
    b"7z\xbc\xaf": "a 7-Zip archive (extract it first)",
}


class SourceError(TouchpointError):
    """A source file cannot be read at all (missing, unreadable, columns missing)."""


class InputRefused(SourceError):
    """The file is not text in any form Touchpoint reads (an archive of many files, a PDF …)."""


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line: its 1-based number, its text (line ending included) and its full
    length, which is larger than ``len(text)`` only when the line was cut at ``LINE_LIMIT``."""

    number: int
    text: str | bytes
    length: int

    @property
    def cut(self) -> bool:
        return self.length > len(self.text)


def sniff(path: Path) -> str | None:
    """``gzip`` / ``bzip2`` / ``xz`` / ``zip`` for a compressed file, else None; raises
    ``InputRefused`` naming what the file is when it is a known non-text format."""
    with path.open("rb") as handle:
        head = handle.read(16)
    for magic, kind in COMPRESSED.items():
        if head.startswith(magic):
            return kind
    for magic, what in _FOREIGN.items():
        if head.startswith(magic):
            raise InputRefused(f"{path} is {what}, not a text extract.")
    return None


@contextlib.contextmanager
def open_bytes(path: Path) -> Iterator[IO[bytes]]:
    """The file's content as a binary stream, decompressed when it is gzip, bzip2, xz or a
    ZIP archive holding exactly one file."""
    kind = sniff(path)
    if kind is None:
        with path.open("rb") as handle:
            yield handle
        return
    if kind == "zip":
        with zipfile.ZipFile(path) as archive, archive.open(_only_member(path, archive)) as member:
            yield member
        return
    opener = {"gzip": gzip.open, "bzip2": bz2.open, "xz": lzma.open}[kind]
    try:
        with opener(path, "rb") as stream:
            yield stream
    except (OSError, EOFError, lzma.LZMAError) as exc:
        raise InputRefused(f"{path} is {kind}-compressed but cannot be decompressed: "
                           f"{exc}") from exc  # fmt: skip


def _only_member(path: Path, archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    files = [info for info in archive.infolist() if not info.is_dir()]
    names = [info.filename for info in files]
    if any(name.startswith("xl/") for name in names) and "[Content_Types].xml" in names:
        raise InputRefused(f"{path} is an Excel workbook (.xlsx), not a text extract; "
                           "export the sheet as CSV.")  # fmt: skip
    if len(files) != 1:
        shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
        raise InputRefused(f"{path} is a ZIP archive with {len(files)} files ({shown}); "
                           "Touchpoint reads a ZIP holding exactly one extract — unzip it and "
                           "load the file itself.")  # fmt: skip
    return files[0]


def count_lines(stream: IO[bytes], cr_ends_lines: bool) -> int:
    """Physical lines in a byte stream, counted on bytes alone (no decoding, no parsing): the
    independent figure every parsed row is checked against. A last line without a line break
    still counts; a lone ``\\r`` ends a line only for CSV (Python's universal newlines)."""
    lines = 0
    last = b""
    pending_cr = False
    while block := stream.read(_BLOCK):
        lines += block.count(b"\n")
        if cr_ends_lines:
            lines += block.count(b"\r") - block.count(b"\r\n")
            if pending_cr and block.startswith(b"\n"):
                lines -= 1  # "\r" ended the previous block, "\n" starts this one: one break
            pending_cr = block.endswith(b"\r")
        last = block[-1:]
    if last and last not in (b"\n", b"\r"):
        lines += 1
    return lines


def text_lines(handle: IO[str]) -> Iterator[Line]:
    """Physical lines of a text stream opened with ``newline=""`` (line endings kept)."""
    return _lines(handle, ("\n", "\r"))


def byte_lines(handle: IO[bytes]) -> Iterator[Line]:
    """Physical lines of a binary stream, split on ``\\n`` only (JSON Lines)."""
    return _lines(handle, (b"\n",))


def _lines(handle: IO, endings: tuple[str, ...] | tuple[bytes, ...]) -> Iterator[Line]:
    number = 0
    while True:
        text = handle.readline(LINE_LIMIT)
        if not text:
            return
        number += 1
        length = len(text)
        if length == LINE_LIMIT and text[-1:] not in endings:
            while rest := handle.readline(_BLOCK):  # read on to the line's end, keep nothing
                length += len(rest)
                if rest[-1:] in endings:
                    break
        yield Line(number, text, length)
