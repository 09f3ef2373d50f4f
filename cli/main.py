"""Entry point: ``touchpoint`` and its command groups."""

from __future__ import annotations

import json

import click

from touchpoint.cli.analyse_commands import analyse_group
from touchpoint.cli.app_commands import app_command, serve_workbench
from touchpoint.cli.audit_commands import audit_group
from touchpoint.cli.chronology_commands import chronology_command
from touchpoint.cli.common import console, friendly_errors, get_settings
from touchpoint.cli.db_commands import counts_table, db_group
from touchpoint.cli.demo import ensure_demo
from touchpoint.cli.load_commands import LOAD_COMMANDS
from touchpoint.cli.mapping_commands import register_mapping_commands
from touchpoint.cli.patterns_commands import patterns_group
from touchpoint.cli.resolve_commands import resolve_group
from touchpoint.cli.schedule_commands import schedule_group, scheduler_command
from touchpoint.cli.users_commands import users_group
from touchpoint.graph_model.store.admin import graph_counts, open_graph
from touchpoint.services.pipeline.flows import DEMO_PEOPLE


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="touchpoint")
def cli() -> None:
    """Touchpoint: a graph workbench for multi-agency safeguarding.

    Configuration comes from environment variables (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
    NEO4J_DATABASE, TOUCHPOINT_*) or touchpoint.toml; see the README.
    """


cli.add_command(db_group)
cli.add_command(app_command)
cli.add_command(analyse_group)
cli.add_command(audit_group)
cli.add_command(users_group)
cli.add_command(patterns_group)
cli.add_command(chronology_command)
cli.add_command(resolve_group)
cli.add_command(schedule_group)
cli.add_command(scheduler_command)
for _command in LOAD_COMMANDS:
    cli.add_command(_command)
register_mapping_commands()


@cli.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print counts as JSON.")
@click.pass_context
@friendly_errors
def info(ctx: click.Context, as_json: bool) -> None:
    """Graph counts by node label and relationship type."""
    settings = get_settings(ctx)
    with open_graph(settings) as graph:
        counts = graph_counts(graph)
    if as_json:
        click.echo(json.dumps({"labels": counts.labels, "relationships": counts.relationships}))
        return
    console.print(f"Graph at {settings.effective_uri} (database {settings.neo4j_database})")
    console.print(counts_table(counts))


@cli.command("run")
@click.option("--port", default=8050, show_default=True, help="Port of the workbench.")
@click.option(
    "--people",
    default=DEMO_PEOPLE,
    show_default=True,
    type=click.IntRange(min=50),
    help="Size of the demo population prepared on an empty graph.",
)
@click.pass_context
@friendly_errors
def run(ctx: click.Context, port: int, people: int) -> None:
    """Start the embedded Neo4j (unless NEO4J_URI is set), apply the schema, load the demo,
    then serve the workbench on http://127.0.0.1:8050 (Ctrl+C stops it)."""
    from touchpoint.graph_model.store.schema import migrate

    settings = get_settings(ctx)
    with console.status("Starting the graph …"):
        graph = open_graph(settings, start_local=True)
    with graph:
        applied = migrate(graph)
        console.print(
            f"Graph ready at {settings.effective_uri}; {len(applied)} schema migration(s) applied."
        )
        ensure_demo(graph, settings, people)
        console.print(counts_table(graph_counts(graph)))
    serve_workbench(settings, port=port)  # last: serves http://127.0.0.1:8050 until Ctrl+C


def main() -> None:
    cli(prog_name="touchpoint")


if __name__ == "__main__":
    main()
