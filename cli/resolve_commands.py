"""``touchpoint resolve …``: link records into people, review candidate pairs, explain people."""

from __future__ import annotations

import json

import click
from rich.table import Table

from touchpoint.cli.common import console, friendly_errors, get_settings
from touchpoint.cli.viewer_options import viewer_options, viewer_session
from touchpoint.graph_model.resolution.settings import load_resolution_settings
from touchpoint.graph_model.store.admin import open_graph
from touchpoint.services.reads.identity import waiting_label


@click.group("resolve", invoke_without_command=True)
@click.option("--full", is_flag=True, help="Rescore every record (default: only new/changed).")
@click.option(
    "--backend",
    type=click.Choice(["duckdb", "spark"]),
    default=None,
    help="Splink backend (default from TOUCHPOINT_RESOLVE_BACKEND, else duckdb).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.pass_context
@friendly_errors
def resolve_group(ctx: click.Context, full: bool, backend: str | None, as_json: bool) -> None:
    """Resolve PersonRecords from all agencies into Person nodes (explainable, stable ids).

    Without a subcommand, runs resolution: incremental after the first run, --full to rescore
    everything. Review decisions are always respected.
    """
    if ctx.invoked_subcommand is not None:
        return
    from touchpoint.graph_model.resolution.service import resolve

    overrides = {"backend": backend} if backend else {}
    cfg = load_resolution_settings(**overrides)
    with open_graph(get_settings(ctx)) as graph, console.status("Resolving …") as status:

        def progress(step: str, count: int) -> None:
            status.update(f"Resolving: {step} {count:,} records …")

        report = resolve(graph, cfg, full=full, progress=progress)
    if as_json:
        click.echo(json.dumps(report.__dict__))
        return
    console.print(
        f"[green]Resolution {report.mode} run {report.run_id}[/]: {report.records:,} records, "
        f"{report.scored_records:,} scored -> {report.persons:,} people "
        f"({report.persons_created:,} new ids, {report.merged_ids} merged, "
        f"{report.split_ids} split); {report.auto_links:,} automatic links, "
        f"{report.review_pairs:,} pairs for review, {report.blocked_by_conflict} links blocked "
        f"by conflicting identifiers. Seconds: {report.seconds}"
    )


@resolve_group.group("review", invoke_without_command=True)
@click.pass_context
def review_group(ctx: click.Context) -> None:
    """The review queue: candidate pairs between the two thresholds (lists them by default)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_pairs_command)


@review_group.command("list")
@click.option("--status", default="pending", type=click.Choice(["pending", "waiting", "decided"]))
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--json", "as_json", is_flag=True)
@viewer_options
@click.pass_context
@friendly_errors
def list_pairs_command(
    ctx: click.Context, status: str, limit: int, as_json: bool, **who: str | None
) -> None:
    """Candidate pairs, most probable first, both records side by side.

    Shows people's names and dates of birth, so it runs as a user (--as USER): pairs with a
    record of an agency outside their agreement are left out and counted; audited."""
    from touchpoint.graph_model.access.notices import withheld_notice
    from touchpoint.graph_model.resolution.explain import reasons
    from touchpoint.graph_model.resolution.review import list_pairs

    with viewer_session(ctx, "resolve review list", **who) as viewer:
        pairs, withheld = list_pairs(viewer, status=status, limit=limit)
        agreement = viewer.agreement_id
    if as_json:
        click.echo(json.dumps(pairs, default=str))
        return
    table = Table(title=f"Review pairs ({status})")
    for column in ("pair", "p", "record A", "record B", "strongest evidence"):
        table.add_column(column)
    for pair in pairs:
        table.add_row(
            pair["pair_id"],
            f"{pair['probability']:.3f}",
            _describe(pair["a"]),
            _describe(pair["b"]),
            "\n".join(reasons(pair["evidence"])[:4]),
        )
    console.print(table)
    if notice := withheld_notice(withheld, "pair", agreement):
        console.print(notice)


def _describe(record: dict) -> str:
    return (
        f"{record['forename'] or ''} {record['surname'] or ''} {record['dob'] or '?'}\n"
        f"{record['source_agency']} {record['postcode'] or ''}\n{record['record_id']}"
    )


@review_group.command("decide")
@click.argument("pair_id")
@click.argument("decision", type=click.Choice(["confirm", "reject", "unsure"]))
@click.option("--note", default=None, help="Why (kept with the decision).")
@viewer_options
@click.pass_context
@friendly_errors
def decide_command(
    ctx: click.Context, pair_id: str, decision: str, note: str | None, **who: str | None
) -> None:
    """Confirm or reject a pair (or mark it unsure: ask the agency); applied by the next
    `touchpoint resolve` - an unsure pair waits, held apart, until confirmed or rejected.

    A decision is a reviewer's judgement, so it is made as a user (--as USER): only on a pair
    both of whose records their agreement shows, recorded under their name, audited."""
    from touchpoint.graph_model.resolution.review import decide_pair_as

    with viewer_session(ctx, "resolve review decide", **who) as viewer:
        decision_id = decide_pair_as(viewer, pair_id, decision, note)
    console.print(f"[green]Recorded[/] {decision} ({decision_id}); run `touchpoint resolve`.")


@review_group.command("split")
@click.argument("person_id")
@click.argument("record_ids", nargs=-1, required=True)
@click.option("--note", default=None, help="Why (kept with the decision).")
@viewer_options
@click.pass_context
@friendly_errors
def split_command(
    ctx: click.Context,
    person_id: str,
    record_ids: tuple[str, ...],
    note: str | None,
    **who: str | None,
) -> None:
    """Split RECORD_IDS out of PERSON_ID; they never rejoin the records left behind.

    Made as a user (--as USER) whose agreement shows every record of the person; audited."""
    from touchpoint.graph_model.resolution.review import split_person_as

    with viewer_session(ctx, "resolve review split", **who) as viewer:
        decision_id = split_person_as(viewer, person_id, list(record_ids), note)
    console.print(f"[green]Recorded[/] split ({decision_id}); run `touchpoint resolve`.")


@resolve_group.command("explain")
@click.argument("person_id")
@click.option("--json", "as_json", is_flag=True)
@viewer_options
@click.pass_context
@friendly_errors
def explain_command(ctx: click.Context, person_id: str, as_json: bool, **who: str | None) -> None:
    """Why these records are one person: method, probability and evidence per record.

    Shows a person's records, so it runs as a user (--as USER --purpose …): records of agencies
    outside their agreement are left out and counted, withheld identifiers masked; audited."""
    from touchpoint.graph_model.resolution.explain import explain_person

    with viewer_session(ctx, "resolve explain", **who) as viewer:
        result = explain_person(viewer, person_id)
    if as_json:
        click.echo(json.dumps(result, default=str))
        return
    person = result["person"]
    console.print(
        f"[bold]{person['person_id']}[/] {person.get('display_name') or ''} "
        f"dob {person.get('dob') or '?'} status {person.get('status')}"
    )
    for key in ("merged_into", "split_into", "history"):
        if person.get(key):
            console.print(f"  {key}: {person[key]}")
    table = Table()
    for column in ("record", "agency", "name", "dob", "postcode", "method", "p", "why"):
        table.add_column(column)
    for r in result["records"]:
        table.add_row(
            r["record_id"],
            r["source_agency"],
            f"{r['forename'] or ''} {r['surname'] or ''}",
            r["dob"] or "",
            r["postcode"] or "",
            r["method"],
            f"{r['probability']:.3f}",
            "\n".join(r["reasons"][:5])
            + (f"\nvia {r['via_record_id']}" if r["via_record_id"] else ""),
        )
    console.print(table)
    if result["pending_pairs"]:
        console.print(f"Pending review pairs: {', '.join(result['pending_pairs'])}")
    for pair in result.get("waiting_pairs") or []:
        label = waiting_label(pair.get("asked_by"), pair.get("asked_on"))
        console.print(f"Review pair {pair['pair_id']}: {label}")
    if result["withheld"]:
        console.print(
            f"{result['withheld']} record(s) withheld under agreement {viewer.agreement_id}"
        )
