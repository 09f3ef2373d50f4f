"""Stable Person ids across reruns, new loads, merges and splits.

Saved views, flags and review decisions point at a ``person_id``, so a rerun must hand each
new cluster the id it had before whenever that is unambiguous:

* a previous id goes to the cluster now holding most of its records (ties: lowest cluster);
* a cluster offered several previous ids keeps the one with most of its records (ties:
  lowest id); the others are ``merged`` and record ``merged_into``;
* a previous id whose records now sit in several clusters records ``split_into``;
* a cluster with no previous id gets ``stable_id("person", lowest record_id)`` (salted if
  that id was ever used, so a retired id is never handed out again);
* a previous id with no records left is ``retired``.

Neo4j element ids are never used.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from touchpoint.graph_model.model.ids import stable_id


@dataclass
class IdentityPlan:
    """cluster root -> person id, plus what happened to ids that did not survive as-is."""

    person_of_cluster: dict[str, str]
    merged_into: dict[str, str] = field(default_factory=dict)
    split_into: dict[str, list[str]] = field(default_factory=dict)
    retired: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)


IdsTaken = Callable[[Collection[str]], set[str]]
"""Which of these person ids were ever issued (a set's ``intersection`` will do)."""


def plan_identities(
    assignment: dict[str, str], previous: dict[str, str], taken: IdsTaken
) -> IdentityPlan:
    """``assignment``: record -> cluster root; ``previous``: record -> person id it had;
    ``taken`` answers for the candidate fresh ids only, so a run that creates a few people
    does not read every person id ever issued."""
    # clusters and previous ids as integer codes in string order (factorize(sort=True)), so
    # every sort and group below is on integers - on 250k record ids as strings the sorts
    # took over a second - and ties still break by the lowest id
    cluster_code, clusters = pd.factorize(pd.Series(list(assignment.values()), dtype=object),
                                          sort=True)  # fmt: skip
    had = pd.Series(list(assignment), dtype=object).map(previous)
    held = had.notna().to_numpy()
    prev_code, prevs = pd.factorize(had[held], sort=True)
    counts = (
        pd.DataFrame({"prev": prev_code, "cluster": cluster_code[held]})
        .groupby(["prev", "cluster"]).size().reset_index(name="n")
    )  # fmt: skip
    heirs = counts.sort_values(["prev", "n", "cluster"], ascending=[True, False, True])
    heir_code = heirs.drop_duplicates("prev").set_index("prev")["cluster"]
    offers = counts[counts["prev"].map(heir_code) == counts["cluster"]]
    offers = offers.sort_values(["cluster", "n", "prev"], ascending=[True, False, True])
    kept_code = offers.drop_duplicates("cluster").set_index("cluster")["prev"]
    heir_of = dict(zip(prevs[heir_code.index.to_numpy()], clusters[heir_code.to_numpy()],
                       strict=True))  # fmt: skip
    kept = dict(zip(clusters[kept_code.index.to_numpy()], prevs[kept_code.to_numpy()],
                    strict=True))  # fmt: skip

    plan = IdentityPlan(person_of_cluster=dict(kept))
    fresh = list(clusters[np.setdiff1d(np.arange(len(clusters)), kept_code.index.to_numpy())])
    used = set(previous.values())
    used |= taken({stable_id("person", root) for root in fresh} - used)
    for root in fresh:
        person_id = _fresh_id(root, used, taken)
        used.add(person_id)
        plan.person_of_cluster[root] = person_id
        plan.created.append(person_id)
    for prev, root in heir_of.items():
        if kept.get(root) != prev:
            plan.merged_into[prev] = plan.person_of_cluster[root]
    spread = counts[counts.duplicated("prev", keep=False)].groupby("prev")["cluster"].agg(list)
    for code, roots in spread.items():
        old_id = prevs[code]
        targets = sorted({plan.person_of_cluster[clusters[r]] for r in roots} - {old_id})
        if targets:
            plan.split_into[old_id] = targets
    plan.retired = sorted(set(previous.values()) - set(heir_of))
    return plan


def _fresh_id(root_record: str, used: set[str], taken: IdsTaken) -> str:
    """``used`` already answers for the unsalted candidate; a salted one is asked about."""
    candidate, salt = stable_id("person", root_record), 0
    while candidate in used or (salt and taken({candidate})):
        salt += 1
        candidate = stable_id("person", root_record, salt)
    return candidate
