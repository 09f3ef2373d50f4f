"""Admin: pipeline run history - every run with its outcome, and one run's steps with timings,
attempts and counts, plus the loads it included. Refreshes itself while runs are going on."""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, callback, dcc, html

from touchpoint.app import ids
from touchpoint.app.components.common import empty_state, error_box
from touchpoint.app.pages.admin_common import (
    admin_page,
    chosen_source,
    current_admin,
    denied,
    short_time,
    source_filter,
    table,
)
from touchpoint.graph_model.model.errors import TouchpointError

dash.register_page(
    __name__, path="/admin/runs", title="Run history · Admin · Touchpoint", name="Run history"
)
REFRESH_MS = 3_000
RUN_COLUMNS = [
    ("Started (UTC)", "started"),
    ("Source", "source"),
    ("Trigger", "trigger"),
    ("Status", "status"),
    ("Seconds", "seconds"),
    ("New files", "files_new"),
    ("Rows read", "rows_read"),
    ("Loaded", "rows_loaded"),
    ("Quarantined", "rows_quarantined"),
    ("Failed step / error", "problem"),
    ("Run id", "run_id"),
]
STEP_COLUMNS = [
    ("#", "position"),
    ("Step", "name"),
    ("Status", "status"),
    ("Attempts", "attempts"),
    ("Started (UTC)", "started"),
    ("ms", "duration_ms"),
    ("Counts", "counts"),
    ("Message / error", "note"),
]
LOAD_COLUMNS = [
    ("Load run", "load_run_id"),
    ("File", "file"),
    ("Status", "status"),
    ("Read", "rows_read"),
    ("Loaded", "rows_loaded"),
    ("Quarantined", "rows_quarantined"),
]
STATUS_STYLES = [
    {"if": {"filter_query": f'{{status}} = "{status}"', "column_id": "status"}, "color": colour}
    for status, colour in (
        ("failed", "#B03A2E"),
        ("succeeded", "#1E8449"),
        ("running", "#1F618D"),
        ("abandoned", "#9A7D0A"),
        ("skipped_locked", "#9A7D0A"),
        ("missed", "#9A7D0A"),
    )
]


def layout(source: str | None = None, **_: str) -> html.Div:
    return admin_page(
        "Run history",
        "Every scheduled or manual run, newest first. Select a run to see how long each step "
        "took, how often it was tried and what it counted.",
        source_filter(ids.ADMIN_RUN_SOURCE, source, "field admin-filter"),
        dcc.Interval(id=ids.ADMIN_RUN_INTERVAL, interval=REFRESH_MS),
        html.Section(
            [
                html.H2("Runs"),
                table(
                    ids.ADMIN_RUN_TABLE,
                    [],
                    RUN_COLUMNS,
                    row_selectable="single",
                    style_data_conditional=STATUS_STYLES,
                ),
                html.Div(id=f"{ids.ADMIN_RUN_TABLE}-note"),
            ],
            className="card",
        ),
        html.Section(id=ids.ADMIN_RUN_DETAIL, className="card"),
        current="/admin/runs",
    )


@callback(
    Output(ids.ADMIN_RUN_TABLE, "data"),
    Output(f"{ids.ADMIN_RUN_TABLE}-note", "children"),
    Input(ids.ADMIN_RUN_SOURCE, "value"),
    Input(ids.ADMIN_RUN_INTERVAL, "n_intervals"),
)
def show_runs(source: str | None, _: int | None) -> tuple[list[dict[str, Any]], Any]:
    admin = current_admin()
    if admin is None:
        return [], denied()
    try:
        runs = admin.runs(chosen_source(source), limit=200)
    except TouchpointError as exc:
        return [], error_box(exc)
    note = None if runs else empty_state("No runs yet.", "Run a source now from Sources.")
    return [run_row(run) for run in runs], note


def run_row(run: dict[str, Any]) -> dict[str, Any]:
    """A history row for the table; ``id`` lets the selection survive refreshes."""
    problem = f"{run['failed_step'] or 'run'}: {run['error']}" if run.get("error") else ""
    ms = run.get("duration_ms")
    return run | {
        "id": run["run_id"],
        "started": short_time(run.get("started_at")),
        "seconds": round(ms / 1000, 1) if isinstance(ms, int) else None,
        "problem": problem,
    }


@callback(
    Output(ids.ADMIN_RUN_DETAIL, "children"),
    Input(ids.ADMIN_RUN_TABLE, "selected_row_ids"),
    Input(ids.ADMIN_RUN_INTERVAL, "n_intervals"),
)
def show_run(selected: list[str] | None, _: int | None) -> Any:
    admin = current_admin()
    if admin is None:
        return denied()
    if not selected:
        return [html.H2("Run detail"), html.P("Select a run above.", className="empty-hint")]
    run_id = str(selected[0])
    try:
        detail = admin.run_detail(run_id)
    except TouchpointError as exc:
        return error_box(exc)
    steps = [step_row(step) for step in detail["steps"]]
    return [
        html.H2(f"Run {run_id}"),
        table(f"{ids.ADMIN_RUN_DETAIL}-steps", steps, STEP_COLUMNS)
        if steps
        else empty_state("No steps recorded for this run."),
        html.H3("Loads included"),
        table(f"{ids.ADMIN_RUN_DETAIL}-loads", detail["load_runs"], LOAD_COLUMNS)
        if detail["load_runs"]
        else html.P("This run loaded no files.", className="empty-hint"),
        dcc.Link("Bad rows of this run", href=f"/admin/quarantine?run={run_id}"),
    ]


def step_row(step: dict[str, Any]) -> dict[str, Any]:
    counts = ", ".join(f"{key} {_figure(value)}" for key, value in step["counts"].items())
    return step | {
        "started": short_time(step.get("started_at")),
        "counts": counts,
        "note": step.get("error") or step.get("message") or "",
    }


def _figure(value: Any) -> str:
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    return f"{value:,}" if numeric else str(value)
