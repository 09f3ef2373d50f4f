"""Where an admin in the workbench may point a source: confined, so no app feature reads files.

The admin pages let an administrator register extracts. Left open, that was a way to read any
file the server can (the Neo4j password, the cookie-signing key, /etc/passwd) through error
messages and the run history. So a source added from the workbench:

* names its mapping - a registered mapping by *name*, found in the shipped mapping folder or
  one of ``Settings.mapping_dirs`` (never a path);
* takes its files from under one of ``Settings.source_roots`` (``TOUCHPOINT_SOURCE_ROOTS``,
  default ``<data_dir>/incoming``), after resolving symlinks and ``..``;
* reads SQL only over a URL on the allow-list ``Settings.sql_urls`` (the template as written,
  ``${VAR}`` and all, so environment variables cannot be fished for);

and no source, however added, ever loads a file inside the data directory's private areas
(the Neo4j home, the app's key, the audit anchor, the quarantine, the scheduler's store), or a
symlink in a source folder that leads out of it (``usable_file``).
"""

from __future__ import annotations

import re
from pathlib import Path

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.settings import Settings
from touchpoint.services.pipeline.sources import (
    FileLocation,
    FolderLocation,
    Source,
    SqlLocation,
)

PRIVATE_AREAS = ("neo4j", "app", "audit", "quarantine", "scheduler", "pipeline")
_MAPPING_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}$")
_GLOB = re.compile(r"^[A-Za-z0-9_*?.\-\[\]]{1,64}$")


class PathRefused(ConfigError):
    """A location or mapping outside what the workbench may use."""


def mapping_folders(settings: Settings) -> list[Path]:
    from touchpoint.loaders.mapping import MAPPINGS_DIR

    return [MAPPINGS_DIR, *settings.mapping_dirs]


def registered_mapping(name: str, settings: Settings) -> Path:
    """The mapping file a *name* stands for, from the registered mapping folders only."""
    name = (name or "").strip().removesuffix(".yml")
    if not _MAPPING_NAME.match(name):
        raise PathRefused(
            "Choose a mapping by its name (e.g. police_incidents), from the registered mapping "
            "folders; paths are not accepted here."
        )
    for folder in mapping_folders(settings):
        root = folder.resolve()
        candidate = (root / f"{name}.yml").resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise PathRefused(f"No registered mapping is called {name!r}.")


def private_areas(settings: Settings) -> list[Path]:
    return [(settings.data_dir / area).resolve() for area in PRIVATE_AREAS]


def is_private(path: Path, settings: Settings) -> bool:
    """Inside the data directory's private areas (after following symlinks)?"""
    resolved = path.resolve()
    return any(resolved.is_relative_to(area) for area in private_areas(settings))


def confined_path(text: str | Path, settings: Settings, what: str) -> Path:
    """An absolute path under one of the configured extract roots (symlinks followed)."""
    raw = Path(str(text or "").strip()).expanduser()
    roots = [root.resolve() for root in settings.extract_roots]
    shown = ", ".join(str(r) for r in roots)
    if not raw.is_absolute():
        raise PathRefused(
            f"The {what} must be an absolute path inside an extract folder ({shown})."
        )
    resolved = raw.resolve()
    if not any(resolved.is_relative_to(root) for root in roots) or is_private(resolved, settings):
        raise PathRefused(
            f"The {what} {raw} is outside the extract folders this workbench may read ({shown}; "
            "set TOUCHPOINT_SOURCE_ROOTS to change them)."
        )
    return resolved


def confine_source(source: Source, settings: Settings) -> Source:
    """``source`` as the workbench may register it, or ``PathRefused`` saying why not."""
    registered_mapping(str(source.mapping), settings)
    location = source.location
    if isinstance(location, FolderLocation):
        if not _GLOB.match(location.glob) or ".." in location.glob:
            raise PathRefused("A file pattern is a name pattern such as *.csv (no folders).")
        folder = confined_path(location.folder, settings, "folder")
        location = location.model_copy(update={"folder": folder})
    elif isinstance(location, FileLocation):
        location = location.model_copy(
            update={"file": confined_path(location.file, settings, "file")}
        )
    elif isinstance(location, SqlLocation) and location.url not in settings.sql_urls:
        raise PathRefused(
            "That SQL URL is not on the allow-list (TOUCHPOINT_SQL_URLS); ask the operator to "
            "add the connection, then choose it exactly as listed."
        )
    return source.model_copy(update={"location": location})


def usable_file(path: Path, folder: Path | None, settings: Settings) -> bool:
    """May a pick-up read this file? Never a private one, nor a link out of its folder."""
    if is_private(path, settings):
        return False
    return folder is None or path.resolve().is_relative_to(folder.resolve())
