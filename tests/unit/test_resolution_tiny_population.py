"""A first delivery can be tiny: resolution must train and score, not crash (Splink's EM
raises on a blocking rule with no pairs, and estimates a zero prior with no matches)."""

from __future__ import annotations

import pandas as pd

from touchpoint.graph_model.resolution.features import build_features
from touchpoint.graph_model.resolution.probabilistic import has_blocked_pair, score, train_model
from touchpoint.graph_model.resolution.settings import load_resolution_settings
from touchpoint.graph_model.resolution.testdata import make_records


def _two_different_people() -> pd.DataFrame:
    records = make_records(120, seed=21)
    two = records[records["person"].isin(records["person"].unique()[:2])]
    return two.drop_duplicates("person").drop(columns=["person"])


def test_two_unrelated_records_train_and_score_without_links() -> None:
    features = build_features(_two_different_people())
    cfg = load_resolution_settings(u_sample_pairs=10_000, backend="duckdb")
    model = train_model(features, cfg)
    assert 0 < model["probability_two_random_records_match"] < 1
    edges = score(features, model, cfg)
    assert edges.empty


def test_has_blocked_pair_needs_two_records_agreeing_on_every_non_null_column() -> None:
    frame = pd.DataFrame({"dob": ["2010-01-02", "2010-01-02", None, None],
                          "pc": ["LS1", "LS2", "LS3", "LS3"]})  # fmt: skip
    assert not has_blocked_pair(frame, ["dob", "pc"])
    assert has_blocked_pair(frame, ["dob"])
    assert has_blocked_pair(frame, ["pc"])
