"""The star that holds a group together from its lowest record."""

import pandas as pd

from touchpoint.graph_model.resolution.frames import star_edges


def test_star_runs_from_each_groups_lowest_record_to_its_others() -> None:
    frame = pd.DataFrame(
        {
            "record_id": ["r9", "r2", "r5", "r7", "r1"],
            "person_id": ["p1", "p1", "p1", "p2", "p3"],
        }
    )
    star = star_edges(frame, "person_id")
    edges = sorted(zip(star["record_a"], star["record_b"], strict=True))
    assert edges == [("r2", "r5"), ("r2", "r9")]  # a group of one needs no edge


def test_star_of_no_records_is_empty_with_both_columns() -> None:
    frame = pd.DataFrame(
        {"record_id": pd.Series([], dtype=object), "g": pd.Series([], dtype=object)}
    )
    star = star_edges(frame, "g")
    assert star.empty
    assert list(star.columns) == ["record_a", "record_b"]
