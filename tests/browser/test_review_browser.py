"""Match review in the browser: open the queue, compare a pair, decide, see it leave."""

from __future__ import annotations

from app_support import queue_review_pairs
from browser_helpers import click, text_of, type_into, wait_for_text

from touchpoint.app import ids


def test_a_reviewer_compares_a_pair_and_decides_it_from_the_matches_page(
    dash_duo, signed_in, workbench, app_graph
):
    queue_review_pairs(app_graph, ("pair_dan_frank", "rec_dan_police", "rec_frank_gp", 0.82))
    signed_in(workbench, role="analyst", path="/review")
    wait_for_text(dash_duo, f"#{ids.REVIEW_TABLE}", "Daniel Jones, 1985-12-25 (police)")
    click(dash_duo, f"#{ids.REVIEW_TABLE} input[type=radio]")
    wait_for_text(dash_duo, f"#{ids.REVIEW_DETAIL}", "dob: day and month swapped (+6.1)")
    detail = text_of(dash_duo, f"#{ids.REVIEW_DETAIL}")
    assert "Frank" in detail and "Saved" not in detail  # opening a pair decides nothing
    type_into(dash_duo, f"#{ids.REVIEW_NOTE}", "Different people: GP confirms", submit=False)
    click(dash_duo, f"#{ids.REVIEW_REJECT}")
    wait_for_text(dash_duo, f"#{ids.REVIEW_MESSAGE}", "Saved as analyst: different people")
    wait_for_text(dash_duo, f"#{ids.REVIEW_TABLE}", "No pending pairs")
    assert not dash_duo.find_elements(f"#{ids.REVIEW_CONFIRM}")  # one click, one decision
