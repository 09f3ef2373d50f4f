"""Small pandas idioms the resolution steps share."""

from __future__ import annotations

import pandas as pd


def star_edges(frame: pd.DataFrame, group: str) -> pd.DataFrame:
    """Edges ``record_a`` → ``record_b`` from each group's lowest ``record_id`` to each of the
    group's other records: n - 1 edges hold a group of n together, not n squared.

    The lowest record is found by a sort, not ``groupby(...).min()``: pandas has no vectorised
    min for strings and loops over every group in Python (seconds at 50k records)."""
    lowest = frame.sort_values("record_id").drop_duplicates(group).set_index(group)
    anchor = frame[group].map(lowest["record_id"])
    star = pd.DataFrame({"record_a": anchor, "record_b": frame["record_id"]})
    return star[star["record_a"] != star["record_b"]]
