"""Deterministic rules on strong identifiers (NHS number, NI number, unique pupil number).

Two records sharing an identifier are linked outright, *unless* something else they hold
contradicts it: another strong identifier that differs, or dates of birth that cannot be the
same person's (not equal, not a day/month swap, more than a year apart). Conflicting
identifiers also veto any probabilistic link (see :func:`identifier_conflicts`).
"""

from __future__ import annotations

import json

import pandas as pd

EDGE_COLUMNS = ["record_a", "record_b", "probability", "method", "evidence"]


def _ordered(a: pd.Series, b: pd.Series) -> tuple[pd.Series, pd.Series]:
    low = a.where(a < b, b)
    high = b.where(a < b, a)
    return low, high


def identifier_conflicts(
    left: pd.DataFrame, right: pd.DataFrame, identifiers: list[str]
) -> pd.Series:
    """True where the two aligned rows both hold some identifier and the values differ."""
    conflict = pd.Series(False, index=left.index)
    for column in identifiers:
        a, b = left[column].to_numpy(), right[column].to_numpy()
        both = pd.notna(a) & pd.notna(b)
        conflict |= pd.Series(both & (a != b), index=left.index)
    return conflict


def dob_inconsistent(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """True where both dates exist and no typo or swap explains the difference."""
    a, b = left["dob"], right["dob"]
    both = a.notna() & b.notna()
    explained = (a == b) | (left["dob_swapped"] == b)
    years = pd.to_numeric(left["birth_year"], errors="coerce") - pd.to_numeric(
        right["birth_year"], errors="coerce"
    )
    close = years.abs() <= 1
    return both & ~explained & ~close


def identifier_edges(features: pd.DataFrame, identifiers: list[str]) -> pd.DataFrame:
    """Links from each record to the lowest record id sharing its identifier (a star per id)."""
    frames = []
    indexed = features.set_index("record_id", drop=False)
    for column in identifiers:
        held = features.loc[features[column].notna(), ["record_id", column]]
        if held.empty:
            continue
        anchor = held.groupby(column)["record_id"].transform("min")
        pairs = pd.DataFrame({"a": anchor, "b": held["record_id"], "id": column})
        frames.append(pairs[pairs["a"] != pairs["b"]])
    if not frames:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    pairs = pd.concat(frames, ignore_index=True)
    left = indexed.loc[pairs["a"]].reset_index(drop=True)
    right = indexed.loc[pairs["b"]].reset_index(drop=True)
    ok = ~identifier_conflicts(left, right, identifiers) & ~dob_inconsistent(left, right)
    pairs = pairs[ok.to_numpy()]
    if pairs.empty:  # every shared identifier was contradicted
        return pd.DataFrame(columns=EDGE_COLUMNS)
    low, high = _ordered(pairs["a"], pairs["b"])
    edges = pd.DataFrame({"record_a": low, "record_b": high, "id": pairs["id"]})
    edges = edges.groupby(["record_a", "record_b"], as_index=False)["id"].agg(sorted)
    edges["probability"] = 1.0
    edges["method"] = "identifier"
    edges["evidence"] = edges["id"].map(
        lambda ids: json.dumps({"rule": "same strong identifier", "identifiers": ids})
    )
    return edges[EDGE_COLUMNS].reset_index(drop=True)
