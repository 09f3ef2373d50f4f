"""Which case covers a person (graph_model.access.cases): the rules the workbench enforces."""

from __future__ import annotations

import pytest

from touchpoint.graph_model.access.cases import MAX_CASES, Case, person_in, resolve, to_front
from touchpoint.graph_model.access.context import Purpose

A = Case(Purpose("s47_enquiry", "CASE-A", "Strategy meeting"), ("alice",))
B = Case(Purpose("s47_enquiry", "CASE-B", "Strategy meeting"), ("bob",))


def test_the_current_case_covers_its_people_and_no_one_else() -> None:
    case, cases = resolve((A,), "alice")
    assert case == A and cases == (A,)
    assert resolve((A,), "bob") == (None, (A,))
    assert resolve((), "alice") == (None, ())


def test_a_case_recorded_without_a_person_takes_the_first_one_opened() -> None:
    empty = Case(Purpose("s47_enquiry", "CASE-C", "Strategy meeting"))
    case, cases = resolve((empty, A), "carol")
    assert case is not None and case.people == ("carol",) and cases[0] == case
    assert resolve(cases, "dave")[0] is None


def test_an_earlier_case_that_covers_the_person_becomes_current() -> None:
    case, cases = resolve((B, A), "alice")
    assert case == A and [c.reference for c in cases] == ["CASE-A", "CASE-B"]


def test_break_glass_covers_whoever_is_opened_under_its_case() -> None:
    case, _ = resolve((A,), "zed", glass_active=True)
    assert case is not None and case.reference == "CASE-A" and case.covers("zed")


def test_a_session_keeps_a_bounded_number_of_cases() -> None:
    cases: tuple[Case, ...] = ()
    for n in range(MAX_CASES + 5):
        cases = to_front(cases, Case(Purpose("s47_enquiry", f"CASE-{n}", "Strategy meeting")))
    assert len(cases) == MAX_CASES and cases[0].reference == f"CASE-{MAX_CASES + 4}"


def test_a_case_survives_its_json_form() -> None:
    assert Case.from_json(A.to_json()) == A


@pytest.mark.parametrize(
    ("path", "person"),
    [
        ("/person/person_alice", "person_alice"),
        ("/explorer/person_bob?depth=2", "person_bob"),
        ("/chronology/rec%2F1", "rec/1"),
        ("/connections?a=person_alice&b=person_bob", "person_alice"),
        ("/connections", None),
        ("/", None),
        ("/flags", None),
    ],
)
def test_the_person_a_page_is_about(path: str, person: str | None) -> None:
    assert person_in(path) == person
