"""Flags: the review queue - filter, open a flag's evidence, change its status with a reason.

Read through the signed-in viewer: only flags whose every evidencing record and event the
sharing agreement shows are listed (the rest are counted, "2 flags withheld under agreement
X"), and a decision is recorded as the signed-in user - never a name typed into a box - and
audited."""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, callback, dcc, html, no_update

from touchpoint.app import ids
from touchpoint.app.auth.session import current_viewer
from touchpoint.app.components.access_notes import withheld_note
from touchpoint.app.components.common import (
    empty_state,
    error_box,
    markdown_link,
)
from touchpoint.app.components.flag_work import HIDDEN, SHOWN, flag_panel
from touchpoint.app.components.tables import data_table
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.services.reads import flag_work as flag_work_service
from touchpoint.services.reads import flags as flag_service
from touchpoint.services.reads.common import humanise
from touchpoint.services.reads.patterns import library

dash.register_page(__name__, path="/flags", title="Flags · Touchpoint", name="Flags")


def layout(
    pattern: str | None = None,
    severity: str | None = None,
    status: str = "new",
    household: str | None = None,
    **_: str,
) -> html.Div:
    try:
        patterns = library()
    except TouchpointError:
        patterns = []
    return html.Div(
        [
            dcc.Store(id=ids.FLAG_SELECTED),
            dcc.Store(id=ids.FLAG_REFRESH, data=0),
            dcc.Store(id=ids.FLAG_SAVED),
            dcc.Download(id=ids.FLAG_DOWNLOAD),
            html.H1("Flags for review"),
            html.P(
                "Flags are prompts for a professional's judgement, each with the agency "
                "records that raised it. Every decision is kept with who made it and why.",
                className="lead",
            ),
            html.Div(
                [
                    _filter(
                        "Pattern",
                        ids.FLAG_PATTERN_FILTER,
                        pattern,
                        [{"label": p.title, "value": p.id} for p in patterns],
                    ),
                    _filter(
                        "Severity",
                        ids.FLAG_SEVERITY_FILTER,
                        severity,
                        [{"label": humanise(s), "value": s} for s in flag_service.SEVERITIES],
                    ),
                    _filter(
                        "Status",
                        ids.FLAG_STATUS_FILTER,
                        status if status in flag_service.STATUSES else None,
                        [{"label": humanise(s), "value": s} for s in flag_service.STATUSES],
                    ),
                    html.Fieldset(
                        [
                            html.Legend("Past flags"),
                            dcc.Checklist(
                                id=ids.FLAG_INCLUDE_PAST,
                                options=[
                                    {"label": " Include flags no longer raised", "value": "past"}
                                ],
                                value=[],
                            ),
                        ],
                        className="filter-check",
                    ),
                    html.Fieldset(
                        [
                            html.Legend("My work"),
                            dcc.Checklist(
                                id=ids.FLAG_WORK_FILTER,
                                options=[
                                    {"label": " Assigned to me", "value": "mine"},
                                    {"label": " Overdue", "value": "overdue"},
                                ],
                                value=[],
                            ),
                        ],
                        className="filter-check",
                    ),
                    html.Fieldset(
                        [
                            html.Legend("Households"),
                            dcc.Checklist(
                                id=ids.FLAG_GROUP_HOUSEHOLD,
                                options=[{"label": " Group by household", "value": "household"}],
                                value=["household"] if household else [],
                            ),
                        ],
                        className="filter-check",
                    ),
                    html.Div(
                        html.Button(
                            "Export CSV",
                            id=ids.FLAG_EXPORT,
                            className="button button-small",
                            title="The flags these filters show, as CSV with the case, your "
                            "name, the time, the agreement and the filters at the top",
                        ),
                        className="filter-actions",
                    ),
                ],
                className="filters card",
            ),
            html.Div(
                [
                    html.Div(dcc.Loading(html.Div(id=ids.FLAG_TABLE), type="dot")),
                    html.Div(
                        [
                            html.H2("Evidence and decision"),
                            html.Div(
                                id=ids.FLAG_EVIDENCE,
                                children=empty_state(
                                    "Select a flag in the table to see its evidence."
                                ),
                            ),
                        ],
                        className="card",
                    ),
                ],
                className="two-col queue-grid",
            ),
        ],
        className="page page-flags",
    )


