"""Run ``touchpoint`` commands in-process, optionally as a signed-in user (``--as``)."""

from __future__ import annotations

from click.testing import CliRunner, Result

from touchpoint.cli.main import cli
from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.users import add_user, get_user
from touchpoint.graph_model.store.db import Graph

PASSWORD = "correct horse battery staple"
PURPOSE = "s47_enquiry:MASH-2026-0142:Strategy discussion about the household"


def user_for(graph: Graph, role: str) -> str:
    """A user named after ``role`` holding only that role (created once; users survive wipes)."""
    name = role.replace("_", "")
    if get_user(graph, name) is None:
        add_user(graph, name, PASSWORD, [role], load_agreements())
    return name


def invoke(graph: Graph, *args: str, role: str | None = None, purpose: bool = True) -> Result:
    """``touchpoint ARGS`` - as the system, or with ``--as`` a user of ``role`` (password typed
    at the prompt) and, by default, a purpose."""
    extra: list[str] = []
    if role:
        extra = ["--as", user_for(graph, role)] + (["--purpose", PURPOSE] if purpose else [])
    return CliRunner().invoke(
        cli, [*args, *extra], obj={"settings": graph.settings}, input=f"{PASSWORD}\n"
    )
