"""Issue 16: the profile's Events table says what the school recorded about a term -
sessions attended of those possible, and the percentage - not just "School absence"."""

from __future__ import annotations

import sys
from pathlib import Path

from browser_helpers import wait_for_text

from touchpoint.app import ids

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))
from test_contributed_detail import ATTENDANCE, TERM


def test_the_profile_shows_a_terms_attendance_in_words(dash_duo, signed_in, workbench, app_graph):
    app_graph.write(TERM)
    signed_in(workbench, purpose="s47_enquiry", path="/person/person_charlie")
    wait_for_text(dash_duo, f"#{ids.PERSON_EVENTS}", ATTENDANCE)
