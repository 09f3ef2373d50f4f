"""The explorer's chart helpers as pure functions: whom a network brings into the case, the
household boxes, and the time bar's window following the network shown."""

from __future__ import annotations

from touchpoint.app.components.explorer_history import year_window
from touchpoint.app.components.network_view import case_people, households


def _node(key: str, kind: str = "person") -> dict:
    return {"data": {"id": key, "kind": kind, "label": key}}


def _edge(source: str, target: str, rel: str, start: str | None = None, end=None) -> dict:
    return {"data": {"id": f"{source}|{rel}|{target}", "source": source, "target": target,
                     "rel_type": rel, "date_from": start, "date_to": end}}  # fmt: skip


# Alice (the subject) lives at home with Charlie; Bob is her partner and lived there until
# 2024, now at the flat with Dan; Erin is Charlie's schoolmate; Gus was at the same incident.
ELEMENTS = [
    *(_node(k) for k in ("alice", "bob", "charlie", "dan", "erin", "gus")),
    _node("home", "address"), _node("flat", "address"), _node("school", "organisation"),
    _node("incident", "event"),
    _edge("alice", "home", "LIVES_AT", "2018-06-01"),
    _edge("charlie", "home", "LIVES_AT", "2016-09-09"),
    _edge("bob", "home", "LIVES_AT", "2019-01-01", "2024-02-01"),
    _edge("bob", "flat", "LIVES_AT", "2024-02-01"),
    _edge("dan", "flat", "LIVES_AT", "2022-05-01"),
    _edge("alice", "bob", "RELATED_TO"),
    _edge("charlie", "school", "ENROLLED_AT", "2021-09-01"),
    _edge("erin", "school", "ENROLLED_AT", "2020-09-01"),
    _edge("alice", "incident", "INVOLVED_IN"), _edge("gus", "incident", "INVOLVED_IN"),
]  # fmt: skip


def test_a_depth_two_network_brings_only_the_subjects_own_circle_into_the_case():
    assert case_people(ELEMENTS, "alice") == ["alice", "bob", "charlie"]
    assert case_people(ELEMENTS, None) == []


def test_households_box_people_with_the_address_they_live_at_now():
    grouped = households(ELEMENTS)
    parents = [e["data"]["id"] for e in grouped if e["data"].get("kind") == "household"]
    assert parents == ["household|flat", "household|home"]
    assert grouped[: len(parents)] == [e for e in grouped if e["data"]["id"] in parents]
    parent = {
        e["data"]["id"]: e["data"].get("parent") for e in grouped if "source" not in e["data"]
    }
    assert parent["alice"] == parent["charlie"] == parent["home"] == "household|home"
    assert parent["bob"] == parent["dan"] == "household|flat"  # moved out of home in 2024
    assert parent["erin"] is None and parent["gus"] is None
    assert "parent" not in ELEMENTS[0]["data"]  # the network itself is left as it was


def test_the_time_window_widens_with_the_network_unless_it_was_narrowed():
    assert year_window(ELEMENTS, [2019, 2024], 2019, 2024) == (2016, 2024, [2016, 2024])
    assert year_window(ELEMENTS, None, 2000, 2026) == (2016, 2024, [2016, 2024])
    assert year_window(ELEMENTS, [2020, 2022], 2019, 2024) == (2016, 2024, [2020, 2022])
    assert year_window(ELEMENTS, [2010, 2030], 2000, 2030) == (2016, 2024, [2016, 2024])
