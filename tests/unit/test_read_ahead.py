"""The loader's bounded producer thread: order, bounded memory, errors and early stop."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from touchpoint.loaders.read_ahead import ReadAhead


def test_items_arrive_in_order_and_all_of_them() -> None:
    with ReadAhead(range(1000)) as ahead:
        assert list(ahead) == list(range(1000))
        assert list(ahead) == []  # exhausted stays exhausted


def test_the_producer_runs_at_most_depth_items_ahead() -> None:
    produced: list[int] = []

    def source() -> Iterator[int]:
        for i in range(100):
            produced.append(i)
            yield i

    with ReadAhead(source(), depth=1) as ahead:
        assert next(ahead) == 0
        time.sleep(0.3)  # ample time for an unbounded producer to run away
        # 0 taken, 1 waiting in the queue, 2 built and blocked on the full queue
        assert len(produced) <= 3


class Broken(Exception):
    pass


def test_an_error_while_producing_arrives_after_the_items_before_it() -> None:
    def source() -> Iterator[int]:
        yield 1
        yield 2
        raise Broken("row 3 unreadable")

    got = []
    with ReadAhead(source()) as ahead, pytest.raises(Broken, match="row 3"):
        for item in ahead:
            got.append(item)
    assert got == [1, 2]


def test_stopping_early_ends_the_thread_and_closes_the_source() -> None:
    closed = threading.Event()

    def source() -> Iterator[int]:
        try:
            yield from range(10**9)
        finally:
            closed.set()

    before = threading.active_count()
    with ReadAhead(source(), name="early-stop") as ahead:
        assert next(ahead) == 0
    assert closed.is_set()
    assert threading.active_count() == before
    assert list(ahead) == []
