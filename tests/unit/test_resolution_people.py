"""A person is shown by their most authoritative record's name; every other name is kept."""

from __future__ import annotations

import pandas as pd

from touchpoint.graph_model.resolution.people import person_rows
from touchpoint.graph_model.resolution.settings import DEFAULT_DISPLAY_AGENCIES


def _records(*rows: tuple[str, str, str, str, str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["record_id", "source_agency", "forename", "surname", "dob"]
    ).assign(sex="M")


def test_the_display_name_comes_from_the_most_authoritative_agency_not_the_first_record() -> None:
    raw = _records(
        ("a1", "police", "Drwe", "Campbell", None),  # typo'd, and first in record order
        ("a2", "gp", "Andrew", "Campbell", "1982-04-11"),
        ("a3", "police", "Andy", "Campbell", "1982-04-11"),
    )
    people = person_rows(raw, pd.Series({"a1": "p1", "a2": "p1", "a3": "p1"}), {"p1"},
                         DEFAULT_DISPLAY_AGENCIES)  # fmt: skip
    person = people.set_index("person_id").loc["p1"]
    assert person["display_name"] == "Andrew Campbell"
    assert person["aliases"] == ["Drwe Campbell", "Andy Campbell"]
    assert person["dob"] == "1982-04-11" and person["record_count"] == 3
    assert person["agencies"] == ["gp", "police"]


def test_the_agency_order_is_a_setting_and_the_commonest_spelling_wins_within_one() -> None:
    raw = _records(
        ("b1", "schools", "Ana", "Whitlock", None),
        ("b2", "schools", "Anna", "Whitlock", None),
        ("b3", "schools", "Anna", "Whitlock", None),
        ("b4", "gp", "Victoria", "Whitlock", None),
    )
    people = person_rows(raw, pd.Series(dict.fromkeys(raw["record_id"], "p")), {"p"},
                         ["schools", "gp"])  # fmt: skip
    person = people.iloc[0]
    assert person["display_name"] == "Anna Whitlock"
    assert set(person["aliases"]) == {"Ana Whitlock", "Victoria Whitlock"}


def test_the_name_most_agencies_agree_on_wins_over_an_authoritative_typo() -> None:
    raw = _records(
        ("c1", "gp", "Alicia", "Smiht", "2014-03-07"),  # the GP's typo
        ("c2", "police", "Alicia", "Smith", None),
        ("c3", "schools", "Alicia", "Smith", None),
        ("c4", "social_care", "Smith", "Alicia", None),  # swapped: still backs the name
    )
    people = person_rows(raw, pd.Series(dict.fromkeys(raw["record_id"], "p")), {"p"},
                         DEFAULT_DISPLAY_AGENCIES)  # fmt: skip
    person = people.iloc[0]
    assert person["display_name"] == "Alicia Smith"
    assert "Alicia Smiht" in person["aliases"]
