"""Finding 12: the Neo4j store and the quarantine JSON-lines (raw rows with names and dates of
birth) were 0644 - any local user could read them, which made the 0600 password file moot.
The data directory is 0700 and everything in it 0600 (directories 0700), for the server, the
loader and the scheduler alike. Run as a separate process, as an operator would."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from bad_rows import write_bad_extract

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.mapping import MAPPINGS_DIR, load_mapping

TOUCHPOINT = Path(sys.executable).with_name("touchpoint")


def run(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {
        "TOUCHPOINT_DATA_DIR": str(settings.data_dir),
        "TOUCHPOINT_BOLT_PORT": str(settings.bolt_port),
    }
    return subprocess.run([str(TOUCHPOINT), *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip


def readable_by_others(root: Path) -> list[str]:
    found = []
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077:
            found.append(f"{oct(mode)} {path.relative_to(root)}")
    return found


def test_quarantine_files_and_the_data_directory_are_private(
    world: Graph, settings: Settings, tmp_path: Path
) -> None:
    mapping_path = MAPPINGS_DIR / "gp_registrations.yml"
    extract = write_bad_extract(load_mapping(mapping_path), tmp_path, "Quentin Quarantine")
    loaded = run(settings, "load", str(extract), "--mapping", str(mapping_path))
    assert "quarantined" in loaded.stdout.lower() or loaded.returncode in (0, 1), loaded.stderr
    quarantine = settings.data_dir / "quarantine"
    files = list(quarantine.rglob("*.jsonl"))
    assert files, loaded.stdout + loaded.stderr
    assert readable_by_others(quarantine) == []
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) & 0o077 == 0


def test_the_store_and_everything_in_the_data_directory_is_private(settings: Settings) -> None:
    started = run(settings, "db", "start")  # reuses the running server
    assert started.returncode == 0, started.stdout + started.stderr
    assert readable_by_others(settings.data_dir) == []
