"""``touchpoint schedule …`` (sources and their schedules) and ``touchpoint scheduler``."""

from __future__ import annotations

import json
import logging
import signal
import threading
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from touchpoint.cli.common import console, friendly_errors, get_settings
from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.store.admin import open_graph
from touchpoint.services.pipeline.operations import Schedules, health, history, run_detail
from touchpoint.services.pipeline.records import RunSummary
from touchpoint.services.pipeline.sources import registry_path

SOURCES_OPTION = click.option(
    "--sources",
    "sources_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Source registry YAML (default $TOUCHPOINT_SOURCES, else <data_dir>/sources.yml).",
)
SOURCES_META = "touchpoint.sources_file"
STATUS_COLOURS = {
    "succeeded": "green",
    "no_changes": "dim",
    "failed": "red",
    "abandoned": "yellow",
    "skipped_locked": "yellow",
    "missed": "yellow",
    "running": "cyan",
    "skipped": "dim",
}


def _schedules(ctx: click.Context) -> Schedules:
    settings = get_settings(ctx)
    return Schedules(settings, registry_path(settings, ctx.meta.get(SOURCES_META)))


@click.group("schedule")
@SOURCES_OPTION
@click.pass_context
def schedule_group(ctx: click.Context, sources_file: Path | None) -> None:
    """Sources and their schedules: add, list, pause, resume, remove, run-now, history."""
    ctx.meta[SOURCES_META] = sources_file


@schedule_group.command("add")
@click.argument("name")
@click.option("--mapping", required=True, help="Mapping file, or a shipped mapping's name.")
@click.option("--folder", type=click.Path(path_type=Path), help="Folder the extracts land in.")
@click.option("--glob", default="*.csv", show_default=True, help="Files to pick up (--folder).")
@click.option("--file", "file_", type=click.Path(path_type=Path), help="One file, re-delivered.")
@click.option("--sql-url", help="SQLAlchemy URL (${VAR} is read from the environment).")
@click.option("--sql-query", help="SQL whose result is the extract (with --sql-url).")
@click.option("--cron", help="Five-field cron expression, e.g. '30 2 * * *'.")
@click.option("--every", help="Interval: 30s, 15m, 2h, 1d.")
@click.option("--timezone", default="Europe/London", show_default=True)
@click.option("--misfire-grace", type=int, default=3600, show_default=True, help="Seconds.")
@click.option("--no-coalesce", is_flag=True, help="Run every missed run, not just one.")
@click.option("--retries", type=int, default=3, show_default=True, help="Transient retries.")
@click.option("--disabled", is_flag=True, help="Add it paused.")
@click.option("--replace", is_flag=True, help="Replace a source of the same name.")
@click.pass_context
@friendly_errors
def add_command(ctx: click.Context, name: str, **opts: Any) -> None:
    """Add a source NAME to the registry and schedule it."""
    from touchpoint.services.pipeline.sources import parse_source

    source = parse_source(_source_dict(name, opts), origin=f"source {name!r}")
    schedules = _schedules(ctx)
    schedules.add(source, replace=opts["replace"])
    console.print(
        f"Source [bold]{name}[/] scheduled {source.schedule.describe()} "
        f"in {schedules.registry_path}"
    )


def _source_dict(name: str, opts: dict[str, Any]) -> dict[str, Any]:
    kinds = [k for k in ("folder", "file_", "sql_url") if opts[k]]
    if len(kinds) != 1:
        raise ConfigError("Give exactly one location: --folder, --file or --sql-url.")
    if opts["folder"]:
        location = {"kind": "folder", "folder": str(opts["folder"]), "glob": opts["glob"]}
    elif opts["file_"]:
        location = {"kind": "file", "file": str(opts["file_"])}
    else:
        if not opts["sql_query"]:
            raise ConfigError("--sql-url needs --sql-query.")
        location = {"kind": "sql", "url": opts["sql_url"], "query": opts["sql_query"]}
    schedule = {"timezone": opts["timezone"]}
    schedule |= {"cron": opts["cron"]} if opts["cron"] else {}
    schedule |= {"every": opts["every"]} if opts["every"] else {}
    return {
        "name": name,
        "mapping": opts["mapping"],
        "location": location,
        "schedule": schedule,
        "enabled": not opts["disabled"],
        "coalesce": not opts["no_coalesce"],
        "misfire_grace_seconds": opts["misfire_grace"],
        "retries": opts["retries"],
    }


