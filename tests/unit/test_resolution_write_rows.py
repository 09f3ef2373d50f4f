"""Rows handed to ``UNWIND $rows``: plain Python values, every kind of missing as None."""

from __future__ import annotations

import numpy as np
import pandas as pd

from touchpoint.graph_model.resolution.store import _records


def test_write_rows_turn_every_missing_value_into_none_and_keep_lists_and_numbers() -> None:
    frame = pd.DataFrame(
        {
            "person_id": ["p1", "p2", None],
            "probability": [0.5, np.nan, 1.0],
            "record_count": pd.array([2, None, 1], dtype="Int64"),
            "aliases": [["Drew Campbell"], [], None],
            "dob": ["2014-03-01", pd.NA, "1990-01-01"],
        }
    )

    rows = _records(frame)

    assert rows == [
        {"person_id": "p1", "probability": 0.5, "record_count": 2,
         "aliases": ["Drew Campbell"], "dob": "2014-03-01"},
        {"person_id": "p2", "probability": None, "record_count": None, "aliases": [],
         "dob": None},
        {"person_id": None, "probability": 1.0, "record_count": 1, "aliases": None,
         "dob": "1990-01-01"},
    ]  # fmt: skip
    assert type(rows[0]["record_count"]) is int and type(rows[0]["probability"]) is float


def test_write_rows_of_an_empty_frame_are_an_empty_list() -> None:
    assert _records(pd.DataFrame(columns=["record_id", "person_id"])) == []
