"""Is a process still there? Used to tell a live holder (a Neo4j launcher, a pipeline lock, a
running load) from one that crashed and left its record behind."""

from __future__ import annotations

import os
from pathlib import Path


def pid_alive(pid: int) -> bool:
    """True if a process with this pid runs on this host; a zombie counts as gone (signal 0
    probes without killing; a process we may not signal still exists)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (not Linux): the signal probe is all we have
    return state != "Z"