@schedule_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly_errors
def list_command(ctx: click.Context, as_json: bool) -> None:
    """Sources with their schedule, state and next run time."""
    rows = _schedules(ctx).listing()
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="Scheduled sources", title_justify="left")
    for column in ("Source", "State", "Schedule", "Next run (UTC)", "Location", "Mapping"):
        table.add_column(column)
    for row in rows:
        state = "[green]enabled[/]" if row["enabled"] else "[yellow]paused[/]"
        table.add_row(
            row["name"],
            state,
            row["schedule"],
            row["next_run_time"] or "—",
            row["location"],
            row["mapping"],
        )
    console.print(table if rows else "No sources yet: add one with `touchpoint schedule add`.")


@schedule_group.command("pause")
@click.argument("name")
@click.pass_context
@friendly_errors
def pause_command(ctx: click.Context, name: str) -> None:
    """Stop scheduling NAME (the registry keeps it, enabled: false)."""
    _schedules(ctx).set_enabled(name, False)
    console.print(f"Paused {name}.")


@schedule_group.command("resume")
@click.argument("name")
@click.pass_context
@friendly_errors
def resume_command(ctx: click.Context, name: str) -> None:
    """Schedule NAME again."""
    _schedules(ctx).set_enabled(name, True)
    console.print(f"Resumed {name}.")


@schedule_group.command("remove")
@click.argument("name")
@click.pass_context
@friendly_errors
def remove_command(ctx: click.Context, name: str) -> None:
    """Remove NAME from the registry and the job store (its run history stays)."""
    _schedules(ctx).remove(name)
    console.print(f"Removed {name}.")


@schedule_group.command("run-now")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.pass_context
@friendly_errors
def run_now_command(ctx: click.Context, name: str, as_json: bool) -> None:
    """Run NAME's pipeline now in this process, under its lock; exit 1 if it fails."""
    schedules = _schedules(ctx)
    with open_graph(schedules.settings) as graph, console.status(f"Running {name} …"):
        summary = schedules.run_now(graph, name)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2, default=str))
    else:
        _print_summary(summary)
    if summary.status == "failed":
        raise SystemExit(1)


def _print_summary(summary: RunSummary) -> None:
    colour = STATUS_COLOURS.get(summary.status, "white")
    console.print(f"Run {summary.run_id}: [{colour}]{summary.status}[/]", highlight=False)
    table = Table(title_justify="left")
    for column in ("Step", "Status", "Attempts", "ms", "Counts"):
        table.add_column(column)
    for step in summary.steps:
        counts = ", ".join(f"{k} {v:,}" for k, v in step.result.counts.items())
        colour = STATUS_COLOURS.get(step.status, "white")
        table.add_row(
            step.name,
            f"[{colour}]{step.status}[/]",
            str(step.attempts),
            f"{step.duration_ms:,}",
            counts,
        )
    if summary.steps:
        console.print(table)
    if summary.error:
        console.print(f"[red]{summary.failed_step or 'run'}[/]: {summary.error}", highlight=False)


@schedule_group.command("history")
@click.argument("name", required=False)
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--run", "run_id", help="Show one run's steps and loads.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly_errors
def history_command(
    ctx: click.Context, name: str | None, limit: int, run_id: str | None, as_json: bool
) -> None:
    """Recent runs (of NAME, or of every source); --run RUN_ID for one run's steps."""
    with open_graph(get_settings(ctx)) as graph:
        data: Any = run_detail(graph, run_id) if run_id else history(graph, name, limit)
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
    elif run_id:
        _print_detail(run_id, data)
    else:
        _print_history(data)


def _print_history(runs: list[dict[str, Any]]) -> None:
    table = Table(title="Pipeline runs", title_justify="left")
    for column in (
        "Started (UTC)",
        "Source",
        "Trigger",
        "Status",
        "s",
        "New files",
        "Read",
        "Loaded",
        "Quarantined",
        "Run id / error",
    ):
        table.add_column(column)
    for r in runs:
        colour = STATUS_COLOURS.get(r["status"], "white")
        seconds = f"{(r['duration_ms'] or 0) / 1000:.1f}"
        note = r["run_id"] + (
            f"\n[red]{r['failed_step'] or ''}: {r['error']}[/]" if r["error"] else ""
        )
        figures = [_n(r[k]) for k in ("files_new", "rows_read", "rows_loaded", "rows_quarantined")]
        started = (r["started_at"] or "")[:19]
        status = f"[{colour}]{r['status']}[/]"
        table.add_row(started, r["source"], r["trigger"], status, seconds, *figures, note)
    console.print(table if runs else "No runs recorded yet.")


