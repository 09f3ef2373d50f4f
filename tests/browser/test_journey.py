"""The analyst's journey through the workbench, asserting what the user sees at each step:
search -> person -> explorer -> expand -> filter -> path -> pattern -> flag review."""

from __future__ import annotations

from browser_helpers import (
    attribute,
    choose_option,
    click,
    dropdown_labels,
    text_of,
    type_into,
    until,
    wait_for_text,
)

from touchpoint.app import ids


def test_search_finds_people_by_fuzzy_name_and_identifier(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench)
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "smyth")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "Alice Smith")
    results = text_of(dash_duo, f"#{ids.SEARCH_RESULTS}")
    assert "Robert Smith" in results and "Charlie Smith" in results
    assert "Children's social care" in results  # agencies that know Alice
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "NOM-3003")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "Daniel Jones")
    assert "Unresolved" in text_of(dash_duo, f"#{ids.SEARCH_RESULTS}")
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "Zebedee Quux")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "No one found")
    assert dash_duo.get_logs() == []


def test_person_page_shows_each_agency_record_with_provenance_and_timeline(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/?q=alice")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "Alice Smith")
    click(dash_duo, ".person-link")
    wait_for_text(dash_duo, f"#{ids.PERSON_HEADER}", "Alice Smith")
    records = text_of(dash_duo, f"#{ids.PERSON_RECORDS}")
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
    events = text_of(dash_duo, f"#{ids.PERSON_EVENTS}")
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
    click(dash_duo, f"#{ids.EXPLORER_EXPAND}")
    # the summary node gives way to the five incidents it stood for
    dash_duo.wait_for_text_to_equal(
        f"#{ids.EXPLORER_STATUS}", f"{nodes + 4} nodes, {links + 4} links shown"
    )
    # filter: untick "Involved in" - every incident disappears, addresses and family stay
    click(dash_duo, _checkbox(ids.EXPLORER_RELS, "INVOLVED_IN"))
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "4 nodes, 3 links shown")
    share = attribute(dash_duo, f"#{ids.EXPLORER_SHARE}", "href")
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
    wait_for_text(dash_duo, f"#{ids.CONN_SUMMARY}", "Found 1 path of 3 steps")
    path = text_of(dash_duo, f"#{ids.CONN_PATHS}")
    assert "Charlie Smith" in path and "Park View Primary" in path
    dash_duo.wait_for_page(f"{dash_duo.server_url}/connections?a=person_alice&b=person_frank")
    wait_for_text(dash_duo, f"#{ids.CONN_SUMMARY}", "No connection found")


def test_run_a_pattern_raise_flags_and_review_one(dash_duo, signed_in, workbench, app_graph):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/patterns?pattern=da_no_school_notification")
    lookback = '[id*="lookback_days"]'
    dash_duo.wait_for_element(lookback)
    type_into(dash_duo, lookback, "3650")
    click(dash_duo, f"#{ids.PATTERN_RUN}")
    wait_for_text(dash_duo, f"#{ids.PATTERN_STATUS}", "1 person matched")
    wait_for_text(dash_duo, f"#{ids.PATTERN_TABLE}", "Charlie Smith")
    click(dash_duo, f"#{ids.PATTERN_RAISE}")
    wait_for_text(dash_duo, f"#{ids.PATTERN_STATUS}", "1 new flag(s)")
    click(dash_duo, f"#{ids.PATTERN_STATUS} a")
    wait_for_text(dash_duo, f"#{ids.FLAG_TABLE}", "Charlie Smith")
    click(dash_duo, f"#{ids.FLAG_TABLE} input[type=radio]")
    wait_for_text(dash_duo, f"#{ids.FLAG_EVIDENCE}", "Domestic abuse")
    assert text_of(dash_duo, f"#{ids.FLAG_CURRENT_STATUS}") == "New"
    assert not text_of(dash_duo, f"#{ids.FLAG_MESSAGE}")  # opening decides nothing
    choose_option(dash_duo, ids.FLAG_NEW_STATUS, "Dismissed")
    click(dash_duo, f"#{ids.FLAG_SAVE}")
    wait_for_text(dash_duo, f"#{ids.FLAG_MESSAGE}", "Give a reason")
    type_into(
        dash_duo, f"#{ids.FLAG_REASON}", "School confirmed it was told by phone", submit=False
    )
    click(dash_duo, f"#{ids.FLAG_SAVE}")
    wait_for_text(dash_duo, f"#{ids.FLAG_CONFIRM}", "Dismiss this flag?")  # asked first
    click(dash_duo, f"#{ids.FLAG_CONFIRM_YES}")
    wait_for_text(dash_duo, f"#{ids.FLAG_MESSAGE}", "Saved as hub_staff: flag is now dismissed")
    wait_for_text(dash_duo, f"#{ids.FLAG_TABLE}", "No flags match")  # queue shows new only


