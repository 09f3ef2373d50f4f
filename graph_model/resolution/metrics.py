"""Quality of a resolution against known truth: pairwise and cluster-level figures.

Pairs are counted from a contingency table (never enumerated), so a million records cost a
groupby: true positives are the pairs that share both a predicted and a true person.
"""

from __future__ import annotations

import pandas as pd


def _pairs(sizes: pd.Series) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def resolution_quality(predicted: pd.Series, truth: pd.Series) -> dict[str, float]:
    """``predicted`` and ``truth``: record id -> person id, on the same records."""
    frame = pd.DataFrame({"pred": predicted, "true": truth}).dropna()
    tp = _pairs(frame.groupby(["pred", "true"]).size())
    pred_pairs = _pairs(frame.groupby("pred").size())
    true_pairs = _pairs(frame.groupby("true").size())
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    by_pred = frame.groupby("pred")["true"].nunique()
    by_true = frame.groupby("true").agg(
        n_pred=("pred", "nunique"), first=("pred", "first"), size=("pred", "size")
    )
    pred_sizes = frame.groupby("pred").size()
    exact = (by_true["n_pred"] == 1) & (by_true["first"].map(pred_sizes) == by_true["size"])
    return {
        "records": len(frame),
        "true_people": int(frame["true"].nunique()),
        "predicted_people": int(frame["pred"].nunique()),
        "pairwise_precision": round(precision, 4),
        "pairwise_recall": round(recall, 4),
        "pairwise_f1": round(2 * precision * recall / (precision + recall), 4)
        if precision + recall
        else 0.0,
        "cluster_purity": round(float((by_pred == 1).mean()), 4),
        "cluster_completeness": round(float((by_true["n_pred"] == 1).mean()), 4),
        "people_exactly_right": round(float(exact.mean()), 4),
    }
