"""In Chromium, the workbench as a user meets it: sign in (a wrong password first), search, open
a person - the page asks for a purpose, then shows the profile with what the agreement
withheld - break glass (a banner says so), sign out; an admin finds it all in the audit search."""

from __future__ import annotations

import sys
from pathlib import Path

from browser_helpers import PURPOSE, WAIT, click, fill_form, text_of, type_into, wait_for_text

from touchpoint.app import ids
from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.users import add_user
from touchpoint.graph_model.store.db import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))
from access_support import EXTRA
from auth_support import PASSWORD


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_workbench(
    dash_duo, signed_in, workbench, app_graph: Graph
):
    base = signed_in(workbench, role="analyst")
    click(dash_duo, "#sign-out")
    wait_for_text(dash_duo, "h1", "Sign in")
    dash_duo.driver.get(f"{base}/flags")  # every page needs sign-in
    wait_for_text(dash_duo, "h1", "Sign in")
    fill_form(dash_duo, {"username": "analyst", "password": "wrong password!"}, "sign-in-submit")
    wait_for_text(dash_duo, "body", "Wrong username or password")
    fill_form(dash_duo, {"username": "analyst", "password": PASSWORD}, "sign-in-submit")
    wait_for_text(dash_duo, f"#{ids.SESSION_STRIP}", "Signed in as analyst")
    assert dash_duo.driver.current_url.endswith("/flags")  # back where they were going


def test_purpose_prompt_withheld_notice_break_glass_and_audit_search(
    dash_duo, signed_in, workbench, app_graph: Graph
):
    app_graph.write(EXTRA)  # Alice also has an immigration record the analyst may not see
    base = signed_in(workbench, role="analyst")
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "Alice Smith")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "Alice Smith")
    results = text_of(dash_duo, f"#{ids.SEARCH_RESULTS}")
    assert "1990" in results and "1990-03-14" not in results  # year of birth only
    assert "1 record withheld" in results

    click(dash_duo, ".person-link")  # no purpose yet: the form asks for one
    wait_for_text(dash_duo, "h1", "Purpose of access")
    fill_form(dash_duo, {"purpose": "s47_enquiry", **PURPOSE}, "purpose-submit")
    wait_for_text(dash_duo, f"#{ids.PERSON_HEADER}", "Alice Smith")
    notice = text_of(dash_duo, f"#{ids.PERSON_WITHHELD}")
    assert "Withheld under agreement mash_isa: 2 Immigration records" in notice
    records = text_of(dash_duo, f"#{ids.PERSON_RECORDS}")
    assert "NHS number withheld" in records
    assert "QQ999999A" not in records and "Immigration" not in records
    assert "case MASH-2026-0142" in text_of(dash_duo, f"#{ids.SESSION_STRIP}")

    dash_duo.driver.get(f"{base}/auth/break-glass?next=/person/person_alice")
    wait_for_text(dash_duo, "#auth-message", "may not break glass")  # not the analyst's to use
    dash_duo.find_element("#sign-out").click()
    wait_for_text(dash_duo, "h1", "Sign in")

    # the health liaison's agreement allows break-glass: purpose, case, reason, minutes
    add_user(app_graph, "hal", PASSWORD, ["health_liaison"], load_agreements())
    fill_form(dash_duo, {"username": "hal", "password": PASSWORD}, "sign-in-submit")
    dash_duo.wait_for_element(f"#{ids.SESSION_STRIP}", timeout=15)
    dash_duo.driver.get(f"{base}/auth/break-glass?next=/person/person_alice")
    fill_form(dash_duo, {"purpose": "s47_enquiry", "case_reference": "MASH-2026-0142",
                         "reason": "Child missing overnight, need every agency's record",
                         "minutes": "5"}, "break-glass-submit")  # fmt: skip
    wait_for_text(dash_duo, f"#{ids.GLASS_BANNER}", "BREAK-GLASS active")
    wait_for_text(dash_duo, f"#{ids.PERSON_RECORDS}", "QQ999999A")
    click(dash_duo, "#sign-out")
    wait_for_text(dash_duo, "h1", "Sign in")

    add_user(app_graph, "ann", PASSWORD, ["admin"], load_agreements())
    fill_form(dash_duo, {"username": "ann", "password": PASSWORD}, "sign-in-submit")
    dash_duo.wait_for_element(f"#{ids.SESSION_STRIP}", timeout=WAIT)
    dash_duo.driver.get(f"{base}/admin/access/audit")
    dash_duo.wait_for_element("#user", timeout=WAIT)
    fill_form(dash_duo, {"user": "analyst"}, "audit-search-submit")
    wait_for_text(dash_duo, "#audit-results", "person_view")
    found = text_of(dash_duo, "#audit-results")
    assert "MASH-2026-0142" in found and "search" in found
    fill_form(dash_duo, {"user": "hal"}, "audit-search-submit")
    wait_for_text(dash_duo, "#audit-results", "break_glass")
    assert "MASH-2026-0142" in text_of(dash_duo, "#audit-results")
