"""Reading a row's columns: the plain-text shortcut gives what the general path gives."""

from __future__ import annotations

from typing import Any

import pytest

from touchpoint.loaders.clean import CoercionError
from touchpoint.loaders.mapping import ColumnSpec
from touchpoint.loaders.transform_fields import column_value, compile_columns, read_columns

RAW = ["Smith", " Smith ", "", "   ", "\t", "x" * 10, "x" * 11, None, 7, 7.0, "Zoë", "a\nb"]
SPECS = {
    "plain": ColumnSpec(field="f"),
    "plain_required": ColumnSpec(field="f", required=True),
    "plain_noted": ColumnSpec(field="f", on_error="null"),
    "cleaned": ColumnSpec(field="f", clean="name"),
    "mapped": ColumnSpec(field="f", value_map={"Smith": "S"}, unmapped="keep"),
}


def general(raw: Any, spec: ColumnSpec) -> tuple[str, Any]:
    """What ``column_value`` alone makes of one cell: its value, or why it is refused."""
    try:
        return "value", column_value(raw, spec, spec.mapper(), 10)
    except CoercionError as exc:
        return "error", str(exc)


@pytest.mark.parametrize("kind", SPECS)
@pytest.mark.parametrize("raw", RAW, ids=repr)
def test_reading_a_column_gives_what_the_general_path_gives(kind: str, raw: Any) -> None:
    spec = SPECS[kind]
    errors: list[str] = []
    notes: list[tuple[frozenset[str], str]] = []
    fields = read_columns({"C": raw}, compile_columns([("C", spec)]), 10, errors, notes)
    outcome, expected = general(raw, spec)
    if outcome == "value":
        assert (fields, errors, notes) == ({"f": expected}, [], [])
    else:
        assert fields == {"f": None}
        assert expected in " ".join(errors + [text for _, text in notes])


def test_only_plain_text_columns_take_the_shortcut() -> None:
    compiled = compile_columns(list(("C", spec) for spec in SPECS.values()))
    assert [plain for *_, plain in compiled] == [True, True, True, False, False]


def test_a_missing_column_is_empty_or_refuses_the_row_when_required() -> None:
    errors: list[str] = []
    columns = compile_columns([("A", SPECS["plain"]), ("B", SPECS["plain_required"])])
    assert read_columns({}, columns, 10, errors, []) == {"f": None}
    assert errors == ["column 'B' is missing"]
