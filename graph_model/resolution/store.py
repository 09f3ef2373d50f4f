"""Reading records from and writing people back to Neo4j, through ``Graph`` and saved Cypher.

Reads are paged by ``record_id`` range (one index-only query first cuts the ranges) so a
million records never sit in one transaction; writes go one transaction per batch. Both run
``threads`` transactions at a time: on a 2-core box a lone transaction leaves one core idle
(Neo4j works while Python waits, and the other way round), and at 1M records reading and
writing are most of a run's time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pandas as pd

from touchpoint.graph_model.resolution.features import RAW_COLUMNS
from touchpoint.graph_model.store.db import Graph

Progress = Callable[[str, int], None]


def read_records(
    graph: Graph, page_size: int, progress: Progress | None = None, threads: int = 2
) -> pd.DataFrame:
    """Every PersonRecord as a frame, in record_id order (pages read ``threads`` at a time)."""
    bounds = [row["last"] for row in graph.read("resolution/record_bounds", page_size=page_size)]
    ranges = list(zip(["", *bounds[:-1]], bounds, strict=True))

    def page(after: str, last: str) -> pd.DataFrame:
        columns, rows = graph.read_table("resolution/records_range", after=after, last=last)
        frame = pd.DataFrame(rows, columns=columns)
        if "soft_ids" in frame:  # one sorted string: a stable fingerprint, one cell per record
            frame["soft_ids"] = [
                "|".join(sorted(ids)) if ids else None for ids in frame["soft_ids"]
            ]
        return frame

    frames, seen = [], 0
    for frame in _in_order(threads, (lambda a=a, b=b: page(a, b) for a, b in ranges)):
        frames.append(frame)
        seen += len(frame)
        if progress:
            progress("read", seen)
    if not frames:
        return pd.DataFrame(columns=[*RAW_COLUMNS, "person_id", "fingerprint"])
    return pd.concat(frames, ignore_index=True)


def _in_order(threads: int, jobs: Iterator[Callable[[], Any]]) -> Iterator[Any]:
    """Run jobs on ``threads`` workers, at most ``threads`` ahead; yield results in job order.

    Bounded so memory holds a few pages or batches, not all of them; the first failure is
    raised (after the jobs already running finish) and no further job starts."""
    pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="resolve-io")
    pending: list[Future[Any]] = []
    try:
        for job in jobs:
            pending.append(pool.submit(job))
            if len(pending) > threads:
                yield pending.pop(0).result()
        while pending:
            yield pending.pop(0).result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def person_ids_taken(graph: Graph, ids: Collection[str], batch: int = 20_000) -> set[str]:
    """Which of ``ids`` any Person (any status) has ever had: index look-ups for the few ids
    a run wants to issue, instead of reading every id at a million people."""
    wanted, found = sorted(ids), set()
    for start in range(0, len(wanted), batch):
        rows = graph.read("resolution/person_ids_taken", ids=wanted[start : start + batch])
        found |= {row["person_id"] for row in rows}
    return found


def latest_model(graph: Graph) -> dict[str, Any] | None:
    """The model and start time of the last completed run, if any."""
    row = graph.read_one("resolution/latest_model")
    if row is None:
        return None
    return {
        "run_id": row["run_id"],
        "model": json.loads(row["model_json"]),
        "started_at": row["started_at"],
    }


def read_decisions(graph: Graph) -> list[dict[str, Any]]:
    return graph.read("resolution/decisions")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values, missing values (NaN, NA, None) as None.

    Built column by column: at a million rows ``astype(object).where(...).to_dict`` costs
    the client seconds that a 2-core box would rather give the server."""
    names = list(frame.columns)
    columns = [_plain_values(frame[name]) for name in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _plain_values(column: pd.Series) -> list[Any]:
    values = column.astype(object).tolist()
    missing = column.isna().to_numpy()
    if not missing.any():
        return values
    return [None if gone else value for value, gone in zip(values, missing.tolist(), strict=True)]


def write_frame(
    graph: Graph, query: str, frame: pd.DataFrame, batch_size: int, threads: int, **params: Any
) -> None:
    """One transaction per ``batch_size`` rows, ``threads`` at a time; rows become dicts one
    batch at a time (a million dicts at once would be gigabytes). Concurrent batches may
    touch the same node (a person at a batch edge): Neo4j then makes one wait, and a rare
    deadlock is a transient error the managed transaction retries."""

    def job(start: int) -> Callable[[], Any]:
        return lambda: graph.write(query, rows=_records(frame.iloc[start : start + batch_size]),
                                   **params)  # fmt: skip

    for _ in _in_order(threads, (job(start) for start in range(0, len(frame), batch_size))):
        pass


def write_people(
    graph: Graph,
    persons: pd.DataFrame,
    links: pd.DataFrame,
    changes: list[dict[str, Any]],
    run_id: str,
    batch_size: int,
    threads: int = 2,
) -> dict[str, int]:
    """Persons first, then record links (moving old ones), then where old ids went.

    Links go in person order, so concurrent batches share at most the person at their edge."""
    write_frame(graph, "resolution/write_persons", persons, batch_size, threads, run_id=run_id)
    by_person = links.sort_values(["person_id", "record_id"], kind="stable")
    write_frame(graph, "resolution/write_links", by_person, batch_size, threads, run_id=run_id)
    graph.write_batches("resolution/identity_changes", changes, batch_size, run_id=run_id)
    retired = graph.write_returning("resolution/retire_orphans", run_id=run_id)
    return {"retired": retired[0]["retired"] if retired else 0}


def mark_touched(graph: Graph, person_ids: list[str], run_id: str, batch_size: int) -> None:
    """Stamp the people an incremental run touched (``Person.touched_run_id``)."""
    graph.write_batches("resolution/mark_touched", person_ids, batch_size, run_id=run_id)


def write_reviews(
    graph: Graph, pairs: pd.DataFrame, run_id: str, batch_size: int, replace: bool
) -> None:
    """Replace (full run) or extend (incremental) the queue of pending review pairs."""
    if replace:
        graph.run_autocommit("resolution/clear_pending_reviews")
    write_frame(graph, "resolution/write_review_pairs", pairs, batch_size, 1, run_id=run_id)
    graph.write("resolution/prune_settled_reviews")
