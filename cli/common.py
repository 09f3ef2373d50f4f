"""Shared CLI plumbing: settings on the context, friendly errors, rich output."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.files import harden, private_process
from touchpoint.graph_model.model.settings import Settings, load_settings

console = Console()
err_console = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def get_settings(ctx: click.Context) -> Settings:
    """Settings are loaded once per invocation and kept on the root context."""
    root = ctx.find_root()
    root.ensure_object(dict)
    if "settings" not in root.obj:
        root.obj["settings"] = load_settings()
        private_process()  # loader, scheduler, server: what they write is the owner's alone
        harden(root.obj["settings"].data_dir)
    return root.obj["settings"]


def friendly_errors(func: F) -> F:
    """Print a TouchpointError as one clear line and exit 1, instead of a traceback. The line
    is never hard-wrapped (``soft_wrap``: a path in it stays whole when copied from a log or a
    pipe, where rich would otherwise break it at 80 columns), and brackets in it are text."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TouchpointError as exc:
            err_console.print(f"[bold red]Error:[/] {escape(str(exc))}", highlight=False,
                              soft_wrap=True)  # fmt: skip
            sys.exit(1)

    return wrapper  # type: ignore[return-value]
