"""``touchpoint audit …``: verify the tamper-evident trail, search it, who looked at a person.

The CLI acts as the machine's operator: its own admin actions are audited under
``cli:<os user>`` with role ``admin``.
"""

from __future__ import annotations

import getpass
import json
import sys
from typing import Any

import click
from rich.table import Table

from touchpoint.cli.common import console, friendly_errors, get_settings
from touchpoint.graph_model.access.audit import AuditLog, parse_since
from touchpoint.graph_model.access.context import AccessContext
from touchpoint.graph_model.access.reports import person_access_report
from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.store.admin import open_graph


def operator(ctx: click.Context | None = None) -> AccessContext:
    """The person at the terminal, as audited (in the administrator role of the settings)."""
    role = get_settings(ctx).admin_role if ctx is not None else "admin"
    return AccessContext(user=f"cli:{getpass.getuser()}", role=role)


def audit_log(ctx: click.Context) -> tuple[Any, AuditLog]:
    settings = get_settings(ctx)
    graph = open_graph(settings)
    return graph, AuditLog(graph, settings.audit_mirror)


@click.group("audit")
def audit_group() -> None:
    """The append-only audit trail: verify its hash chain, search it, report on a person."""


@audit_group.command("verify")
@click.pass_context
@friendly_errors
def verify_command(ctx: click.Context) -> None:
    """Recompute the hash chain; exit 2 and name every edited, removed or reordered entry."""
    graph, log = audit_log(ctx)
    with graph:
        report = log.verify()
    if report.ok:
        console.print(f"Audit trail intact: {report.entries} entries, hash chain verified.")
        return
    for problem in report.problems:
        console.print(f"[bold red]TAMPERED:[/] {problem}", highlight=False)
    console.print(f"{len(report.problems)} problem(s) in {report.entries} entries.")
    sys.exit(2)


@audit_group.command("query")
@click.option("--user", help="Only this user's entries.")
@click.option("--person", help="Only entries about this person or record id.")
@click.option("--action", help="e.g. search, person_view, sign_in, sign_in_failed, break_glass.")
@click.option("--since", help="7d, 12h, 30m, or an ISO date/time (UTC).")
@click.option("--break-glass", "break_glass", is_flag=True, help="Only break-glass actions.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
@friendly_errors
def query_command(
    ctx: click.Context, user: str | None, person: str | None, action: str | None,
    since: str | None, break_glass: bool, limit: int, fmt: str,
) -> None:  # fmt: skip
    """Search the audit trail, newest first (this search is itself audited)."""
    graph, log = audit_log(ctx)
    with graph:
        entries = log.search(
            user=user, subject=person, action=action, since=parse_since(since),
            break_glass_only=break_glass, limit=limit,
        )  # fmt: skip
        log.record(operator(ctx), "audit_query", terms={"user": user, "person": person,
                   "action": action, "since": since}, result_count=len(entries))  # fmt: skip
    if fmt == "json":
        click.echo(json.dumps(entries, indent=2, default=str))
        return
    table = Table("seq", "at", "user", "role", "action", "subjects", "purpose", "rows", "glass")
    for e in entries:
        table.add_row(
            str(e["seq"]), e["at"][:19], e["user"], e["role"], e["action"],
            ", ".join(e.get("subjects") or [])[:40], e.get("case_reference") or "",
            str(e.get("result_count") if e.get("result_count") is not None else ""),
            "BREAK-GLASS" if e.get("break_glass_id") else "",
        )  # fmt: skip
    console.print(table)


@audit_group.command("person")
@click.argument("person")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
@friendly_errors
def person_command(ctx: click.Context, person: str, fmt: str) -> None:
    """Who has looked at PERSON, and why - for subject access requests and to spot misuse."""
    graph, log = audit_log(ctx)
    with graph:
        rows = person_access_report(log, person)
        log.record(operator(ctx), "audit_person_report", subjects=[person], result_count=len(rows))
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    table = Table("when", "who", "role", "what", "case", "why", "under")
    for row in rows:
        table.add_row(
            row["at"][:19], row["user"], row["role"], row["action"], row["case_reference"] or "",
            row["reason"] or "", row["under"],
        )  # fmt: skip
    console.print(f"{len(rows)} access(es) to {person}")
    console.print(table)


@audit_group.command("break-glass")
@click.option("--all", "show_all", is_flag=True, help="Include reviewed sessions.")
@click.option("--review", metavar="ID", help="Mark this session reviewed (needs --verdict).")
@click.option("--verdict", help="The reviewer's finding, e.g. 'justified: child missing'.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
@friendly_errors
def break_glass_command(
    ctx: click.Context, show_all: bool, review: str | None, verdict: str | None, fmt: str
) -> None:
    """List break-glass sessions awaiting admin review, or review one."""
    graph, log = audit_log(ctx)
    with graph:
        if review:
            if not verdict:
                raise ConfigError("--review needs --verdict 'what you found'")
            if not log.review_break_glass(operator(ctx), review, verdict):
                raise ConfigError(f"No break-glass session {review!r}")
            console.print(f"Break-glass {review} reviewed.")
            return
        sessions = log.break_glass_sessions(unreviewed_only=not show_all)
    if fmt == "json":
        click.echo(json.dumps(sessions, indent=2, default=str))
        return
    table = Table("id", "user", "role", "started", "until", "reason", "actions", "reviewed")
    for s in sessions:
        table.add_row(
            s["break_glass_id"], s["user"], s["role"], s["started_at"][:19],
            s["expires_at"][:19], s["reason"], str(s["actions"]),
            s.get("verdict") or ("yes" if s.get("reviewed") else "NO"),
        )  # fmt: skip
    console.print(table)
