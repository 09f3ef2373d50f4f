"""Reading records from and writing people back to Neo4j, through ``Graph`` and saved Cypher.

Reads are paged (keyset on ``record_id``) so a million records never sit in one transaction;
writes go through ``write_batches`` (one transaction per batch).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pandas as pd

from graph_model.db import Graph
from graph_model.resolution.features import RAW_COLUMNS

Progress = Callable[[str, int], None]


def read_records(graph: Graph, page_size: int, progress: Progress | None = None) -> pd.DataFrame:
    """Every PersonRecord as a frame (one page in memory at a time while reading)."""
    frames, seen = [], 0
    for page in graph.read_pages("resolution/records_page", key="record_id", page_size=page_size):
        frames.append(pd.DataFrame.from_records(page))
        seen += len(page)
        if progress:
            progress("read", seen)
    if not frames:
        return pd.DataFrame(columns=[*RAW_COLUMNS, "person_id", "fingerprint"])
    return pd.concat(frames, ignore_index=True)


def known_person_ids(graph: Graph) -> set[str]:
    return {row["person_id"] for row in graph.read("resolution/person_ids")}


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
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def write_people(
    graph: Graph,
    persons: pd.DataFrame,
    links: pd.DataFrame,
    changes: list[dict[str, Any]],
    run_id: str,
    batch_size: int,
) -> dict[str, int]:
    """Persons first, then record links (moving old ones), then where old ids went."""
    graph.write_batches("resolution/write_persons", _records(persons), batch_size, run_id=run_id)
    graph.write_batches("resolution/write_links", _records(links), batch_size, run_id=run_id)
    graph.write_batches("resolution/identity_changes", changes, batch_size, run_id=run_id)
    retired = graph.write_returning("resolution/retire_orphans", run_id=run_id)
    return {"retired": retired[0]["retired"] if retired else 0}


def write_reviews(
    graph: Graph, pairs: pd.DataFrame, run_id: str, batch_size: int, replace: bool
) -> None:
    """Replace (full run) or extend (incremental) the queue of pending review pairs."""
    if replace:
        graph.run_autocommit("resolution/clear_pending_reviews")
    graph.write_batches("resolution/write_review_pairs", _records(pairs), batch_size, run_id=run_id)
    graph.write("resolution/prune_settled_reviews")