def _print_detail(run_id: str, detail: dict[str, Any]) -> None:
    table = Table(title=f"Run {run_id}", title_justify="left")
    for column in ("#", "Step", "Status", "Attempts", "ms", "Counts", "Message / error"):
        table.add_column(column)
    for s in detail["steps"]:
        counts = ", ".join(f"{k} {v:,}" for k, v in s["counts"].items())
        colour = STATUS_COLOURS.get(s["status"], "white")
        table.add_row(
            str(s["position"]),
            s["name"],
            f"[{colour}]{s['status']}[/]",
            str(s["attempts"]),
            _n(s["duration_ms"]),
            counts,
            s["error"] or s["message"] or "",
        )
    console.print(table)
    for load in detail["load_runs"]:
        console.print(
            f"LoadRun {load['load_run_id']} {load['status']}: {load['file']} "
            f"({_n(load['rows_loaded'])} loaded, {_n(load['rows_quarantined'])} "
            "quarantined)",
            highlight=False,
        )


def _n(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "—"


@schedule_group.command("health")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly_errors
def health_command(ctx: click.Context, as_json: bool) -> None:
    """Neo4j reachable, store size, scheduler heartbeat and next runs, source locks."""
    settings = get_settings(ctx)
    try:
        graph = open_graph(settings)
    except Exception:  # health must answer even when the graph does not
        graph = None
    report = health(settings, graph)
    if graph is not None:
        graph.close()
    click.echo(json.dumps(report, indent=2, default=str)) if as_json else _print_health(report)


def _print_health(report: dict[str, Any]) -> None:
    neo = report["neo4j"]
    mark = (
        "[green]reachable[/]" if neo["reachable"] else f"[red]unreachable[/] {neo.get('error', '')}"
    )
    console.print(f"Neo4j {neo['uri']}: {mark}", highlight=False)
    if report["store_bytes"] is not None:
        console.print(f"Store size: {report['store_bytes'] / 2**20:,.1f} MiB")
    state = report["scheduler"]
    if state["last_heartbeat"] is None:
        console.print(
            "[yellow]No scheduler heartbeat recorded: is `touchpoint scheduler` running?[/]"
        )
    else:
        alive = "[green]alive[/]" if state["alive"] else "[red]not running[/]"
        console.print(
            f"Scheduler {state['scheduler_id']}: {alive}, last heartbeat "
            f"{state['last_heartbeat']} ({state['age_seconds']} s ago)",
            highlight=False,
        )
        for run in state["next_runs"]:
            console.print(f"  next {run['source']}: {run['next_run_time'] or 'paused'}")
    for lock in report.get("locks") or []:
        if lock["held"]:
            console.print(
                f"Lock {lock['source']}: held by {lock['owner']} until {lock['expires_at']}"
            )


@click.command("scheduler")
@SOURCES_OPTION
@click.option("--jobstore", help="SQLAlchemy URL of the job store (default SQLite in data_dir).")
@click.option(
    "--log-level",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
)
@click.pass_context
@friendly_errors
def scheduler_command(
    ctx: click.Context, sources_file: Path | None, jobstore: str | None, log_level: str
) -> None:
    """Run the scheduler until stopped (SIGTERM/Ctrl-C finish the current runs first)."""
    from touchpoint.services.pipeline.scheduler import SchedulerService

    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("neo4j").setLevel(logging.WARNING)
    settings = get_settings(ctx)
    path = registry_path(settings, sources_file)
    service = SchedulerService(settings, path, jobstore_url=jobstore)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    service.start()
    console.print(
        f"Scheduler {service.scheduler_id} running; sources from {path}; "
        f"job store {service.jobstore_url.split('://')[0]}. Stop with Ctrl-C."
    )
    stop.wait()
    console.print("Stopping: waiting for running pipelines to finish …")
    service.shutdown(wait=True)
