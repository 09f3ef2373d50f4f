"""The open flag on the Flags page: evidence, one history, and the decision, assignment and
comment forms.

Comments and reasons are people's words, shown as text (Dash escapes it) and never as markup
or markdown, so a ``<script>`` or a ``[link](javascript:…)`` in a comment reads as typed."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from dash import dcc, html

from touchpoint.app import ids
from touchpoint.app.components.common import person_link
from touchpoint.app.components.flag_views import evidence_list, pairs_note
from touchpoint.services.reads import flags as flag_service
from touchpoint.services.reads.common import humanise
from touchpoint.services.reads.flag_work import MAX_COMMENT, Assignable

HIDDEN, SHOWN = {"display": "none"}, {"display": "block"}


def flag_panel(
    flag: flag_service.FlagView,
    history: list[dict[str, Any]],
    saved: dict[str, str] | None = None,
    assignable: list[Assignable] | None = None,
) -> html.Div:
    """Everything about one flag; after any save it is drawn again from the graph, so the
    saved state and the whole history stay on screen (``saved``: message area id -> what was
    saved, shown under the form that saved it)."""
    said = saved or {}
    return html.Div(
        [
            dcc.Store(id=ids.FLAG_FORM_KEY, data=uuid.uuid4().hex),
            html.H3(flag.title),
            html.P(
                [
                    person_link(flag.person_id, flag.person_name or flag.person_id),
                    " · ",
                    html.Span(
                        humanise(flag.severity), className=f"badge badge-sev-{flag.severity}"
                    ),
                    " · status ",
                    html.Strong(humanise(flag.status), id=ids.FLAG_CURRENT_STATUS),
                ]
            ),
            html.P(assignment_sentence(flag), id=ids.FLAG_ASSIGNMENT),
            html.P(flag.summary),
            pairs_note(flag.pairs),
            None
            if flag.current
            else html.P(
                "A later run of this pattern no longer raised this flag (the data changed); "
                "it is kept, with its history, and can still be reviewed.",
                className="alert alert-info",
            ),
            html.H4("Evidence"),
            evidence_list(flag.evidence),
            html.H4("History"),
            history_list(history),
            decision_form(flag, said.get(ids.FLAG_MESSAGE)),
            assignment_form(flag, assignable or [], said.get(ids.FLAG_ASSIGN_MESSAGE)),
            comment_form(said.get(ids.FLAG_COMMENT_MESSAGE)),
        ]
    )


def assignment_sentence(flag: flag_service.FlagView) -> str:
    if not flag.assignee:
        return "Not assigned to anyone yet."
    due = f", due {flag.due_date}" if flag.due_date else ", no due date"
    return f"Assigned to {flag.assignee}{due}" + (" - overdue." if flag.overdue() else ".")


def history_list(history: list[dict[str, Any]]) -> html.Ol | html.P:
    """Status decisions, assignments and comments in one list, newest last."""
    if not history:
        return html.P("No decisions, assignments or comments yet.", className="muted")
    return html.Ol(
        [html.Li(history_item(e), className=f"history-{e.get('kind')}") for e in history],
        className="history",
        id=ids.FLAG_HISTORY,
    )


def history_item(entry: dict[str, Any]) -> list[Any]:
    when = str(entry.get("at") or "")[:16].replace("T", " ")
    head = f"{when} — {entry.get('who')}: "
    kind = entry.get("kind")
    if kind == "comment":
        return [head + "commented ", html.Blockquote(str(entry.get("text") or ""))]
    if kind == "assignment":
        to = entry.get("assignee")
        due = entry.get("due_date")
        what = f"assigned to {to}" if to else "removed the assignee"
        return [head + what + (f", due {str(due)[:10]}" if due else ", no due date")]
    reason = f" (“{entry['reason']}”)" if entry.get("reason") else ""
    return [f"{head}{humanise(entry.get('from'))} → {humanise(entry.get('to'))}{reason}"]


def _message(component_id: str, saved: str | None = None) -> html.Div:
    return html.Div(
        html.Div(saved, className="alert alert-ok") if saved else None,
        id=component_id,
        role="status",
        **{"aria-live": "polite"},
    )


def decision_form(flag: flag_service.FlagView, saved: str | None = None) -> html.Div:
    choices = flag_service.allowed_next(flag.status)
    return html.Div(
        [
            html.H4("Decision"),
            html.Label("New status", htmlFor=ids.FLAG_NEW_STATUS),
            dcc.Dropdown(
                id=ids.FLAG_NEW_STATUS,
                clearable=False,
                options=[{"label": humanise(s), "value": s} for s in choices],
                value=choices[0] if choices else None,
            ),
            html.Label("Reason (required to dismiss or reopen)", htmlFor=ids.FLAG_REASON),
            dcc.Textarea(id=ids.FLAG_REASON, rows=3),
            html.Div(
                html.Button("Save decision", id=ids.FLAG_SAVE, className="button button-primary"),
                className="actions",
            ),
            confirm_step(),
            _message(ids.FLAG_MESSAGE, saved),
        ],
        className="review-form",
    )


def assignment_form(
    flag: flag_service.FlagView, assignable: list[Assignable], saved: str | None = None
) -> html.Div:
    """Whom to assign (only users whose agreement shows this flag) and by when."""
    return html.Div(
        [
            html.H4("Assignment"),
            html.Label("Assign to", htmlFor=ids.FLAG_ASSIGNEE),
            dcc.Dropdown(
                id=ids.FLAG_ASSIGNEE,
                options=[{"label": u.label, "value": u.username} for u in assignable],
                value=flag.assignee,
                placeholder="No one",
            ),
            html.Label("Due date", htmlFor=ids.FLAG_DUE),
            dcc.DatePickerSingle(
                id=ids.FLAG_DUE,
                date=flag.due_date,
                min_date_allowed=date.today(),
                display_format="YYYY-MM-DD",
                clearable=True,
                placeholder="No due date",
            ),
            html.P(
                "Only people whose sharing agreement shows this flag's evidence are listed.",
                className="muted",
            ),
            html.Div(
                html.Button("Save assignment", id=ids.FLAG_ASSIGN_SAVE, className="button"),
                className="actions",
            ),
            _message(ids.FLAG_ASSIGN_MESSAGE, saved),
        ],
        className="review-form",
    )


def comment_form(saved: str | None = None) -> html.Div:
    return html.Div(
        [
            html.H4("Comment"),
            html.Label(
                f"Add a comment (plain text, up to {MAX_COMMENT} characters)",
                htmlFor=ids.FLAG_COMMENT,
            ),
            dcc.Textarea(id=ids.FLAG_COMMENT, rows=3, maxLength=MAX_COMMENT),
            html.Div(
                html.Button("Add comment", id=ids.FLAG_COMMENT_SAVE, className="button"),
                className="actions",
            ),
            _message(ids.FLAG_COMMENT_MESSAGE, saved),
        ],
        className="review-form",
    )


def confirm_step() -> html.Div:
    """Asked before a flag is dismissed (hidden until then)."""
    return html.Div(
        [
            html.P(
                "Dismiss this flag? It leaves the review queue; your reason is kept with your "
                "name, and the flag can be reopened later.",
                className="confirm-question",
            ),
            html.Div(
                [
                    html.Button(
                        "Yes, dismiss", id=ids.FLAG_CONFIRM_YES, className="button button-danger"
                    ),
                    html.Button("Cancel", id=ids.FLAG_CONFIRM_NO, className="button"),
                ],
                className="actions",
            ),
        ],
        id=ids.FLAG_CONFIRM,
        className="alert alert-warn confirm",
        role="alertdialog",
        style=HIDDEN,
        **{"aria-label": "Confirm dismissal"},
    )
