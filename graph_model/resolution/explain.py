"""Why is this one person? Records, how each was linked, and the per-comparison weights.

A merged or split id is followed: the explanation says where it went, so a saved view that
points at an old id still finds its people.
"""

from __future__ import annotations

import json
from typing import Any

from graph_model.db import Graph
from graph_model.errors import TouchpointError


class PersonNotFound(TouchpointError):
    """No Person with that id was ever issued."""


def explain_person(graph: Graph, person_id: str) -> dict[str, Any]:
    """The person, its history and records with parsed evidence (strongest weights first)."""
    row = graph.read_one("resolution/explain_person", person_id=person_id)
    if row is None:
        raise PersonNotFound(
            f"No person {person_id!r}. Person ids look like person_<20 hex>; "
            "run `touchpoint resolve` first."
        )
    records = [r for r in row["records"] if r]
    for record in records:
        record["evidence"] = json.loads(record.get("evidence") or "{}")
        record["reasons"] = reasons(record["evidence"])
    return {"person": row["person"], "records": records, "pending_pairs": row["pending_pairs"]}


def reasons(evidence: dict[str, Any]) -> list[str]:
    """Human-readable lines, strongest evidence first: 'dob: day and month swapped (+6.1)'."""
    if "rule" in evidence:
        extra = evidence.get("identifiers")
        return [evidence["rule"] + (f" ({', '.join(extra)})" if extra else "")]
    parts = [
        (name, part["level"], part["weight"])
        for name, part in evidence.items()
        if isinstance(part, dict) and part.get("weight")
    ]
    parts.sort(key=lambda p: -abs(p[2]))
    return [f"{name}: {level} ({weight:+.1f})" for name, level, weight in parts]
