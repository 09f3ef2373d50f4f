"""The data directory is private: it holds the Neo4j password, the cookie-signing key, the
store, raw quarantined rows and the audit anchor, so it is 0700 and everything in it 0600.

Every entry point - the workbench server, the CLI (loader, scheduler, ``db start``) and the
Neo4j it launches - runs with umask 077, so what it creates is private from the start, and
``harden`` fixes what an older version (or a careless copy) left readable by others.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
log = logging.getLogger(__name__)


def private_process() -> None:
    """Files and folders this process creates from now on are its owner's alone."""
    os.umask(PRIVATE_UMASK)


def harden(folder: Path) -> None:
    """``folder`` 0700, every folder below it 0700 and every file 0600 (symlinks untouched)."""
    if not folder.is_dir():
        return
    _tighten(folder, 0o700)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            _tighten(Path(root) / name, 0o700)
        for name in files:
            _tighten(Path(root) / name, 0o600)


def _tighten(path: Path, mode: int) -> None:
    try:
        current = path.lstat()
        if stat.S_ISLNK(current.st_mode) or not stat.S_IMODE(current.st_mode) & 0o077:
            return
        os.chmod(path, stat.S_IMODE(current.st_mode) & mode)
    except OSError as exc:  # a file Neo4j just rotated away, or not ours: say so, go on
        log.warning("could not make %s private: %s", path, exc)
