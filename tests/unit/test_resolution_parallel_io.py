"""Resolution's parallel Neo4j I/O helper: results in job order, bounded, stops on failure."""

from __future__ import annotations

import threading
import time

import pytest

from touchpoint.graph_model.resolution.store import _in_order


def test_results_come_back_in_job_order_whatever_finishes_first() -> None:
    def job(i: int):
        return lambda: (time.sleep(0.02 * (5 - i % 5)), i)[1]

    assert list(_in_order(3, (job(i) for i in range(20)))) == list(range(20))


def test_no_more_than_threads_plus_one_jobs_are_started_ahead_of_the_consumer() -> None:
    started: list[int] = []
    lock = threading.Lock()

    def job(i: int):
        def run() -> int:
            with lock:
                started.append(i)
            return i

        return run

    results = _in_order(2, (job(i) for i in range(100)))
    assert next(results) == 0
    time.sleep(0.1)
    assert len(started) <= 4  # bounded: pages or batches do not pile up in memory
    assert list(results) == list(range(1, 100))


class WriteFailed(Exception):
    pass


def test_a_failing_job_is_raised_and_later_jobs_never_run() -> None:
    ran: list[int] = []

    def job(i: int):
        def run() -> int:
            ran.append(i)
            if i == 3:
                raise WriteFailed(f"batch {i}")
            return i

        return run

    with pytest.raises(WriteFailed, match="batch 3"):
        list(_in_order(2, (job(i) for i in range(50))))
    assert max(ran) <= 6