def _filter(
    label: str, component_id: str, value: str | None, options: list[dict[str, str]]
) -> html.Div:
    return html.Div(
        [
            html.Label(label, htmlFor=component_id),
            dcc.Dropdown(
                id=component_id, options=options, value=value, placeholder=f"Any {label.lower()}"
            ),
        ]
    )


@callback(
    Output(ids.FLAG_TABLE, "children"),
    Input(ids.FLAG_PATTERN_FILTER, "value"),
    Input(ids.FLAG_SEVERITY_FILTER, "value"),
    Input(ids.FLAG_STATUS_FILTER, "value"),
    Input(ids.FLAG_INCLUDE_PAST, "value"),
    Input(ids.FLAG_REFRESH, "data"),
    Input(ids.FLAG_GROUP_HOUSEHOLD, "value"),
    Input(ids.FLAG_WORK_FILTER, "value"),
)
def show_queue(
    pattern: str | None,
    severity: str | None,
    status: str | None,
    past: list[str] | None,
    _: int,
    grouping: list[str] | None = None,
    work: list[str] | None = None,
):
    groups = None
    work = work if isinstance(work, list) else []
    try:
        viewer = current_viewer()
        queue = flag_service.review_queue(
            viewer,
            pattern,
            severity,
            status,
            include_past="past" in (past or []),
            mine="mine" in work,
            overdue="overdue" in work,
        )
        if "household" in (grouping or []) and queue.flags:
            groups = flag_service.group_by_household(viewer, queue.flags)
    except TouchpointError as exc:
        return error_box(exc)
    flags, withheld = queue.flags, withheld_note(queue.notice)
    if not flags:
        return html.Div(
            [
                empty_state(
                    "No flags match these filters.",
                    "Run a pattern and raise flags, or widen the filters.",
                ),
                withheld,
            ]
        )
    household_of: dict[str, str] = {}
    if groups is not None:
        flags = [f for g in groups for f in g.flags]
        household_of = {f.flag_id: g.label for g in groups for f in g.flags}
    rows = [
        f.as_row()
        | {"person": markdown_link(f.person_name or f.person_id, f"/person/{f.person_id}")}
        | ({"household": household_of[f.flag_id]} if groups is not None else {})
        for f in flags
    ]
    household_column = (
        [{"name": "Household (current address)", "id": "household"}] if groups is not None else []
    )
    return html.Div(
        [
            html.P(f"{len(rows)} flag{'s' if len(rows) != 1 else ''}", className="muted"),
            withheld,
            household_list(groups) if groups is not None else None,
            data_table(
                f"{ids.FLAG_TABLE}-table",
                rows,
                [
                    *household_column,
                    {"name": "Person", "id": "person", "presentation": "markdown"},
                    {"name": "Pattern", "id": "pattern"},
                    {"name": "Severity", "id": "severity"},
                    {"name": "Status", "id": "status"},
                    {"name": "Score", "id": "score", "type": "numeric"},
                    {"name": "Raised", "id": "raised"},
                    {"name": "Assigned to", "id": "assignee"},
                    {"name": "Due", "id": "due"},
                    {"name": "Possible match pairs", "id": "pending_pairs", "type": "numeric"},
                ],
                row_selectable="single",
                markdown_options={"link_target": "_self"},
            ),
        ]
    )


def household_list(groups: list[flag_service.HouseholdFlags]) -> html.Div:
    """The households the listed flags fall into: the address, who is flagged there."""
    return html.Div(
        [
            html.H3("Flags by household"),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Strong(g.label),
                            f" - {', '.join(g.people)} ",
                            html.Span(
                                f"({len(g.flags)} flag{'s' if len(g.flags) != 1 else ''})",
                                className="muted",
                            ),
                        ],
                        className="flag-household",
                    )
                    for g in groups
                ]
            ),
        ],
        id=f"{ids.FLAG_TABLE}-households",
    )


