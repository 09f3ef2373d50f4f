"""What the explorer and Connections pages draw and say (issue 16, items 2 and 3).

Positions are read from the Cytoscape instance itself (model coordinates, not the screen), in
one script per read, inside explicit waits; nothing sleeps."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from browser_helpers import click, text_of, until, wait_for_text

from touchpoint.app import ids

FIND_CY = (
    "const root = document.getElementById(arguments[0]);"
    "const host = [root, ...root.querySelectorAll('*')].find(e => e._cyreg && e._cyreg.cy);"
    "const cy = host._cyreg.cy;"
)
POSITIONS = (
    "return Object.fromEntries(cy.nodes().map(n => [n.id(), [n.position('x'), n.position('y')]]))"
)


def _cy(dash_duo, graph_id: str, script: str):
    return dash_duo.driver.execute_script(FIND_CY + script, graph_id)


def _positions(
    dash_duo, graph_id: str, at_least: int, having: str | None = None
) -> dict[str, list[float]]:
    """The drawn nodes' positions once at least ``at_least`` nodes (and ``having``) are drawn."""

    def read():
        found = _cy(dash_duo, graph_id, POSITIONS)
        enough = found and len(found) >= at_least and (having is None or having in found)
        return found if enough else None

    return until(dash_duo, read, what=f"fewer than {at_least} nodes drawn")


def _tap(dash_duo, graph_id: str, node_id: str) -> None:
    script = f"return cy.getElementById('{node_id}').length"
    until(dash_duo, lambda: _cy(dash_duo, graph_id, script) == 1)
    _cy(dash_duo, graph_id, f"cy.getElementById('{node_id}').emit('tap')")


def _collinear(points: list[list[float]]) -> bool:
    (x0, y0), (x1, y1) = points[0], points[1]
    return all(abs((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) < 1.0 for x, y in points[2:])


def test_expanding_keeps_the_picture_where_it_is_and_adds_around_it(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_alice?depth=1")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    before = _positions(dash_duo, ids.EXPLORER_GRAPH, 5)
    assert not _collinear(list(before.values()))  # rings around Alice, not a false chain
    _tap(dash_duo, ids.EXPLORER_GRAPH, "person_bob")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Robert Smith")
    click(dash_duo, f"#{ids.EXPLORER_EXPAND}")
    after = _positions(dash_duo, ids.EXPLORER_GRAPH, len(before) + 1)
    moved = {
        key: (before[key], after[key])
        for key in before
        if key in after
        and (abs(before[key][0] - after[key][0]) > 0.5 or abs(before[key][1] - after[key][1]) > 0.5)
    }
    assert moved == {}
    assert dash_duo.get_logs() == []


def test_an_expand_that_adds_nothing_says_so(dash_duo, signed_in, workbench, app_graph):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_frank?depth=1")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "1 nodes")
    _tap(dash_duo, ids.EXPLORER_GRAPH, "person_frank")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Frank Green")
    click(dash_duo, f"#{ids.EXPLORER_EXPAND}")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_MESSAGE}", "Nothing more to show around Frank Green")
    assert "under your agreement" in text_of(dash_duo, f"#{ids.EXPLORER_MESSAGE}")


def test_connections_counts_each_path_draws_them_side_by_side_and_keeps_the_url(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    url = f"{dash_duo.server_url}/connections?a=person_alice&b=rec_dan_police"
    dash_duo.wait_for_page(url)
    wait_for_text(dash_duo, f"#{ids.CONN_SUMMARY}", "2 paths of 3 steps")
    at = _positions(dash_duo, ids.CONN_GRAPH, 5)
    alice, bob, dan = at["person_alice"], at["person_bob"], at["rec_dan_police"]
    flat, assault = at["addr_flat"], at["ev_assault"]
    assert alice[0] < bob[0] < flat[0] < dan[0] and bob[0] < assault[0] < dan[0]
    assert abs(flat[1] - assault[1]) > 30  # the two paths side by side, not one chain
    assert not _collinear([alice, bob, flat, dan, assault])
    click(dash_duo, f"#{ids.CONN_HUBS} input")

    def query() -> dict[str, list[str]] | None:
        found = parse_qs(urlparse(dash_duo.driver.current_url).query)
        return found if found.get("hubs") else None

    shared = until(dash_duo, query, what="the options never reached the URL")
    assert shared["a"] == ["person_alice"] and shared["b"] == ["rec_dan_police"]
    assert shared["hubs"] == ["leave-out"]
