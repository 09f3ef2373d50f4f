"""The duplicate-key ledger: a repeat names exactly the columns that differ from the first row
(typed values as a Parquet or JSON-lines extract gives them, too), an exact repeat says so, and
the first row of a key is remembered across chunks."""

from __future__ import annotations

from datetime import date

from touchpoint.loaders.duplicates import KeyLedger


def test_a_repeat_names_only_the_columns_that_differ_whatever_their_type() -> None:
    ledger = KeyLedger()
    first = {"id": "A1", "dob": date(2012, 3, 4), "score": 1.5, "note": None, "n": 3}
    later = {"n": 3, "id": "A1", "dob": date(2012, 3, 5), "score": 1.5, "note": "x"}
    assert ledger.repeats([(2, "A1", first)]) == [None]
    [reason] = ledger.repeats([(9, "A1", later)])  # a later chunk, columns in another order
    assert reason is not None and "(dob, note differ from row 2)" in reason
    ledger.close()


def test_an_exact_repeat_in_the_same_chunk_is_the_same_as_the_first_row() -> None:
    ledger = KeyLedger()
    row = {"id": "B7", "surname": "Hale", "age": 14}
    verdicts = ledger.repeats([(5, "B7", row), (6, "C1", {"id": "C1"}), (8, "B7", dict(row))])
    assert verdicts[:2] == [None, None]
    assert verdicts[2] is not None and "the same as row 5" in verdicts[2]
    ledger.close()
