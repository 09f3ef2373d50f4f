"""``touchpoint db …``: the local Neo4j server and the schema."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import click
from rich.table import Table

from touchpoint.cli.common import console, friendly_errors, get_settings
from touchpoint.graph_model.store.admin import open_graph, wipe
from touchpoint.graph_model.store.fingerprint import fingerprint
from touchpoint.graph_model.store.schema import applied, discover, migrate
from touchpoint.graph_model.store.server import LocalServer, neo4j_version


@click.group("db")
def db_group() -> None:
    """Start, stop and inspect the graph database; apply the schema."""


def _require_local(settings) -> LocalServer:
    if not settings.uses_local_server:
        raise click.UsageError(
            f"NEO4J_URI is set ({settings.effective_uri}): Touchpoint does not manage that "
            "server. Unset NEO4J_URI to use the embedded default."
        )
    return LocalServer(settings)


@db_group.command("start")
@click.pass_context
@friendly_errors
def start(ctx: click.Context) -> None:
    """Start the local Neo4j (or reuse the running one) and wait until Bolt answers."""
    settings = get_settings(ctx)
    server = _require_local(settings)
    began = time.monotonic()
    was_running = server.status().running
    with console.status(f"Starting Neo4j {neo4j_version()} …"):
        status = server.start()
    console.print(
        f"[green]Neo4j is up[/] at {status.uri} ({status.detail}) in "
        f"{time.monotonic() - began:.1f}s; data in {status.home}"
    )
    if settings.warm_on_start and not was_running:  # a reused server is warm already
        log = warm_in_background(settings)
        if log is not None:
            console.print(
                f"Warming the page cache and query plans in the background (log: {log}; "
                "TOUCHPOINT_WARM_ON_START=0 turns this off)."
            )


def warm_log(settings) -> Path:
    return settings.neo4j_home / "logs" / "warm.log"


def warm_in_background(settings) -> Path | None:
    """Run ``touchpoint db warm`` detached, its output appended to ``warm.log``: `db start`
    returns at once and never fails because of the warm-up. None if it could not be started."""
    log = warm_log(settings)
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as out:
            subprocess.Popen(
                [sys.executable, "-m", "touchpoint.cli.main", "db", "warm"],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
    except OSError as exc:
        console.print(f"[yellow]Warm-up not started: {exc}[/]")
        return None
    return log


@db_group.command("warm")
@click.option(
    "--no-plans",
    is_flag=True,
    help="Only the page cache (stores and indexes): do not plan the pages' and patterns' queries.",
)
@click.option(
    "--pattern-seconds",
    type=click.FloatRange(min=0),
    default=None,
    help="Run the saved patterns for up to this long, then only plan the rest "
    "(default TOUCHPOINT_WARM_PATTERN_SECONDS, 120; 0 plans them all without running).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
@friendly_errors
def warm_command(
    ctx: click.Context, no_plans: bool, pattern_seconds: float | None, as_json: bool
) -> None:
    """Warm Neo4j's page cache and query plans now, in the foreground (read only).

    Reads every node and relationship the pages and patterns read, scans the indexes they
    seek, opens a dozen sample people's search, profile, explorer and connections (no audit
    entry: nothing is written) and runs every saved pattern read only (planning the rest once
    --pattern-seconds are spent). Prints each step with what it
    touched and how long it took. `db start` and `touchpoint app` run the same warm-up in the
    background unless TOUCHPOINT_WARM_ON_START=0."""
    from touchpoint.services.reads.warm import warm_up

    def show(step) -> None:
        if not as_json:
            colour = "yellow" if step.error else "green"
            click.echo(console_line(colour, step.describe()))

    settings = get_settings(ctx)
    if pattern_seconds is None:
        pattern_seconds = settings.warm_pattern_seconds
    with open_graph(settings) as graph:
        report = warm_up(graph, plans=not no_plans, pattern_seconds=pattern_seconds, on_step=show)
    if as_json:
        click.echo(
            json.dumps({"seconds": report.seconds, "steps": [asdict(s) for s in report.steps]})
        )
        return
    click.echo(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {report.summary()}")


def console_line(colour: str, text: str) -> str:
    return click.style(f"  {text}", fg=colour)


@db_group.command("stop")
@click.pass_context
@friendly_errors
def stop(ctx: click.Context) -> None:
    """Stop the local Neo4j cleanly (flushes the store)."""
    server = _require_local(get_settings(ctx))
    with console.status("Stopping Neo4j …"):
        stopped = server.stop()
    console.print("[green]Neo4j stopped.[/]" if stopped else "Neo4j was not running.")


@db_group.command("status")
@click.pass_context
@friendly_errors
def status(ctx: click.Context) -> None:
    """Say whether the graph answers, where, and which schema migrations are applied."""
    settings = get_settings(ctx)
    if settings.uses_local_server:
        state = LocalServer(settings).status()
        console.print(f"Local Neo4j {neo4j_version()}: {state.detail} at {state.uri}")
        if not state.running:
            raise SystemExit(3)
    with open_graph(settings) as graph:
        done = applied(graph)
    console.print(f"Graph at {settings.effective_uri} answers (database {graph.database}).")
    pending = [m for m in discover() if m.version not in done]
    console.print(f"Schema: {len(done)} migration(s) applied, {len(pending)} pending.")


@db_group.command("migrate")
@click.pass_context
@friendly_errors
def migrate_command(ctx: click.Context) -> None:
    """Apply pending schema migrations (constraints, indexes); safe to run repeatedly."""
    with open_graph(get_settings(ctx)) as graph:
        done = migrate(graph)
    if not done:
        console.print("Schema is up to date; nothing to apply.")
    for migration in done:
        console.print(f"Applied {migration.version:04d}_{migration.name}")


@db_group.command("wipe")
@click.option("--yes", is_flag=True, help="Confirm: delete every node and relationship.")
@click.pass_context
@friendly_errors
def wipe_command(ctx: click.Context, yes: bool) -> None:
    """Delete all data (the schema stays). Refuses without --yes."""
    if not yes:
        raise click.UsageError("wipe deletes all data in the graph; pass --yes to confirm.")
    with open_graph(get_settings(ctx)) as graph:
        deleted = wipe(graph)
    console.print(f"Deleted {deleted:,} nodes.")


@db_group.command("fingerprint")
@click.option("--json", "as_json", is_flag=True, help="Print the fingerprint as JSON.")
@click.option(
    "--order-free",
    is_flag=True,
    help="Also leave out who created or last touched a shared address or organisation.",
)
@click.pass_context
@friendly_errors
def fingerprint_command(ctx: click.Context, as_json: bool, order_free: bool) -> None:
    """A content hash of every node and relationship (clock times and per-attempt bookkeeping
    left out): equal after a crash and rerun as after one clean load. See docs/reliability.md."""
    with open_graph(get_settings(ctx)) as graph:
        found = fingerprint(graph, order_free=order_free)
    if as_json:
        click.echo(json.dumps(asdict(found)))
        return
    click.echo(f"Graph fingerprint {found.digest}")  # one line, never wrapped: it is compared
    click.echo(f"{found.nodes:,} nodes, {found.relationships:,} relationships")


def counts_table(counts) -> Table:
    table = Table(title="Graph contents", show_footer=True)
    table.add_column("Kind", footer="Total")
    table.add_column("Name")
    table.add_column(
        "Count",
        justify="right",
        footer=f"{counts.total_nodes:,} nodes / {counts.total_relationships:,} rels",
    )
    for label, count in counts.labels.items():
        table.add_row("node", label, f"{count:,}")
    for rel, count in counts.relationships.items():
        table.add_row("relationship", rel, f"{count:,}")
    return table
