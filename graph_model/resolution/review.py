"""The review queue: list candidate pairs, record confirm / reject / unsure decisions, split
people.

A decision is stored at once and takes effect on the next ``touchpoint resolve`` (which an
analyst can run straight away; it is incremental and only rescores what the decision touched).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from touchpoint.graph_model.access.context import AccessDenied
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.store.db import Graph

if TYPE_CHECKING:
    from touchpoint.graph_model.access.viewer import ViewerGraph


#: What a reviewer may decide on a pair: one person, two people, or not sure - ask the agency.
PAIR_DECISIONS = ("confirm", "reject", "unsure")


class ReviewError(TouchpointError):
    """A review request names something that does not exist or makes no sense."""


def list_pairs(
    viewer: ViewerGraph, status: str = "pending", limit: int = 20
) -> tuple[list[dict[str, Any]], int]:
    """Review pairs the viewer's agreement shows (most probable first) and how many it withholds;
    a reviewer sees both records' names and dates of birth, so this is an audited viewer read."""
    row = viewer.read_one("access/review_list", status=status, limit=limit) or {}
    pairs = row.get("pairs") or []
    for pair in pairs:
        pair["evidence"] = json.loads(pair["evidence"] or "{}")
    return pairs, int(row.get("withheld") or 0)


def decide_pair_as(
    viewer: ViewerGraph, pair_id: str, decision: str, note: str | None = None
) -> str:
    """Confirm or reject a pair as the signed-in reviewer: only a pair both of whose records
    their agreement shows, recorded under their own name (never a name typed in) and audited."""
    row = viewer.read_one("access/review_pair_visible", pair_id=pair_id)
    if row is None:
        raise ReviewError(f"No review pair {pair_id!r}: see `touchpoint resolve review list`.")
    if not row["visible"]:
        raise AccessDenied(
            f"Review pair {pair_id} is withheld under agreement {viewer.agreement_id}"
        )
    decision_id = decide_records(
        viewer.system, row["record_a"], row["record_b"], decision, viewer.ctx.user, note, pair_id
    )
    subjects = [pair_id, row["record_a"], row["record_b"], *row["person_ids"]]
    viewer.record("review_decide", subjects=subjects, decision=decision, note=note)
    return decision_id


def decide_records(
    graph: Graph,
    record_a: str,
    record_b: str,
    decision: str,
    decided_by: str,
    note: str | None = None,
    pair_id: str | None = None,
) -> str:
    """Confirm, reject or mark unsure ("ask the agency") any two records; the latest decision
    on a pair wins, so a pair waiting for the agency is decided later the same way."""
    if decision not in PAIR_DECISIONS:
        raise ReviewError(f"Decision must be one of {', '.join(PAIR_DECISIONS)}, not {decision!r}.")
    a, b = sorted((record_a, record_b))
    if a == b:
        raise ReviewError("A pair needs two different records.")
    decision_id = stable_id("decision", "pair", a, b)
    graph.write_returning(
        "resolution/write_decision",
        decision_id=decision_id,
        kind=decision,
        record_a=a,
        record_b=b,
        person_id=None,
        records=None,
        others=None,
        decided_by=decided_by,
        note=note,
        pair_id=pair_id or stable_id("pair", a, b),
    )
    return decision_id


def split_person(
    graph: Graph, person_id: str, records: list[str], decided_by: str, note: str | None = None
) -> str:
    """Move ``records`` out of a person: they may never again join the records left behind."""
    members = [r["record_id"] for r in graph.read("resolution/person_records", person_id=person_id)]
    return _record_split(graph, person_id, members, records, decided_by, note)


def _record_split(
    graph: Graph,
    person_id: str,
    members: list[str],
    records: list[str],
    decided_by: str,
    note: str | None,
) -> str:
    """Check ``records`` against the person's ``members`` and store the split decision."""
    if not members:
        raise ReviewError(f"No active person {person_id!r} with records.")
    unknown = sorted(set(records) - set(members))
    if unknown:
        raise ReviewError(f"Records {', '.join(unknown)} do not resolve to {person_id}.")
    others = sorted(set(members) - set(records))
    if not records or not others:
        raise ReviewError("A split must leave at least one record on each side.")
    decision_id = stable_id("decision", "split", person_id, *sorted(records))
    graph.write_returning(
        "resolution/write_decision",
        decision_id=decision_id,
        kind="split",
        record_a=None,
        record_b=None,
        person_id=person_id,
        records=sorted(records),
        others=others,
        decided_by=decided_by,
        note=note,
        pair_id="",
    )
    return decision_id


def split_person_as(
    viewer: ViewerGraph, person_id: str, records: list[str], note: str | None = None
) -> str:
    """Split a person as the signed-in reviewer: only when their agreement shows every record
    of that person (the records left behind are part of the decision); audited."""
    row = viewer.read_one("access/person_records_visible", person_id=person_id) or {}
    if row.get("withheld"):
        raise AccessDenied(
            f"{row['withheld']} record(s) of {person_id} are withheld under agreement "
            f"{viewer.agreement_id}: a split needs a reviewer who sees every record."
        )
    members = row.get("visible") or []  # every record of the person, none being withheld
    decision_id = _record_split(viewer.system, person_id, members, records, viewer.ctx.user, note)
    viewer.record("review_split", subjects=[person_id, *sorted(records)], note=note)
    return decision_id
