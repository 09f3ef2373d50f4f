"""Which files are new: list a source's candidates, checksum them, drop those already loaded.

A file counts as loaded once its load step succeeded; the checksum it had then is kept on a
``SourceFile`` node keyed by (source, path). A re-delivered file with new content is picked up
again; an untouched one is not. A SQL source is first extracted to a CSV under the data
directory (streamed in chunks), and the extract's checksum decides in the same way, so an
unchanged query result is not reloaded.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.pipeline.confine import usable_file
from touchpoint.services.pipeline.sources import FileLocation, FolderLocation, Source, SqlLocation
from touchpoint.services.pipeline.steps import PickedFile

CHUNK_BYTES = 1 << 20


def file_checksum(path: Path) -> str:
    """SHA-256 of the file's bytes, read in 1 MiB chunks (memory stays flat)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def candidate_files(source: Source, settings: Settings) -> list[Path]:
    """The files a source offers right now, in a stable (name) order - never a file in the data
    directory's private areas, nor a symlink leading out of the source's folder (confine)."""
    location = source.location
    if isinstance(location, FolderLocation):
        if not location.folder.is_dir():
            raise ConfigError(f"Source {source.name!r}: folder {location.folder} does not exist.")
        return sorted(
            p
            for p in location.folder.glob(location.glob)
            if p.is_file() and usable_file(p, location.folder, settings)
        )
    if isinstance(location, FileLocation):
        usable = location.file.is_file() and usable_file(location.file, None, settings)
        return [location.file] if usable else []
    return [extract_sql(source.name, location, settings)]


def pick_new_files(
    graph: Graph, source: Source, settings: Settings
) -> tuple[list[PickedFile], int]:
    """(new or changed files, number of candidates seen)."""
    candidates = candidate_files(source, settings)
    rows = graph.read("pipeline/source_files", source=source.name)
    known = {row["path"]: row["checksum"] for row in rows}
    picked: list[PickedFile] = []
    for path in candidates:
        checksum = file_checksum(path)
        if known.get(str(path)) != checksum:
            picked.append(PickedFile(path=path, checksum=checksum, size=path.stat().st_size))
    return picked, len(candidates)


def record_loaded_files(
    graph: Graph, source: str, run_id: str, files: list[PickedFile], load_run_ids: dict[str, str]
) -> None:
    """Mark files as loaded (only called after the load step succeeded for them)."""
    rows = [
        {
            "file_id": stable_id("source_file", source, str(f.path)),
            "path": str(f.path),
            "checksum": f.checksum,
            "size": f.size,
            "load_run_id": load_run_ids.get(str(f.path)),
        }
        for f in files
    ]
    if rows:
        graph.write("pipeline/record_source_files", source=source, run_id=run_id, files=rows)


def extract_dir(settings: Settings, source: str) -> Path:
    return settings.data_dir / "pipeline" / "extracts" / source


def extract_sql(source: str, location: SqlLocation, settings: Settings) -> Path:
    """Run the query and stream its rows to ``<data_dir>/pipeline/extracts/<source>/…csv``."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    target = extract_dir(settings, source) / location.extract_name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    engine = create_engine(location.resolved_url())
    try:
        with engine.connect() as conn, partial.open("w", newline="", encoding="utf-8") as handle:
            result = conn.execution_options(stream_results=True, yield_per=5000).execute(
                text(location.query)
            )
            writer = csv.writer(handle)
            writer.writerow(list(result.keys()))
            for chunk in _chunks(result):
                writer.writerows(chunk)
    except SQLAlchemyError as exc:
        raise ConfigError(
            f"Source {source!r}: SQL extract failed: {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]}"
        ) from exc
    finally:
        engine.dispose()
    partial.replace(target)
    return target


def _chunks(result: object) -> Iterator[list[tuple[object, ...]]]:
    while rows := result.fetchmany(5000):  # type: ignore[attr-defined]
        yield [tuple(row) for row in rows]
