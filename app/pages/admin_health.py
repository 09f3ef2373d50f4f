"""Admin: health at a glance - is Neo4j reachable, how big is the store, is the scheduler alive
(its last heartbeat) and when does each source run next. Refreshes itself; it must render even
when the graph is down, since that is when it is needed most."""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, callback, dcc, html

from touchpoint.app import ids
from touchpoint.app.admin_ops import AdminOps
from touchpoint.app.pages.admin_common import (
    admin_page,
    current_admin,
    denied,
    short_time,
    table,
)
from touchpoint.graph_model.model.errors import TouchpointError

dash.register_page(
    __name__, path="/admin/health", title="Health · Admin · Touchpoint", name="Health"
)
REFRESH_MS = 10_000
NEXT_COLUMNS = [("Source", "source"), ("Next run (UTC)", "next"), ("Trigger", "trigger")]
LOCK_COLUMNS = [
    ("Source", "source"),
    ("Held by", "owner"),
    ("Run", "run_id"),
    ("Expires (UTC)", "expires"),
]


def layout(**_: str) -> html.Div:
    return admin_page(
        "Health",
        "Whether the pieces the scheduled loads depend on are up. This page refreshes itself.",
        dcc.Interval(id=ids.ADMIN_HEALTH_INTERVAL, interval=REFRESH_MS),
        html.Div(id=ids.ADMIN_HEALTH),
        current="/admin/health",
    )


@callback(Output(ids.ADMIN_HEALTH, "children"), Input(ids.ADMIN_HEALTH_INTERVAL, "n_intervals"))
def show_health(_: int | None) -> Any:
    admin = current_admin()
    if admin is None:
        return denied()
    report = admin.health()  # answers with the graph down too: Neo4j shows as unreachable
    return [
        _neo4j_card(report, report["disk_free"]),
        _scheduler_card(report["scheduler"], admin),
        _locks_card(report.get("locks") or []),
    ]


def _status(ok: bool, good: str, bad: str) -> html.Span:
    return html.Span(good if ok else bad, className=f"badge badge-{'ok' if ok else 'bad'}")


def _neo4j_card(report: dict[str, Any], free: int) -> html.Section:
    neo = report["neo4j"]
    size = report["store_bytes"]
    return html.Section(
        [
            html.H2("Neo4j"),
            html.Dl(
                [
                    html.Dt("Reachable"),
                    html.Dd(
                        [
                            _status(neo["reachable"], "reachable", "unreachable"),
                            f" {neo['uri']}",
                            html.Div(neo["error"], className="empty-hint")
                            if neo.get("error")
                            else None,
                        ],
                        id=f"{ids.ADMIN_HEALTH}-neo4j",
                    ),
                    html.Dt("Store size"),
                    html.Dd(
                        human_bytes(size) if size is not None else "remote server (not measured)",
                        id=f"{ids.ADMIN_HEALTH}-store",
                    ),
                    html.Dt("Free disk (data directory)"),
                    html.Dd(human_bytes(free)),
                ],
                className="facts",
            ),
        ],
        className="card",
    )


def _next_runs(state: dict[str, Any], admin: AdminOps) -> tuple[list[dict[str, Any]], str]:
    """The live scheduler's next runs; with none alive, the job store's (what it will run)."""
    runs = state["next_runs"]
    note = "As reported by the running scheduler."
    if not state["alive"]:
        note = "From the job store: these run only while `touchpoint scheduler` is running."
        try:
            runs = [
                {"source": r["name"], "next_run_time": r["next_run_time"], "trigger": r["schedule"]}
                for r in admin.sources()
            ]
        except TouchpointError as exc:
            runs, note = [], f"The job store could not be read: {exc}"
    rows = [
        {
            "source": run["source"],
            "next": short_time(run.get("next_run_time")) or "paused",
            "trigger": run.get("trigger", ""),
        }
        for run in runs
    ]
    return rows, note


def _scheduler_card(state: dict[str, Any], admin: AdminOps) -> html.Section:
    upcoming, note = _next_runs(state, admin)
    beat = state["last_heartbeat"]
    age = state.get("age_seconds")
    return html.Section(
        [
            html.H2("Scheduler"),
            html.Dl(
                [
                    html.Dt("State"),
                    html.Dd(
                        [
                            _status(state["alive"], "alive", "not running"),
                            f" {state['scheduler_id']}" if state["scheduler_id"] else "",
                        ],
                        id=f"{ids.ADMIN_HEALTH}-scheduler",
                    ),
                    html.Dt("Last heartbeat (UTC)"),
                    html.Dd(
                        f"{short_time(beat)} ({age} s ago)" if beat else "never",
                        id=f"{ids.ADMIN_HEALTH}-heartbeat",
                    ),
                ],
                className="facts",
            ),
            html.H3("Next runs"),
            html.P(note, className="muted"),
            table(f"{ids.ADMIN_HEALTH}-next", upcoming, NEXT_COLUMNS)
            if upcoming
            else html.P(
                "No next runs known: start `touchpoint scheduler` (see docs/scheduling.md).",
                className="empty-hint",
            ),
        ],
        className="card",
    )


def _locks_card(locks: list[dict[str, Any]]) -> html.Section:
    held = [lock | {"expires": short_time(lock["expires_at"])} for lock in locks if lock["held"]]
    return html.Section(
        [
            html.H2("Runs in progress"),
            table(f"{ids.ADMIN_HEALTH}-locks", held, LOCK_COLUMNS)
            if held
            else html.P("No source is being run right now.", className="empty-hint"),
        ],
        className="card",
    )


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:,.1f} {unit}" if unit != "B" else f"{int(value):,} B"
        value /= 1024
    return f"{value:,.1f} GiB"
