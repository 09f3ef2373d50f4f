"""Why is this one person? Records, how each was linked, and the per-comparison weights.

A merged or split id is followed: the explanation says where it went, so a saved view that
points at an old id still finds its people.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from touchpoint.graph_model.model.errors import TouchpointError

if TYPE_CHECKING:
    from touchpoint.graph_model.access.viewer import ViewerGraph


class PersonNotFound(TouchpointError):
    """No Person with that id was ever issued."""


def explain_person(viewer: ViewerGraph, person_id: str) -> dict[str, Any]:
    """The person, its history and the records the viewer's agreement shows, with parsed
    evidence (strongest weights first); records of other agencies are counted in ``withheld``.
    A person's records are personal data, so this is a viewer read (purpose needed; audited)."""
    row = viewer.read_one("access/explain_person", person_id=person_id)
    if row is None:
        raise PersonNotFound(
            f"No person {person_id!r} under agreement {viewer.agreement_id}. Person ids look "
            "like person_<20 hex>; run `touchpoint resolve` first."
        )
    evidence = [(r, json.loads(r.get("evidence") or "{}")) for r in row["records"] if r]
    return row | {"records": [r | {"evidence": e, "reasons": reasons(e)} for r, e in evidence]}


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
