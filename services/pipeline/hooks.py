"""Failure notification: POST the run summary as JSON to a webhook and/or pipe it to a command.

A hook that fails (receiver down, command exits non-zero) is logged and recorded on the run
(``notified``/``notify_error``) but never turns a run's own outcome into something else.
"""

from __future__ import annotations

import json
import logging
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from touchpoint.services.pipeline.sources import FailureHook

log = logging.getLogger(__name__)
USER_AGENT = "touchpoint-pipeline/1"


@dataclass(frozen=True)
class HookOutcome:
    ok: bool
    error: str | None = None


def notify_failure(hook: FailureHook | None, payload: dict[str, Any]) -> HookOutcome | None:
    """Call every configured target; None when no hook is configured."""
    if hook is None or (hook.webhook is None and not hook.command):
        return None
    errors: list[str] = []
    body = json.dumps(payload, default=str).encode("utf-8")
    if hook.webhook:
        errors += _post(hook.webhook, body, hook.timeout_seconds)
    if hook.command:
        errors += _run_command(hook.command, body, hook.timeout_seconds)
    for error in errors:
        log.error("Failure hook for run %s: %s", payload.get("run_id"), error)
    return HookOutcome(ok=not errors, error="; ".join(errors) or None)


def _post(url: str, body: bytes, timeout: float) -> list[str]:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if response.status >= 300:
                return [f"webhook {url} answered HTTP {response.status}"]
    except urllib.error.HTTPError as exc:
        return [f"webhook {url} answered HTTP {exc.code}"]
    except (urllib.error.URLError, OSError) as exc:
        return [f"webhook {url} unreachable: {getattr(exc, 'reason', exc)}"]
    return []


def _run_command(argv: list[str], body: bytes, timeout: float) -> list[str]:
    try:
        done = subprocess.run(argv, input=body, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [f"command {argv[0]} failed to run: {exc}"]
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return [f"command {argv[0]} exited {done.returncode}: {tail[0]}"]
    return []
