"""Wall-clock timing of repeated calls for the benches: milliseconds per call, p50 and p95."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def timed(fn: Callable[[T], object], args: Iterable[T]) -> list[float]:
    """Milliseconds each ``fn(arg)`` took, in order."""
    out = []
    for arg in args:
        start = time.perf_counter()
        fn(arg)
        out.append((time.perf_counter() - start) * 1000)
    return out


def repeated(fn: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds each of ``runs`` calls of ``fn()`` took."""
    return timed(lambda _: fn(), range(runs))


def p50_p95(ms: list[float]) -> tuple[int, float, float]:
    """How many calls, their median and 95th percentile (nearest rank, rounding down)."""
    ordered = sorted(ms)
    return len(ordered), statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]
