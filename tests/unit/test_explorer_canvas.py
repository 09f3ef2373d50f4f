"""The explorer's graph area (issue 16, item 3): a busy indicator covers the fetch, not only
the drawing, and the default picture is the server's placed, stable positions."""

from __future__ import annotations

from typing import Any

from dash import dcc

from touchpoint.app import ids


def _walk(node: Any):
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            yield from _walk(child)


def test_the_network_fetch_shows_a_loading_indicator_over_a_stable_picture(tmp_path):
    from touchpoint.app import create_app
    from touchpoint.graph_model.model.settings import load_settings

    create_app(load_settings(data_dir=tmp_path))  # registers the pages (no graph needed)
    from touchpoint.app.pages import explorer

    page = explorer.layout(key="person_x")
    (loading,) = [n for n in _walk(page) if isinstance(n, dcc.Loading)]
    inside = {getattr(n, "id", None) for n in _walk(loading)}
    assert {ids.EXPLORER_STORE, ids.EXPLORER_GRAPH} <= inside  # the fetch answers in here
    assert ids.EXPLORER_STORE in loading.target_components
    assert loading.overlay_style["visibility"] == "visible"  # the picture stays on screen
    assert "Loading the network" in str(loading.custom_spinner)
    (graph,) = [n for n in _walk(page) if getattr(n, "id", None) == ids.EXPLORER_GRAPH]
    assert graph.layout["name"] == "preset"
