"""``--as USER``: person-level CLI reads as a signed-in user, under their sharing agreement.

The CLI runs on the server, where the operator's *system* identity may load, resolve, schedule,
migrate and raise flags - work that changes or counts the graph without showing anyone's
records. Output that shows people (pattern hits, flags, ``analyse …``,
``resolve explain``) is a read by a person, so it needs ``--as USER``: the user's password is
asked (with the same lock-out as the app), their role's agreement filters the Cypher through a
``ViewerGraph``, and each read is audited with who, role and purpose - exactly as in the app.
``--purpose CODE:CASE_REF:REASON`` records why (needed for networks and full profiles).
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from touchpoint.graph_model.access.agreements import agreements_in_force
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.context import AccessContext, AccessDenied, Purpose
from touchpoint.graph_model.access.users import sign_in
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.admin import open_graph
from touchpoint.graph_model.store.db import Graph

F = TypeVar("F", bound=Callable[..., Any])
SYSTEM_RULE = (
    "shows people's records, so it runs as a user under their sharing agreement: add "
    "--as USER (and --purpose CODE:CASE_REF:REASON for networks). The system identity on the "
    "server loads, resolves, schedules and raises flags; it does not read people."
)


def viewer_options(func: F) -> F:
    """Add ``--as``, ``--role`` and ``--purpose`` to a command (kwargs ``as_user``, ``as_role``,
    ``purpose``)."""
    options = (
        click.option(
            "--as",
            "as_user",
            metavar="USER",
            help="Read as this Touchpoint user (password asked; their agreement applies; audited).",
        ),
        click.option("--role", "as_role", help="Which of the user's roles, if they hold several."),
        click.option(
            "--purpose",
            metavar="CODE:CASE_REF:REASON",
            help="Why you are looking, e.g. s47_enquiry:MASH-2026-0142:'Strategy meeting'.",
        ),
    )
    wrapped = func
    for option in reversed(options):
        wrapped = option(wrapped)
    return functools.wraps(func)(wrapped)  # type: ignore[return-value]


def parse_purpose(text: str) -> Purpose:
    code, sep, rest = text.partition(":")
    case_reference, sep2, reason = rest.partition(":")
    if not (sep and sep2):
        raise AccessDenied("--purpose expects CODE:CASE_REF:REASON, e.g. s47_enquiry:MASH-1:why")
    return Purpose(code.strip(), case_reference.strip(), reason.strip())


def open_viewer(
    graph: Graph,
    settings: Settings,
    as_user: str | None,
    as_role: str | None = None,
    purpose: str | None = None,
    command: str = "This command",
) -> ViewerGraph:
    """The graph as ``as_user`` may see it, after checking their password (audited sign-in)."""
    if not as_user:
        raise AccessDenied(f"{command} {SYSTEM_RULE}")
    password = click.prompt(f"Password for {as_user}", hide_input=True, err=True)
    audit = AuditLog(graph, settings.audit_mirror)
    result = sign_in(graph, as_user, password)
    if result.user is None:
        audit.record(AccessContext(as_user[:63], "-"), "sign_in_failed", outcome=result.reason)
        raise AccessDenied("Wrong username or password, or the account is locked or disabled.")
    roles = result.user.roles
    role = as_role or (roles[0] if len(roles) == 1 else None)
    if role not in roles:
        raise AccessDenied(f"{result.user.username} holds the roles {', '.join(roles)}: pick one "
                           "with --role")  # fmt: skip
    agreements = agreements_in_force(settings.agreements_dir)
    ctx = AccessContext(result.user.username, role, session_id=f"cli-{secrets.token_hex(6)}")
    audit.record(ctx, "sign_in", channel="cli")
    if purpose:
        ctx = ctx.with_purpose(parse_purpose(purpose), agreements)
        audit.record(ctx, "purpose_set", agreement=agreements.grant(role).agreement.agreement)
    return ViewerGraph(graph, ctx, agreements=agreements, audit=audit)


@contextmanager
def viewer_session(ctx: click.Context, command: str, **who: str | None) -> Iterator[ViewerGraph]:
    """The graph as the ``--as`` user may see it, for the length of one command."""
    from touchpoint.cli.common import get_settings

    settings = get_settings(ctx)
    with open_graph(settings) as graph:
        yield open_viewer(graph, settings, command=command, **who)
