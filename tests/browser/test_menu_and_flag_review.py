"""Issue 16: the Admin menu only for the administrator role; dismissing a flag asks first, and
after a decision the flag's new state and history stay on screen."""

from __future__ import annotations

from browser_helpers import choose_option, click, text_of, type_into, until, wait_for_text

from touchpoint.app import ids
from touchpoint.graph_model.patterns.flags import raise_flags
from touchpoint.graph_model.patterns.library import get_pattern

NAV = "nav[aria-label=Main]"


def _menu(dash_duo) -> str:
    wait_for_text(dash_duo, NAV, "Search")
    return text_of(dash_duo, NAV)


def test_hub_staff_see_no_admin_menu(dash_duo, signed_in, workbench, app_graph):
    signed_in(workbench, role="hub_staff")
    menu = _menu(dash_duo)
    assert "Flags" in menu and "Admin" not in menu


def test_the_administrator_sees_the_admin_menu(dash_duo, signed_in, workbench, app_graph):
    signed_in(workbench, role="admin")
    assert "Admin" in _menu(dash_duo)


def test_dismissing_a_flag_asks_first_and_the_decision_stays_on_screen(
    dash_duo, signed_in, workbench, app_graph
):
    raise_flags(app_graph, get_pattern("da_no_school_notification"), {"lookback_days": 3650})
    signed_in(workbench, path="/flags")
    wait_for_text(dash_duo, f"#{ids.FLAG_TABLE}", "Charlie Smith")
    click(dash_duo, f"#{ids.FLAG_TABLE} input[type=radio]")
    wait_for_text(dash_duo, f"#{ids.FLAG_EVIDENCE}", "Domestic abuse")
    choose_option(dash_duo, ids.FLAG_NEW_STATUS, "Dismissed")
    type_into(dash_duo, f"#{ids.FLAG_REASON}", "School was told by phone", submit=False)
    click(dash_duo, f"#{ids.FLAG_SAVE}")
    # asked, not done: the question shows and the flag is still new
    wait_for_text(dash_duo, f"#{ids.FLAG_CONFIRM}", "Dismiss this flag?")
    assert text_of(dash_duo, f"#{ids.FLAG_CURRENT_STATUS}") == "New"
    click(dash_duo, f"#{ids.FLAG_CONFIRM_NO}")
    wait_for_text(dash_duo, f"#{ids.FLAG_MESSAGE}", "Not dismissed")
    until(dash_duo, lambda: not dash_duo.find_element(f"#{ids.FLAG_CONFIRM}").is_displayed())
    assert text_of(dash_duo, f"#{ids.FLAG_CURRENT_STATUS}") == "New"
    # asked again, and confirmed
    click(dash_duo, f"#{ids.FLAG_SAVE}")
    wait_for_text(dash_duo, f"#{ids.FLAG_CONFIRM}", "Dismiss this flag?")
    click(dash_duo, f"#{ids.FLAG_CONFIRM_YES}")
    wait_for_text(dash_duo, f"#{ids.FLAG_MESSAGE}", "Saved as hub_staff: flag is now dismissed")
    wait_for_text(dash_duo, f"#{ids.FLAG_TABLE}", "No flags match")  # the queue shows new only
    # ...while the flag stays open with its new state and the decision in its history
    wait_for_text(dash_duo, f"#{ids.FLAG_CURRENT_STATUS}", "Dismissed")
    wait_for_text(dash_duo, f"#{ids.FLAG_HISTORY}", "School was told by phone")
    assert "Saved as hub_staff" in text_of(dash_duo, f"#{ids.FLAG_MESSAGE}")
