"""``touchpoint patterns …``: saved safeguarding patterns, the flags they raise, their review."""

from __future__ import annotations

import json

import click
from rich.table import Table

from cli.common import console, friendly_errors, get_settings
from cli.patterns_output import FORMATS, print_accuracy, print_flags, print_hits
from graph_model.admin import open_graph
from graph_model.errors import ConfigError
from graph_model.flags import STATUSES, accuracy, get_flag, list_flags, raise_flags, transition
from graph_model.pattern_catalogue import catalogue_markdown, pattern_markdown
from graph_model.patterns import get_pattern, list_patterns, run_pattern


@click.group("patterns")
def patterns_group() -> None:
    """Run saved safeguarding patterns, review the flags they raise, track their accuracy."""


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"--param expects name=value, got {pair!r}")
        params[name.strip()] = value.strip()
    return params


@patterns_group.command("list")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
@friendly_errors
def list_command(fmt: str) -> None:
    """List the saved patterns (markdown prints the catalogue for docs/patterns.md)."""
    patterns = list_patterns()
    if fmt == "markdown":
        click.echo(catalogue_markdown(patterns))
        return
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "id": p.id,
                        "title": p.title,
                        "severity": p.severity,
                        "agencies": p.agencies,
                        "description": p.description,
                        "why": p.why,
                        "params": [x.as_dict() for x in p.params],
                    }
                    for p in patterns
                ],
                indent=2,
                default=str,
            )
        )
        return
    table = Table("Pattern", "Title", "Severity", "Agencies", "Parameters")
    for p in patterns:
        params = ", ".join(f"{x.name}={x.default}" for x in p.params)
        table.add_row(p.id, p.title, p.severity, ", ".join(p.agencies), params)
    console.print(table)


@patterns_group.command("show")
@click.argument("name")
@click.option("--cypher/--no-cypher", default=True, help="Also print the query.")
@friendly_errors
def show_command(name: str, cypher: bool) -> None:
    """What a pattern finds, why it matters, its parameters and its Cypher."""
    pattern = get_pattern(name)
    click.echo(pattern_markdown(pattern))
    if cypher:
        click.echo(pattern.query.text)


@patterns_group.command("run")
@click.argument("name", required=False)
@click.option("--all", "run_all", is_flag=True, help="Run every saved pattern.")
@click.option(
    "--param",
    "-p",
    "pairs",
    multiple=True,
    metavar="NAME=VALUE",
    help="A typed pattern parameter, e.g. --param window_days=60 (repeatable).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--dry-run", is_flag=True, help="Show the hits without writing flags.")
@click.option(
    "--limit", type=int, default=50, show_default=True, help="Rows shown in table format."
)
@click.pass_context
@friendly_errors
def run_command(
    ctx: click.Context,
    name: str | None,
    run_all: bool,
    pairs: tuple[str, ...],
    fmt: str,
    dry_run: bool,
    limit: int,
) -> None:
    """Run one pattern (NAME) or --all; hits become Flag nodes unless --dry-run."""
    if bool(name) == run_all:
        raise click.UsageError("Give a pattern NAME or --all (not both).")
    patterns = list_patterns() if run_all else [get_pattern(name or "")]
    params = _parse_params(pairs)
    if run_all and params:
        raise click.UsageError("--param applies to one pattern; run patterns one by one.")
    with open_graph(get_settings(ctx)) as graph:
        for pattern in patterns:
            if dry_run:
                _, hits = run_pattern(graph, pattern, params)
                note = "dry run, no flags written"
            else:
                with console.status(f"Running {pattern.id} …"):
                    summary, hits = raise_flags(graph, pattern, params)
                note = (
                    f"{summary.created} new flag(s), {summary.already_known} already "
                    f"raised, {summary.seconds:.2f}s"
                )
            if run_all and fmt == "table":
                console.print(f"[bold]{pattern.id}[/]: {len(hits)} hit(s) ({note})")
                continue
            print_hits(hits, fmt, limit if fmt == "table" else None)
            if fmt == "table":
                console.print(f"{pattern.id}: {len(hits)} hit(s) ({note})")


@patterns_group.command("flags")
@click.option("--pattern", "pattern_id", help="Only this pattern's flags.")
@click.option("--status", type=click.Choice(STATUSES), help="Only flags in this status.")
@click.option("--person", "person_id", help="Only flags about this person_id.")
@click.option(
    "--include-past",
    is_flag=True,
    help="Also flags the latest run of their pattern no longer raises.",
)
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
@friendly_errors
def flags_command(
    ctx: click.Context,
    pattern_id: str | None,
    status: str | None,
    person_id: str | None,
    include_past: bool,
    limit: int,
    fmt: str,
) -> None:
    """List flags, newest first."""
    with open_graph(get_settings(ctx)) as graph:
        rows = list_flags(graph, pattern_id, status, person_id, not include_past, limit)
    print_flags(rows, fmt)


@patterns_group.command("flag")
@click.argument("flag_id")
@click.pass_context
@friendly_errors
def flag_command(ctx: click.Context, flag_id: str) -> None:
    """One flag: its evidence (the records that raised it) and its review history (JSON)."""
    with open_graph(get_settings(ctx)) as graph:
        flag = get_flag(graph, flag_id)
    flag["flag"].pop("evidence_json", None)
    click.echo(json.dumps(flag, indent=2, default=str))


@patterns_group.command("review")
@click.argument("flag_id")
@click.option("--to", "to", type=click.Choice(STATUSES), required=True, help="New status.")
@click.option("--who", required=True, help="Who is deciding (recorded).")
@click.option("--reason", help="Why; required to dismiss or to reopen a decided flag.")
@click.pass_context
@friendly_errors
def review_command(ctx: click.Context, flag_id: str, to: str, who: str, reason: str | None) -> None:
    """Move a flag through review: new, in_review, actioned, dismissed (nothing is deleted)."""
    with open_graph(get_settings(ctx)) as graph:
        flag = transition(graph, flag_id, to, who, reason)
    console.print(
        f"Flag {flag_id} is now [bold]{flag['flag']['status']}[/] "
        f"({len(flag['reviews'])} review step(s) recorded)."
    )


@patterns_group.command("accuracy")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
@friendly_errors
def accuracy_command(ctx: click.Context, fmt: str) -> None:
    """Per pattern: reviewed flags actioned vs dismissed, overall and by month."""
    with open_graph(get_settings(ctx)) as graph:
        results = accuracy(graph, [p.id for p in list_patterns()])
    print_accuracy(results, fmt)
