"""``touchpoint app``: serve the workbench (sign-in always required) in the browser."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from touchpoint.cli.common import console, friendly_errors, get_settings
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.settings import Settings

if TYPE_CHECKING:
    from touchpoint.services.reads.warm import BackgroundWarmUp

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command("app")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on. Loopback keeps it on this machine.",
)
@click.option(
    "--port",
    default=8050,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option(
    "--debug",
    is_flag=True,
    help="Dash's development server with hot reload and the in-browser debugger.",
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker threads of the waitress WSGI server.",
)
@click.pass_context
@friendly_errors
def app_command(ctx: click.Context, host: str, port: int, debug: bool, threads: int) -> None:
    """Serve the Touchpoint workbench (waitress WSGI server; Ctrl+C stops it).

    The graph is not started here: run `touchpoint db start` (or `touchpoint run`) first, or
    set NEO4J_URI. If the graph is down the app still starts and says so on every page.
    Everyone signs in; with no admin yet it prints how to create one
    (`touchpoint users add NAME --role admin`).
    """
    serve_workbench(get_settings(ctx), host, port, debug=debug, threads=threads)


def serve_workbench(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8050,
    debug: bool = False,
    threads: int = 8,
) -> None:
    """Announce where the workbench is (and, on a fresh install, how to create the first
    admin: there is no default account), then serve it until Ctrl+C."""
    from touchpoint.app.server import serve

    if host not in LOOPBACK and not settings.https:
        console.print(
            f"[yellow]Listening on {host} over plain HTTP: put the workbench behind a TLS "
            "reverse proxy and set TOUCHPOINT_HTTPS=1 (Secure cookies, HSTS).[/]"
        )
    if hint := first_admin_hint(settings):
        console.print(f"[yellow]{hint}[/]")
    console.print(
        f"Touchpoint workbench on [bold]http://{host}:{port}[/] "
        f"(graph {settings.effective_uri}; sign-in required). Ctrl+C to stop."
    )
    warming = warm_while_serving(settings)
    try:
        serve(settings, host=host, port=port, debug=debug, threads=threads)
    finally:  # Ctrl+C: a warm-up still running stops between steps before the process exits
        if warming is not None:
            warming.finish()


def warm_while_serving(settings: Settings) -> BackgroundWarmUp | None:
    """Warm the page cache and query plans in a background thread while the workbench serves
    (TOUCHPOINT_WARM_ON_START, default on): the app is usable meanwhile, and a warm-up that
    fails (graph down) is logged and forgotten. Returns the thread (None when off)."""
    from touchpoint.services.reads.warm import start_in_background

    def done(report) -> None:
        console.print(f"[dim]{report.summary()}[/]")

    warming = start_in_background(settings, on_done=done)
    if warming is not None:
        console.print("[dim]Warming the page cache and query plans in the background …[/]")
    return warming


def first_admin_hint(settings: Settings) -> str | None:
    """How to create the first admin while none exists; None once one does (or the graph is
    down - the sign-in page then says so)."""
    from touchpoint.graph_model.access.users import first_run_hint
    from touchpoint.graph_model.store.db import Graph

    try:
        with Graph.connect(settings) as graph:  # verified first: a down graph fails at once
            return first_run_hint(graph, settings.admin_role)
    except TouchpointError:
        return None