def test_click_through_from_search_to_person_network_and_a_path(
    dash_duo, signed_in, workbench, app_graph
):
    """One unbroken journey, by clicks only: search, profile, explorer, expand, filter, path."""
    signed_in(workbench, purpose="s47_enquiry")
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "Alice")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "Alice Smith")
    click(dash_duo, ".person-link")
    wait_for_text(dash_duo, f"#{ids.PERSON_HEADER}", "Alice Smith")
    click(dash_duo, f"#{ids.PERSON_HEADER} a[href='/explorer/person_alice']")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_STATUS}", "links shown")
    assert not any("Daniel Jones" in label for label in _picker_labels(dash_duo))
    # expand Bob's flat: the neighbour who lives there appears
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "Flat 3")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Kirk Street")
    click(dash_duo, f"#{ids.EXPLORER_EXPAND}")
    _wait_for_picker(dash_duo, "Daniel Jones")
    # filter by agency: without the police's records, its incidents and the flat-mate go
    click(dash_duo, _checkbox(ids.EXPLORER_AGENCIES, "police"))
    _wait_for_picker(dash_duo, "Daniel Jones", present=False)
    labels = _picker_labels(dash_duo)
    assert not any("Domestic abuse" in label for label in labels)
    assert any("Injury 2023-11-05" in label for label in labels)  # the hospital's record stays
    assert "agencies=" in attribute(dash_duo, f"#{ids.EXPLORER_SHARE}", "href")
    # from Alice's details panel to the path between her and Erin
    choose_option(dash_duo, ids.EXPLORER_NODE_PICKER, "Alice Smith (person)")
    wait_for_text(dash_duo, f"#{ids.EXPLORER_DETAILS}", "Known to")
    click(dash_duo, f"#{ids.EXPLORER_DETAILS} a[href^='/connections']")
    wait_for_text(dash_duo, f"#{ids.CONN_A}", "Alice Smith")
    choose_option(dash_duo, ids.CONN_B, "Erin Brown", typed="Erin")
    click(dash_duo, f"#{ids.CONN_BUTTON}")
    wait_for_text(dash_duo, f"#{ids.CONN_SUMMARY}", "Found 1 path of 3 steps")
    assert "Park View Primary" in text_of(dash_duo, f"#{ids.CONN_PATHS}")
    assert dash_duo.get_logs() == []


def test_a_person_opens_from_a_pattern_result_row(dash_duo, signed_in, workbench, app_graph):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/patterns?pattern=da_no_school_notification")
    lookback = '[id*="lookback_days"]'
    dash_duo.wait_for_element(lookback)
    type_into(dash_duo, lookback, "3650")
    click(dash_duo, f"#{ids.PATTERN_RUN}")
    wait_for_text(dash_duo, f"#{ids.PATTERN_TABLE}", "Charlie Smith")
    click(dash_duo, f"#{ids.PATTERN_TABLE} a[href='/person/person_charlie']")
    wait_for_text(dash_duo, f"#{ids.PERSON_HEADER}", "Charlie Smith")
    assert "Park View Primary" in text_of(dash_duo, f"#{ids.PERSON_PLACES}")


def _wait_for_picker(dash_duo, label: str, present: bool = True) -> None:
    what = f"{label!r} {'never appeared in' if present else 'stayed in'} the view"
    until(
        dash_duo,
        lambda: any(label in o for o in _picker_labels(dash_duo)) == present,
        what=what,
    )


def _shown(dash_duo) -> tuple[int, int]:
    """(nodes, links) from the explorer's status line, e.g. "17 nodes, 16 links shown · …"."""
    text = text_of(dash_duo, f"#{ids.EXPLORER_STATUS}")
    nodes, _, rest = text.partition(" nodes, ")
    return int(nodes), int(rest.split(" links")[0])


def _checkbox(checklist_id: str, value: str) -> str:
    return f"#{checklist_id} input[value={value}]"


def _picker_labels(dash_duo) -> list[str]:
    return dropdown_labels(dash_duo, ids.EXPLORER_NODE_PICKER)
