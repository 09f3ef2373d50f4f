"""The explorer as a working chart: undo/redo, right-click expand, and the time bar.

Undo/redo and the right-click binding run in the browser (``assets/explorer.js``): the history
holds whole networks the browser already has, so keeping it there costs no round trip; what an
undo restores is only ever something this session was shown. The time bar's range follows the
network shown (after an expand, an undo or a chart opened) and its playback moves a playhead
from the first year on, a month, a quarter or a year a tick as the span suits
(``components.playback``), on a ``dcc.Interval`` that stops at the last.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, State, ctx, no_update

from touchpoint.app import ids
from touchpoint.app.components import playback as play
from touchpoint.app.components.network_view import year_bounds

DEFAULT_YEARS = (2000, 2026)  # the slider's range before any dated link is drawn


def follow_range(
    stored: dict | None, years: list[int] | None, old_min: int | None, old_max: int | None
):
    """The slider spans the network shown: a window left at the whole old range widens with
    it; a narrowed window is kept (clamped to the new range)."""
    if not stored:
        return no_update, no_update, no_update
    return year_window(stored.get("elements") or [], years, old_min, old_max)


def year_window(
    elements: list[dict[str, Any]], years: list[int] | None, old_min: Any, old_max: Any
) -> tuple[int, int, list[int]]:
    low, high = year_bounds(elements) or DEFAULT_YEARS
    if high == low:
        low -= 1
    whole = not years or len(years) != 2 or list(years) == [old_min, old_max]
    if whole or years[1] < low or years[0] > high:  # type: ignore[index]
        return low, high, [low, high]
    start, end = max(low, years[0]), min(high, years[1])  # type: ignore[index]
    return low, high, [start, end]


def playback(
    _: Any,
    __: Any,
    stopped: bool,
    years: list[int] | None,
    low: int,
    high: int,
    playhead: int | None,
) -> tuple[Any, bool, str, Any]:
    """Play: the playhead starts in the first year and moves on a step a tick (the window's
    end follows its year) until the last year shows whole; Pause stops it where it is
    (playing on resumes from there)."""
    if ctx.triggered_id == ids.EXPLORER_PLAY:
        if not stopped:
            return no_update, True, "Play", no_update
        window, head = play.start(years, low, high, playhead)
        return (window if window != years else no_update), False, "Pause", head
    if stopped or not years:
        return no_update, True, "Play", no_update
    window, head, done = play.tick(years, high, playhead)
    return window, done, "Play" if done else "Pause", head


def playhead_text(playhead: int | None, years: list[int] | None, high: int | None, stopped: bool):
    """Where playback is, in words, under the slider (the slider itself shows whole years)."""
    return play.describe(playhead, years, high, playing=not stopped)


def register(app: dash.Dash) -> None:
    """Bind the undo/redo, right-click and time-bar callbacks to ``app``. Per app, not with
    the global ``dash.callback`` at import: those go to the first app that serves, once, and a
    second app in the process (the tests build several) had an explorer without them."""
    app.clientside_callback(
        ClientsideFunction("explorer", "record"),
        Output(ids.EXPLORER_HISTORY, "data"),
        Input(ids.EXPLORER_STORE, "data"),
        Input(ids.EXPLORER_HIDDEN, "data"),
        Input(ids.EXPLORER_GROUP, "value"),
        State(ids.EXPLORER_HISTORY, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("explorer", "undoRedo"),
        Output(ids.EXPLORER_STORE, "data", allow_duplicate=True),
        Output(ids.EXPLORER_HIDDEN, "data", allow_duplicate=True),
        Output(ids.EXPLORER_GROUP, "value", allow_duplicate=True),
        Output(ids.EXPLORER_HISTORY, "data", allow_duplicate=True),
        Input(ids.EXPLORER_UNDO, "n_clicks"),
        Input(ids.EXPLORER_REDO, "n_clicks"),
        State(ids.EXPLORER_HISTORY, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("explorer", "buttons"),
        Output(ids.EXPLORER_UNDO, "disabled"),
        Output(ids.EXPLORER_REDO, "disabled"),
        Input(ids.EXPLORER_HISTORY, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("explorer", "bindContext"),
        Output(ids.EXPLORER_CONTEXT_BOUND, "data"),
        Input(ids.EXPLORER_GRAPH, "elements"),
        State(ids.EXPLORER_GRAPH, "id"),
    )
    app.callback(
        Output(ids.EXPLORER_YEARS, "min"),
        Output(ids.EXPLORER_YEARS, "max"),
        Output(ids.EXPLORER_YEARS, "value"),
        Input(ids.EXPLORER_STORE, "data"),
        State(ids.EXPLORER_YEARS, "value"),
        State(ids.EXPLORER_YEARS, "min"),
        State(ids.EXPLORER_YEARS, "max"),
    )(follow_range)
    app.callback(
        Output(ids.EXPLORER_YEARS, "value", allow_duplicate=True),
        Output(ids.EXPLORER_TICK, "disabled"),
        Output(ids.EXPLORER_PLAY, "children"),
        Output(ids.EXPLORER_PLAYHEAD, "data"),
        Input(ids.EXPLORER_PLAY, "n_clicks"),
        Input(ids.EXPLORER_TICK, "n_intervals"),
        State(ids.EXPLORER_TICK, "disabled"),
        State(ids.EXPLORER_YEARS, "value"),
        State(ids.EXPLORER_YEARS, "min"),
        State(ids.EXPLORER_YEARS, "max"),
        State(ids.EXPLORER_PLAYHEAD, "data"),
        prevent_initial_call=True,
    )(playback)
    app.callback(
        Output(ids.EXPLORER_PLAYHEAD_TEXT, "children"),
        Input(ids.EXPLORER_PLAYHEAD, "data"),
        Input(ids.EXPLORER_YEARS, "value"),
        Input(ids.EXPLORER_YEARS, "max"),
        Input(ids.EXPLORER_TICK, "disabled"),
    )(playhead_text)
