"""The failure hook: a webhook receiver on loopback and a command, both get the run summary."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from touchpoint.services.pipeline.hooks import notify_failure
from touchpoint.services.pipeline.sources import FailureHook

PAYLOAD = {"event": "pipeline_run_failed", "run_id": "prun_x", "source": "police", "error": "boom"}


class Receiver:
    """A tiny HTTP server on 127.0.0.1 that records what it is sent."""

    def __init__(self, status: int = 204) -> None:
        received: list[dict[str, object]] = []
        self.received = received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append(
                    {
                        "json": json.loads(body),
                        "type": self.headers["Content-Type"],
                        "path": self.path,
                    }
                )
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/touchpoint/failed"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


def test_the_webhook_receives_the_run_summary_as_json(receiver: Receiver) -> None:
    outcome = notify_failure(FailureHook(webhook=receiver.url), PAYLOAD)
    assert outcome is not None and outcome.ok and outcome.error is None
    [got] = receiver.received
    assert got == {"json": PAYLOAD, "type": "application/json", "path": "/touchpoint/failed"}


def test_a_webhook_answering_an_error_status_is_reported() -> None:
    with Receiver(status=500) as failing:
        outcome = notify_failure(FailureHook(webhook=failing.url), PAYLOAD)
    assert outcome is not None and not outcome.ok
    assert outcome.error == f"webhook {failing.url} answered HTTP 500"


def test_an_unreachable_webhook_is_reported_not_raised() -> None:
    outcome = notify_failure(
        FailureHook(webhook="http://127.0.0.1:9/none", timeout_seconds=2), PAYLOAD
    )
    assert outcome is not None and not outcome.ok and "unreachable" in (outcome.error or "")


def test_the_command_gets_the_summary_on_stdin(tmp_path: Path) -> None:
    out = tmp_path / "got.json"
    script = f"import sys, pathlib; pathlib.Path({str(out)!r}).write_text(sys.stdin.read())"
    outcome = notify_failure(FailureHook(command=[sys.executable, "-c", script]), PAYLOAD)
    assert outcome is not None and outcome.ok
    assert json.loads(out.read_text()) == PAYLOAD


def test_a_failing_command_is_reported_with_its_exit_code_and_last_error_line() -> None:
    script = "import sys; sys.stderr.write('pager down\\n'); sys.exit(3)"
    outcome = notify_failure(FailureHook(command=[sys.executable, "-c", script]), PAYLOAD)
    assert outcome is not None and outcome.error == f"command {sys.executable} exited 3: pager down"


def test_no_hook_configured_means_no_notification() -> None:
    assert notify_failure(None, PAYLOAD) is None
    assert notify_failure(FailureHook(), PAYLOAD) is None