@callback(
    Output(ids.FLAG_DOWNLOAD, "data"),
    Input(ids.FLAG_EXPORT, "n_clicks"),
    State(ids.FLAG_PATTERN_FILTER, "value"),
    State(ids.FLAG_SEVERITY_FILTER, "value"),
    State(ids.FLAG_STATUS_FILTER, "value"),
    State(ids.FLAG_INCLUDE_PAST, "value"),
    prevent_initial_call=True,
)
def export_flags(
    clicks: int | None, pattern: Any, severity: Any, status: Any, past: Any
) -> dict[str, Any]:
    """The queue these filters show, read again on the server under the agreement, stamped
    with its provenance and audited as an export."""
    if not clicks:
        return no_update

    def text(value: Any) -> str | None:
        return value if isinstance(value, str) and value else None

    try:
        csv = flag_service.export_queue_csv(
            current_viewer(),
            text(pattern),
            text(severity),
            text(status),
            include_past=isinstance(past, list) and "past" in past,
        )
    except TouchpointError:
        return no_update
    return dcc.send_string(csv, "touchpoint-flags.csv")


@callback(
    Output(ids.FLAG_SELECTED, "data"),
    Input(f"{ids.FLAG_TABLE}-table", "selected_rows"),
    State(f"{ids.FLAG_TABLE}-table", "data"),
    prevent_initial_call=True,
)
def select_flag(selected: list[int] | None, rows: list[dict[str, Any]]):
    """The flag picked in the table; a table redrawn after a decision (which may no longer
    list the flag) leaves the open flag, its new state and history on screen."""
    if not selected or not rows or selected[0] >= len(rows):
        return no_update
    return rows[selected[0]]["flag_id"]


@callback(
    Output(ids.FLAG_EVIDENCE, "children"),
    Input(ids.FLAG_SELECTED, "data"),
    Input(ids.FLAG_SAVED, "data"),
    prevent_initial_call=True,
)
def show_flag(flag_id: str | None, saved: dict[str, Any] | None):
    """The flag picked - or, after a decision, assignment or comment, the same flag read
    again: its new state and the whole history stay on screen with the saved message."""
    message = None
    if dash.ctx.triggered_id == ids.FLAG_SAVED:
        if not isinstance(saved, dict) or not isinstance(saved.get("flag_id"), str):
            return no_update
        flag_id = saved["flag_id"]
        where = saved.get("where") if saved.get("where") in SAVED_AREAS else ids.FLAG_MESSAGE
        message = {where: str(saved.get("message") or "")}
    if not isinstance(flag_id, str) or not flag_id:
        return empty_state("Select a flag in the table to see its evidence.")
    try:
        viewer = current_viewer()
        flag, history = flag_service.flag_detail(viewer, flag_id)
        assignable = flag_work_service.assignable_users(viewer, flag_id)
    except TouchpointError as exc:
        return error_box(exc)
    return flag_panel(flag, history, message, assignable)


SAVED_AREAS = (ids.FLAG_MESSAGE, ids.FLAG_ASSIGN_MESSAGE, ids.FLAG_COMMENT_MESSAGE)


@callback(
    Output(ids.FLAG_MESSAGE, "children"),
    Output(ids.FLAG_CONFIRM, "style"),
    Output(ids.FLAG_REFRESH, "data"),
    Output(ids.FLAG_SAVED, "data"),
    Input(ids.FLAG_SAVE, "n_clicks"),
    Input(ids.FLAG_CONFIRM_YES, "n_clicks"),
    Input(ids.FLAG_CONFIRM_NO, "n_clicks"),
    State(ids.FLAG_SELECTED, "data"),
    State(ids.FLAG_NEW_STATUS, "value"),
    State(ids.FLAG_REASON, "value"),
    State(ids.FLAG_REFRESH, "data"),
    prevent_initial_call=True,
)
def save_decision(
    save: int | None,
    yes: int | None,
    no: int | None,
    flag_id: str | None,
    to: str | None,
    reason: str | None,
    refresh: int | None,
):
    """Record the decision as the signed-in user (audited as ``flag_review``); dismissing asks
    first (with the reason already given), and after saving the flag is read again so its new
    state and history stay on screen."""
    nothing = no_update, no_update, no_update, no_update
    trigger = dash.ctx.triggered_id
    clicks = {ids.FLAG_SAVE: save, ids.FLAG_CONFIRM_YES: yes, ids.FLAG_CONFIRM_NO: no}
    if not clicks.get(trigger) or not isinstance(flag_id, str) or not isinstance(to, str):
        return nothing  # the panel appearing is not a click
    if trigger == ids.FLAG_CONFIRM_NO:
        return (
            html.Div("Not dismissed: the flag is unchanged.", className="alert alert-info"),
            HIDDEN,
            no_update,
            no_update,
        )
    given = reason.strip() if isinstance(reason, str) else ""
    if trigger == ids.FLAG_SAVE and to == "dismissed":
        if not given:
            needed = error_box("Give a reason: one is needed to dismiss a flag.")
            return needed, HIDDEN, no_update, no_update
        return None, SHOWN, no_update, no_update
    try:
        viewer = current_viewer()
        flag = flag_service.change_status(viewer, flag_id, to, reason)
    except TouchpointError as exc:
        return error_box(exc), HIDDEN, no_update, no_update
    message = f"Saved as {viewer.ctx.user}: flag is now {humanise(flag.status).lower()}."
    shown, done, saved = _saved(flag_id, message, ids.FLAG_MESSAGE, refresh)
    return shown, HIDDEN, done, saved


