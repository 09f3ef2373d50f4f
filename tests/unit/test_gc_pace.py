"""While a load runs the cyclic garbage collector is paced; afterwards it is as it was."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from touchpoint.graph_model.model.gc_pace import LOAD_THRESHOLDS, fewer_collections


def test_a_load_raises_the_thresholds_and_freezes_what_exists_then_restores_both() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == LOAD_THRESHOLDS
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_nested_and_failing_loads_restore_the_collector_once_the_last_one_ends() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        with fewer_collections():
            pass
        assert gc.get_threshold() == LOAD_THRESHOLDS  # the outer load still runs
        raise RuntimeError("a load failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_loads_in_two_threads_share_one_paced_period() -> None:
    before = gc.get_threshold()
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[tuple[int, int, int]] = []

    def first() -> None:
        with fewer_collections():
            first_in.set()
            second_done.wait(10)
            seen.append(gc.get_threshold())  # the other thread's end did not restore it

    def second() -> None:
        first_in.wait(10)
        with fewer_collections():
            pass
        second_done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [LOAD_THRESHOLDS]
    assert gc.get_threshold() == before


def test_cycles_made_during_a_load_are_still_collected() -> None:
    class Node:
        pass

    with fewer_collections():
        node = Node()
        node.me = node  # type: ignore[attr-defined]
        ref = weakref.ref(node)
        del node
        assert ref() is not None  # a cycle: reference counting alone does not free it
    gc.collect()
    assert ref() is None
