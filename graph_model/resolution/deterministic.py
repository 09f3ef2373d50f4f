"""Deterministic rules on checked strong identifiers (NHS number, NI number, UPN).

Two records sharing an identifier that passes its check (``<id>_auth``: a valid NHS number, a
well-formed NI number, a permanent UPN with its check letter) are linked outright, unless a
guard holds the pair back (see guards.py: another checked identifier that differs, dates of
birth that cannot be one person's, a same-named parent and child) - then it goes to review,
never silently away. Values that fail their check, and soft identifiers, never link on
their own: they are evidence in the probabilistic model.
"""

from __future__ import annotations

import json

import pandas as pd

from touchpoint.graph_model.resolution.frames import star_edges

EDGE_COLUMNS = ["record_a", "record_b", "probability", "method", "evidence"]


ALL_PAIRS_UP_TO = 8


def identifier_edges(features: pd.DataFrame, checked: list[str]) -> pd.DataFrame:
    """Every pair of records sharing a checked identifier value, for values held by up to
    ``ALL_PAIRS_UP_TO`` records (so one guarded record cannot cut the others apart); a star
    from the lowest record id beyond that (n - 1 edges, not n squared)."""
    frames = []
    for column in checked:
        auth = f"{column}_auth"
        if auth not in features:
            continue
        held = features.loc[features[auth].notna(), ["record_id", auth]]
        size = held.groupby(auth)["record_id"].transform("size")
        small = held[(size > 1) & (size <= ALL_PAIRS_UP_TO)]
        both = small.merge(small, on=auth, suffixes=("_a", "_b"))
        both = both[both["record_id_a"] < both["record_id_b"]]
        frames.append(pd.DataFrame({"a": both["record_id_a"], "b": both["record_id_b"]}))
        star = star_edges(held[size > ALL_PAIRS_UP_TO], auth)
        frames.append(star.set_axis(["a", "b"], axis=1))
        frames[-2:] = [f.assign(id=column) for f in frames[-2:]]
    if not frames or all(f.empty for f in frames):
        return pd.DataFrame(columns=EDGE_COLUMNS)
    pairs = pd.concat(frames, ignore_index=True)
    low = pairs["a"].where(pairs["a"] < pairs["b"], pairs["b"])
    high = pairs["b"].where(pairs["a"] < pairs["b"], pairs["a"])
    # which identifiers each pair shares, as a bit mask summed per pair: a per-pair Python
    # aggregation (``agg(sorted)``) cost a second at 50k records
    names = sorted(pairs["id"].unique())
    bit = pairs["id"].map({name: 1 << i for i, name in enumerate(names)})
    edges = pd.DataFrame({"record_a": low, "record_b": high, "bit": bit}).drop_duplicates()
    edges = edges.groupby(["record_a", "record_b"], as_index=False)["bit"].sum()
    evidence = {
        mask: json.dumps({"rule": "same checked identifier",
                          "identifiers": [n for i, n in enumerate(names) if mask >> i & 1]})
        for mask in edges["bit"].unique()
    }  # fmt: skip
    edges["probability"] = 1.0
    edges["method"] = "identifier"
    edges["evidence"] = edges["bit"].map(evidence)
    return edges[EDGE_COLUMNS].reset_index(drop=True)
