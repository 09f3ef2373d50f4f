"""The chronology in a real browser: opened from the profile, filtered, marked for print."""

from __future__ import annotations

from browser_helpers import wait_for_text

from touchpoint.app import ids


def test_the_chronology_opens_from_the_profile_and_filters_by_agency(
    dash_duo, signed_in, workbench, app_graph
):
    signed_in(workbench, purpose="s47_enquiry")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/person/person_alice")
    wait_for_text(dash_duo, f"#{ids.PERSON_HEADER}", "Alice Smith")
    dash_duo.find_element(f"#{ids.PERSON_CHRONOLOGY_LINK}").click()
    wait_for_text(dash_duo, f"#{ids.CHRONO_TABLE}", "Domestic abuse")
    assert "OFFICIAL-SENSITIVE" in dash_duo.find_element(".marking").text
    assert "MASH-2026-0142" in dash_duo.find_element(f"#{ids.CHRONO_FACTS}").text
    table = dash_duo.find_element(f"#{ids.CHRONO_TABLE}").text
    assert "Police" in table and "record" in table and "load" in table
    # keep only the police lines: the URL carries the filter and the page reads again
    for box in dash_duo.driver.find_elements("css selector", f"#{ids.CHRONO_AGENCIES} input"):
        if box.get_attribute("value") != "police" and box.is_selected():
            box.click()
    dash_duo.find_element(f"#{ids.CHRONO_APPLY}").click()
    dash_duo.wait_for_contains_text(f"#{ids.CHRONO_FACTS}", "agencies: police")
    assert "agencies=police" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []
