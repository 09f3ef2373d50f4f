"""Issue 16: an agency's contributed detail in words, said once - a chronology line and a profile
event row show "Police incident: outcome - No crime" in place of the bare outcome, never both;
a withheld outcome stays the agency's withheld notice."""

from __future__ import annotations

from typing import Any

from touchpoint.services.reads.chronology import Entry
from touchpoint.services.reads.profile import TimelineEvent, contributed_detail

NOTICE = "details withheld under this agreement"
NO_CRIME = "Police incident: outcome - No crime"


def entry(**kw: Any) -> Entry:
    base: dict[str, Any] = dict(
        event_id="ev", date="2025-01-01", end_date=None, agency="police",
        category="police_incident", type="assault", source_record_id="WY-1", load_run_id="r",
        people=(), place=None, description="ASSAULT", outcome=None, notes=None,
    )  # fmt: skip
    return Entry(**{**base, **kw})


def event(**kw: Any) -> TimelineEvent:
    base: dict[str, Any] = dict(
        event_id="ev", date="2025-01-01", end_date=None, category="police_incident",
        type="assault", agency="police", description="ASSAULT", outcome=None, roles=[],
        source_record_id="WY-1", place=None, concern=True,
    )  # fmt: skip
    return TimelineEvent(**{**base, **kw})


def test_a_chronology_line_says_the_outcome_once_in_words() -> None:
    line = entry(outcome="No crime", contributed=NO_CRIME)
    assert line.detail == f"ASSAULT — {NO_CRIME}"


def test_a_chronology_line_keeps_the_withheld_notice_and_says_no_more() -> None:
    line = entry(description=NOTICE, outcome=NOTICE, withheld_fields=("description", "outcome"))
    assert line.detail == f"{NOTICE} — {NOTICE}"  # as before issue 16


def test_a_terms_attendance_is_the_whole_line() -> None:
    words = contributed_detail(
        "school_absence", "persistent", {"possible": 60, "authorised": 3, "unauthorised": 6}, None
    )
    assert words == "School attendance: 51 of 60 sessions (85%)"
    line = entry(category="school_absence", type="persistent", description=None, contributed=words)
    assert line.detail == words


def test_an_outcome_the_words_do_not_say_is_still_shown() -> None:
    sessions = "School attendance: 51 of 60 sessions (85%)"
    line = entry(description=None, outcome="Attendance order", contributed=sessions)
    assert line.detail == f"{sessions} — Attendance order"


def _text(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for child in node for t in _text(child)]
    return _text(getattr(node, "children", None) or [])


def test_a_profile_event_row_says_the_outcome_once(tmp_path) -> None:
    from touchpoint.app import create_app
    from touchpoint.graph_model.model.settings import load_settings

    create_app(load_settings(data_dir=tmp_path))  # registers the pages (no graph needed)
    from touchpoint.app.pages.person import _details

    said = _text(_details(event(outcome="No crime", contributed=NO_CRIME)))
    assert said == [NO_CRIME, "ASSAULT"]
    term = "School attendance: 51 of 60 sessions (85%)"
    assert _text(_details(event(description=None, contributed=term))) == [term]
    assert _details(event(description=None)) == "—"
    withheld = event(description=NOTICE, outcome=None, withheld_fields=("description",))
    assert _details(withheld) == NOTICE