def _saved(flag_id: str, message: str, where: str, refresh: Any) -> tuple[Any, ...]:
    """The outputs of a successful save: the message, a queue redraw, and the flag read again
    (its state and history stay on screen)."""
    done = (refresh if isinstance(refresh, int) else 0) + 1
    return (
        html.Div(message, className="alert alert-ok"),
        done,
        {"flag_id": flag_id, "message": message, "where": where, "n": done},
    )


@callback(
    Output(ids.FLAG_ASSIGN_MESSAGE, "children"),
    Output(ids.FLAG_REFRESH, "data", allow_duplicate=True),
    Output(ids.FLAG_SAVED, "data", allow_duplicate=True),
    Input(ids.FLAG_ASSIGN_SAVE, "n_clicks"),
    State(ids.FLAG_SELECTED, "data"),
    State(ids.FLAG_ASSIGNEE, "value"),
    State(ids.FLAG_DUE, "date"),
    State(ids.FLAG_FORM_KEY, "data"),
    State(ids.FLAG_REFRESH, "data"),
    prevent_initial_call=True,
)
def save_assignment(
    clicks: int | None, flag_id: Any, assignee: Any, due: Any, key: Any, refresh: Any
):
    """Assign the flag (only to someone whose agreement shows it) with a due date, as the
    signed-in user (audited as ``flag_assign``)."""
    if not clicks or not isinstance(flag_id, str):
        return no_update, no_update, no_update
    if assignee is not None and not isinstance(assignee, str):
        return error_box("Choose whom to assign the flag to from the list."), no_update, no_update
    try:
        viewer = current_viewer()
        change = flag_work_service.assign_flag(
            viewer,
            flag_id,
            assignee,
            due if isinstance(due, str) else None,
            key=key if isinstance(key, str) else None,
        )
    except TouchpointError as exc:
        return error_box(exc), no_update, no_update
    if change is None:
        return html.Div("Nothing changed: the flag already had that assignee and due date.",
                        className="alert alert-info"), no_update, no_update  # fmt: skip
    who = change.get("assignee")
    message = f"Saved as {viewer.ctx.user}: " + (
        f"assigned to {who}." if who else "no one is assigned now."
    )
    return _saved(flag_id, message, ids.FLAG_ASSIGN_MESSAGE, refresh)


@callback(
    Output(ids.FLAG_COMMENT_MESSAGE, "children"),
    Output(ids.FLAG_REFRESH, "data", allow_duplicate=True),
    Output(ids.FLAG_SAVED, "data", allow_duplicate=True),
    Input(ids.FLAG_COMMENT_SAVE, "n_clicks"),
    State(ids.FLAG_SELECTED, "data"),
    State(ids.FLAG_COMMENT, "value"),
    State(ids.FLAG_FORM_KEY, "data"),
    State(ids.FLAG_REFRESH, "data"),
    prevent_initial_call=True,
)
def save_comment(clicks: int | None, flag_id: Any, text: Any, key: Any, refresh: Any):
    """Add a plain-text comment as the signed-in user (audited as ``flag_comment``); the same
    form sent twice adds it once."""
    if not clicks or not isinstance(flag_id, str):
        return no_update, no_update, no_update
    try:
        viewer = current_viewer()
        flag_work_service.comment_on_flag(
            viewer, flag_id, text, key=key if isinstance(key, str) else None
        )
    except TouchpointError as exc:
        return error_box(exc), no_update, no_update
    message = f"Saved as {viewer.ctx.user}: comment added."
    return _saved(flag_id, message, ids.FLAG_COMMENT_MESSAGE, refresh)
