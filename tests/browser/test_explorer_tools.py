"""The explorer's tools as the analyst uses them: click a node, pin, hide, change layout, export.

Nodes are drawn on a canvas, so a click on a node is sent through Cytoscape itself (the same
``tap`` event a mouse click fires); everything else is clicked like a user would.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import unquote

from browser_helpers import (
    PURPOSE,
    attribute,
    choose_option,
    click,
    dropdown_labels,
    fill_form,
    option_labels,
    text_of,
    until,
    wait_for_text,
)
from PIL import Image
from selenium.webdriver.common.keys import Keys

from touchpoint.app import ids

# the element Cytoscape was mounted on carries its instance as ``_cyreg.cy``
FIND_CY = (
    "const root = document.getElementById(arguments[0]);"
    "const host = [root, ...root.querySelectorAll('*')].find(e => e._cyreg && e._cyreg.cy);"
    "const cy = host._cyreg.cy;"
)


def test_clicking_a_node_opens_its_details(dash_duo, signed_in, workbench, app_graph):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_bob?depth=1")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    _tap(dash_duo, "ev_assault")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "INC-777")
    details = text_of(dash_duo, f"#{ids.EXPLORER_DETAILS}")
    assert "Fight outside flats" in details and "Police" in details
    _tap(dash_duo, "person_alice")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Alice Smith")
    assert "Known to" in text_of(dash_duo, f"#{ids.EXPLORER_DETAILS}")
    assert dash_duo.get_logs() == []


def test_hide_and_show_hidden_nodes_and_pin_one(dash_duo, signed_in, workbench, app_graph):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_bob?depth=1")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    before = text_of(dash_duo, f"#{ids.EXPLORER_STATUS}")
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "Flat 3")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Kirk Street")
    click(dash_duo, f"#{ids.EXPLORER_HIDE}")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "1 hidden")
    assert not any("Flat 3" in label for label in _picker_labels(dash_duo))
    click(dash_duo, f"#{ids.EXPLORER_SHOW_ALL}")
    dash_duo.wait_for_text_to_equal(f"#{ids.EXPLORER_STATUS}", before)
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "Alice Smith")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Alice Smith")
    click(dash_duo, f"#{ids.EXPLORER_PIN}")
    until(
        dash_duo,
        lambda: _cy(dash_duo, "return cy.$('.pinned').map(n => n.id())") == ["person_alice"],
    )
    assert _cy(dash_duo, "return cy.getElementById('person_alice').locked()") is True


def test_layout_choice_is_part_of_the_shareable_link(dash_duo, signed_in, workbench, app_graph):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_bob?depth=1")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    choose_option(dash_duo, ids.EXPLORER_LAYOUT, "Concentric")
    until(dash_duo, lambda: "layout=concentric" in _share(dash_duo))
    dash_duo.wait_for_page(_share(dash_duo))
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    assert "Concentric" in text_of(dash_duo, f"#{ids.EXPLORER_LAYOUT}")


def test_exports_download_the_picture_and_the_visible_nodes_and_links(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_bob?depth=1")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    downloads = Path(dash_duo.download_path)
    click(dash_duo, f"#{ids.EXPLORER_NODES_CSV}")
    nodes = _downloaded(dash_duo, downloads / "touchpoint-nodes.csv").read_text()
    assert nodes.startswith("# OFFICIAL-SENSITIVE") and "\nid,kind,label" in nodes
    assert "# case: MASH-" in nodes and "# user: hub_staff (hub_staff)" in nodes
    assert "Alice Smith" in nodes and "Flat 3" in nodes
    click(dash_duo, f"#{ids.EXPLORER_EDGES_CSV}")
    links = _downloaded(dash_duo, downloads / "touchpoint-links.csv").read_text()
    assert "person_alice,person_bob,RELATED_TO,partner,police" in links
    click(dash_duo, f"#{ids.EXPLORER_PNG}")
    png = _downloaded(dash_duo, downloads / "touchpoint-network.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
    stamped = Image.open(io.BytesIO(png))  # stamped on the server with its provenance
    assert stamped.info["Provenance"].startswith("OFFICIAL-SENSITIVE\ncase: MASH-")


def _cy(dash_duo, script: str):
    """Run ``script`` with ``cy`` bound to the explorer's Cytoscape instance."""
    return dash_duo.driver.execute_script(FIND_CY + script, ids.EXPLORER_GRAPH)


