"""In Chromium, the profile's household and associates panel: Alice's page lists who lives at
12 Park Lane and when, and her associates; a co-resident's name opens their profile - after the
purpose page asks to add him to Alice's case (pre-filled), as for any other child."""

from __future__ import annotations

from browser_helpers import attribute, click, fill_form, text_of, wait_for_text

from touchpoint.app import ids
from touchpoint.graph_model.store.db import Graph

CASE = "MASH-2026-0003"
REASON = "Strategy discussion about the household"


def test_the_household_panel_shows_and_a_co_resident_opens_their_profile(
    dash_duo, signed_in, workbench, app_graph: Graph
):
    base = signed_in(workbench, role="analyst")
    dash_duo.driver.get(f"{base}/person/person_alice")
    wait_for_text(dash_duo, "h1", "Purpose of access")
    fill_form(dash_duo, {"purpose": "s47_enquiry", "case_reference": CASE, "reason": REASON},
              "purpose-submit")  # fmt: skip
    panel = f"#{ids.PERSON_HOUSEHOLD}"
    wait_for_text(dash_duo, panel, "from 2016-09-09, current")  # Charlie, still there
    shown = text_of(dash_duo, panel)
    assert "12 park lane, leeds, ls1 4ab" in shown.lower()  # the address heading (capitals)
    assert "Charlie Smith" in shown
    assert "Robert Smith" in shown and "from 2019-01-01 to 2024-02-01" in shown
    assert "Partner" in shown  # Bob among the associates, with the relationship

    click(dash_duo, f"{panel} .co-resident a[href='/person/person_charlie']")
    wait_for_text(dash_duo, "#purpose-case-question", "person_charlie")  # not yet in the case
    assert attribute(dash_duo, "#case_reference", "value") == CASE  # pre-filled: add to it
    fill_form(dash_duo, {"reason": "Her son lives with her; same household"}, "purpose-submit")
    wait_for_text(dash_duo, f"#{ids.PERSON_HEADER}", "Charlie Smith")
    wait_for_text(dash_duo, f"#{ids.SESSION_STRIP}", f"case {CASE}")
    wait_for_text(dash_duo, panel, "Alice Smith")  # his panel: his mother, at the same address
