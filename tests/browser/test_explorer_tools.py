"""The explorer's tools as the analyst uses them: click a node, pin, hide, change layout, export.

Nodes are drawn on a canvas, so a click on a node is sent through Cytoscape itself (the same
``tap`` event a mouse click fires); everything else is clicked like a user would.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import unquote

from browser_helpers import PURPOSE, choose_option, fill_form, wait_for_text
from selenium.webdriver.common.by import By
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
    details = dash_duo.find_element(f"#{ids.EXPLORER_DETAILS}").text
    assert "Fight outside flats" in details and "Police" in details
    _tap(dash_duo, "person_alice")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Alice Smith")
    assert "Known to" in dash_duo.find_element(f"#{ids.EXPLORER_DETAILS}").text
    assert dash_duo.get_logs() == []


def test_hide_and_show_hidden_nodes_and_pin_one(dash_duo, signed_in, workbench, app_graph):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_bob?depth=1")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    before = dash_duo.find_element(f"#{ids.EXPLORER_STATUS}").text
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "Flat 3")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Kirk Street")
    dash_duo.find_element(f"#{ids.EXPLORER_HIDE}").click()
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "1 hidden")
    assert not any("Flat 3" in label for label in _picker_labels(dash_duo))
    dash_duo.find_element(f"#{ids.EXPLORER_SHOW_ALL}").click()
    dash_duo.wait_for_text_to_equal(f"#{ids.EXPLORER_STATUS}", before)
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "Alice Smith")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Alice Smith")
    dash_duo.find_element(f"#{ids.EXPLORER_PIN}").click()
    _wait_until(
        lambda: _cy(dash_duo, "return cy.$('.pinned').map(n => n.id())") == ["person_alice"]
    )
    assert _cy(dash_duo, "return cy.getElementById('person_alice').locked()") is True


def test_layout_choice_is_part_of_the_shareable_link(dash_duo, signed_in, workbench, app_graph):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_bob?depth=1")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    choose_option(dash_duo, ids.EXPLORER_LAYOUT, "Concentric")
    _wait_until(lambda: "layout=concentric" in _share(dash_duo))
    dash_duo.wait_for_page(_share(dash_duo))
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    assert "Concentric" in dash_duo.find_element(f"#{ids.EXPLORER_LAYOUT}").text


def test_exports_download_the_picture_and_the_visible_nodes_and_links(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_bob?depth=1")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    downloads = Path(dash_duo.download_path)
    dash_duo.find_element(f"#{ids.EXPLORER_NODES_CSV}").click()
    nodes = _downloaded(downloads / "touchpoint-nodes.csv").read_text()
    assert nodes.startswith("id,kind,label") and "Alice Smith" in nodes and "Flat 3" in nodes
    dash_duo.find_element(f"#{ids.EXPLORER_EDGES_CSV}").click()
    links = _downloaded(downloads / "touchpoint-links.csv").read_text()
    assert "person_alice,person_bob,RELATED_TO,partner,police" in links
    dash_duo.find_element(f"#{ids.EXPLORER_PNG}").click()
    png = _downloaded(downloads / "touchpoint-network.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000


def _cy(dash_duo, script: str):
    """Run ``script`` with ``cy`` bound to the explorer's Cytoscape instance."""
    return dash_duo.driver.execute_script(FIND_CY + script, ids.EXPLORER_GRAPH)


def _tap(dash_duo, node_id: str) -> None:
    _wait_until(lambda: _cy(dash_duo, f"return cy.getElementById('{node_id}').length") == 1)
    _cy(dash_duo, f"cy.getElementById('{node_id}').emit('tap')")


def _share(dash_duo) -> str:
    return dash_duo.find_element(f"#{ids.EXPLORER_SHARE}").get_attribute("href")


def _picker_labels(dash_duo) -> list[str]:
    dash_duo.find_element(f"#{ids.EXPLORER_NODE_PICKER}").click()
    labels = [o.text for o in dash_duo.driver.find_elements(By.CSS_SELECTOR, "[role=option]")]
    dash_duo.find_element("h1").click()
    return labels


def _visible_options(dash_duo) -> list[str]:
    """Options of the open dropdown (radio items and checklists also have role=option)."""
    options = dash_duo.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
    return [o.text for o in options if o.is_displayed()]


def _downloaded(path: Path, timeout: float = 10) -> Path:
    _wait_until(lambda: path.exists() and path.stat().st_size > 0, timeout)
    return path


def _wait_until(check, timeout: float = 10) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if check():
                return
        except Exception:  # the page may still be rendering
            pass
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def test_unknown_people_get_a_clear_message_not_an_empty_page(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/person/person_nobody")
    wait_for_text(dash_duo, "h1", "Person not found")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_nobody")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_MESSAGE}", "No person or record has the id")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/connections?a=person_alice&b=person_frank")
    wait_for_text(dash_duo, f"#{ids.CONN_SUMMARY}", "No connection found")


def test_skip_link_works_by_keyboard_and_a_node_is_picked_by_typing(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_bob?depth=1")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    body = dash_duo.find_element("body")
    body.send_keys(Keys.TAB)
    assert dash_duo.driver.switch_to.active_element.text == "Skip to main content"
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    _wait_until(lambda: dash_duo.driver.switch_to.active_element.get_attribute("id") == ids.MAIN)
    # the node list stands in for the canvas: open it, type a name, Enter
    picker = dash_duo.find_element(f"#{ids.EXPLORER_NODE_PICKER}")
    picker.click()
    search = dash_duo.driver.switch_to.active_element
    search.send_keys("Flat 3")
    _wait_until(
        lambda: (
            _visible_options(dash_duo) and all("Flat 3" in o for o in _visible_options(dash_duo))
        )
    )
    search.send_keys(Keys.ENTER)
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Kirk Street")


def test_the_explorer_asks_for_a_purpose_then_says_what_the_agreement_withholds(
    dash_duo, signed_in, workbench, app_graph
):
    base = signed_in(workbench, role="health_liaison")
    dash_duo.driver.get(f"{base}/explorer/person_bob?depth=1")
    dash_duo.wait_for_element("#purpose-submit", timeout=15)  # a network needs a purpose
    assert "/explorer/person_bob" in unquote(dash_duo.driver.current_url)
    fill_form(dash_duo, dict(PURPOSE, purpose="health_advice"), "purpose-submit")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown", timeout=20)
    wait_for_text(
        dash_duo, f"#{ids.EXPLORER_MESSAGE}", "withheld under agreement health_isa", timeout=20
    )
    assert "ev_assault" not in _cy(dash_duo, "return cy.nodes().map(n => n.id()).join(' ')")
