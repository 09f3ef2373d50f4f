"""Admin: the source registry - add a source with its schedule, pause/resume, run now, remove."""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from touchpoint.app import ids
from touchpoint.app.admin_ops import AdminOps
from touchpoint.app.components.common import empty_state, error_box
from touchpoint.app.pages.admin_common import (
    admin_page,
    current_admin,
    denied,
    message,
    table,
)
from touchpoint.graph_model.model.errors import TouchpointError

dash.register_page(
    __name__, path="/admin/sources", title="Sources · Admin · Touchpoint", name="Sources"
)
SOURCE_COLUMNS = [
    ("Source", "name"),
    ("State", "state"),
    ("Schedule", "schedule"),
    ("Next run (UTC)", "next_run_time"),
    ("Location", "location"),
    ("Mapping", "mapping"),
]


def layout(**_: str) -> html.Div:
    return admin_page(
        "Sources and schedules",
        "Each source is one agency extract: the mapping that loads it, where its files arrive "
        "and when to look. The scheduler picks up new or changed files, loads them, resolves "
        "people and checks for red flags; every run is recorded in the run history.",
        dcc.Store(id=ids.ADMIN_SOURCE_REFRESH, data=0),
        html.Section(
            [
                html.H2("Registered sources"),
                html.Div(id=ids.ADMIN_SOURCE_TABLE),
                html.Div(
                    [
                        _button("Pause", ids.ADMIN_SOURCE_PAUSE),
                        _button("Resume", ids.ADMIN_SOURCE_RESUME),
                        _button("Run now", ids.ADMIN_SOURCE_RUN_NOW, "button-primary"),
                        _button("Remove", ids.ADMIN_SOURCE_REMOVE, "button-danger"),
                    ],
                    className="actions",
                ),
                html.Div(id=ids.ADMIN_SOURCE_MESSAGE, **{"aria-live": "polite"}),
            ],
            className="card",
        ),
        _add_form(),
        current="/admin/sources",
    )


def _button(text: str, component_id: str, extra: str = "") -> html.Button:
    return html.Button(text, id=component_id, n_clicks=0, className=f"button {extra}".strip())


def _field(label: str, component: Any, hint: str | None = None) -> html.Div:
    return html.Div(
        [html.Label(label, htmlFor=component.id), component, html.Small(hint) if hint else None],
        className="field",
    )


def _allowed_sql_urls() -> list[str]:
    admin = current_admin()
    return admin.sql_urls() if admin else []


def _add_form() -> html.Section:
    return html.Section(
        [
            html.H2("Add or change a source"),
            html.Div(
                [
                    _field(
                        "Name",
                        dcc.Input(id=ids.ADMIN_ADD_NAME, type="text"),
                        "lower-case letters, digits, - and _",
                    ),
                    _field(
                        "Mapping",
                        dcc.Input(id=ids.ADMIN_ADD_MAPPING, type="text"),
                        "a registered mapping's name, e.g. police_incidents",
                    ),
                    _field(
                        "Location",
                        dcc.RadioItems(
                            id=ids.ADMIN_ADD_KIND,
                            options=[
                                {"label": "Folder", "value": "folder"},
                                {"label": "One file", "value": "file"},
                                {"label": "SQL query", "value": "sql"},
                            ],
                            value="folder",
                            inline=True,
                        ),
                    ),
                    _field(
                        "Folder or file",
                        dcc.Input(id=ids.ADMIN_ADD_PATH, type="text"),
                        "inside a configured extract folder (TOUCHPOINT_SOURCE_ROOTS)",
                    ),
                    _field(
                        "File pattern (folder)",
                        dcc.Input(id=ids.ADMIN_ADD_GLOB, type="text", value="*.csv"),
                    ),
                    _field(
                        "SQLAlchemy URL (SQL)",
                        dcc.Dropdown(
                            id=ids.ADMIN_ADD_SQL_URL,
                            options=_allowed_sql_urls(),
                            placeholder="none allowed yet" if not _allowed_sql_urls() else None,
                        ),
                        "one of the operator's allowed connections (TOUCHPOINT_SQL_URLS)",
                    ),
                    _field("Query (SQL)", dcc.Textarea(id=ids.ADMIN_ADD_SQL_QUERY)),
                    _field(
                        "Schedule",
                        dcc.RadioItems(
                            id=ids.ADMIN_ADD_SCHEDULE_KIND,
                            options=[
                                {"label": "Every", "value": "every"},
                                {"label": "Cron", "value": "cron"},
                            ],
                            value="every",
                            inline=True,
                        ),
                    ),
                    _field(
                        "Interval or cron expression",
                        dcc.Input(id=ids.ADMIN_ADD_SCHEDULE, type="text", value="1d"),
                        "e.g. 15m, 1d, or 30 2 * * * (Europe/London)",
                    ),
                    _field(
                        "State",
                        dcc.Checklist(
                            id=ids.ADMIN_ADD_ENABLED,
                            options=[{"label": "Enabled", "value": "on"}],
                            value=["on"],
                        ),
                    ),
                    _field(
                        "Editing",
                        dcc.Checklist(
                            id=ids.ADMIN_ADD_REPLACE,
                            options=[{"label": "Replace existing", "value": "on"}],
                            value=[],
                        ),
                        "to change an existing source's mapping, location or schedule",
                    ),
                ],
                className="form-grid",
            ),
            _button("Save source", ids.ADMIN_ADD_BUTTON, "button-primary"),
        ],
        className="card",
    )


