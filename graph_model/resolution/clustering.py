"""Clustering scored pairs into people, with constraints a plain connected-components pass
lacks: checked identifiers that differ never end up in one person, human rejections and
splits are cannot-links, human confirmations are must-links, and a pair a guard held back as
two people (guards.py: an identifier conflict, a parent and child, impossible dates of
birth) may not be joined through a third record either. A twin-like pair may be joined
through a third record only when some record of the group carries both forenames (a
"Victoria Anna" record explains "Victoria" and "Anna"); a pair held back only for a missing
date of birth is no constraint (nothing says they are two people).

Edges are taken strongest first (human, identifier, then by probability) and merged with a
union-find unless a constraint forbids it; so one weak bridge cannot chain two people whose
records disagree on an NHS number.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

import jellyfish
import numpy as np
import pandas as pd

METHOD_RANK = {"kept": 0, "human": 1, "identifier": 2, "probabilistic": 3}
CONFLICT = "identifier_conflict"
APART = frozenset({CONFLICT, "generational", "dob_implausible"})
TWIN = "twin"


@dataclass
class Clusters:
    """Result: record -> cluster root, accepted edges, candidate pairs for human review."""

    assignment: dict[str, str]
    accepted: pd.DataFrame
    review: pd.DataFrame
    blocked: Counter = field(default_factory=Counter)


def _differ(a: set[str], b: set[str]) -> bool:
    """Two sets of checked values of one identifier hold a pair more than a typo apart."""
    return any(x != y and jellyfish.damerau_levenshtein_distance(x, y) > 1 for x in a for y in b)


@dataclass
class _UnionFind:
    parent: dict[str, str]
    ids: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    cannot: dict[str, set[str]] = field(default_factory=dict)  # human rejections, splits
    guarded: dict[str, set[str]] = field(default_factory=dict)  # held back as two people
    twins: dict[str, set[str]] = field(default_factory=dict)  # record -> twin-like records
    with_twins: dict[str, set[str]] = field(default_factory=dict)  # root -> such members
    forename: dict[str, str] = field(default_factory=dict)  # record -> forename
    carriers: dict[frozenset[str], set[str]] = field(default_factory=dict)  # names -> records

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def _apart(self, table: dict[str, set[str]], ra: str, rb: str) -> bool:
        a, b = table.get(ra), table.get(rb)
        if a and any(self.find(r) == rb for r in a):
            return True
        return bool(b and any(self.find(r) == ra for r in b))

    def refusal(self, ra: str, rb: str, human: bool) -> str | None:
        """Why the two groups may not merge (None: they may). A human confirmation overrides
        everything but another human decision."""
        if self._apart(self.cannot, ra, rb):
            return "decision"
        if human:
            return None
        ids_a, ids_b = self.ids.get(ra), self.ids.get(rb)
        if ids_a and ids_b and any(_differ(v, ids_b[k]) for k, v in ids_a.items() if k in ids_b):
            return CONFLICT
        if self._apart(self.guarded, ra, rb) or self._twins_unexplained(ra, rb):
            return "guard"
        return None

    def _twins_unexplained(self, ra: str, rb: str) -> bool:
        """A twin-like pair across the two groups whose forenames no record carries both."""
        for a in self.with_twins.get(ra, ()):
            for b in self.twins[a]:
                if self.find(b) == rb and not self._explained(a, b, ra, rb):
                    return True
        return False

    def _explained(self, a: str, b: str, ra: str, rb: str) -> bool:
        """Some record of either group carries both forenames (first, middle or alias)."""
        key = frozenset((self.forename.get(a, ""), self.forename.get(b, "")))
        return any(self.find(x) in (ra, rb) for x in self.carriers.get(key, ()))

    def union(self, ra: str, rb: str) -> None:
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        self.parent[gone] = keep
        for table in (self.cannot, self.guarded):
            if gone in table:
                table.setdefault(keep, set()).update(table.pop(gone))
        if gone in self.with_twins:
            self.with_twins.setdefault(keep, set()).update(self.with_twins.pop(gone))
        if gone in self.ids:
            merged = self.ids.setdefault(keep, {})
            for column, values in self.ids.pop(gone).items():
                merged.setdefault(column, set()).update(values)


def auto_linkable(edges: pd.DataFrame, upper: float) -> pd.Series:
    """Which edges may link without a human: kept and human edges; identifier links and
    probable pairs that no guard holds back."""
    strong = edges["method"].isin(["kept", "human"])
    free = edges["guard"].isna() if "guard" in edges else pd.Series(True, index=edges.index)
    probable = (edges["method"] == "probabilistic") & (edges["probability"] >= upper)
    return strong | (free & ((edges["method"] == "identifier") | probable))


def cluster(
    record_ids: list[str],
    edges: pd.DataFrame,
    identifiers: pd.DataFrame,
    cannot_link: list[tuple[str, str]],
    upper: float,
    conflict_review: float = 0.99,
    names: pd.DataFrame | None = None,
) -> Clusters:
    """Constrained greedy clustering; ``identifiers`` has record_id + one column per checked
    identifier (values that may veto); ``edges`` may carry a ``guard`` reason per edge;
    ``names`` (record_id, forename, name_tokens) lets a third record explain twin-like pairs."""
    uf = _UnionFind(parent={r: r for r in record_ids})
    _seed_identifiers(uf, identifiers)
    _pairs_into(uf.cannot, uf.parent, cannot_link)
    ordered = _order(edges)
    if "guard" in ordered:
        apart = ordered[ordered["guard"].isin(APART)]
        _pairs_into(uf.guarded, uf.parent, zip(apart["record_a"], apart["record_b"], strict=True))
        twins = ordered[ordered["guard"] == TWIN]
        _pairs_into(uf.twins, uf.parent, zip(twins["record_a"], twins["record_b"], strict=True))
        uf.with_twins = {r: {r} for r in uf.twins}
    if names is not None:
        _seed_names(uf, names)
    auto = auto_linkable(ordered, upper).to_numpy()
    human = (ordered["method"] == "human").to_numpy()
    accepted_rows, blocked = [], Counter()
    for i, (a, b) in enumerate(zip(ordered["record_a"], ordered["record_b"], strict=True)):
        if not auto[i] or a not in uf.parent or b not in uf.parent:
            continue
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            accepted_rows.append(i)
            continue
        refusal = uf.refusal(ra, rb, bool(human[i]))
        if refusal:
            blocked[refusal] += 1
            continue
        uf.union(ra, rb)
        accepted_rows.append(i)
    assignment = {r: uf.find(r) for r in record_ids}
    accepted = ordered.iloc[accepted_rows].reset_index(drop=True)
    review = _review_candidates(ordered, auto, assignment, cannot_link, conflict_review)
    return Clusters(assignment, accepted, review, blocked)


def _pairs_into(table: dict[str, set[str]], known: dict[str, str], pairs) -> None:
    for a, b in pairs:
        if a in known and b in known:
            table.setdefault(a, set()).add(b)
            table.setdefault(b, set()).add(a)


def _seed_names(uf: _UnionFind, names: pd.DataFrame) -> None:
    """Forenames of twin-like records, and which records carry each pair of them."""
    first = names.set_index("record_id")["forename"]
    wanted: set[frozenset[str]] = set()
    for a, others in uf.twins.items():
        for b in others:
            fa, fb = first.get(a), first.get(b)
            if isinstance(fa, str) and isinstance(fb, str):
                uf.forename[a], uf.forename[b] = fa, fb
                wanted.add(frozenset((fa, fb)))
    relevant = {n for pair in wanted for n in pair}
    if not relevant:
        return
    tokens = names[["record_id", "name_tokens"]].explode("name_tokens")
    tokens = tokens[tokens["name_tokens"].isin(relevant)]
    held = tokens.groupby("record_id")["name_tokens"].agg(frozenset)
    for record, carried in held[held.map(len) > 1].items():
        for pair in wanted:
            if pair <= carried:
                uf.carriers.setdefault(pair, set()).add(record)


def _seed_identifiers(uf: _UnionFind, identifiers: pd.DataFrame) -> None:
    for column in identifiers.columns.drop("record_id"):
        held = identifiers.loc[identifiers[column].notna(), ["record_id", column]]
        for record, value in zip(held["record_id"], held[column], strict=True):
            if record in uf.parent:
                uf.ids.setdefault(record, {})[column] = {value}


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
    conflict_review: float,
) -> pd.DataFrame:
    """Pairs a human should look at: not auto-linked, still apart, not already rejected; a
    pair vetoed by an identifier conflict only when the other evidence is strong. The
    probabilistic edge of a pair is shown in preference to its identifier rule."""
    rejected = {tuple(sorted(p)) for p in cannot_link}
    candidates = ordered[~auto & ordered["method"].isin(["probabilistic", "identifier"])]
    if "guard" in candidates:
        weak = (candidates["guard"] == CONFLICT) & (candidates["probability"] < conflict_review)
        candidates = candidates[~weak]
    apart = np.array(
        [
            assignment.get(a) != assignment.get(b) and (a, b) not in rejected
            for a, b in zip(candidates["record_a"], candidates["record_b"], strict=True)
        ],
        dtype=bool,
    )
    candidates = candidates[apart].sort_values("method", ascending=False, kind="stable")
    return candidates.drop_duplicates(["record_a", "record_b"]).reset_index(drop=True)


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
