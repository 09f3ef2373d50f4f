"""A bounded producer thread: build the next chunk while the previous one is being written.

Why: a load is two alternating waits on a 2-core box — Python reading, parsing and cleaning
a chunk, then Neo4j merging it while Python sits idle on the socket. Running the producer
(read + transform) in a thread lets chunk *n+1* be built while chunk *n* is in Neo4j's hands
(the driver releases the GIL while it waits for the server).

Guarantees the loader relies on:

* items come out in exactly the order the iterable yields them (one producer, FIFO queue);
* memory is bounded: at most ``depth`` finished items wait in the queue, plus the one the
  producer is building and the one the consumer is writing;
* an exception raised while producing is re-raised to the consumer at the point in the
  sequence where it happened (everything produced before it is still delivered first);
* ``close()`` (or leaving the ``with`` block early, e.g. on a write error or Ctrl-C) stops the
  producer and closes the source iterator, so no thread or open file outlives the load.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")
_POLL_SECONDS = 0.1
_END = object()


class ReadAhead(Generic[T]):
    """Iterate ``items`` from a background thread, at most ``depth`` items ahead."""

    def __init__(self, items: Iterable[T], depth: int = 1, name: str = "read-ahead") -> None:
        self._queue: queue.Queue[tuple[object, BaseException | None]] = queue.Queue(depth)
        self._stop = threading.Event()
        self._finished = False
        self._thread = threading.Thread(
            target=self._produce, args=(iter(items),), name=name, daemon=True
        )
        self._thread.start()

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        if self._finished:
            raise StopIteration
        item, error = self._queue.get()
        if item is _END:
            self._finished = True
            if error is not None:
                raise error
            raise StopIteration
        return item  # type: ignore[return-value]

    def close(self) -> None:
        """Stop the producer (it notices within one item) and wait for it to exit."""
        self._finished = True
        self._stop.set()  # a producer blocked on the full queue re-checks it every poll
        self._thread.join()

    def __enter__(self) -> ReadAhead[T]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ---- producer thread ----------------------------------------------------------------------
    def _produce(self, items: Iterator[T]) -> None:
        try:
            for item in items:
                if not self._put((item, None)):
                    return
        except BaseException as exc:  # handed to the consumer, re-raised there
            self._put((_END, exc))
            return
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()  # a generator source closes its file here, in its own thread
        self._put((_END, None))

    def _put(self, entry: tuple[object, BaseException | None]) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(entry, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False
