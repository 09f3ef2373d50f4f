"""The Neo4j driver's retry chatter, one short line per wait.

While Neo4j is unreachable the driver retries a managed transaction for up to
``max_transaction_retry_time`` and logs a WARNING before every wait, each carrying the whole
multi-line connection error ("Couldn't connect to … Failed to establish connection to
ResolvedIPv4Address(…) (reason [Errno 111] Connection refused)"); with no logging configured
Python prints them all to stderr ahead of Touchpoint's own clear message. This filter rewrites
each to one line — what failed, the reason, how long until the next try — folds the same
line from transactions retrying side by side into the wait already announced, and leaves every
other driver message alone.
"""

from __future__ import annotations

import logging
import re
import time

RETRY_LOGGERS = ("neo4j.session",)
_REASON = re.compile(r"\(reason ([^)]*)\)")
_RETRY_PREFIX = "Transaction failed and will be retried in"


class RetrySummary(logging.Filter):
    """Rewrite the driver's "will be retried" warnings to one short line, and drop the same
    line from other transactions while one wait for that failure is already under way (a
    load's writes, its lease renewal and its run record all retry at once when Neo4j goes)."""

    def __init__(self) -> None:
        super().__init__()
        self._waiting: tuple[str, float] | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.msg, str) or not record.msg.startswith(_RETRY_PREFIX):
            return True
        args = record.args if isinstance(record.args, tuple) else ()
        delay, error = (*args, None, None)[:2]
        seconds = float(delay) if isinstance(delay, int | float) else 1.0
        summary, now = summarise(error), time.monotonic()
        waiting = self._waiting
        if waiting is not None and waiting[0] == summary and now < waiting[1]:
            return False  # another transaction is already waiting out this same failure
        self._waiting = (summary, now + seconds)
        record.msg = "Neo4j: %s; retrying in %s."
        record.args = (summary, f"{seconds:.1f} s")
        return True


def summarise(error: object) -> str:
    """The error as one short line: its kind and the reason, without addresses repeated."""
    text = " ".join(str(error).split())
    reason = _REASON.search(text)
    kind = type(error).__name__ if error is not None else "error"
    detail = reason.group(1) if reason else text
    return f"{kind}: {detail[:160]}"


def install() -> None:
    """Attach the filter to the driver's retrying loggers (idempotent)."""
    for name in RETRY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RetrySummary) for f in logger.filters):
            logger.addFilter(RetrySummary())
