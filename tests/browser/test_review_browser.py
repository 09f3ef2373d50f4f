"""Match review in the browser: open the queue, compare a pair, decide, see it leave."""

from __future__ import annotations

from app_support import queue_review_pairs
from browser_helpers import choose_option, click, text_of, type_into, until, wait_for_text
from review_support import CHARLEY_NHS, CHARLIE_UPN, add_twin

from touchpoint.app import ids


def test_a_reviewer_compares_a_pair_and_decides_it_from_the_matches_page(
    dash_duo, signed_in, workbench, app_graph
):
    queue_review_pairs(app_graph, ("pair_dan_frank", "rec_dan_police", "rec_frank_gp", 0.82))
    signed_in(workbench, role="analyst", path="/review")
    wait_for_text(dash_duo, f"#{ids.REVIEW_TABLE}", "Daniel Jones, 1985-12-25 (police)")
    click(dash_duo, f"#{ids.REVIEW_TABLE} input[type=radio]")
    wait_for_text(dash_duo, f"#{ids.REVIEW_DETAIL}", "Date of birth: day and month swapped")
    detail = text_of(dash_duo, f"#{ids.REVIEW_DETAIL}")
    assert "Frank" in detail and "Saved" not in detail  # opening a pair decides nothing
    type_into(dash_duo, f"#{ids.REVIEW_NOTE}", "Different people: GP confirms", submit=False)
    click(dash_duo, f"#{ids.REVIEW_REJECT}")
    wait_for_text(dash_duo, f"#{ids.REVIEW_MESSAGE}", "Saved as analyst: different people")
    wait_for_text(dash_duo, f"#{ids.REVIEW_TABLE}", "No pairs to decide")
    assert not dash_duo.find_elements(f"#{ids.REVIEW_CONFIRM}")  # one click, one decision


def test_an_analyst_rules_on_possible_twins_and_asks_the_agency(
    dash_duo, signed_in, workbench, app_graph
):
    """Every identifying field side by side (the NHS number withheld, by name), a person's
    pairs together, the flags a decision would change, plain words, and "not sure - ask the
    agency" moving the pair to the waiting list."""
    add_twin(app_graph)
    queue_review_pairs(
        app_graph,
        ("pair_dan_frank", "rec_dan_police", "rec_frank_gp", 0.82),
        ("pair_dan_erin", "rec_dan_police", "rec_erin_school", 0.61),
    )
    signed_in(workbench, role="analyst", path="/review")
    wait_for_text(dash_duo, f"#{ids.REVIEW_TABLE}", "Daniel Jones (2 possible matches)")
    table = text_of(dash_duo, f"#{ids.REVIEW_TABLE}")
    assert table.count("Daniel Jones (2 possible matches)") == 2
    click(dash_duo, f"#{ids.REVIEW_TABLE} input[type=radio]")  # the most probable: the twins
    wait_for_text(dash_duo, f"#{ids.REVIEW_DETAIL}", "Match score 93%")
    compare = " ".join(text_of(dash_duo, f"#{ids.REVIEW_COMPARE}").split())  # cells: tabs
    assert "First name Charlie Charley Different" in compare
    assert "Sex Male Male Same" in compare
    assert "NHS number Withheld under agreement mash_isa Withheld" in compare
    assert "Unique pupil number (UPN) Withheld under agreement mash_isa" in compare
    assert CHARLEY_NHS not in compare and CHARLIE_UPN not in compare
    assert "Lives with" in compare and "Robert Smith, born 1988-07-02" in compare
    flags = text_of(dash_duo, f"#{ids.REVIEW_FLAGS}")
    assert "No GP registration" in flags and "Missing from education" in flags
    detail = text_of(dash_duo, f"#{ids.REVIEW_DETAIL}")
    assert "(twins?)" in detail and "0.93" not in detail and "dob:" not in detail

    type_into(dash_duo, f"#{ids.REVIEW_NOTE}", "Asked the school nurse", submit=False)
    click(dash_duo, f"#{ids.REVIEW_UNSURE}")
    wait_for_text(dash_duo, f"#{ids.REVIEW_MESSAGE}", "Saved as analyst: not sure")
    until(  # the refreshed list, not the empty table of a re-render in between
        dash_duo,
        lambda: (
            "Charlie Smith" not in (table := text_of(dash_duo, f"#{ids.REVIEW_TABLE}"))
            and "Daniel Jones (2 possible matches)" in table
        ),
        what="the pair marked not sure is still on the to-do list, or the others are gone",
    )
    choose_option(dash_duo, ids.REVIEW_STATUS_FILTER, "Waiting for the agency")
    wait_for_text(dash_duo, f"#{ids.REVIEW_TABLE}", "Not sure - asked the agency")
    click(dash_duo, f"#{ids.REVIEW_TABLE} input[type=radio]")
    wait_for_text(dash_duo, f"#{ids.REVIEW_DETAIL}", "Not sure - asked the agency by analyst")
    assert dash_duo.find_elements(f"#{ids.REVIEW_CONFIRM}")  # still to be decided
