"""``touchpoint patterns …``: saved safeguarding patterns, the flags they raise, their review.

Running patterns and raising flags is system work (counts only); showing hits or flags, or
deciding one, is a person's read: ``--as USER`` (``cli.viewer_options``) applies their
sharing agreement - only results whose evidence they may all see are shown, the rest counted - and
audits it."""

from __future__ import annotations

import json

import click
from rich.table import Table

from touchpoint.cli.common import console, friendly_errors, get_settings
from touchpoint.cli.patterns_output import FORMATS, print_accuracy, print_flags, print_hits
from touchpoint.cli.viewer_options import SYSTEM_RULE, open_viewer, viewer_options, viewer_session
from touchpoint.graph_model.access.context import AccessDenied
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.patterns.catalogue import catalogue_markdown, pattern_markdown
from touchpoint.graph_model.patterns.flags import STATUSES, accuracy, raise_flags
from touchpoint.graph_model.patterns.library import (
    get_pattern,
    list_patterns,
    run_pattern,
    shared_params,
)
from touchpoint.graph_model.patterns.results import audited_hits
from touchpoint.graph_model.store.admin import open_graph
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads import flags as flag_reads
from touchpoint.services.reads.identity import event_details, pending_pairs


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
    help="A typed pattern parameter, e.g. --param window_days=60 (repeatable); with --all it "
    "goes to every pattern that declares it.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--dry-run", is_flag=True, help="Show the hits without writing flags.")
@click.option(
    "--limit", type=int, default=50, show_default=True, help="Rows shown in table format."
)
@viewer_options
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
    as_user: str | None,
    as_role: str | None,
    purpose: str | None,
) -> None:
    """Run one pattern (NAME) or --all; hits become Flag nodes unless --dry-run.

    With --all, each --param goes to every pattern that declares it (say --param
    as_of=2026-11-01 to run the whole library at an extract's date); patterns that do not take
    it run without it, and the run says so. As the system (no --as) only counts are printed;
    with --as USER the hits that user's agreement shows are listed (audited) and the rest
    counted."""
    if bool(name) == run_all:
        raise click.UsageError("Give a pattern NAME or --all (not both).")
    patterns = list_patterns() if run_all else [get_pattern(name or "")]
    shared = shared_params(patterns, _parse_params(pairs))  # every value checked before any run
    for line in shared.notes() if run_all else []:
        console.print(f"[dim]{line}[/]")
    settings = get_settings(ctx)
    with open_graph(settings) as graph:
        viewer = _viewer_for_rows(graph, settings, as_user, as_role, purpose, fmt)
        for pattern in patterns:
            params = shared.per_pattern[pattern.id]
            if dry_run:
                resolved, hits = run_pattern(graph, pattern, params)
                note = "dry run, no flags written"
            else:
                with console.status(f"Running {pattern.id} …"):
                    summary, hits = raise_flags(graph, pattern, params)
                resolved = summary.params
                note = (
                    f"{summary.created} new flag(s), {summary.already_known} already "
                    f"raised, {summary.seconds:.2f}s"
                )
            shown = audited_hits(viewer, pattern, resolved, hits).hits if viewer else []
            if viewer is not None and len(shown) < len(hits):
                note += f"; {len(hits) - len(shown)} withheld under agreement {viewer.agreement_id}"
            if viewer is None or (run_all and fmt == "table"):
                console.print(f"[bold]{pattern.id}[/]: {len(hits)} hit(s) ({note})")
                continue
            events = [e.node_id for h in shown for e in h.evidence if e.kind == "event"]
            details = event_details(viewer, events) if fmt != "table" else {}
            print_hits(shown, fmt, limit if fmt == "table" else None, details)
            if fmt == "table":
                console.print(f"{pattern.id}: {len(hits)} hit(s) ({note})")


def _viewer_for_rows(
    graph: Graph,
    settings: Settings,
    as_user: str | None,
    as_role: str | None,
    purpose: str | None,
    fmt: str,
) -> ViewerGraph | None:
    """A viewer when person-level rows are asked for; None = counts only (the system)."""
    if as_user:
        return open_viewer(graph, settings, as_user, as_role, purpose, "Listing pattern hits")
    if fmt != "table":
        raise AccessDenied(f"--format {fmt} of pattern hits {SYSTEM_RULE}")
    return None


@patterns_group.command("flags")
@click.option("--pattern", "pattern_id", help="Only this pattern's flags.")
@click.option("--status", type=click.Choice(STATUSES), help="Only flags in this status.")
@click.option("--person", "person_id", help="Only flags about this person_id.")
@click.option("--limit", type=int, default=100, show_default=True)
@click.option(
    "--include-past",
    is_flag=True,
    help="Also flags a later run no longer raised (the data changed; kept, never deleted).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@viewer_options
@click.pass_context
@friendly_errors
def flags_command(
    ctx: click.Context,
    pattern_id: str | None,
    status: str | None,
    person_id: str | None,
    limit: int,
    include_past: bool,
    fmt: str,
    **who: str | None,
) -> None:
    """List current flags the user's agreement shows, newest first (needs --as USER)."""
    with viewer_session(ctx, "Listing flags", **who) as viewer:
        found = flag_reads.read_flags(
            viewer,
            pattern_id,
            status,
            limit,
            person_ids=[person_id] if person_id else None,
            include_past=include_past,
        )
    print_flags(found.flags, fmt)
    if found.notice() and fmt == "table":
        console.print(found.notice())


@patterns_group.command("flag")
@click.argument("flag_id")
@viewer_options
@click.pass_context
@friendly_errors
def flag_command(ctx: click.Context, flag_id: str, **who: str | None) -> None:
    """One flag: its evidence (the records that raised it), its review history and the person's
    pending match pairs (records that may be the same person, waiting for review) - JSON."""
    with viewer_session(ctx, "Showing a flag", **who) as viewer:
        row = flag_reads.visible_flag(viewer, flag_id)
        pairs = pending_pairs(viewer, [row["person_id"]]).get(row["person_id"])
    flag = {"flag": row["flag"], "display_name": row["display_name"], "reviews": row["reviews"]}
    flag["pending_pairs"] = [p.as_dict() for p in pairs.pairs] if pairs else []
    flag["pending_pairs_withheld"] = pairs.withheld if pairs else 0
    flag["flag"]["evidence"] = json.loads(flag["flag"].pop("evidence_json", None) or "[]")
    click.echo(json.dumps(flag, indent=2, default=str))


@patterns_group.command("review")
@click.argument("flag_id")
@click.option("--to", "to", type=click.Choice(STATUSES), required=True, help="New status.")
@click.option("--reason", help="Why; required to dismiss or to reopen a decided flag.")
@viewer_options
@click.pass_context
@friendly_errors
def review_command(
    ctx: click.Context,
    flag_id: str,
    to: str,
    reason: str | None,
    **who: str | None,
) -> None:
    """Move a flag through review: new, in_review, actioned, dismissed (nothing is deleted).

    The decision is recorded as the --as user and audited; only a flag their agreement shows
    can be reviewed."""
    with viewer_session(ctx, "Reviewing a flag", **who) as viewer:
        flag = flag_reads.review_flag(viewer, flag_id, to, reason)
    console.print(
        f"Flag {flag_id} is now [bold]{flag['flag']['status']}[/] "
        f"({len(flag['reviews'])} review step(s) recorded, as {viewer.ctx.user})."
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
