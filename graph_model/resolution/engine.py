"""Records in, people out: the whole of entity resolution between reading and writing.

Pure (no graph): ``service.resolve`` reads PersonRecords and decisions from Neo4j, calls
:func:`link_records`, and writes the result back; the quality benchmark and the tests call it
on generated records directly, so what they measure is exactly what ``touchpoint resolve``
does between its read and its write.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from touchpoint.graph_model.resolution.clustering import CONFLICT, Clusters, cluster
from touchpoint.graph_model.resolution.comparisons import ComparisonPlan
from touchpoint.graph_model.resolution.decisions import DecisionSet
from touchpoint.graph_model.resolution.deterministic import identifier_edges
from touchpoint.graph_model.resolution.features import FeatureSet, extract_features
from touchpoint.graph_model.resolution.guards import guard_reasons
from touchpoint.graph_model.resolution.probabilistic import model_plan, score, train_model
from touchpoint.graph_model.resolution.settings import ResolutionSettings

EDGE_COLUMNS = ["record_a", "record_b", "probability", "method", "evidence"]


@dataclass
class LinkResult:
    """Everything a run decided, and the figures the run report is made of."""

    features: pd.DataFrame
    plan: ComparisonPlan
    model: dict[str, Any]
    clusters: Clusters
    candidate_pairs: int = 0
    counts: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def features_for(raw: pd.DataFrame, cfg: ResolutionSettings) -> FeatureSet:
    return extract_features(raw, cfg.identifier_max_failing_share, cfg.max_soft_identifiers)


def link_records(
    raw: pd.DataFrame,
    cfg: ResolutionSettings,
    decisions: DecisionSet | None = None,
    model: dict[str, Any] | None = None,
    new_ids: set[str] | None = None,
    kept_edges: pd.DataFrame | None = None,
    feature_set: FeatureSet | None = None,
) -> LinkResult:
    """Train (unless ``model`` is given), score, guard and cluster ``raw`` records.

    ``new_ids``: score only pairs touching these records (incremental); ``kept_edges`` hold
    everyone else to the people they already form."""
    decisions = decisions or DecisionSet()
    clock = _Clock()
    fs = feature_set or features_for(raw, cfg)
    features, notes = fs.frame, []
    clock.lap("features")
    if model is None:
        plan = fs.plan()
        model = train_model(features, cfg, plan, notes) if len(features) > 1 else {}
    plan = model_plan(model) if model else fs.plan()
    clock.lap("train")
    frames = [decisions.confirmed_edges(), identifier_edges(features, plan.checked)]
    scored = None
    if model and (new_ids is None or new_ids):
        scored = score(features, model, cfg, new_ids, notes)
        frames.append(scored)
    if kept_edges is not None:
        frames.insert(0, kept_edges)
    frames = [f for f in frames if not f.empty]
    edges = pd.concat(frames, ignore_index=True)[EDGE_COLUMNS] if frames else _no_edges()
    clock.lap("score")
    edges["guard"] = guard_reasons(edges, features, list(plan.identifiers), plan.checked, cfg)
    clock.lap("guards")
    auth = [f"{c}_auth" for c in plan.checked]
    ids = features[["record_id", *auth]].rename(columns=lambda c: c.removesuffix("_auth"))
    clusters = cluster(
        features["record_id"].tolist(),
        edges,
        ids,
        decisions.cannot_link,
        cfg.upper_threshold,
        cfg.held_apart_review_threshold,
        features,
        (cfg.dob_plausible_days, cfg.generational_gap_years),
    )
    result = LinkResult(features, plan, model, clusters, notes=notes)
    result.candidate_pairs = 0 if scored is None else len(scored)
    result.counts = _counts(edges, clusters, fs)
    clock.lap("cluster")
    result.seconds = clock.laps
    return result


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._since = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.laps[step] = round(now - self._since, 2)
        self._since = now


def _no_edges() -> pd.DataFrame:
    return pd.DataFrame(columns=EDGE_COLUMNS)


def _counts(edges: pd.DataFrame, clusters: Clusters, fs: FeatureSet) -> dict[str, Any]:
    """Every decision a guard or a veto took, counted (the run report must be truthful)."""
    guarded = edges[edges["guard"].notna()].drop_duplicates(["record_a", "record_b"])
    review = clusters.review
    reasons = review["guard"].fillna("between_thresholds") if "guard" in review else review
    vetoed = int((guarded["guard"] == CONFLICT).sum())
    return {
        "guarded_pairs": {str(k): int(v) for k, v in guarded["guard"].value_counts().items()},
        "blocked_by_conflict": vetoed + clusters.blocked[CONFLICT],
        "conflict_pairs": vetoed,
        "conflict_reviews": int((reasons == CONFLICT).sum()) if len(review) else 0,
        "conflict_merges_refused": clusters.blocked[CONFLICT],
        "guard_merges_refused": clusters.blocked["guard"],
        "decision_merges_refused": clusters.blocked["decision"],
        "review_reasons": {str(k): v for k, v in Counter(reasons).items()},
        "identifier_checks": {c: t.describe() for c, t in fs.trust.items()},
    }