@callback(
    Output(ids.ADMIN_SOURCE_TABLE, "children"),
    Input(ids.ADMIN_SOURCE_REFRESH, "data"),
)
def show_sources(_: int) -> Any:
    admin = current_admin()
    if admin is None:
        return denied()
    try:
        rows = admin.sources()
    except TouchpointError as exc:
        return error_box(exc)
    hint = empty_state("No sources yet.", "Add one below; it is saved to the registry file.")
    data = [
        row
        | {
            "state": "enabled" if row["enabled"] else "paused",
            "next_run_time": (row["next_run_time"] or "—")[:19].replace("T", " "),
        }
        for row in rows
    ]
    grid = table(f"{ids.ADMIN_SOURCE_TABLE}-table", data, SOURCE_COLUMNS, row_selectable="single")
    return html.Div([grid, hint if not rows else None])


@callback(
    Output(ids.ADMIN_SOURCE_MESSAGE, "children"),
    Output(ids.ADMIN_SOURCE_REFRESH, "data"),
    Input(ids.ADMIN_SOURCE_PAUSE, "n_clicks"),
    Input(ids.ADMIN_SOURCE_RESUME, "n_clicks"),
    Input(ids.ADMIN_SOURCE_RUN_NOW, "n_clicks"),
    Input(ids.ADMIN_SOURCE_REMOVE, "n_clicks"),
    State(f"{ids.ADMIN_SOURCE_TABLE}-table", "selected_rows"),
    State(f"{ids.ADMIN_SOURCE_TABLE}-table", "data"),
    State(ids.ADMIN_SOURCE_REFRESH, "data"),
    prevent_initial_call=True,
)
def act_on_source(*args: Any) -> tuple[Any, Any]:
    *_, selected, rows, refresh = args
    admin = current_admin()
    if admin is None:
        return denied(), no_update
    if not selected or not rows:
        return message("Select a source in the table first.", "error"), no_update
    name = str(rows[int(selected[0])]["name"])
    action = ctx.triggered_id
    try:
        text = _apply(admin, action, name)
    except TouchpointError as exc:
        return error_box(exc), no_update
    return message(text, "ok"), (refresh or 0) + 1


def _apply(admin: AdminOps, action: str, name: str) -> str:
    if action == ids.ADMIN_SOURCE_PAUSE:
        admin.set_enabled(name, False)
        return f"Paused {name}: it stays in the registry and runs again when resumed."
    if action == ids.ADMIN_SOURCE_RESUME:
        admin.set_enabled(name, True)
        return f"Resumed {name}."
    if action == ids.ADMIN_SOURCE_REMOVE:
        admin.remove(name)
        return f"Removed {name}; its run history stays."
    admin.run_now(name)
    return f"Started a run of {name}; follow it in the run history."


@callback(
    Output(ids.ADMIN_SOURCE_MESSAGE, "children", allow_duplicate=True),
    Output(ids.ADMIN_SOURCE_REFRESH, "data", allow_duplicate=True),
    Input(ids.ADMIN_ADD_BUTTON, "n_clicks"),
    State(ids.ADMIN_ADD_NAME, "value"),
    State(ids.ADMIN_ADD_MAPPING, "value"),
    State(ids.ADMIN_ADD_KIND, "value"),
    State(ids.ADMIN_ADD_PATH, "value"),
    State(ids.ADMIN_ADD_GLOB, "value"),
    State(ids.ADMIN_ADD_SQL_URL, "value"),
    State(ids.ADMIN_ADD_SQL_QUERY, "value"),
    State(ids.ADMIN_ADD_SCHEDULE_KIND, "value"),
    State(ids.ADMIN_ADD_SCHEDULE, "value"),
    State(ids.ADMIN_ADD_ENABLED, "value"),
    State(ids.ADMIN_ADD_REPLACE, "value"),
    State(ids.ADMIN_SOURCE_REFRESH, "data"),
    prevent_initial_call=True,
)
def add_source(
    _: int, name, mapping, kind, path, glob, url, query, when_kind, when, on, replace, refresh
):
    admin = current_admin()
    if admin is None:
        return denied(), no_update
    location = {
        "folder": {"kind": "folder", "folder": path or "", "glob": glob or "*.csv"},
        "file": {"kind": "file", "file": path or ""},
        "sql": {"kind": "sql", "url": url or "", "query": query or ""},
    }[kind]
    data = {
        "name": (name or "").strip(),
        "mapping": (mapping or "").strip(),
        "location": location,
        "schedule": {when_kind: (when or "").strip()},
        "enabled": bool(on),
    }
    try:
        source = admin.add_source(data, replace=bool(replace))
    except TouchpointError as exc:
        return error_box(exc), no_update
    verb = "Saved" if replace else "Added"
    text = f"{verb} {source.name}: {source.schedule.describe()}."
    return message(text, "ok"), (refresh or 0) + 1
