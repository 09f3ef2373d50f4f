"""Neo4j's offline import tool (``neo4j-admin database import full``) on the local server's store.

The tool ships in the ``neo4j-import-tool`` artifact already on the embedded launcher's
classpath, so nothing is downloaded. It writes a new store for the database directly (no
transactions, no locks), which is why it needs the server stopped and replaces the
database's files (``--overwrite-destination``); the caller checks that the database is empty
first. It is told to stop at the first bad entry (``--bad-tolerance=0``): the CSV files are
generated, so any bad entry is a bug to report, never data to skip silently.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from touchpoint.graph_model.model.errors import ServerError

ADMIN_MAIN = "org.neo4j.cli.AdminTool"
ARRAY_DELIMITER = "U+001F"


@dataclass
class ImportFiles:
    """What the import tool reads: (label or type, CSV file with its own header)."""

    nodes: list[tuple[str, Path]] = field(default_factory=list)
    relationships: list[tuple[str, Path]] = field(default_factory=list)
    multiline: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class ImportOutcome:
    seconds: float
    nodes: int | None
    relationships: int | None
    log: Path


def import_command(
    java: str, classpath: str, heap: str, off_heap: str, database: str, files: ImportFiles,
    report: Path,
) -> list[str]:  # fmt: skip
    """The ``AdminTool database import full`` command line (database name first: the
    ``--nodes`` / ``--relationships`` options take several values)."""
    command = [
        java, f"-Xmx{heap}", "-cp", classpath, ADMIN_MAIN, "database", "import", "full", database,
        "--overwrite-destination=true", "--bad-tolerance=0", "--skip-bad-relationships=false",
        "--skip-duplicate-nodes=false", "--strict=true", f"--array-delimiter={ARRAY_DELIMITER}",
        f"--max-off-heap-memory={off_heap}", f"--report-file={report}",
    ]  # fmt: skip
    if files.multiline:
        command += ["--multiline-fields-format=v2",
                    "--multiline-fields=" + ",".join(str(p) for p in files.multiline)]  # fmt: skip
    command += [f"--nodes={label}={path}" for label, path in files.nodes]
    command += [f"--relationships={kind}={path}" for kind, path in files.relationships]
    return command


def run_import(
    command: list[str], home: Path, conf_dir: Path, log: Path, timeout: float | None = None
) -> ImportOutcome:
    """Run the tool with the server's own configuration; a failure names its cause."""
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf_dir)}
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with log.open("wb") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                              cwd=home, timeout=timeout, check=False)  # fmt: skip
    text = log.read_text(encoding="utf-8", errors="replace")
    if done.returncode != 0 or "IMPORT DONE" not in text:
        tail = "\n".join(line for line in text.splitlines()[-25:] if line.strip())
        raise ServerError(
            f"Neo4j's import tool failed (exit {done.returncode}); nothing was loaded and the "
            f"database is left empty. Its output is in {log}; the last lines:\n{tail}"
        )
    return ImportOutcome(
        seconds=round(time.perf_counter() - started, 2),
        nodes=_imported(text, "nodes"),
        relationships=_imported(text, "relationships"),
        log=log,
    )


def _imported(text: str, what: str) -> int | None:
    found = re.search(rf"^\s*(\d+) {what}\s*$", text, re.MULTILINE)
    return int(found.group(1)) if found else None
