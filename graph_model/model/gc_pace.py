"""Fewer garbage collections while a load runs.

A load allocates a few container objects per cell (row dicts, node and property dicts, write
tuples) and frees nearly all of them by reference counting at once; CPython's cyclic
collector still runs a young collection every 700 allocations, and a full one that walks
every live object (the loader's bounded memos: node ids, dates, addresses) every few
hundred of those. Measured on 65,548 rows staged (``bench/transform_bench.py``), a quarter
of the loader's Python time went on collections that found almost nothing.

So while a load runs, what exists already is frozen (``gc.freeze``: never scanned again
until thawed) and the young generation's threshold is raised; cycles are still collected,
less often. Everything is thawed and the thresholds restored when the last load in the
process ends, and the collector resumes its usual pace. Reentrant and thread-safe: a load
in the app's scheduler thread and one in another thread share one paced period.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

LOAD_THRESHOLDS = (100_000, 20, 100)
"""Young-generation allocations between collections, and the two older generations' counts
(CPython's defaults are 700, 10, 10)."""

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Pace the cyclic garbage collector for the duration of a load (see the module)."""
    _enter()
    try:
        yield
    finally:
        _leave()


def _enter() -> None:
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()  # type: ignore[assignment]
            gc.freeze()
            gc.set_threshold(*LOAD_THRESHOLDS)
        _depth += 1


def _leave() -> None:
    global _depth, _saved
    with _lock:
        _depth -= 1
        if _depth > 0:
            return
        gc.set_threshold(*(_saved or (700, 10, 10)))
        _saved = None
        gc.unfreeze()  # no collection forced here: a stage worker ends a load per file
