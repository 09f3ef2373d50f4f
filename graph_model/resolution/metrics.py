"""Quality of a resolution against known truth: pairwise and cluster-level figures.

Pairs are counted from a contingency table (never enumerated), so a million records cost a
groupby: true positives are the pairs that share both a predicted and a true person.
"""

from __future__ import annotations

import numpy as np
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


def _pair_keys(groups: pd.Series) -> np.ndarray:
    """Sorted int64 keys (i * n + j, i < j) of every pair of positions sharing a group."""
    n = len(groups)
    codes = pd.factorize(groups, use_na_sentinel=True)[0]
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    keys = []
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    ends = np.r_[starts[1:], len(order)]
    for start, end in zip(starts, ends, strict=True):
        if end - start < 2 or sorted_codes[start] < 0:
            continue
        members = np.sort(order[start:end])
        i, j = np.triu_indices(len(members), k=1)
        keys.append(members[i].astype(np.int64) * n + members[j])
    return np.sort(np.concatenate(keys)) if keys else np.array([], dtype=np.int64)


def _prf(tp: int, predicted: int, true: int) -> dict[str, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs": true, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4)}  # fmt: skip


def quality_by_tag(
    records: pd.DataFrame, predicted: pd.Series, confusers: pd.DataFrame
) -> dict[str, object]:
    """Pairwise precision / recall / F1 overall and per tag (a record's ``errors`` and its
    person's ``scenario``: a pair counts for a tag when either record carries it), plus the
    automatic merges of people planted to be confused (twins, parent and child, namesakes).

    ``records``: record_id, person, errors (';'-joined), scenario; ``predicted``: record id
    -> predicted person."""
    frame = records.reset_index(drop=True)
    n = len(frame)
    pred = _pair_keys(frame["record_id"].map(predicted))
    true = _pair_keys(frame["person"])
    hit = np.isin(pred, true, assume_unique=True)
    result: dict[str, object] = {"overall": _prf(int(hit.sum()), len(pred), len(true))}
    tags = (frame["errors"].fillna("") + ";" + frame["scenario"].fillna("")).str.split(";")
    by_tag: dict[str, dict[str, float]] = {}
    for tag in sorted({t for ts in tags for t in ts if t}):
        carries = tags.map(lambda ts, t=tag: t in ts).to_numpy()
        touch_pred = carries[pred // n] | carries[pred % n]
        touch_true = carries[true // n] | carries[true % n]
        by_tag[tag] = _prf(int((hit & touch_pred).sum()), int(touch_pred.sum()),
                           int(touch_true.sum()))  # fmt: skip
    result["by_tag"] = by_tag
    person = frame["person"].to_numpy()
    linked = list(zip(person[pred // n], person[pred % n], strict=True))
    merges: dict[str, int] = {}
    for kind, group in confusers.groupby("kind"):
        planted = set(zip(group["person_a"], group["person_b"], strict=True))
        planted |= {(b, a) for a, b in planted}
        merges[str(kind)] = sum((a, b) in planted for a, b in linked)
    common = set(frame.loc[frame["scenario"] == "common_name", "person"])
    merges["common_name"] = sum(a != b and a in common and b in common for a, b in linked)
    result["confuser_merges"] = merges
    return result
