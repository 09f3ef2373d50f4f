"""Clustering scored pairs into people, with constraints a plain connected-components pass
lacks (groups.py): checked identifiers that differ never end up in one person, human
rejections and splits are cannot-links, human confirmations are must-links, and pairs a guard
held back cannot be joined through a third record unless a record vouches for it.

Edges are taken strongest first (human, identifier, then by probability) and merged unless a
constraint forbids it; so one weak bridge cannot chain two people whose records disagree on
an NHS number. A probable pair whose groups may not merge goes to review (and is counted).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from touchpoint.graph_model.resolution.groups import BY_DATE, CONFLICT, Facts, Groups

APART = BY_DATE | {CONFLICT}
"""Guards that hold a pair apart as two people: reviewed only when the model says one person."""
METHOD_RANK = {"kept": 0, "human": 1, "identifier": 2, "probabilistic": 3}
REFUSED = {CONFLICT: "group_identifier_conflict", "guard": "held_apart_by_group"}
"""Review reasons of a probable pair whose two groups may not merge (see Groups.refusal)."""
__all__ = ["CONFLICT", "Clusters", "auto_linkable", "cluster", "record_links"]


@dataclass
class Clusters:
    """Result: record -> cluster root, accepted edges, candidate pairs for human review."""

    assignment: dict[str, str]
    accepted: pd.DataFrame
    review: pd.DataFrame
    blocked: Counter = field(default_factory=Counter)


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
    held_apart_review: float = 0.99,
    records: pd.DataFrame | None = None,
    dates: tuple[int, float] = (366, 12.0),
) -> Clusters:
    """Constrained greedy clustering; ``identifiers`` has record_id + one column per checked
    identifier (values that may veto); ``edges`` may carry a ``guard`` reason per edge;
    ``records`` (the features: names, dates of birth, ``<id>_auth``) lets a third record
    vouch for a held pair; ``dates``: (plausible days apart, generation gap in years)."""
    groups = Groups(parent={r: r for r in record_ids})
    _seed_identifiers(groups, identifiers)
    _seed_rejections(groups, cannot_link)
    ordered = _order(edges)
    if "guard" in ordered:
        held = ordered[ordered["guard"].notna()]
        groups.hold(zip(held["record_a"], held["record_b"], held["guard"], strict=True))
    if records is not None:
        checked = [c for c in identifiers.columns if c != "record_id"]
        groups.facts = Facts(records, checked, dates[0], dates[1] * 365.25)
    auto = auto_linkable(ordered, upper).to_numpy()
    human = (ordered["method"] == "human").to_numpy()
    accepted_rows, blocked, refused = [], Counter(), {}
    for i, (a, b) in enumerate(zip(ordered["record_a"], ordered["record_b"], strict=True)):
        if not auto[i] or a not in groups.parent or b not in groups.parent:
            continue
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb:
            accepted_rows.append(i)
            continue
        refusal = groups.refusal(ra, rb, bool(human[i]))
        if refusal:
            blocked[refusal] += 1
            if refusal != "decision":
                refused[i] = REFUSED[refusal]
            continue
        groups.union(ra, rb)
        accepted_rows.append(i)
    assignment = {r: groups.find(r) for r in record_ids}
    accepted = ordered.iloc[accepted_rows].reset_index(drop=True)
    review = _review_candidates(ordered, auto, refused, groups, held_apart_review)
    return Clusters(assignment, accepted, review, blocked)


def _seed_rejections(groups: Groups, pairs: list[tuple[str, str]]) -> None:
    for a, b in pairs:
        if a in groups.parent and b in groups.parent:
            groups.cannot.setdefault(a, set()).add(b)
            groups.cannot.setdefault(b, set()).add(a)


def _seed_identifiers(groups: Groups, identifiers: pd.DataFrame) -> None:
    for column in identifiers.columns.drop("record_id"):
        held = identifiers.loc[identifiers[column].notna(), ["record_id", column]]
        for record, value in zip(held["record_id"], held[column], strict=True):
            if record in groups.parent:
                groups.ids.setdefault(record, {})[column] = {value}


def _order(edges: pd.DataFrame) -> pd.DataFrame:
    ranked = edges.assign(_rank=edges["method"].map(METHOD_RANK).fillna(9))
    ranked = ranked.sort_values(
        ["_rank", "probability", "record_a", "record_b"], ascending=[True, False, True, True]
    )
    return ranked.drop(columns="_rank").reset_index(drop=True)


def _review_candidates(
    ordered: pd.DataFrame,
    auto: np.ndarray,
    refused: dict[int, str],
    groups: Groups,
    held_apart_review: float,
) -> pd.DataFrame:
    """Pairs a human should look at: not auto-linked (or linkable but kept apart by their
    groups), of two groups still apart that no human decision keeps apart; a pair a guard
    holds apart as two people (identifier conflict, a generation apart, impossible dates) only
    when the evidence says one person (``held_apart_review``). One pair per two groups - the
    strongest, its probabilistic edge rather than its identifier rule - since a decision on it
    settles the two groups (a confirmation merges them, a rejection keeps them apart)."""
    held = ~auto.copy()
    held[list(refused)] = True
    candidates = ordered[held & ordered["method"].isin(["probabilistic", "identifier"])].copy()
    if refused:
        reasons = pd.Series(refused)
        candidates.loc[candidates.index.isin(reasons.index), "guard"] = reasons
    if "guard" in candidates:
        weak = candidates["guard"].isin(APART) & (candidates["probability"] < held_apart_review)
        candidates = candidates[~weak]
    roots_a = candidates["record_a"].map(groups.find)
    roots_b = candidates["record_b"].map(groups.find)
    apart = np.array(
        [ra != rb and not groups.rejected(ra, rb) for ra, rb in zip(roots_a, roots_b, strict=True)],
        dtype=bool,
    )
    candidates = candidates.assign(
        _pair=np.where(roots_a < roots_b, roots_a + "|" + roots_b, roots_b + "|" + roots_a),
        _scored=candidates["method"] == "probabilistic",
    )[apart]
    candidates = candidates.sort_values(["_scored", "probability"], ascending=False, kind="stable")
    candidates = candidates.drop_duplicates("_pair").drop(columns=["_pair", "_scored"])
    return candidates.reset_index(drop=True)


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
    # each record's edges grouped by an integer code, not sorted by the id string: a sort
    # on 500k strings took seconds (the order of the groups does not matter, the merge below
    # puts the records back in assignment order)
    both = both.assign(
        _record=pd.factorize(both["record_id"])[0],
        _rank=both["method"].map(METHOD_RANK).fillna(9),
    )
    best = both.sort_values(["_record", "_rank", "probability"], ascending=[True, True, False])
    best = best.drop_duplicates("_record").drop(columns=["_record", "_rank"])
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
