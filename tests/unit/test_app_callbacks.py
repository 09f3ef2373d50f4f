"""Every workbench app gets every callback, however many are built in one process.

A callback registered with the global ``dash.callback`` at a module's import goes to the first
app that serves a request, once: a second app built in the same process (the test suite does;
so could a WSGI host) lost the explorer's undo/redo, time bar, notes and saved charts, and its
explorer silently stopped answering those controls."""

from __future__ import annotations

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
