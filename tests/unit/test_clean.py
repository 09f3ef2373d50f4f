"""Cleaning, coercion and derived fields used by mappings: pure functions, no graph."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from touchpoint.loaders.clean import (
    CoercionError,
    clean_identifier,
    clean_name,
    clean_phone,
    clean_postcode,
    coerce,
    is_blank,
    strip,
)
from touchpoint.loaders.derive import (
    DeriveError,
    absence_type,
    address,
    map_values,
    present,
    split_name,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  SMITH ", "Smith"),
        ("O'BRIEN", "O'Brien"),
        ("smith-jones", "Smith-Jones"),
        ("MCDONALD", "McDonald"),
        ("van der Berg", "van der Berg"),  # mixed case is kept as the agency typed it
        ("Mary   Ann", "Mary Ann"),
        ("   ", None),
    ],
)
def test_clean_name_recases_capitals_and_keeps_mixed_case(raw: str, expected: str | None) -> None:
    assert clean_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("kt014aa", "KT01 4AA"),
        ("HX43  1AA", "HX43 1AA"),
        ("g4e 4aa", "G4E 4AA"),
        ("SW1A1AA", "SW1A 1AA"),
        ("not a postcode", "NOT A POSTCODE"),  # kept, never dropped
        ("  ", None),
    ],
)
def test_clean_postcode_canonicalises_uk_postcodes(raw: str, expected: str | None) -> None:
    assert clean_postcode(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("07700 900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("(0113) 496 0000", "+441134960000"),
        ("ext 123", "ext 123"),
    ],
)
def test_clean_phone_gives_e164_for_uk_numbers(raw: str, expected: str) -> None:
    assert clean_phone(raw) == expected


def test_identifier_cleaning_drops_spaces_and_dashes() -> None:
    assert clean_identifier("401 335 8812") == "4013358812"
    assert clean_identifier("ab-12-34-56-c") == "AB123456C"
    assert strip("  a \t b ") == "a b"
    assert is_blank(float("nan")) and is_blank(" ") and is_blank(None) and not is_blank(0)


def test_dates_parse_in_any_declared_format_and_reject_others() -> None:
    formats = ("%d/%m/%Y", "%Y%m%d", "%d-%b-%Y", "%d.%m.%Y")
    for raw in ("04/03/2015", "20150304", "04-Mar-2015", "04.03.2015"):
        assert coerce(raw, "date", formats) == date(2015, 3, 4)
    assert coerce(date(2015, 3, 4), "date") == date(2015, 3, 4)  # Parquet date32 passes
    with pytest.raises(CoercionError, match=r"'31/02/2020' is not a date in format %d/%m/%Y"):
        coerce("31/02/2020", "date", ("%d/%m/%Y",))


def test_datetimes_numbers_and_booleans_coerce_or_say_why_not() -> None:
    assert coerce("25/02/2024 19:09", "datetime", ("%d/%m/%Y %H:%M",)) == datetime(
        2024, 2, 25, 19, 9
    )
    assert coerce("1,024", "int") == 1024
    assert coerce(7.0, "int") == 7
    assert coerce("2.5", "float") == 2.5
    assert coerce("Y", "bool") is True
    assert coerce("no", "bool") is False and coerce(0, "bool") is False
    assert coerce(1234.0, "str") == "1234"
    for value, kind, message in [
        ("7.5", "int", "not a whole number"),
        ("abc", "float", "not a number"),
        ("maybe", "bool", "not a yes/no value"),
        ("2024-13-01", "date", "not a date"),
    ]:
        with pytest.raises(CoercionError, match=message):
            coerce(value, kind)


@pytest.mark.parametrize(
    "parts",
    [
        ["Flat 1, Wheeler Court, 1 Burke Terrace, Caroleton", "L5 4AA"],
        ["FLAT 1, WHEELER COURT, 1 BURKE TERRACE", "l54aa"],
        ["1/1 Burke Terr, Caroleton", "L5  4AA"],
        ["Flat 1 Wheeler Court", "1 Burke Terr", "Caroleton", "L5 4AA"],
    ],
)
def test_address_variants_of_one_flat_share_line1_and_postcode(parts: list[str]) -> None:
    parsed = address(parts, {})
    assert (parsed["line1"], parsed["postcode"]) == ("Flat 1, 1 Burke Terrace", "L5 4AA")


def test_address_expands_street_abbreviations_and_finds_the_town() -> None:
    parsed = address(["1 Mill Rd", None, "Derekfurt", "KT014AA"], {})
    assert parsed == {
        "line1": "1 Mill Road",
        "building": None,
        "town": "Derekfurt",
        "postcode": "KT01 4AA",
        "text": "1 Mill Rd, Derekfurt",
    }


def test_split_name_reads_surname_comma_forenames() -> None:
    assert split_name(["COLLINS, Ellie May"], {}) == {
        "surname": "Collins",
        "forename": "Ellie",
        "middle_names": "May",
    }
    assert split_name(["Ellie Collins"], {})["surname"] == "Collins"


def test_map_present_and_absence_type() -> None:
    assert map_values(["ASSAULT"], {"values": {"assault": "assault"}}) == "assault"
    assert map_values(["X"], {"values": {}, "unmapped": "keep"}) == "X"
    with pytest.raises(DeriveError, match="not in the value map"):
        map_values(["X"], {"values": {}})
    assert present([date(2025, 1, 1)], {"value": "eviction", "otherwise": "notice"}) == "eviction"
    assert present([None], {"value": "eviction", "otherwise": "notice"}) == "notice"
    assert absence_type([100, 0, 0], {}) is None
    assert absence_type([100, 6, 4], {}) == "persistent"
    assert absence_type([100, 2, 3], {}) == "unauthorised"
    assert absence_type([100, 4, 0], {}) == "authorised"
