"""The audit hash covers every field and the previous hash; --since parses or explains."""

from __future__ import annotations

import pytest

from touchpoint.graph_model.access.audit import GENESIS, HASHED, entry_hash, parse_since
from touchpoint.graph_model.model.errors import ConfigError

ENTRY = {name: f"v-{name}" for name in HASHED} | {"seq": 1, "prev_hash": GENESIS}


@pytest.mark.parametrize("field", HASHED)
def test_changing_any_hashed_field_changes_the_hash(field: str) -> None:
    assert entry_hash({**ENTRY, field: "changed"}) != entry_hash(ENTRY)


def test_the_hash_ignores_its_own_value_and_is_stable() -> None:
    assert entry_hash({**ENTRY, "hash": "anything"}) == entry_hash(ENTRY)
    assert len(entry_hash(ENTRY)) == 64


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-01", "2026-11-01T00:00:00.000000+00:00"),
        ("2026-11-01T09:00+01:00", "2026-11-01T08:00:00.000000+00:00"),
        (None, None),
    ],
)
def test_since_accepts_dates_as_utc_text(text: str | None, expected: str | None) -> None:
    assert parse_since(text) == expected


@pytest.mark.parametrize("text", ["yesterday", "99999999d", "0001-01-01T00:00+01:00"])
def test_since_refuses_what_it_cannot_read_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(ConfigError, match=r"use e\.g\. 7d, 12h, 30m"):
        parse_since(text)
