"""The same agreement table as ``test_access_enforcement``, through the signed-in app itself:
the search and person pages' Dash callbacks, called over HTTP as each role (hub_staff,
analyst, health_liaison, admin) on real Neo4j. Each role's page shows exactly what its agreement
allows - the real value, the agency's withheld notice, or nothing - and says what it withheld.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from access_support import (
    ANALYST_NOTICE,
    HEALTH,
    LIAISON_NOTICE,
    MASKED,
    OTHER,
    ROLES,
    TABLE,
    load_access_fixture,
)
from auth_support import USER_OF_ROLE, add_people, signed_in_calls

from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.store.db import Graph

NOTICES = (HEALTH, OTHER, "absent", None, *MASKED)
PAGE_NOTICE = {
    "hub_staff": None,
    "analyst": ANALYST_NOTICE,
    "health_liaison": LIAISON_NOTICE,
    "admin": None,
}
_PERSON_HREF = re.compile(r"/person/([A-Za-z0-9_]+)")


@pytest.fixture
def people(graph: Graph) -> Graph:
    load_access_fixture(graph)
    add_people(graph)
    return graph


def _text(response: dict[str, Any]) -> str:
    return json.dumps(response, ensure_ascii=False)


def _person_page(graph: Graph, role: str, purpose: str | None = "s47_enquiry") -> str:
    calls = signed_in_calls(graph, USER_OF_ROLE[role], purpose)
    return _text(calls.page("/person/person_alice"))


def _real(item: str, name: str) -> str:
    """The value itself, from whichever role's agreement shows it."""
    return next(v for v in TABLE[item, name] if v not in NOTICES)


@pytest.mark.parametrize("role", ROLES)
def test_the_person_page_shows_each_role_exactly_its_agreement(people: Graph, role: str) -> None:
    page = _person_page(people, role)
    index = ROLES.index(role)
    shown = {v[index] for v in TABLE.values()} - set(NOTICES)
    for (item, name), expected in TABLE.items():
        if name == "type":
            continue  # event types are shown in words ("Was not brought")
        value = expected[index]
        if value not in NOTICES:
            assert value in page, (role, item, name)
        elif _real(item, name) not in shown:
            assert _real(item, name) not in page, (role, item, name)
        if value in MASKED:
            assert value in page, (role, item, name)
    assert HEALTH not in page and OTHER not in page  # each masked field says what it is
    assert ("rec_alice_imm" in page) is (TABLE["rec_alice_imm", "full_name"][index] != "absent")
    notice = PAGE_NOTICE[role]
    assert (notice in page) if notice else ("withheld under agreement" not in page)


def test_the_person_page_asks_for_a_purpose_first_and_shows_nothing(people: Graph) -> None:
    page = _person_page(people, "hub_staff", purpose=None)
    assert "/auth/purpose?next=%2Fperson%2Fperson_alice" in page
    assert "Alicia Smith" not in page and "Ali Smith" not in page
    assert "person_view" not in [e["action"] for e in AuditLog(people).entries()]


def test_opening_a_profile_is_audited_with_the_purpose(people: Graph) -> None:
    _person_page(people, "analyst")
    [view] = [e for e in AuditLog(people).entries() if e["action"] == "person_view"]
    assert (view["user"], view["case_reference"]) == ("ned", "MASH-2026-0142")
    assert view["subjects"] == ["person_alice"] and view["withheld"] == 0


@pytest.mark.parametrize(
    ("role", "text", "keys"),
    [
        ("hub_staff", "Ivan Petrov", {"rec_ivan_imm"}),
        ("analyst", "Ivan Petrov", set()),
        ("health_liaison", "9434765919", {"person_alice"}),
        ("analyst", "9434765919", set()),
        ("hub_staff", "QQ123456C", {"person_bob"}),
        ("health_liaison", "QQ123456C", set()),
        ("admin", "QQ123456C", set()),
        ("analyst", "LS9 9ZZ", set()),
        ("analyst", "14/03/1990", {"person_alice"}),
    ],
)
def test_the_search_page_finds_only_what_the_agreement_shows_and_minimally(
    people: Graph, role: str, text: str, keys: set[str]
) -> None:
    calls = signed_in_calls(people, USER_OF_ROLE[role])  # no purpose needed to search
    response = calls.call("search-results.children", {"search-input.value": text}, [])
    results = _text(response["search-results"])  # the rows (the summary echoes the query)
    assert set(_PERSON_HREF.findall(results)) == keys
    details = {"1990-03-14", "9434765919", "QQ123456C", "Ali Smith"} - {text}  # not the echo
    assert not [d for d in details if d in results]  # year of birth and area; no identifiers
    if "person_alice" in keys:
        assert "1990" in results and "LS1" in results
    [search] = [e for e in AuditLog(people).entries() if e["action"] == "search"]
    assert search["user"] == USER_OF_ROLE[role]


@pytest.mark.parametrize(
    ("role", "text", "said"),
    [
        ("analyst", "9434765919", "NHS numbers are not searchable under agreement mash_isa"),
        ("hub_staff", "943 476 5919", "NHS numbers are not searchable under agreement mash_isa"),
        (
            "health_liaison",
            "QQ123456C",
            "National Insurance (NI) numbers are not searchable under agreement health_isa",
        ),
        (
            "analyst",
            "QQ123456C",
            "National Insurance (NI) numbers are not searchable under agreement mash_isa",
        ),
        (
            "analyst",
            "A123456789012",
            "Unique Pupil Numbers (UPNs) are not searchable under agreement mash_isa",
        ),
    ],
)
def test_searching_an_identifier_the_agreement_does_not_show_says_so_not_no_one_found(
    people: Graph, role: str, text: str, said: str
) -> None:
    calls = signed_in_calls(people, USER_OF_ROLE[role])
    response = calls.call("search-results.children", {"search-input.value": text}, [])
    results = _text(response["search-results"])
    assert said in results
    assert "No one found" not in results  # never implies the person is unknown
    assert not _PERSON_HREF.findall(results)


def test_an_identifier_searchable_only_in_some_agencies_records_says_which(people: Graph) -> None:
    calls = signed_in_calls(people, USER_OF_ROLE["hub_staff"])  # NI: not in health records
    response = calls.call("search-results.children", {"search-input.value": "QQ123456C"}, [])
    results = _text(response["search-results"])
    assert set(_PERSON_HREF.findall(results)) == {"person_bob"}
    assert "National Insurance (NI) numbers are searchable under agreement mash_isa only in" in (
        results
    )
    assert "GP" not in results.split("only in")[1].split("other agencies")[0]


def test_the_risk_badge_is_at_least_the_highest_open_flag_and_says_why(people: Graph) -> None:
    page = _person_page(people, "hub_staff")  # Alice: 2 concerns and one open high flag
    assert "High concern" in page and "Medium concern" not in page
    assert "highest of 1 open flag: high" in page and "2 recorded safeguarding concerns" in page
