"""A seeded corpus of hostile extracts: the files an agency's export tool, a tired analyst or
an attacker might hand the loader. Each says what a correct loader must do with it — refuse it
as a whole (and why), or account for every record it holds: how many records, how many of
them must be quarantined (when that is certain), how many physical lines the file has.

Used by ``tests/reliability`` (a small corpus on every test run) and by
``bench/reliability/fuzz_files.py`` (larger corpora, several seeds). Police incidents (CSV)
and A&E attendances (JSON Lines) are the targets; every file's record keys carry its own
prefix so its records can be counted in a shared graph. Synthetic values only.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from touchpoint.synth.sources.police import INCIDENT_COLUMNS

POLICE = "police.incidents"
AE = "hospital.ae_attendances"
PATHS = {POLICE: "police/incidents.csv", AE: "hospital/ae_attendances.jsonl"}
SURNAMES = ("SMITH", "O'BRIEN", "MCDONALD", "KHAN", "NOWAK", "BRONTË", "JONES", "ÖZTÜRK")
INJECTION = "Robert'}) MATCH (n) DETACH DELETE n //"


@dataclass(frozen=True)
class HostileFile:
    """One file and the verdict a correct loader reaches on it."""

    name: str
    description: str
    source: str
    data: bytes
    refused: bool = False
    records: int = 0
    """Records the file holds (each must be loaded or quarantined)."""
    quarantined: int | None = None
    """Exactly how many must be quarantined, when the file alone decides it (None: depends on
    the mapping's rules, e.g. what an impossible date does)."""
    lines: int | None = None
    """Physical lines, as the generator wrote them (header and blank lines included)."""
    refusal: str | None = None
    """A fragment of the error of a refused file."""

    @property
    def path(self) -> str:
        return PATHS[self.source]


class _Rows:
    """Valid police rows with a per-file key prefix, built from a seeded generator."""

    def __init__(self, rng: random.Random, prefix: str) -> None:
        self.rng, self.prefix = rng, prefix

    def row(self, n: int, **change: str) -> list[str]:
        fields = {"IncidentRef": f"{self.prefix}-{n:05d}", "PersonSeq": "1", "NominalId": "",
                  "IncidentType": self.rng.choice(["ASSAULT", "DOMESTIC ABUSE", "OTHER"]),
                  "ReportedDateTime": f"{self.rng.randint(1, 28):02d}/03/2024 10:00",
                  "IncidentLocation": "Market Street", "Role": "VICTIM",
                  "Surname": self.rng.choice(SURNAMES), "Forenames": "Alex",
                  "DOB": f"{self.rng.randint(1, 28):02d}/05/1990", "Sex": "F",
                  "HomeAddress": "", "Postcode": "", "FoundDateTime": ""}  # fmt: skip
        fields.update(change)
        return [fields.get(c, "") for c in INCIDENT_COLUMNS]  # later optional columns empty


def _csv(lines: list[str], ending: str = "\n", encoding: str = "utf-8") -> bytes:
    return ("".join(line + ending for line in lines)).encode(encoding, "surrogateescape")


def _line(fields: list[str]) -> str:
    """One CSV line; a field with a comma is quoted, unless it starts with a quote (the
    hostile ones, built by hand)."""
    return ",".join(f'"{f}"' if "," in f and not f.startswith('"') else f for f in fields)


HEADER = ",".join(INCIDENT_COLUMNS)


def corpus(seed: int = 20, rows: int = 200) -> list[HostileFile]:
    """The whole corpus for one seed; ``rows`` sets the size of each file."""
    rng = random.Random(seed)
    files: list[HostileFile] = []
    for index, build in enumerate(_BUILDERS):
        prefix = f"F{seed % 1000:03d}{index:02d}"
        files.append(build(_Rows(rng, prefix), rng, max(rows, 20)))
    return files


# ---- builders: (rows, rng, size) -> HostileFile ------------------------------------------------
Builder = Callable[[_Rows, random.Random, int], HostileFile]


def _clean(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    body = [_line(r.row(i)) for i in range(1, n + 1)]
    return HostileFile("clean", "a well-formed file", POLICE, _csv([HEADER, *body]),
                       records=n, quarantined=0, lines=n + 1)  # fmt: skip


def _variant(name: str, description: str, ending: str = "\n", bom: bool = False) -> Builder:
    def build(r: _Rows, rng: random.Random, n: int) -> HostileFile:
        body = [_line(r.row(i)) for i in range(1, n + 1)]
        data = (b"\xef\xbb\xbf" if bom else b"") + _csv([HEADER, *body], ending)
        return HostileFile(name, description, POLICE, data, records=n, quarantined=0, lines=n + 1)

    return build


def _blank_lines(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    lines, blanks = [HEADER], 0
    for i in range(1, n + 1):
        lines.append(_line(r.row(i)))
        if rng.random() < 0.1:
            lines.append(rng.choice(["", "   ", "\t"]))
            blanks += 1
    return HostileFile("blank_lines", "blank and whitespace-only lines between rows", POLICE,
                       _csv(lines), records=n, quarantined=0, lines=n + 1 + blanks)  # fmt: skip


def _spoiled(name: str, description: str, spoil: Callable[[_Rows, int], str]) -> Builder:
    """Every 10th-ish row (seeded) replaced by a spoiled one that must be quarantined alone."""

    def build(r: _Rows, rng: random.Random, n: int) -> HostileFile:
        bad = sorted(rng.sample(range(2, n), max(n // 12, 2)))
        lines = [HEADER, *(spoil(r, i) if i in bad else _line(r.row(i)) for i in range(1, n + 1))]
        return HostileFile(name, description, POLICE, _csv(lines), records=n,
                           quarantined=len(bad), lines=n + 1)  # fmt: skip

    return build


def _swallowing(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    """A quote opened in one row and closed by a quote in the next: each bad row alone."""
    bad = sorted(rng.sample(range(2, n - 1, 3), max(n // 15, 2)))
    lines = [HEADER]
    for i in range(1, n + 1):
        if i in bad:
            lines.append(_line(r.row(i, IncidentLocation='"Unit 4')))
        elif i - 1 in bad:
            lines.append(_line(r.row(i, IncidentLocation='Flat "B"')))
        else:
            lines.append(_line(r.row(i)))
    return HostileFile("swallowing_quotes", "a quote closed only by the next row's quote",
                       POLICE, _csv(lines), records=n, quarantined=len(bad),
                       lines=n + 1)  # fmt: skip


def _unterminated_last(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    lines = [HEADER, *(_line(r.row(i)) for i in range(1, n))]
    lines.append(_line(r.row(n, Forenames='"Alex, never closed')))
    return HostileFile("unterminated_last", "the last row opens a quote and the file ends",
                       POLICE, _csv(lines), records=n, quarantined=1, lines=n + 1)  # fmt: skip


def _megabyte_field(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    lines = [HEADER, *(_line(r.row(i)) for i in range(1, n + 1))]
    lines[n // 2] = _line(r.row(n // 2, IncidentLocation="x" * 1_048_576))
    return HostileFile("megabyte_field", "one field of 1 MiB (over the field limit)", POLICE,
                       _csv(lines), records=n, quarantined=1, lines=n + 1)  # fmt: skip


def _duplicate_keys(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    repeats = sorted(rng.sample(range(1, n + 1), max(n // 20, 2)))
    lines = [HEADER, *(_line(r.row(i)) for i in range(1, n + 1))]
    lines += [_line(r.row(i, Surname="CHANGED")) for i in repeats]
    return HostileFile("duplicate_keys", "record keys repeated with other content", POLICE,
                       _csv(lines), records=n + len(repeats), quarantined=len(repeats),
                       lines=n + 1 + len(repeats))  # fmt: skip


def _impossible_dates(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    odd = ["31/02/2011", "00/00/0000", "01/01/2999", "01/01/1800", "2011-02-03", "yesterday"]
    lines = [HEADER]
    for i in range(1, n + 1):
        lines.append(_line(r.row(i, DOB=rng.choice(odd)) if i % 7 == 0 else r.row(i)))
    return HostileFile("impossible_dates", "dates that do not exist, in 2999, in 1800", POLICE,
                       _csv(lines), records=n, quarantined=None, lines=n + 1)  # fmt: skip


def _injection(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    lines = [HEADER, *(_line(r.row(i, Surname=INJECTION) if i % 9 == 0 else r.row(i))
                       for i in range(1, n + 1))]  # fmt: skip
    return HostileFile("injection", "Cypher injection in names (stored as typed)", POLICE,
                       _csv(lines), records=n, quarantined=0, lines=n + 1)  # fmt: skip


def _everything(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    spoilers = [_stray, _nul, _latin1, _extra_field, _short_row]
    lines, bad = [HEADER], 0
    for i in range(1, n + 1):
        if i > 1 and rng.random() < 0.15:
            lines.append(rng.choice(spoilers)(r, i))
            bad += 1
        else:
            lines.append(_line(r.row(i)))
    return HostileFile("everything", "stray quotes, NULs, bad bytes and ragged rows mixed",
                       POLICE, _csv(lines), records=n, quarantined=bad, lines=n + 1)  # fmt: skip


def _stray(r: _Rows, i: int) -> str:
    return _line(r.row(i, IncidentLocation='"Market Street'))


def _nul(r: _Rows, i: int) -> str:
    return _line(r.row(i, Forenames="Al\x00ex"))


def _latin1(r: _Rows, i: int) -> str:
    return _line(r.row(i, Surname="BRONT\udccb"))  # the byte 0xCB alone: not UTF-8


def _extra_field(r: _Rows, i: int) -> str:
    return _line(r.row(i)) + ",surplus"


def _short_row(r: _Rows, i: int) -> str:
    return ",".join(r.row(i)[:5])


def _refused(name: str, description: str, data: Callable[[_Rows, int], bytes],
             refusal: str | None) -> Builder:  # fmt: skip
    def build(r: _Rows, rng: random.Random, n: int) -> HostileFile:
        return HostileFile(name, description, POLICE, data(r, n), refused=True, refusal=refusal)

    return build


def _clean_bytes(r: _Rows, n: int) -> bytes:
    return _csv([HEADER, *(_line(r.row(i)) for i in range(1, n + 1))])


def _zip_many(r: _Rows, n: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("incidents.csv", _clean_bytes(r, n))
        archive.writestr("incidents-2.csv", _clean_bytes(r, n))
    return buffer.getvalue()


def _noise(r: _Rows, n: int) -> bytes:
    rng = random.Random(n)
    return b"\x00\x01" + bytes(rng.randrange(256) for _ in range(4096))


def _compressed(name: str, pack: Callable[[bytes], bytes]) -> Builder:
    def build(r: _Rows, rng: random.Random, n: int) -> HostileFile:
        return HostileFile(name, f"a clean file, {name}-compressed", POLICE,
                           pack(_clean_bytes(r, n)), records=n, quarantined=0,
                           lines=n + 1)  # fmt: skip

    return build


def _header_only(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    return HostileFile("header_only", "a header and no rows", POLICE, _csv([HEADER]),
                       records=0, quarantined=0, lines=1)  # fmt: skip


def _empty(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    return HostileFile("empty_file", "zero bytes", POLICE, b"", records=0, quarantined=0, lines=0)


def _jsonl_mixed(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    good = [{"attendanceId": f"{r.prefix}-{i}", "siteCode": "RX1", "familyName": "HARDY",
             "arrivalDateTime": "2025-04-07T01:53:00", "attendanceCategory": "injury"}
            for i in range(1, n + 1)]  # fmt: skip
    lines: list[bytes] = []
    bad = blanks = 0
    for obj in good:
        text, roll = json.dumps(obj), rng.random()
        if roll < 0.05:
            lines.append(text.encode()[:25])  # cut off mid-object
        elif roll < 0.08:
            lines.append(b"[1, 2, 3]")  # JSON, but not an object
        elif roll < 0.11:
            lines.append(text.encode().replace(b"HARDY", b"HARD\xcf"))  # not UTF-8
        else:
            lines.append(text.encode())
        bad += roll < 0.11
        if rng.random() < 0.05:
            lines.append(b"")
            blanks += 1
    return HostileFile("jsonl_mixed", "JSON Lines: cut objects, arrays, bad bytes, blanks", AE,
                       b"".join(line + b"\n" for line in lines), records=n, quarantined=bad,
                       lines=n + blanks)  # fmt: skip


def _jsonl_gzip(r: _Rows, rng: random.Random, n: int) -> HostileFile:
    body = "\n".join(json.dumps({"attendanceId": f"{r.prefix}-{i}", "siteCode": "RX1",
                                 "familyName": "HARDY", "arrivalDateTime": "2025-04-07T01:53",
                                 "attendanceCategory": "other"})
                     for i in range(1, n + 1)) + "\n"  # fmt: skip
    return HostileFile("jsonl_gzip", "JSON Lines, gzip-compressed", AE,
                       gzip.compress(body.encode()), records=n, quarantined=0,
                       lines=n)  # fmt: skip


_BUILDERS: list[Builder] = [
    _clean,
    _variant("utf8_bom", "a UTF-8 byte-order mark before the header", bom=True),
    _variant("crlf", "Windows line endings", ending="\r\n"),
    _variant("cr_only", "old Mac line endings (a lone CR)", ending="\r"),
    _blank_lines,
    _spoiled("stray_quotes", "a field opens a quote that never closes", _stray),
    _swallowing,
    _unterminated_last,
    _spoiled("nul_bytes", "NUL bytes inside fields", _nul),
    _spoiled("latin1_bytes", "bytes that are not UTF-8 in a UTF-8 file", _latin1),
    _spoiled("extra_fields", "rows with a field too many", _extra_field),
    _spoiled("short_rows", "rows cut short", _short_row),
    _megabyte_field,
    _duplicate_keys,
    _impossible_dates,
    _injection,
    _everything,
    _compressed("gzip", gzip.compress),
    _compressed("bzip2", bz2.compress),
    _header_only,
    _empty,
    _refused("utf16", "a UTF-16 file where UTF-8 is declared",
             lambda r, n: _clean_bytes(r, n).decode("utf-8").encode("utf-16"), "UTF-16"),
    _refused("semicolons", "the wrong delimiter (;)",
             lambda r, n: _clean_bytes(r, n).replace(b",", b";"), "required column(s)"),
    _refused("zip_of_two", "a ZIP archive of two extracts", _zip_many, "ZIP archive with 2"),
    _refused("binary_noise", "random bytes", _noise, None),
    _refused("pdf", "a PDF saved under the extract's name",
             lambda r, n: b"%PDF-1.7\n" + _clean_bytes(r, 3), "PDF document"),
    _refused("truncated_gzip", "a gzip file cut short",
             lambda r, n: gzip.compress(_clean_bytes(r, n))[:200], "cannot be decompressed"),
    _jsonl_mixed,
    _jsonl_gzip,
]  # fmt: skip
