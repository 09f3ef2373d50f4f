"""In Chromium, with ``install_auth``: sign in, the workbench loads, a profile asks for a purpose
and then says what the agreement withheld, and an admin finds it all in the audit search."""

from __future__ import annotations

import sys
from pathlib import Path

from browser_helpers import wait_for_text
from selenium.webdriver.common.by import By

from app import create_app, ids
from app.auth import install_auth
from graph_model.db import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))
from access_support import EXTRA, clear_access_data
from auth_support import PASSWORD, add_people


def _fill(dash_duo, values: dict[str, str], submit: str) -> None:
    for field, value in values.items():
        element = dash_duo.find_element(f"#{field}")
        if element.tag_name == "select":
            element.find_element(By.CSS_SELECTOR, f"option[value='{value}']").click()
        else:
            element.clear()
            element.send_keys(value)
    dash_duo.find_element(f"#{submit}").click()


def _sign_in(dash_duo, username: str) -> None:
    """Sign in and wait until the workbench is shown (navigating on too early aborts it)."""
    _fill(dash_duo, {"username": username, "password": PASSWORD}, "sign-in-submit")
    dash_duo.wait_for_element(f"#{ids.SEARCH_INPUT}", timeout=15)


def test_sign_in_purpose_withheld_notice_and_audit_search(dash_duo, app_graph: Graph):
    clear_access_data(app_graph)
    app_graph.write(EXTRA)
    add_people(app_graph)
    app = create_app(app_graph.settings)
    install_auth(app, app_graph.settings)
    dash_duo.start_server(app, navigate=False)
    base = dash_duo.server.url.rstrip("/")

    dash_duo.driver.get(base + "/")
    wait_for_text(dash_duo, "h1", "Sign in")
    _fill(dash_duo, {"username": "ned", "password": "wrong password!"}, "sign-in-submit")
    wait_for_text(dash_duo, "#auth-message", "Wrong username or password")
    _sign_in(dash_duo, "ned")  # lands on the workbench itself

    dash_duo.driver.get(base + "/access/person/person_alice")
    wait_for_text(dash_duo, "h1", "Purpose of access")
    purpose = {
        "purpose": "s47_enquiry",
        "case_reference": "MASH-2026-0142",
        "reason": "Strategy discussion about the household",
    }
    _fill(dash_duo, purpose, "purpose-submit")
    wait_for_text(dash_duo, "#withheld-notice", "1 record and 1 event withheld under agreement")
    records = dash_duo.find_element("#person-records").text
    assert "health concern recorded, details withheld" in records
    assert "QQ999999A" not in records
    dash_duo.find_element("#sign-out").click()
    wait_for_text(dash_duo, "h1", "Sign in")

    _sign_in(dash_duo, "ann")
    dash_duo.driver.get(base + "/admin/access/audit")
    dash_duo.wait_for_element("#user", timeout=15)
    _fill(dash_duo, {"user": "ned"}, "audit-search-submit")
    wait_for_text(dash_duo, "#audit-results", "person_view")
    results = dash_duo.find_element("#audit-results").text
    assert "MASH-2026-0142" in results and "sign_in_failed" in results
