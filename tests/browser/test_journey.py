"""The analyst's journey through the workbench, asserting what the user sees at each step:
search -> person -> explorer -> expand -> filter -> path -> pattern -> flag review."""

from __future__ import annotations

import time

from browser_helpers import choose_option, type_into, wait_for_text
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By

from touchpoint.app import ids


def test_search_finds_people_by_fuzzy_name_and_identifier(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench)
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "smyth")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "Alice Smith")
    results = dash_duo.find_element(f"#{ids.SEARCH_RESULTS}").text
    assert "Robert Smith" in results and "Charlie Smith" in results
    assert "Children's social care" in results  # agencies that know Alice
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "NOM-3003")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "Daniel Jones")
    assert "Unresolved" in dash_duo.find_element(f"#{ids.SEARCH_RESULTS}").text
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "Zebedee Quux")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "No one found")
    assert dash_duo.get_logs() == []


def test_person_page_shows_each_agency_record_with_provenance_and_timeline(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/?q=alice")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "Alice Smith")
    dash_duo.find_element(".person-link").click()
    wait_for_text(dash_duo, f"#{ids.PERSON_HEADER}", "Alice Smith")
    records = dash_duo.find_element(f"#{ids.PERSON_RECORDS}").text
    for expected in (
        "Alicia Smith",
        "Alice Smyth",
        "NOM-1001",
        "GP-77",
        "LCS-5",
        "Probabilistic match, 88%",
        "Smyth~Smith",
    ):
        assert expected in records
    dash_duo.wait_for_element(f"#{ids.PERSON_TIMELINE} .js-plotly-plot")
    events = dash_duo.find_element(f"#{ids.PERSON_EVENTS}").text
    assert "Domestic abuse" in events and "Victim" in events
    assert dash_duo.get_logs() == []


def test_explorer_expands_a_summarised_group_and_filters_by_relationship(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_bob?depth=1")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "1 busy groups summarised")
    nodes, links = _shown(dash_duo)
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "5 more police incidents")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "5 more neighbours")
    dash_duo.find_element(f"#{ids.EXPLORER_EXPAND}").click()
    # the summary node gives way to the five incidents it stood for
    dash_duo.wait_for_text_to_equal(
        f"#{ids.EXPLORER_STATUS}", f"{nodes + 4} nodes, {links + 4} links shown"
    )
    # filter: untick "Involved in" - every incident disappears, addresses and family stay
    _checkbox(dash_duo, ids.EXPLORER_RELS, "INVOLVED_IN").click()
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "4 nodes, 3 links shown")
    share = dash_duo.find_element(f"#{ids.EXPLORER_SHARE}").get_attribute("href")
    assert "rels=" in share and "INVOLVED_IN" not in share
    # the share link reproduces the filtered view
    dash_duo.wait_for_page(share)
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "4 nodes, 3 links shown")
    assert dash_duo.get_logs() == []


