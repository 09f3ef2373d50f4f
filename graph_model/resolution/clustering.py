"""Clustering scored pairs into people, with constraints a plain connected-components pass
lacks: conflicting strong identifiers never end up in one person, human rejections and
splits are cannot-links, human confirmations are must-links, and an automatic link needs the
forenames to agree somehow (identical twins share everything else).

Edges are taken strongest first (human, identifier, then by probability) and merged with a
union-find unless a constraint forbids it; so one weak bridge cannot chain two people whose
records disagree on an NHS number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

METHOD_RANK = {"kept": 0, "human": 1, "identifier": 2, "probabilistic": 3}
TWIN_GUARD_LEVEL = "different forename"


@dataclass
class Clusters:
    """Result: record -> cluster root, accepted edges, candidate pairs for human review."""

    assignment: dict[str, str]
    accepted: pd.DataFrame
    review: pd.DataFrame
    blocked: int = 0


@dataclass
class _UnionFind:
    parent: dict[str, str]
    ids: dict[str, dict[str, str]] = field(default_factory=dict)
    cannot: dict[str, set[str]] = field(default_factory=dict)

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def conflict(self, ra: str, rb: str) -> bool:
        ids_a, ids_b = self.ids.get(ra), self.ids.get(rb)
        if ids_a and ids_b and any(ids_b.get(k, v) != v for k, v in ids_a.items()):
            return True
        cannot_a, cannot_b = self.cannot.get(ra), self.cannot.get(rb)
        if cannot_a and any(self.find(r) == rb for r in cannot_a):
            return True
        return bool(cannot_b and any(self.find(r) == ra for r in cannot_b))

    def union(self, ra: str, rb: str) -> None:
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        self.parent[gone] = keep
        for table in (self.ids, self.cannot):
            if gone in table:
                merged = table.setdefault(keep, type(table[gone])())
                merged.update(table.pop(gone))


def auto_linkable(edges: pd.DataFrame, upper: float) -> pd.Series:
    """Which edges may link without a human: strong methods, or probable and not twin-like."""
    strong = edges["method"].isin(["kept", "human", "identifier"])
    probable = (edges["method"] == "probabilistic") & (edges["probability"] >= upper)
    twin_like = edges["evidence"].str.contains(f'"level": "{TWIN_GUARD_LEVEL}"', regex=False)
    return strong | (probable & ~twin_like)


def cluster(
    record_ids: list[str],
    edges: pd.DataFrame,
    identifiers: pd.DataFrame,
    cannot_link: list[tuple[str, str]],
    upper: float,
) -> Clusters:
    """Constrained greedy clustering; ``identifiers`` has record_id + one column per id."""
    uf = _UnionFind(parent={r: r for r in record_ids})
    _seed_identifiers(uf, identifiers)
    for a, b in cannot_link:
        if a in uf.parent and b in uf.parent:
            uf.cannot.setdefault(a, set()).add(b)
            uf.cannot.setdefault(b, set()).add(a)
    ordered = _order(edges)
    auto = auto_linkable(ordered, upper).to_numpy()
    accepted_rows, blocked = [], 0
    for i, (a, b) in enumerate(zip(ordered["record_a"], ordered["record_b"], strict=True)):
        if not auto[i] or a not in uf.parent or b not in uf.parent:
            continue
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            accepted_rows.append(i)
            continue
        if uf.conflict(ra, rb):
            blocked += 1
            continue
        uf.union(ra, rb)
        accepted_rows.append(i)
    assignment = {r: uf.find(r) for r in record_ids}
    accepted = ordered.iloc[accepted_rows].reset_index(drop=True)
    review = _review_candidates(ordered, auto, assignment, cannot_link)
    return Clusters(assignment, accepted, review, blocked)


def _seed_identifiers(uf: _UnionFind, identifiers: pd.DataFrame) -> None:
    for column in identifiers.columns.drop("record_id"):
        held = identifiers.loc[identifiers[column].notna(), ["record_id", column]]
        for record, value in zip(held["record_id"], held[column], strict=True):
            if record in uf.parent:
                uf.ids.setdefault(record, {})[column] = value


def _order(edges: pd.DataFrame) -> pd.DataFrame:
    ranked = edges.assign(_rank=edges["method"].map(METHOD_RANK).fillna(9))
    ranked = ranked.sort_values(
        ["_rank", "probability", "record_a", "record_b"], ascending=[True, False, True, True]
    )
    return ranked.drop(columns="_rank").reset_index(drop=True)


def _review_candidates(
    ordered: pd.DataFrame,
    auto: pd.Series,
    assignment: dict[str, str],
    cannot_link: list[tuple[str, str]],
) -> pd.DataFrame:
    """Pairs a human should look at: not auto-linked, still apart, not already rejected."""
    rejected = {tuple(sorted(p)) for p in cannot_link}
    candidates = ordered[~auto & (ordered["method"] == "probabilistic")]
    apart = [
        assignment.get(a) != assignment.get(b) and (a, b) not in rejected
        for a, b in zip(candidates["record_a"], candidates["record_b"], strict=True)
    ]
    return candidates[apart].drop_duplicates(["record_a", "record_b"]).reset_index(drop=True)


def record_links(clusters: Clusters) -> pd.DataFrame:
    """For each record, the strongest accepted edge that touches it: its explanation."""
    accepted = clusters.accepted
    both = pd.concat(
        [
            accepted.rename(columns={"record_a": "record_id", "record_b": "via"}),
            accepted.rename(columns={"record_b": "record_id", "record_a": "via"}),
        ],
        ignore_index=True,
    )
    both = both.assign(_rank=both["method"].map(METHOD_RANK).fillna(9))
    best = both.sort_values(["record_id", "_rank", "probability"], ascending=[True, True, False])
    best = best.drop_duplicates("record_id").drop(columns="_rank")
    links = pd.DataFrame({"record_id": list(clusters.assignment)}).merge(
        best, on="record_id", how="left"
    )
    alone = links["method"].isna()
    links.loc[alone, "method"] = "singleton"
    links.loc[alone, "probability"] = 1.0
    links.loc[alone, "evidence"] = json.dumps(
        {"rule": "no other record matched above the upper threshold"}
    )
    return links
