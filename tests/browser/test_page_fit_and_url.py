"""Issue 16: the search lives in the address bar, the server-rendered pages share the
workbench's style, and nothing on the admin audit page or the profile is cut off or pushes past
the screen (element widths measured in Chromium)."""

from __future__ import annotations

from browser_helpers import WAIT, fill_form, text_of, type_into, until, wait_for_text

from touchpoint.app import ids
from touchpoint.graph_model.store.db import Graph

# the page never scrolls sideways, and the element's box ends inside the window
FITS_JS = """
const e = document.querySelector(arguments[0]);
const root = document.documentElement;
return {right: e.getBoundingClientRect().right, window: root.clientWidth,
        page: root.scrollWidth};
"""
# cells whose content is wider than the cell itself (cut off, not wrapped)
CLIPPED_JS = """
return [...document.querySelectorAll(arguments[0])]
  .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText.slice(0, 40));
"""
RECT_JS = """
const r = document.querySelector(arguments[0]).getBoundingClientRect();
return {top: r.top, bottom: r.bottom};
"""
NARROW = (900, 1000)  # a laptop window with the browser's side panel open
WIDE = (1440, 1000)  # the browser tests' usual window (tests/browser/conftest.py)


def test_search_query_is_kept_in_the_url_and_restored_on_reload(
    dash_duo, signed_in, workbench, app_graph: Graph
):
    signed_in(workbench)
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "smyth")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "Alice Smith")
    until(dash_duo, lambda: dash_duo.driver.current_url.endswith("/?q=smyth"), what="no ?q=")
    dash_duo.driver.refresh()
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "Alice Smith")
    value = dash_duo.find_element(f"#{ids.SEARCH_INPUT}").get_attribute("value")
    assert value == "smyth"
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "")  # a cleared box clears the URL too
    until(dash_duo, lambda: dash_duo.driver.current_url.endswith("/"), what="?q= stayed")


def test_the_chart_library_loads_on_the_search_page_unseen_before_any_profile_opens(
    dash_duo, signed_in, workbench, app_graph: Graph
):
    """The first profile paid ~0.9 s for Plotly in the browser; loaded while the analyst
    types a name, it is ready when the profile's timeline is drawn, and nothing shows."""
    signed_in(workbench)
    dash_duo.wait_for_element(f"#{ids.SEARCH_INPUT}", timeout=WAIT)
    until(dash_duo, lambda: dash_duo.driver.execute_script("return !!window.Plotly"),
          what="Plotly was not loaded on the search page")  # fmt: skip
    assert "/person/" not in dash_duo.driver.current_url
    preload = dash_duo.find_element(f"#{ids.SEARCH_CHART_PRELOAD}")
    assert not preload.is_displayed()


def test_audit_table_stays_inside_a_narrow_window(dash_duo, signed_in, workbench, app_graph):
    base = signed_in(workbench, role="admin")
    dash_duo.driver.set_window_size(*NARROW)
    try:
        dash_duo.driver.get(f"{base}/admin/access/audit")
        dash_duo.wait_for_element("#user", timeout=WAIT)
        fill_form(dash_duo, {"user": "admin"}, "audit-search-submit")
        wait_for_text(dash_duo, "#audit-results", "sign_in")
        fit = dash_duo.driver.execute_script(FITS_JS, ".server-table")
        assert fit["page"] <= fit["window"], fit  # the page itself never scrolls sideways
        assert fit["right"] <= fit["window"], fit
        assert dash_duo.driver.execute_script(CLIPPED_JS, "#audit-results td") == []
    finally:
        dash_duo.driver.set_window_size(*WIDE)


def test_purpose_page_is_drawn_in_the_workbench_style(dash_duo, signed_in, workbench, app_graph):
    base = signed_in(workbench, role="admin")
    workbench_bar = _background(dash_duo, ".topbar")  # on the Dash search page
    dash_duo.driver.get(f"{base}/auth/purpose")
    wait_for_text(dash_duo, "h1", "Purpose of access")
    assert _background(dash_duo, ".topbar") == workbench_bar
    assert "Signed in as admin" in text_of(dash_duo, "#auth-nav")
    assert _background(dash_duo, "#purpose-submit") == "rgb(11, 92, 173)"  # --tp-accent


def test_profile_records_and_timeline_toolbar_are_not_cut_off(
    dash_duo, signed_in, workbench, app_graph
):
    base = signed_in(workbench, purpose="s47_enquiry", path="/person/person_alice")
    dash_duo.driver.set_window_size(*NARROW)
    try:
        dash_duo.driver.get(f"{base}/person/person_alice")
        wait_for_text(dash_duo, f"#{ids.PERSON_RECORDS}", "Alicia Smith")
        dash_duo.wait_for_element(f"#{ids.PERSON_TIMELINE} .modebar-container")
        clipped = dash_duo.driver.execute_script(CLIPPED_JS, f"#{ids.PERSON_RECORDS} td")
        assert clipped == []
        fit = dash_duo.driver.execute_script(FITS_JS, f"#{ids.PERSON_RECORDS} .table-scroll")
        assert fit["page"] <= fit["window"] and fit["right"] <= fit["window"], fit
        toolbar = dash_duo.driver.execute_script(RECT_JS, f"#{ids.PERSON_TIMELINE} .modebar")
        plot = dash_duo.driver.execute_script(RECT_JS, f"#{ids.PERSON_TIMELINE} .nsewdrag")
        assert toolbar["bottom"] <= plot["top"], (toolbar, plot)  # above the points, not on them
    finally:
        dash_duo.driver.set_window_size(*WIDE)


def _background(dash_duo, selector: str) -> str:
    dash_duo.wait_for_element(selector, timeout=WAIT)
    script = "return getComputedStyle(document.querySelector(arguments[0])).backgroundColor;"
    return dash_duo.driver.execute_script(script, selector)