def test_explorer_time_window_from_the_url_drops_older_events(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explorer/person_bob?depth=1&years=2024-2024")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "Assault 2024-06-15")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "INC-777")
    options = _picker_labels(dash_duo)
    assert not any("Domestic abuse 2023" in o for o in options)
    assert any("Flat 3" in o for o in options)  # still living there in 2024


def test_connections_shows_the_shortest_path_between_two_people(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/connections?a=person_alice&b=person_erin")
    wait_for_text(dash_duo, f"#{ids.CONN_SUMMARY}", "1 shortest path of 3 steps")
    path = dash_duo.find_element(f"#{ids.CONN_PATHS}").text
    assert "Charlie Smith" in path and "Park View Primary" in path
    dash_duo.wait_for_page(f"{dash_duo.server_url}/connections?a=person_alice&b=person_frank")
    wait_for_text(dash_duo, f"#{ids.CONN_SUMMARY}", "No connection found")


def test_run_a_pattern_raise_flags_and_review_one(dash_duo, signed_in, workbench, app_graph):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/patterns?pattern=da_no_school_notification")
    lookback = '[id*="lookback_days"]'
    dash_duo.wait_for_element(lookback)
    type_into(dash_duo, lookback, "3650")
    dash_duo.find_element(f"#{ids.PATTERN_RUN}").click()
    wait_for_text(dash_duo, f"#{ids.PATTERN_STATUS}", "1 person matched")
    wait_for_text(dash_duo, f"#{ids.PATTERN_TABLE}", "Charlie Smith")
    dash_duo.find_element(f"#{ids.PATTERN_RAISE}").click()
    wait_for_text(dash_duo, f"#{ids.PATTERN_STATUS}", "1 new flag(s)")
    dash_duo.find_element(f"#{ids.PATTERN_STATUS} a").click()
    wait_for_text(dash_duo, f"#{ids.FLAG_TABLE}", "Charlie Smith")
    dash_duo.find_element(f"#{ids.FLAG_TABLE} input[type=radio]").click()
    wait_for_text(dash_duo, f"#{ids.FLAG_EVIDENCE}", "Domestic abuse")
    assert dash_duo.find_element(f"#{ids.FLAG_CURRENT_STATUS}").text == "New"
    assert not dash_duo.find_element(f"#{ids.FLAG_MESSAGE}").text  # opening decides nothing
    choose_option(dash_duo, ids.FLAG_NEW_STATUS, "Dismissed")
    dash_duo.find_element(f"#{ids.FLAG_SAVE}").click()
    wait_for_text(dash_duo, f"#{ids.FLAG_MESSAGE}", "A reason is required")
    type_into(
        dash_duo, f"#{ids.FLAG_REASON}", "School confirmed it was told by phone", submit=False
    )
    dash_duo.find_element(f"#{ids.FLAG_SAVE}").click()
    wait_for_text(dash_duo, f"#{ids.FLAG_MESSAGE}", "Saved as hub_staff: flag is now dismissed")
    wait_for_text(dash_duo, f"#{ids.FLAG_TABLE}", "No flags match")  # queue shows new only


def test_click_through_from_search_to_person_network_and_a_path(
    dash_duo, signed_in, workbench, app_graph
):
    """One unbroken journey, by clicks only: search, profile, explorer, expand, filter, path."""
    signed_in(workbench, purpose="s47_enquiry")
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "Alice")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "Alice Smith")
    dash_duo.find_element(".person-link").click()
    wait_for_text(dash_duo, f"#{ids.PERSON_HEADER}", "Alice Smith")
    dash_duo.find_element(f"#{ids.PERSON_HEADER} a[href='/explorer/person_alice']").click()
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    assert not any("Daniel Jones" in label for label in _picker_labels(dash_duo))
    # expand Bob's flat: the neighbour who lives there appears
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "Flat 3")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Kirk Street")
    dash_duo.find_element(f"#{ids.EXPLORER_EXPAND}").click()
    _wait_for_picker(dash_duo, "Daniel Jones")
    # filter by agency: without the police's records, its incidents and the flat-mate go
    _checkbox(dash_duo, ids.EXPLORER_AGENCIES, "police").click()
    _wait_for_picker(dash_duo, "Daniel Jones", present=False)
    labels = _picker_labels(dash_duo)
    assert not any("Domestic abuse" in label for label in labels)
    assert any("Injury 2023-11-05" in label for label in labels)  # the hospital's record stays
    assert "agencies=" in dash_duo.find_element(f"#{ids.EXPLORER_SHARE}").get_attribute("href")
    # from Alice's details panel to the path between her and Erin
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "Alice Smith (person)")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Known to")
    dash_duo.find_element(f"#{ids.EXPLORER_DETAILS} a[href^='/connections']").click()
    wait_for_text(dash_duo, f"#{ids.CONN_A}", "Alice Smith")
    choose_option(dash_duo, ids.CONN_B, "Erin Brown", typed="Erin")
    dash_duo.find_element(f"#{ids.CONN_BUTTON}").click()
    wait_for_text(dash_duo, f"#{ids.CONN_SUMMARY}", "1 shortest path of 3 steps")
    assert "Park View Primary" in dash_duo.find_element(f"#{ids.CONN_PATHS}").text
    assert dash_duo.get_logs() == []


def test_a_person_opens_from_a_pattern_result_row(dash_duo, signed_in, workbench, app_graph):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/patterns?pattern=da_no_school_notification")
    lookback = '[id*="lookback_days"]'
    dash_duo.wait_for_element(lookback)
    type_into(dash_duo, lookback, "3650")
    dash_duo.find_element(f"#{ids.PATTERN_RUN}").click()
    wait_for_text(dash_duo, f"#{ids.PATTERN_TABLE}", "Charlie Smith")
    dash_duo.find_element(f"#{ids.PATTERN_TABLE} a[href='/person/person_charlie']").click()
    wait_for_text(dash_duo, f"#{ids.PERSON_HEADER}", "Charlie Smith")
    assert "Park View Primary" in dash_duo.find_element(f"#{ids.PERSON_PLACES}").text


def _wait_for_picker(dash_duo, label: str, present: bool = True, timeout: float = 10) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if any(label in o for o in _picker_labels(dash_duo)) == present:
            return
        time.sleep(0.3)
    raise AssertionError(f"{label!r} {'never appeared in' if present else 'stayed in'} the view")


def _shown(dash_duo) -> tuple[int, int]:
    """(nodes, links) from the explorer's status line, e.g. "17 nodes, 16 links shown · …"."""
    text = dash_duo.find_element(f"#{ids.EXPLORER_STATUS}").text
    nodes, _, rest = text.partition(" nodes, ")
    return int(nodes), int(rest.split(" links")[0])


def _checkbox(dash_duo, checklist_id: str, value: str):
    return dash_duo.find_element(f"#{checklist_id} input[value={value}]")


def _picker_labels(dash_duo, timeout: float = 10) -> list[str]:
    """The picker's option labels, read again whenever the picker re-renders under us (an
    option gone stale mid-read) until one whole read succeeds."""
    deadline = time.time() + timeout
    while True:
        dash_duo.find_element(f"#{ids.EXPLORER_NODE_PICKER}").click()
        try:
            options = dash_duo.driver.find_elements(By.CSS_SELECTOR, "[role=option]")
            labels = [o.text for o in options]
        except StaleElementReferenceException:
            if time.time() > deadline:
                raise
            continue
        finally:
            dash_duo.find_element("h1").click()
        return labels
