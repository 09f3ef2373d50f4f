"""Assigning, scheduling and commenting on flags as the signed-in viewer.

Only a flag the viewer's agreement shows can be assigned or commented on (the same refusal as
for a flag that does not exist), and only to a user holding a role whose agreement shows it
too: a flag is never handed to someone who could not open its evidence. Each change is made
as the session user and audited once (``flag_assign``, ``flag_comment``); the rules of the
data (dates, lengths, the append-only history) live in ``graph_model.patterns.flag_work``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from touchpoint.graph_model.access.context import AccessContext, AccessDenied
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.patterns import flag_work
from touchpoint.graph_model.patterns.flags import FlagError
from touchpoint.services.reads.flags import visible_flag

MAX_COMMENT = flag_work.MAX_COMMENT


@dataclass(frozen=True)
class Assignable:
    """A user a flag may be assigned to: their username and the name to show."""

    username: str
    display_name: str

    @property
    def label(self) -> str:
        if self.display_name and self.display_name != self.username:
            return f"{self.display_name} ({self.username})"
        return self.username


def assignable_users(viewer: ViewerGraph, flag_id: str) -> list[Assignable]:
    """The enabled users holding a role whose agreement shows this flag (the viewer must see
    it too). Read with the flag it belongs to, which is audited when opened."""
    visible_flag(viewer, flag_id)
    seen: dict[str, bool] = {}
    found = []
    for row in viewer.system.read("flags/assignable_users"):
        roles = row.get("roles") or []
        if any(_role_sees(viewer, role, flag_id, seen) for role in roles):
            found.append(Assignable(row["username"], row.get("display_name") or ""))
    return found


def _role_sees(viewer: ViewerGraph, role: str, flag_id: str, seen: dict[str, bool]) -> bool:
    """Whether ``role``'s agreement shows the flag (cached per role within one call)."""
    if role not in seen:
        try:
            as_role = ViewerGraph(viewer.system, AccessContext("assignee", role), viewer.agreements)
        except ConfigError:  # a role no agreement governs sees nothing
            seen[role] = False
        else:
            row = as_role.read_one("access/flag_visible", flag_id=flag_id)
            seen[role] = bool(row and row["visible"])
    return seen[role]


def assign_flag(
    viewer: ViewerGraph,
    flag_id: str,
    assignee: str | None,
    due: date | str | None,
    key: str | None = None,
    today: date | None = None,
) -> dict[str, Any] | None:
    """Assign a flag the viewer may see to a user who may see it too, with an optional due
    date not in the past, as the signed-in user; audited (``flag_assign``). None when the
    flag already had that assignee and date (nothing written, nothing audited)."""
    row = _flag_for(viewer, flag_id, "flag_assign")
    when = flag_work.due_date(due, today or date.today())
    who = assignee.strip().lower() if isinstance(assignee, str) and assignee.strip() else None
    if who and who not in {u.username for u in assignable_users(viewer, flag_id)}:
        raise FlagError(
            f"{who} cannot be assigned this flag: no role of theirs may see its evidence "
            "under the sharing agreements (or there is no such user)."
        )
    change = flag_work.assign(viewer.system, flag_id, who, when, viewer.ctx.user, key)
    if change is not None:
        viewer.record(
            "flag_assign",
            subjects=[flag_id, row["person_id"]],
            assignee=who,
            due_date=when.isoformat() if when else None,
        )
    return change


def comment_on_flag(
    viewer: ViewerGraph, flag_id: str, text: Any, key: str | None = None
) -> dict[str, Any]:
    """Add a plain-text comment to a flag the viewer may see, as the signed-in user; audited
    (``flag_comment``, with the comment's id and length - the text stays on the flag)."""
    row = _flag_for(viewer, flag_id, "flag_comment")
    comment, created = flag_work.comment(viewer.system, flag_id, text, viewer.ctx.user, key)
    if created:
        viewer.record(
            "flag_comment",
            subjects=[flag_id, row["person_id"]],
            comment_id=comment["comment_id"],
            characters=len(comment["text"]),
        )
    return comment


def _flag_for(viewer: ViewerGraph, flag_id: Any, action: str) -> dict[str, Any]:
    """The flag, if the viewer may see it; an attempt at one they may not (or at none) is
    audited as refused and answered the same either way."""
    if not isinstance(flag_id, str):
        raise TypeError("a flag id is text")
    try:
        return visible_flag(viewer, flag_id)
    except AccessDenied:
        viewer.refused(action, flag_id, "flag")
        raise
