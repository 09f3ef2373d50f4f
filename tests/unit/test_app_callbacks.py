"""Every workbench app gets every callback, however many are built in one process.

A callback registered with the global ``dash.callback`` at a module's import goes to the first
app that serves a request, once: a second app built in the same process (the test suite does;
so could a WSGI host) lost the explorer's undo/redo, time bar, notes and saved charts, and its
explorer silently stopped answering those controls."""

from __future__ import annotations

import ast
from pathlib import Path

import dash

from touchpoint.app import create_app, ids
from touchpoint.graph_model.model.settings import load_settings


def _served_callbacks(app: dash.Dash) -> set[str]:
    """What the app tells the browser it answers (the list ``/_dash-dependencies`` serves),
    after the set-up Dash runs before the app's first request."""
    with app.server.test_request_context():
        app._setup_server()
    return {c["output"] for c in app._callback_list}


def test_a_second_app_in_the_process_answers_every_callback_the_first_does(tmp_path: Path) -> None:
    first = _served_callbacks(create_app(load_settings(data_dir=tmp_path / "a")))
    second = _served_callbacks(create_app(load_settings(data_dir=tmp_path / "b")))

    explorer = {c for c in first if ids.EXPLORER_UNDO in c or ids.EXPLORER_YEARS in c
                or ids.EXPLORER_NOTES in c or ids.EXPLORER_CHART_MESSAGE in c}  # fmt: skip
    assert len(explorer) >= 4, first  # undo/redo, the time bar, notes, saved charts
    assert second == first


GLOBAL_REGISTRARS = {"callback", "clientside_callback"}


def _global_registrations(path: Path) -> list[str]:
    """Where a module imports Dash's global registrars or calls ``dash.callback`` itself."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "dash":
            found += [f"{path.name}:{node.lineno} imports {a.name}" for a in node.names
                      if a.name in GLOBAL_REGISTRARS]  # fmt: skip
        if (isinstance(node, ast.Attribute) and node.attr in GLOBAL_REGISTRARS
                and isinstance(node.value, ast.Name) and node.value.id == "dash"):  # fmt: skip
            found.append(f"{path.name}:{node.lineno} uses dash.{node.attr}")
    return found


def test_only_page_modules_register_callbacks_globally() -> None:
    """Dash runs page modules again for each app; any other module runs once per process, so
    its callbacks must be bound per app (``register(app)``), or a second app goes without."""
    app_dir = Path(create_app.__code__.co_filename).parent
    outside_pages = [
        p for p in app_dir.rglob("*.py") if "pages" not in p.relative_to(app_dir).parts
    ]
    assert len(outside_pages) > 10
    assert [hit for p in outside_pages for hit in _global_registrations(p)] == []
