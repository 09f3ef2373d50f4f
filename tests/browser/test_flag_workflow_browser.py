"""Issue 16, flag workflow in the browser: assigning a flag and commenting on it are saved as
the signed-in user, and the flag stays open with its assignee and one history (assignment and
comment, newest last) instead of vanishing or needing a reload."""

from __future__ import annotations

from browser_helpers import choose_option, click, text_of, type_into, until, wait_for_text

from touchpoint.app import ids
from touchpoint.graph_model.patterns.flags import raise_flags
from touchpoint.graph_model.patterns.library import get_pattern

COMMENT = "Rang the school: <b>no</b> record of the incident."


def test_assigning_and_commenting_keep_the_flag_and_its_history_on_screen(
    dash_duo, signed_in, workbench, app_graph
):
    raise_flags(app_graph, get_pattern("da_no_school_notification"), {"lookback_days": 3650})
    signed_in(workbench, path="/flags")
    wait_for_text(dash_duo, f"#{ids.FLAG_TABLE}", "Charlie Smith")
    click(dash_duo, f"#{ids.FLAG_TABLE} input[type=radio]")
    wait_for_text(dash_duo, f"#{ids.FLAG_EVIDENCE}", "held by")  # whose record each item is
    assert text_of(dash_duo, f"#{ids.FLAG_ASSIGNMENT}") == "Not assigned to anyone yet."
    choose_option(dash_duo, ids.FLAG_ASSIGNEE, "hub_staff")
    click(dash_duo, f"#{ids.FLAG_ASSIGN_SAVE}")
    wait_for_text(dash_duo, f"#{ids.FLAG_ASSIGN_MESSAGE}", "Saved as hub_staff: assigned to")
    wait_for_text(dash_duo, f"#{ids.FLAG_ASSIGNMENT}", "Assigned to hub_staff")
    wait_for_text(dash_duo, f"#{ids.FLAG_TABLE}", "hub_staff")  # the queue shows the assignee
    type_into(dash_duo, f"#{ids.FLAG_COMMENT}", COMMENT, submit=False)
    click(dash_duo, f"#{ids.FLAG_COMMENT_SAVE}")
    wait_for_text(dash_duo, f"#{ids.FLAG_COMMENT_MESSAGE}", "Saved as hub_staff: comment added")
    wait_for_text(dash_duo, f"#{ids.FLAG_HISTORY}", COMMENT)  # as typed: text, not markup
    items = until(
        dash_duo,
        lambda: [e.text for e in dash_duo.find_elements(f"#{ids.FLAG_HISTORY} > li")] or None,
    )
    assert "assigned to hub_staff" in items[0] and COMMENT in items[-1], items
    assert dash_duo.find_elements(f"#{ids.FLAG_HISTORY} b") == []
    assert text_of(dash_duo, f"#{ids.FLAG_COMMENT}") == ""  # the form is ready for the next
