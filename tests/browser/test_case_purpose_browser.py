"""In Chromium, a purpose belongs to its case (issue 16, item 5): the purpose given for Alice's
case does not open Bob - his page asks, naming him and the current case (pre-filled) - and once
Bob's case is given, the session strip shows it and switches back to Alice's."""

from __future__ import annotations

from browser_helpers import attribute, click, fill_form, text_of, wait_for_text
from selenium.webdriver.common.by import By

from touchpoint.app import ids
from touchpoint.graph_model.store.db import Graph

CASE_A, CASE_B = "MASH-2026-0001", "MASH-2026-0002"
REASON = "Strategy discussion about the household"


def test_opening_another_child_asks_for_their_case_and_the_strip_switches_cases(
    dash_duo, signed_in, workbench, app_graph: Graph
):
    base = signed_in(workbench, role="analyst")
    dash_duo.driver.get(f"{base}/person/person_alice")
    wait_for_text(dash_duo, "h1", "Purpose of access")
    fill_form(dash_duo, {"purpose": "s47_enquiry", "case_reference": CASE_A, "reason": REASON},
              "purpose-submit")  # fmt: skip
    wait_for_text(dash_duo, f"#{ids.PERSON_HEADER}", "Alice Smith")
    wait_for_text(dash_duo, f"#{ids.SESSION_STRIP}", f"case {CASE_A}")

    dash_duo.driver.get(f"{base}/person/person_bob")  # not part of case A: asked, not shown
    wait_for_text(dash_duo, "#purpose-case-question", "person_bob")
    assert CASE_A in text_of(dash_duo, "#purpose-case-question")
    assert attribute(dash_duo, "#case_reference", "value") == CASE_A  # pre-filled: add to A
    fill_form(dash_duo, {"case_reference": CASE_B, "reason": REASON}, "purpose-submit")
    wait_for_text(dash_duo, f"#{ids.PERSON_HEADER}", "Robert Smith")
    wait_for_text(dash_duo, f"#{ids.SESSION_STRIP}", f"case {CASE_B}")

    switcher = dash_duo.find_element(f"#{ids.CASE_SWITCH}")
    switcher.find_element(By.CSS_SELECTOR, f"option[value='{CASE_A}']").click()
    click(dash_duo, f"#{ids.CASE_SWITCH_BUTTON}")
    wait_for_text(dash_duo, f"#{ids.SESSION_STRIP}", f"case {CASE_A}")
    dash_duo.driver.get(f"{base}/person/person_bob")  # Bob's own case, without asking
    wait_for_text(dash_duo, f"#{ids.PERSON_HEADER}", "Robert Smith")
    wait_for_text(dash_duo, f"#{ids.SESSION_STRIP}", f"case {CASE_B}")
