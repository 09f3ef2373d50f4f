"""Pairwise and cluster-level quality figures used by the benchmark."""

from __future__ import annotations

import pandas as pd

from touchpoint.graph_model.resolution.metrics import resolution_quality


def test_quality_counts_pairs_and_whole_people() -> None:
    truth = pd.Series({"a": "T1", "b": "T1", "c": "T1", "d": "T2", "e": "T3"})
    predicted = pd.Series({"a": "P1", "b": "P1", "c": "P2", "d": "P2", "e": "P3"})
    q = resolution_quality(predicted, truth)
    assert q["pairwise_precision"] == 0.5  # (a,b) right, (c,d) wrong
    assert q["pairwise_recall"] == round(1 / 3, 4)  # of (a,b), (a,c), (b,c)
    assert q["people_exactly_right"] == round(1 / 3, 4)  # only T3
    assert q["cluster_purity"] == round(2 / 3, 4)
