"""Matches: the entity-resolution review queue - two agency records side by side (every
identifying field, household included), the flags a decision would change, the evidence in
words, and a decision: same person, different people, or not sure - ask the agency (the pair
then waits on its own list). A person's pairs are listed together.

Read through the signed-in viewer: only pairs both of whose records the sharing agreement shows
are listed (the rest are counted), and a decision is recorded as the signed-in user, audited,
and respected by every later resolution run."""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from touchpoint.app import ids
from touchpoint.app.auth.session import current_viewer
from touchpoint.app.components.access_notes import withheld_note
from touchpoint.app.components.common import empty_state, error_box
from touchpoint.app.components.review_pair import pair_panel
from touchpoint.app.components.tables import data_table
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.services.reads import review as review_service

dash.register_page(__name__, path="/review", title="Matches · Touchpoint", name="Matches")

PICK = "Select a pair in the table to compare its records."
DECISIONS = {
    ids.REVIEW_CONFIRM: "confirm",
    ids.REVIEW_REJECT: "reject",
    ids.REVIEW_UNSURE: "unsure",
}
SAVED = {
    "confirm": "the same person. The next resolution run applies it.",
    "reject": "different people. The next resolution run applies it.",
    "unsure": "not sure - ask the agency. The pair is on the waiting list, kept apart until "
    "someone decides it.",
}
EMPTY = {
    "pending": "No pairs to decide.",
    "waiting": "No pairs waiting for an agency.",
    "decided": "No decided pairs.",
}


def layout(status: str = "pending", **_: str) -> html.Div:
    return html.Div(
        [
            dcc.Store(id=ids.REVIEW_SELECTED),
            dcc.Store(id=ids.REVIEW_PAIRS, data=[]),  # the listed pairs, for the detail panel
            dcc.Store(id=ids.REVIEW_REFRESH, data=0),
            html.H1("Matches for review"),
            html.P(
                "Pairs of agency records that may be the same person, which entity resolution "
                "was not sure enough to join. Your decision is kept with your name and applied "
                "by every later resolution run.",
                className="lead",
            ),
            html.Div(
                html.Div(
                    [
                        html.Label("List", htmlFor=ids.REVIEW_STATUS_FILTER),
                        dcc.Dropdown(
                            id=ids.REVIEW_STATUS_FILTER,
                            options=[
                                {"label": review_service.STATUS_LABELS[s], "value": s}
                                for s in review_service.STATUSES
                            ],
                            value=status if status in review_service.STATUSES else "pending",
                            clearable=False,
                        ),
                    ]
                ),
                className="filters card",
            ),
            html.Div(
                [
                    html.Div(dcc.Loading(html.Div(id=ids.REVIEW_TABLE), type="dot")),
                    html.Div(
                        [
                            html.H2("Compare and decide"),
                            html.Div(id=ids.REVIEW_DETAIL, children=empty_state(PICK)),
                            # outside the detail: a saved decision stays said while the
                            # list re-renders (which clears the selection) around it
                            html.Div(
                                id=ids.REVIEW_MESSAGE, role="status", **{"aria-live": "polite"}
                            ),
                        ],
                        className="card",
                    ),
                ],
                className="two-col queue-grid",
            ),
        ],
        className="page page-review",
    )


@callback(
    Output(ids.REVIEW_TABLE, "children"),
    Output(ids.REVIEW_PAIRS, "data"),
    Input(ids.REVIEW_STATUS_FILTER, "value"),
    Input(ids.REVIEW_REFRESH, "data"),
)
def show_queue(status: str | None, _: int) -> tuple[Any, list[dict[str, Any]]]:
    """The queue (one audited read); the pairs also go to a store, so opening one reads
    nothing more."""
    try:
        queue = review_service.review_queue(current_viewer(), status or "pending")
    except (TouchpointError, ValueError) as exc:
        return error_box(exc), []
    return _queue_view(queue, status or "pending"), queue.pairs


