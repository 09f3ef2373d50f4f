"""Human review decisions as constraints every run respects.

* ``confirm`` (record_a, record_b): a must-link edge, method ``human``;
* ``reject`` (record_a, record_b): a cannot-link, never auto-linked nor queued again;
* ``unsure`` (record_a, record_b): "not sure - ask the agency"; held apart like a reject while
  the pair waits for the agency's answer (a run neither merges it nor queues it again), until
  a reviewer confirms or rejects it - the latest decision on a pair replaces this one;
* ``split`` (person_id, records moved out, others left): cannot-links between the two sides.

Decisions name records (stable ids), not Neo4j element ids, so they survive reruns, reloads
and identity changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

EDGE_COLUMNS = ["record_a", "record_b", "probability", "method", "evidence"]


@dataclass
class DecisionSet:
    """Decisions, turned into edges and constraints for clustering."""

    confirms: list[tuple[str, str]] = field(default_factory=list)
    cannot_link: list[tuple[str, str]] = field(default_factory=list)
    raw: list[dict[str, Any]] = field(default_factory=list)

    def confirmed_edges(self) -> pd.DataFrame:
        rows = [
            {
                "record_a": min(a, b),
                "record_b": max(a, b),
                "probability": 1.0,
                "method": "human",
                "evidence": json.dumps({"rule": "confirmed by a reviewer"}),
            }
            for a, b in self.confirms
        ]
        return pd.DataFrame(rows, columns=EDGE_COLUMNS)

    def records_decided_since(self, since: Any) -> set[str]:
        """Records named by reject/split decisions taken after ``since`` (a run's start)."""
        touched: set[str] = set()
        for d in self.raw:
            if d["kind"] == "confirm" or (since is not None and d["decided_at"] <= since):
                continue
            touched.update(x for x in (d.get("record_a"), d.get("record_b")) if x)
            touched.update(d.get("records") or [])
            touched.update(d.get("others") or [])
        return touched


def load_decision_set(decisions: list[dict[str, Any]]) -> DecisionSet:
    result = DecisionSet(raw=decisions)
    for d in decisions:
        if d["kind"] == "confirm":
            result.confirms.append((d["record_a"], d["record_b"]))
        elif d["kind"] in ("reject", "unsure"):
            result.cannot_link.append((d["record_a"], d["record_b"]))
        elif d["kind"] == "split":
            moved, kept = d.get("records") or [], d.get("others") or []
            result.cannot_link.extend((m, k) for m in moved for k in kept)
    return result
