"""Reports over the audit trail for admins: who has looked at this person, and why."""

from __future__ import annotations

from typing import Any

from touchpoint.graph_model.access.audit import AuditLog

#: Actions that reveal something about a subject (a search that listed them counts too).
LOOKING = (
    "person_view", "network_expand", "search", "export", "pattern_results", "flag_review",
    "review_list", "review_decide", "review_split", "chronology_view",
)  # fmt: skip


def person_access_report(log: AuditLog, person: str, limit: int = 5000) -> list[dict[str, Any]]:
    """Every audited action that showed ``person`` (a Person or record id), newest first:
    when, who, in which role, what they did, their case reference and reason, and whether it
    was within the agreement or under break-glass."""
    rows = []
    for entry in log.search(subject=person, limit=limit):
        if entry["action"] not in LOOKING:
            continue
        glass = entry.get("break_glass_id")
        rows.append(
            {
                "at": entry["at"],
                "user": entry["user"],
                "role": entry["role"],
                "action": entry["action"],
                "case_reference": entry.get("case_reference"),
                "purpose": entry.get("purpose_code"),
                "reason": entry.get("reason"),
                "under": f"BREAK-GLASS {glass}" if glass else (entry.get("agreement") or ""),
                "seq": entry["seq"],
            }
        )
    return rows
