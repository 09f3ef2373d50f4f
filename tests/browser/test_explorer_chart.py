"""The explorer as a working chart: saved annotated charts, multi-select with undo/redo,
right-click expand, household groups and the time bar. Canvas gestures (a drag, a selection,
a right-click) are sent through Cytoscape itself, as the other explorer tests do."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from browser_helpers import (
    attribute,
    choose_option,
    click,
    text_of,
    type_into,
    until,
    wait_for_text,
)
from selenium.common.exceptions import TimeoutException
from test_explorer_tools import _cy

from touchpoint.app import ids

NOTE = "Check who else stays at the flat"


def _open(dash_duo, signed_in, workbench, path: str) -> str:
    base = signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{base}{path}")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    return base


def _years(dash_duo) -> str:
    href = attribute(dash_duo, f"#{ids.EXPLORER_SHARE}", "href")
    return parse_qs(urlparse(href).query).get("years", [""])[0]


#: The node ids of the elements prop React last committed to the canvas component.
ELEMENTS_PROP = (
    "const fk = Object.keys(host).find(k => k.startsWith('__reactFiber'));"
    "let f = fk ? host[fk] : null;"
    "while (f && !(f.stateNode && f.stateNode._cy === cy)) { f = f.return; }"
    "return f ? f.stateNode.props.elements.filter(e => !e.data.source).map(e => e.data.id) : null;"
)


def _has(dash_duo, node: str) -> bool:
    return _cy(dash_duo, f"return cy.getElementById('{node}').length") == 1


def _until_drawn(dash_duo, *nodes: str, drawn: bool = True) -> None:
    """Wait until every one of ``nodes`` is drawn (or, with ``drawn=False``, none is); a
    failure says what the page showed: the status line, the canvas and the elements prop."""
    try:
        until(dash_duo, lambda: all(_has(dash_duo, n) == drawn for n in nodes))
    except TimeoutException:
        canvas = _cy(dash_duo, "return cy.nodes().map(n => n.id())")
        status = text_of(dash_duo, f"#{ids.EXPLORER_STATUS}")
        given = _cy(dash_duo, ELEMENTS_PROP)
        raise AssertionError(
            f"{nodes} {'not ' if drawn else ''}drawn; status {status!r}, canvas {canvas}, "
            f"elements prop {given}"
        ) from None


def test_a_saved_chart_reopens_with_its_positions_hidden_nodes_and_notes(
    dash_duo, signed_in, workbench, app_graph
):
    """Under load a reopened chart once drew a hidden node the elements no longer held (the
    canvas is now reconciled with them; it was seen again twice in eight runs alongside a full
    suite, so a failure now says what the page showed), and twice its session was refused
    mid-test (two test runs then could share one test server and wipe each other's sessions;
    one run per test server is now enforced)."""
    base = _open(dash_duo, signed_in, workbench, "/explorer/person_bob?depth=1")
    until(dash_duo, lambda: _has(dash_duo, "addr_flat"))
    _cy(dash_duo, "cy.getElementById('addr_flat').position({x: 812.5, y: -433.5})")  # a drag
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "Alice Smith")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Alice Smith")
    type_into(dash_duo, f"#{ids.EXPLORER_NOTE}", NOTE, submit=False)
    click(dash_duo, f"#{ids.EXPLORER_NOTE_SAVE}")
    until(
        dash_duo,
        lambda: _cy(dash_duo, "return cy.$('.noted').map(n => n.id())") == ["person_alice"],
    )
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "Assault")
    click(dash_duo, f"#{ids.EXPLORER_HIDE}")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "1 hidden")
    type_into(dash_duo, f"#{ids.EXPLORER_CHART_TITLE}", "Bob and the flat", submit=False)
    click(dash_duo, f"#{ids.EXPLORER_CHART_SAVE}")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_CHART_MESSAGE}", "saved under this case")

    dash_duo.wait_for_page(f"{base}/explorer/person_bob?depth=1")  # later, a fresh view
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    choose_option(dash_duo, ids.EXPLORER_CHART_LIST, "Bob and the flat")
    until(dash_duo, lambda: "chart=" in attribute(dash_duo, f"#{ids.EXPLORER_CHART_OPEN}", "href"))
    click(dash_duo, f"#{ids.EXPLORER_CHART_OPEN}")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_MESSAGE}", "saved by hub_staff")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "1 hidden")
    _until_drawn(dash_duo, "ev_assault", drawn=False)
    position = "const p = cy.getElementById('addr_flat').position(); return [p.x, p.y]"
    until(dash_duo, lambda: _cy(dash_duo, position) == [812.5, -433.5])
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "Alice Smith")
    until(dash_duo, lambda: dash_duo.find_element(f"#{ids.EXPLORER_NOTE}").get_attribute("value")
          == NOTE)  # fmt: skip


def test_a_box_selection_is_hidden_at_once_and_undo_redo_step_through_hide_and_grouping(
    dash_duo, signed_in, workbench, app_graph
):
    _open(dash_duo, signed_in, workbench, "/explorer/person_alice?depth=2")
    click(dash_duo, f"#{ids.EXPLORER_GROUP} input")
    parent = "return cy.getElementById('person_alice').parent().id()"
    until(dash_duo, lambda: _cy(dash_duo, parent) == "household|addr_home")
    assert _cy(dash_duo, "return cy.getElementById('person_charlie').parent().id()") == (
        "household|addr_home"
    )
    _until_drawn(dash_duo, "ev_ae", "ev_wnb")
    _cy(dash_duo, "cy.getElementById('ev_ae').select(); cy.getElementById('ev_wnb').select()")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "2 nodes selected")
    click(dash_duo, f"#{ids.EXPLORER_HIDE}")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "2 hidden")
    _until_drawn(dash_duo, "ev_ae", "ev_wnb", drawn=False)
    click(dash_duo, f"#{ids.EXPLORER_UNDO}")  # the hide
    _until_drawn(dash_duo, "ev_ae", "ev_wnb")
    assert "hidden" not in text_of(dash_duo, f"#{ids.EXPLORER_STATUS}")
    click(dash_duo, f"#{ids.EXPLORER_UNDO}")  # the grouping
    until(dash_duo, lambda: not _cy(dash_duo, parent))  # no household box any more
    click(dash_duo, f"#{ids.EXPLORER_REDO}")
    until(dash_duo, lambda: _cy(dash_duo, parent) == "household|addr_home")
    click(dash_duo, f"#{ids.EXPLORER_REDO}")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "2 hidden")


def test_the_canvas_is_reconciled_with_its_elements_strays_go_lost_nodes_return_boxes_stay(
    dash_duo, signed_in, workbench, app_graph
):
    """The canvas is reconciled with the elements React committed to it: a node left drawn by
    an interrupted update (here planted by hand) is removed, a node it lost (removed by hand)
    is drawn again with its links, and a household box with its people is left alone."""
    _open(dash_duo, signed_in, workbench, "/explorer/person_alice?depth=2")
    click(dash_duo, f"#{ids.EXPLORER_GROUP} input")
    parent = "return cy.getElementById('person_alice').parent().id()"
    until(dash_duo, lambda: _cy(dash_duo, parent) == "household|addr_home")
    # planted and checked in one script: a reconcile pass still due from the grouping may
    # remove it at any moment after (as it should)
    plant = "cy.add({group: 'nodes', data: {id: 'left_behind', label: 'left behind'}});"
    lose = "const n = cy.$id('ev_assault').connectedEdges().length; cy.$id('ev_assault').remove();"
    check = "return [cy.$id('left_behind').length, cy.$id('ev_assault').length, n];"
    drawn, gone, links = _cy(dash_duo, plant + lose + check)
    assert (drawn, gone) == (1, 0) and links > 0
    _until_drawn(dash_duo, "ev_ae", "ev_wnb")
    _cy(dash_duo, "cy.getElementById('ev_ae').select(); cy.getElementById('ev_wnb').select()")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "2 nodes selected")
    click(dash_duo, f"#{ids.EXPLORER_HIDE}")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "2 hidden")
    # waits, not asserts: the stray can go at an earlier pass (the grouping's) before the
    # hide's own update reaches the canvas
    _until_drawn(dash_duo, "left_behind", drawn=False)
    _until_drawn(dash_duo, "ev_ae", "ev_wnb", drawn=False)
    back = "return cy.$id('ev_assault').connectedEdges().length"
    until(
        dash_duo,
        lambda: _has(dash_duo, "ev_assault") and _cy(dash_duo, back) == links,
        what="the lost node was not drawn again with its links",
    )
    charlie = "return cy.getElementById('person_charlie').parent().id()"
    until(
        dash_duo,
        lambda: _cy(dash_duo, parent) == _cy(dash_duo, charlie) == "household|addr_home",
        what="the household box lost its people",
    )


def test_right_click_expands_a_node_and_the_time_bar_follows_and_plays_the_network(
    dash_duo, signed_in, workbench, app_graph
):
    _open(dash_duo, signed_in, workbench, "/explorer/person_bob?depth=1")
    until(dash_duo, lambda: _years(dash_duo) == "2019-2024")
    assert not _has(dash_duo, "ev_ae")
    until(dash_duo, lambda: _has(dash_duo, "person_alice"))
    bound = "return !!cy.scratch('_touchpointContext')"  # the right-click handler is on
    until(dash_duo, lambda: _cy(dash_duo, bound), what="no right-click handler on the canvas")
    _cy(dash_duo, "cy.getElementById('person_alice').emit('cxttap')")  # a right-click
    until(dash_duo, lambda: _has(dash_duo, "ev_ae"), what="right-click did not expand Alice")
    until(dash_duo, lambda: _years(dash_duo) == "2018-2024")  # the range follows the network
    full = text_of(dash_duo, f"#{ids.EXPLORER_STATUS}")
    playhead = f"#{ids.EXPLORER_PLAYHEAD_TEXT}"
    wait_for_text(dash_duo, playhead, "Play steps a quarter at a time")  # seven years shown
    click(dash_duo, f"#{ids.EXPLORER_PLAY}")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_PLAY}", "Pause")
    until(  # within the first year, a quarter a tick - not a year at a time
        dash_duo,
        lambda: (
            re.search(r"showing up to the end of (Mar|Jun|Sep) 2018", text_of(dash_duo, playhead))
            and _years(dash_duo) == "2018-2018"
        ),
        what="playback did not step within 2018",
    )
    click(dash_duo, f"#{ids.EXPLORER_PLAY}")  # pause
    wait_for_text(dash_duo, f"#{ids.EXPLORER_PLAY}", "Play")
    if "Paused at" in text_of(dash_duo, playhead):  # stopped part-way: a smaller picture
        until(dash_duo, lambda: text_of(dash_duo, f"#{ids.EXPLORER_STATUS}") != full)
    click(dash_duo, f"#{ids.EXPLORER_PLAY}")  # plays on to the last year, then stops
    until(dash_duo, lambda: _years(dash_duo) == "2018-2024", timeout=90)  # 28 quarters
    wait_for_text(dash_duo, f"#{ids.EXPLORER_PLAY}", "Play")
    wait_for_text(dash_duo, playhead, "Play steps a quarter at a time")
    until(dash_duo, lambda: text_of(dash_duo, f"#{ids.EXPLORER_STATUS}") == full)
