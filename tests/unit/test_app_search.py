"""The search box decides what the analyst typed, and never lets Lucene syntax through."""

from __future__ import annotations

import pytest

from touchpoint.services.reads.search import (
    SearchKind,
    classify,
    fuzzy_lucene,
    looks_like_date,
    parse_date,
)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Alice Smith", SearchKind.NAME, "Alice Smith"),
        ("  o'neil  ", SearchKind.NAME, "o'neil"),
        ("14/03/1990", SearchKind.DOB, "1990-03-14"),
        ("1990-03-14", SearchKind.DOB, "1990-03-14"),
        ("4.3.1990", SearchKind.DOB, "1990-03-04"),
        ("ls1 4ab", SearchKind.POSTCODE, "LS1 4AB"),
        ("SW1A1AA", SearchKind.POSTCODE, "SW1A 1AA"),
        ("943 476 5919", SearchKind.IDENTIFIER, "9434765919"),
        ("qq 12 34 56 c", SearchKind.IDENTIFIER, "QQ123456C"),
        ("NOM-3003", SearchKind.IDENTIFIER, "NOM-3003"),
        ("rec_5f2a9c0d11", SearchKind.IDENTIFIER, "rec_5f2a9c0d11"),
    ],
)
def test_classify_recognises_names_dates_postcodes_and_identifiers(text, kind, value):
    query = classify(text)
    assert query is not None
    assert (query.kind, query.value) == (kind, value)


def test_classify_returns_none_for_blank_input():
    assert classify("   ") is None


def test_impossible_dates_are_not_dates():
    assert parse_date("31/02/2020") is None
    assert looks_like_date("31/02/2020")
    assert not looks_like_date("Smith")


def test_fuzzy_lucene_makes_long_words_fuzzy_and_short_words_prefixes():
    assert fuzzy_lucene("Alice Smith") == "Alice~ AND Smith~"
    assert fuzzy_lucene("Al") == "(Al OR Al*)"


def test_fuzzy_lucene_escapes_query_syntax_typed_by_the_user():
    lucene = fuzzy_lucene('name:"x" OR *')
    assert 'name\\:\\"x\\"~' in lucene
    assert "\\*" in lucene
    assert fuzzy_lucene("!!") != ""  # escaped, still searchable text
