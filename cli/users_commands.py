"""``touchpoint users …``: accounts and roles. Every change is written to the audit trail."""

from __future__ import annotations

import json
import sys

import click
from rich.table import Table

from touchpoint.cli.audit_commands import operator
from touchpoint.cli.common import console, friendly_errors, get_settings
from touchpoint.graph_model.access.agreements import Agreements, agreements_in_force
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.users import (
    add_user,
    first_run_hint,
    grant,
    list_users,
    reset_password,
    set_disabled,
)
from touchpoint.graph_model.store.admin import open_graph


def _password(from_stdin: bool) -> str:
    """From stdin (for scripts: one line) or prompted twice, hidden."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _agreements(ctx: click.Context) -> Agreements:
    return agreements_in_force(get_settings(ctx).agreements_dir)


@click.group("users")
def users_group() -> None:
    """Add, list, disable and re-role user accounts (passwords hashed with argon2id)."""


@users_group.command("add")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, help="Role (repeatable).")
@click.option("--name", "display_name", help="Display name (default: the username).")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
@click.pass_context
@friendly_errors
def add_command(
    ctx: click.Context, username: str, roles: tuple[str, ...], display_name: str | None,
    password_stdin: bool,
) -> None:  # fmt: skip
    """Create USERNAME with one or more roles; you are asked for the password."""
    agreements = _agreements(ctx)
    password = _password(password_stdin)
    with open_graph(get_settings(ctx)) as graph:
        user = add_user(graph, username, password, list(roles), agreements, display_name)
        AuditLog(graph, get_settings(ctx).audit_mirror).record(
            operator(ctx), "user_add", subjects=[user.username], roles=list(user.roles)
        )
    console.print(f"User {user.username} created with role(s) {', '.join(user.roles)}.")


@users_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
@friendly_errors
def list_command(ctx: click.Context, fmt: str) -> None:
    """Every account: roles, disabled, failed sign-ins, lock-out, last sign-in."""
    with open_graph(get_settings(ctx)) as graph:
        users = list_users(graph)
        hint = first_run_hint(graph, get_settings(ctx).admin_role)
    if fmt == "json":
        click.echo(json.dumps(users, indent=2, default=str))
        return
    table = Table("username", "name", "roles", "disabled", "failed", "locked until", "last sign-in")
    for u in users:
        table.add_row(
            u["username"], u.get("display_name") or "", ", ".join(u.get("roles") or []),
            "yes" if u.get("disabled") else "", str(u.get("failed_attempts") or 0),
            (u.get("locked_until") or "")[:19], (u.get("last_sign_in_at") or "")[:19],
        )  # fmt: skip
    console.print(table)
    if hint:
        console.print(hint)


@users_group.command("disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Re-enable instead.")
@click.pass_context
@friendly_errors
def disable_command(ctx: click.Context, username: str, enable: bool) -> None:
    """Disable USERNAME (they cannot sign in; nothing is deleted), or --enable again."""
    with open_graph(get_settings(ctx)) as graph:
        set_disabled(graph, username, not enable)
        AuditLog(graph, get_settings(ctx).audit_mirror).record(
            operator(ctx), "user_enable" if enable else "user_disable", subjects=[username]
        )
    console.print(f"User {username} {'enabled' if enable else 'disabled'}.")


@users_group.command("reset-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from stdin.")
@click.pass_context
@friendly_errors
def reset_password_command(ctx: click.Context, username: str, password_stdin: bool) -> None:
    """Set a new password for USERNAME (also clears a lock-out)."""
    password = _password(password_stdin)
    with open_graph(get_settings(ctx)) as graph:
        reset_password(graph, username, password)
        AuditLog(graph, get_settings(ctx).audit_mirror).record(
            operator(ctx), "user_reset_password", subjects=[username]
        )
    console.print(f"Password for {username} reset.")


@users_group.command("grant")
@click.argument("username")
@click.argument("role")
@click.option("--revoke", is_flag=True, help="Remove the role instead.")
@click.pass_context
@friendly_errors
def grant_command(ctx: click.Context, username: str, role: str, revoke: bool) -> None:
    """Give USERNAME the ROLE (one an agreement governs), or --revoke it."""
    agreements = _agreements(ctx)
    with open_graph(get_settings(ctx)) as graph:
        roles = grant(graph, username, role, agreements, revoke=revoke)
        AuditLog(graph, get_settings(ctx).audit_mirror).record(
            operator(ctx), "user_revoke" if revoke else "user_grant", subjects=[username], role=role
        )
    console.print(f"{username} now has role(s): {', '.join(roles) or '(none)'}.")
