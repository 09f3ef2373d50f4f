"""Admin: the quarantine browser - rows every load refused (scheduled, run now, or run by hand
with ``touchpoint load``), each with its reason and
raw text, filterable by source and run, and downloadable as CSV (every matching row, not only
the page on screen) so the agency can be asked to fix them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import dash
from dash import Input, Output, State, callback, dcc, html, no_update

from touchpoint.app import ids
from touchpoint.app.components.common import empty_state, error_box
from touchpoint.app.pages.admin_common import (
    admin_page,
    chosen_source,
    denied,
    is_admin,
    source_filter,
    table,
)
from touchpoint.app.state import current_graph
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.services.pipeline.operations import (
    iter_quarantined_rows,
    quarantine_csv,
    quarantined_rows,
)

dash.register_page(
    __name__, path="/admin/quarantine", title="Quarantine · Admin · Touchpoint", name="Quarantine"
)
SHOWN = 500
COLUMNS = [
    ("Source", "source"),
    ("File", "file"),
    ("Line", "line"),
    ("Reason", "reason"),
    ("Raw row", "raw"),
    ("Pipeline run", "pipeline_run_id"),
]


def layout(source: str | None = None, run: str | None = None, **_: str) -> html.Div:
    return admin_page(
        "Quarantine",
        "Rows a load refused (scheduled, run now or by hand with touchpoint load), with the "
        "reason. Nothing here reached the graph; fix the rows at the source (or the mapping) "
        "and the next delivery loads them.",
        html.Div(
            [
                source_filter(ids.ADMIN_QUARANTINE_SOURCE, source),
                html.Div(
                    [
                        html.Label("Pipeline or load run id", htmlFor=ids.ADMIN_QUARANTINE_RUN),
                        dcc.Input(
                            id=ids.ADMIN_QUARANTINE_RUN,
                            type="text",
                            value=run or "",
                            debounce=True,
                            placeholder="any run",
                        ),
                    ],
                    className="field",
                ),
            ],
            className="form-grid",
        ),
        html.Section(
            [
                html.H2("Bad rows"),
                html.Div(id=f"{ids.ADMIN_QUARANTINE_TABLE}-note"),
                table(ids.ADMIN_QUARANTINE_TABLE, [], COLUMNS, page_size=25),
                html.Div(
                    html.Button(
                        "Download CSV",
                        id=ids.ADMIN_QUARANTINE_EXPORT,
                        n_clicks=0,
                        className="button",
                    ),
                    className="actions",
                ),
                dcc.Download(id=ids.ADMIN_QUARANTINE_DOWNLOAD),
            ],
            className="card",
        ),
        current="/admin/quarantine",
    )


def _filters(source: str | None, run: str | None) -> tuple[str | None, str | None]:
    return chosen_source(source), ((run or "").strip() or None)


@callback(
    Output(ids.ADMIN_QUARANTINE_TABLE, "data"),
    Output(f"{ids.ADMIN_QUARANTINE_TABLE}-note", "children"),
    Input(ids.ADMIN_QUARANTINE_SOURCE, "value"),
    Input(ids.ADMIN_QUARANTINE_RUN, "value"),
)
def show_rows(source: str | None, run: str | None) -> tuple[list[dict[str, Any]], Any]:
    if not is_admin():
        return [], denied()
    try:
        rows = quarantined_rows(current_graph(), *_filters(source, run), limit=SHOWN + 1)
    except TouchpointError as exc:
        return [], error_box(exc)
    if not rows:
        return [], empty_state("No quarantined rows.", "Every row of these loads was accepted.")
    note = (
        html.P(f"Showing the first {SHOWN:,}; the download has them all.", className="lead")
        if len(rows) > SHOWN
        else html.P(f"{len(rows):,} bad row{'' if len(rows) == 1 else 's'}.", className="lead")
    )
    return rows[:SHOWN], note


@callback(
    Output(ids.ADMIN_QUARANTINE_DOWNLOAD, "data"),
    Input(ids.ADMIN_QUARANTINE_EXPORT, "n_clicks"),
    State(ids.ADMIN_QUARANTINE_SOURCE, "value"),
    State(ids.ADMIN_QUARANTINE_RUN, "value"),
    prevent_initial_call=True,
)
def download(_: int, source: str | None, run: str | None) -> Any:
    if not is_admin():
        return no_update
    chosen, run_id = _filters(source, run)
    try:
        text = quarantine_csv(iter_quarantined_rows(current_graph(), chosen, run_id))
    except TouchpointError:
        return no_update  # the status banner already says the graph is down
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return {"content": text, "filename": f"quarantine-{chosen or 'all'}-{stamp}.csv"}