def _tap(dash_duo, node_id: str) -> None:
    until(dash_duo, lambda: _cy(dash_duo, f"return cy.getElementById('{node_id}').length") == 1)
    _cy(dash_duo, f"cy.getElementById('{node_id}').emit('tap')")


def _share(dash_duo) -> str:
    return attribute(dash_duo, f"#{ids.EXPLORER_SHARE}", "href")


def _picker_labels(dash_duo) -> list[str]:
    return dropdown_labels(dash_duo, ids.EXPLORER_NODE_PICKER)


def _visible_options(dash_duo) -> list[str]:
    """Options of the open dropdown (radio items and checklists also have role=option)."""
    return option_labels(dash_duo, ".dash-dropdown-option")


def _downloaded(dash_duo, path: Path) -> Path:
    until(dash_duo, lambda: path.exists() and path.stat().st_size > 0, what=f"no {path.name}")
    return path


def test_unknown_people_get_a_clear_message_not_an_empty_page(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/person/person_nobody")
    wait_for_text(dash_duo, "h1", "Person not found")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_nobody")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_MESSAGE}", "No person or record has the id")
    # Alice is not part of the case that took the unknown id: her case is asked for first
    dash_duo.driver.get(f"{dash_duo.server_url}/connections?a=person_alice&b=person_frank")
    wait_for_text(dash_duo, "#purpose-case-question", "person_alice")
    fill_form(dash_duo, {"reason": "Alice's connections, same case"}, "purpose-submit")
    wait_for_text(dash_duo, f"#{ids.CONN_SUMMARY}", "No connection found")


def test_skip_link_works_by_keyboard_and_a_node_is_picked_by_typing(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_bob?depth=1")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    until(dash_duo, lambda: dash_duo.find_element("body").send_keys(Keys.TAB) or True)
    assert dash_duo.driver.switch_to.active_element.text == "Skip to main content"
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    until(
        dash_duo, lambda: dash_duo.driver.switch_to.active_element.get_attribute("id") == ids.MAIN
    )
    # the node list stands in for the canvas: open it, type a name, Enter
    click(dash_duo, f"#{ids.EXPLORER_NODE_PICKER}")
    search = until(  # the open list's search box has the focus (not still the page, on a busy box)
        dash_duo,
        lambda: (
            (focused := dash_duo.driver.switch_to.active_element).tag_name == "input" and focused
        ),
        what="the node list's search box never took the focus",
    )
    search.send_keys("Flat 3")
    until(
        dash_duo,
        lambda: (
            _visible_options(dash_duo) and all("Flat 3" in o for o in _visible_options(dash_duo))
        ),
    )
    search.send_keys(Keys.ENTER)
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Kirk Street")


def test_the_explorer_asks_for_a_purpose_then_says_what_the_agreement_withholds(
    dash_duo, signed_in, workbench, app_graph
):
    base = signed_in(workbench, role="health_liaison")
    dash_duo.driver.get(f"{base}/explorer/person_bob?depth=1")
    dash_duo.wait_for_element("#purpose-submit")  # a network needs a purpose
    assert "/explorer/person_bob" in unquote(dash_duo.driver.current_url)
    fill_form(dash_duo, dict(PURPOSE, purpose="health_advice"), "purpose-submit")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_MESSAGE}", "Withheld under agreement health_isa: ")
    assert "ev_assault" not in _cy(dash_duo, "return cy.nodes().map(n => n.id()).join(' ')")
