"""Admin: the quarantine browser - rows every load refused (scheduled, run now, or run by hand
with ``touchpoint load``), each with its reason and raw text, filterable by source and run, and
downloadable as CSV (every matching row, not only the page on screen) so the agency can be asked
to fix them. Raw rows are personal data: read under the admin's agreement (a purpose first; the
raw text only for agencies whose ``raw_row`` detail it grants), every view and download
audited."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import dash
from dash import Input, Output, State, callback, dcc, html, no_update

from touchpoint.app import ids
from touchpoint.app.components.access_notes import (
    access_problem,
    needs_purpose,
    page_path,
    purpose_redirect,
    withheld_note,
)
from touchpoint.app.components.common import empty_state, error_box
from touchpoint.app.pages.admin_common import (
    admin_page,
    chosen_source,
    current_admin,
    denied,
    is_admin,
    source_filter,
    table,
)
from touchpoint.graph_model.access.context import PurposeRequired
from touchpoint.graph_model.model.errors import TouchpointError

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
    if is_admin() and needs_purpose():
        return purpose_redirect(_here(source, run), "refused rows (personal data)")
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
    return chosen_source(str(source) if source else None), (str(run or "").strip() or None)


def _here(source: str | None, run: str | None) -> str:
    return page_path("/admin/quarantine", {"source": source, "run": run})


@callback(
    Output(ids.ADMIN_QUARANTINE_TABLE, "data"),
    Output(f"{ids.ADMIN_QUARANTINE_TABLE}-note", "children"),
    Input(ids.ADMIN_QUARANTINE_SOURCE, "value"),
    Input(ids.ADMIN_QUARANTINE_RUN, "value"),
)
def show_rows(source: str | None, run: str | None) -> tuple[list[dict[str, Any]], Any]:
    admin = current_admin()
    if admin is None:
        return [], denied()
    try:
        found = admin.quarantine(*_filters(source, run), limit=SHOWN + 1)
    except PurposeRequired as exc:
        return [], access_problem(exc, _here(source, run))
    except TouchpointError as exc:
        return [], error_box(exc)
    rows, withheld = found.rows, withheld_note(found.notice())
    if not rows:
        return [], [withheld, empty_state("No quarantined rows you may see.",
                                          "Every row of these loads was accepted.")]  # fmt: skip
    note = (
        html.P(f"Showing the first {SHOWN:,}; the download has them all.", className="lead")
        if len(rows) > SHOWN
        else html.P(f"{len(rows):,} bad row{'' if len(rows) == 1 else 's'}.", className="lead")
    )
    return rows[:SHOWN], [withheld, note]


@callback(
    Output(ids.ADMIN_QUARANTINE_DOWNLOAD, "data"),
    Input(ids.ADMIN_QUARANTINE_EXPORT, "n_clicks"),
    State(ids.ADMIN_QUARANTINE_SOURCE, "value"),
    State(ids.ADMIN_QUARANTINE_RUN, "value"),
    prevent_initial_call=True,
)
def download(_: int, source: str | None, run: str | None) -> Any:
    admin = current_admin()
    if admin is None:
        return no_update
    chosen, run_id = _filters(source, run)
    try:
        text = admin.quarantine_csv(chosen, run_id)
    except TouchpointError:
        return no_update  # no purpose yet (the table says so), or the graph is down (banner)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return {"content": text, "filename": f"quarantine-{chosen or 'all'}-{stamp}.csv"}