def _queue_view(queue: review_service.PairQueue, status: str) -> html.Div:
    withheld = withheld_note(queue.notice)
    if not queue.pairs:
        return html.Div(
            [
                empty_state(
                    EMPTY.get(status, "No pairs."),
                    "Resolution asks a person about a pair when it is not sure enough to join "
                    "or to keep apart the two records on its own.",
                ),
                withheld,
            ]
        )
    rows = queue.rows()
    return html.Div(
        [
            html.P(f"{len(rows)} pair{'s' if len(rows) != 1 else ''}", className="muted"),
            withheld,
            data_table(
                f"{ids.REVIEW_TABLE}-table",
                rows,
                [
                    {"name": "Person", "id": "group"},
                    {"name": "Record A", "id": "record_a"},
                    {"name": "Record B", "id": "record_b"},
                    {"name": "Match score (%)", "id": "score", "type": "numeric"},
                    {"name": "Decision", "id": "decision"},
                ],
                row_selectable="single",
            ),
        ]
    )


@callback(
    Output(ids.REVIEW_SELECTED, "data"),
    Input(f"{ids.REVIEW_TABLE}-table", "selected_rows"),
    State(f"{ids.REVIEW_TABLE}-table", "data"),
    prevent_initial_call=True,
)
def select_pair(selected: list[int] | None, rows: list[dict[str, Any]]) -> str | None:
    return rows[selected[0]]["pair_id"] if selected else None


@callback(
    Output(ids.REVIEW_DETAIL, "children"),
    Output(ids.REVIEW_MESSAGE, "children", allow_duplicate=True),
    Input(ids.REVIEW_SELECTED, "data"),
    State(ids.REVIEW_PAIRS, "data"),
    prevent_initial_call=True,
)
def show_pair(pair_id: str | None, pairs: list[dict[str, Any]] | None) -> tuple[Any, Any]:
    """The chosen pair (the last decision's message goes with the pair it was about)."""
    if not pair_id:
        return empty_state(PICK), no_update
    pair = next((p for p in pairs or [] if p["pair_id"] == pair_id), None)
    if pair is None:
        return empty_state("That pair is no longer in this list.", "Refresh the queue."), None
    try:
        others = review_service.other_pairs(current_viewer(), pair, pairs or [])
    except TouchpointError as exc:
        return error_box(exc), None
    return pair_panel(pair, others), None


@callback(
    Output(ids.REVIEW_MESSAGE, "children"),
    Output(ids.REVIEW_FORM, "children"),
    Output(ids.REVIEW_REFRESH, "data"),
    Input(ids.REVIEW_CONFIRM, "n_clicks"),
    Input(ids.REVIEW_REJECT, "n_clicks"),
    Input(ids.REVIEW_UNSURE, "n_clicks"),
    State(ids.REVIEW_SELECTED, "data"),
    State(ids.REVIEW_NOTE, "value"),
    State(ids.REVIEW_REFRESH, "data"),
    prevent_initial_call=True,
)
def save_decision(
    _confirm: int | None,
    _reject: int | None,
    _unsure: int | None,
    pair_id: str | None,
    note: str | None,
    refresh: int,
) -> tuple[Any, Any, Any]:
    """Record the decision as the signed-in user (audited as ``review_decide``); the form
    goes, so one click is one decision."""
    clicks = {ids.REVIEW_CONFIRM: _confirm, ids.REVIEW_REJECT: _reject, ids.REVIEW_UNSURE: _unsure}
    decision = DECISIONS.get(ctx.triggered_id)
    if not clicks.get(ctx.triggered_id) or not pair_id or not decision:
        return no_update, no_update, no_update  # the form appearing is not a click
    try:
        viewer = current_viewer()
        review_service.decide(viewer, pair_id, decision, note)
    except TouchpointError as exc:
        return error_box(exc), no_update, no_update
    return (
        html.Div(f"Saved as {viewer.ctx.user}: {SAVED[decision]}", className="alert alert-ok"),
        None,
        (refresh or 0) + 1,
    )
