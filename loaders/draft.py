"""``touchpoint mappings draft FILE``: a first mapping for a new extract, for the analyst to edit.

It reads a sample (the project's own readers: delimiter and encoding sniffed), judges each
column (``draft_detect``), picks the agency, event category and codes' vocabulary
(``draft_vocab``), and writes a mapping that ``mappings check`` accepts — with a comment block
saying what each column was read as and why, and what it could not place. The draft is a
starting point: every guess is visible, nothing is hidden in code.
"""

from __future__ import annotations

import csv
import re
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.vocabulary import Vocabulary, vocabulary
from touchpoint.loaders.draft_build import build
from touchpoint.loaders.draft_detect import Column, profile
from touchpoint.loaders.draft_vocab import guess_agency
from touchpoint.loaders.mapping import ReaderSpec, load_mapping
from touchpoint.loaders.sources import SourceFile

SAMPLE_ROWS = 500
FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".sqlite": "sql",
    ".db": "sql",
    ".sqlite3": "sql",
}


@dataclass
class Draft:
    mapping: dict[str, Any]
    columns: list[Column]
    notes: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)

    def text(self, shown: str) -> str:
        """The mapping as YAML, after a comment block explaining every choice."""
        lines = [
            f"# Drafted by `touchpoint mappings draft` from {shown}: check every line, then",
            "# `touchpoint mappings check` and load. Columns as read from the sample:",
        ]
        lines += [f"#   {c.name}: {c.kind} — {c.why}" for c in self.columns]
        if self.notes:
            lines += ["# Choices to confirm:"] + [f"#   - {n}" for n in self.notes]
        lines += ["# Could not place:"] + [f"#   - {u}" for u in self.unplaced or ["nothing"]]
        body = yaml.safe_dump(self.mapping, sort_keys=False, allow_unicode=True, width=100)
        return "\n".join(lines) + "\n" + body


def draft(
    path: Path,
    agency: str | None = None,
    table: str | None = None,
    rows: int = SAMPLE_ROWS,
    vocab: Vocabulary | None = None,
) -> Draft:
    """Read a sample of ``path`` and propose a mapping for it."""
    vocab = vocab or vocabulary()
    reader = reader_for(path, table)
    names, sample = read_sample(path, reader, rows)
    columns = [profile(Column(n, [r.get(n) for r in sample])) for n in names]
    hints = [*path.parts[-3:], table or "", *names]
    chosen = agency or guess_agency([*path.parts[-3:], table or ""], names, vocab)
    if chosen is None or chosen not in vocab.agencies:
        raise ConfigError(
            f"{path}: cannot tell which agency this is from; name it with --agency "
            f"({', '.join(vocab.agencies)})"
        )
    stem = _slug(table or path.stem)
    result = Draft(mapping={}, columns=columns)
    result.mapping = build(
        chosen,
        f"{chosen}.{stem}",
        reader,
        columns,
        sample,
        hints,
        vocab,
        result.notes,
        result.unplaced,
    )
    _repair(result, vocab)
    return result


def reader_for(path: Path, table: str | None) -> dict[str, Any]:
    fmt = FORMATS.get(path.suffix.casefold())
    if fmt is None:
        raise ConfigError(
            f"{path}: cannot draft a {path.suffix or 'suffix-less'} file "
            f"(known: {', '.join(FORMATS)})"
        )
    where = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
    reader: dict[str, Any] = {"format": fmt, "path": where}
    if fmt == "sql":
        tables = _tables(path)
        if table is None and len(tables) != 1:
            raise ConfigError(f"{path} holds tables {', '.join(tables)}: name one with --table")
        table = table or tables[0]
        if table not in tables:
            raise ConfigError(f"{path}: no table {table!r} ({', '.join(tables)})")
        reader["query"] = f'SELECT * FROM "{table}"'
    if fmt == "csv":
        encoding, delimiter = _sniff(path)
        if encoding != "utf-8":
            reader["encoding"] = encoding
        if delimiter != ",":
            reader["delimiter"] = delimiter
    return reader


def read_sample(path: Path, reader: dict[str, Any], rows: int) -> tuple[list[str], list[dict]]:
    spec = ReaderSpec(**reader)
    source = SourceFile(spec, path)
    names = source.columns()
    sample = []
    for row in source.rows():
        if row.values is not None:
            sample.append(row.values)
        if len(sample) >= rows:
            break
    if names is None:  # JSON Lines: the keys rows carry
        names = list(dict.fromkeys(k for r in sample for k in r))
    return names, sample


def _sniff(path: Path) -> tuple[str, str]:
    """(encoding, delimiter): UTF-8 unless the bytes say otherwise; the delimiter that splits
    the first lines into the same number of fields (several), else a comma."""
    head = path.read_bytes()[: 1 << 16]
    head = head[: head.rfind(b"\n") + 1] or head
    encoding = "utf-8"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "cp1252"
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    lines = text.splitlines()[:30]
    best = (False, 0, ",")
    for delimiter in (",", ";", "\t", "|"):
        counts = [len(r) for r in csv.reader(lines, delimiter=delimiter) if r]
        if counts:
            candidate = (len(set(counts)) == 1 and counts[0] > 1, counts[0], delimiter)
            best = max(best, candidate)
    return encoding, best[2]


def _tables(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [r[0] for r in rows]


def _repair(result: Draft, vocab: Vocabulary, tries: int = 6) -> None:
    """Check the draft as ``mappings check`` would; drop what it refuses (and say so), so the
    analyst always gets a file that loads, with the refused part named."""
    for _ in range(tries):
        problems = _problems(result.mapping, vocab)
        if not problems:
            return
        if not _drop_first(result, problems):
            break
    leftover = _problems(result.mapping, vocab)
    if leftover:
        raise ConfigError("the draft does not pass its own check:\n" + "\n".join(leftover))


def _problems(mapping: dict[str, Any], vocab: Vocabulary) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "draft.yml"
        target.write_text(yaml.safe_dump(mapping, sort_keys=False), encoding="utf-8")
        try:
            load_mapping(target, vocab)
        except ConfigError as exc:
            return [line.split(": ", 1)[1] for line in str(exc).splitlines() if ": " in line]
    return []


def _drop_first(result: Draft, problems: list[str]) -> bool:
    m = result.mapping
    for problem in problems:
        found = re.match(r"(entities|relationships|explode)\[(\d+)\]", problem)
        if not found:
            continue
        part, index = found.group(1), int(found.group(2))
        dropped = m[part].pop(index)
        what = dropped.get("alias") or dropped.get("type") or dropped.get("name")
        result.unplaced.append(f"{part} {what}: left out ({problem.split(': ', 1)[-1]})")
        if part == "entities":
            for scope in [m, *m.get("explode", [])]:
                scope["relationships"] = [
                    r for r in scope.get("relationships", []) if what not in (r["from"], r["to"])
                ]
            if not m["entities"]:
                return False
        if part == "explode" and not m["explode"]:
            del m["explode"]
        return True
    return False


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_") or "extract"
    return slug if slug[0].isalpha() else f"x_{slug}"
