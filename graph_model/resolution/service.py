"""``touchpoint resolve``: read records, link them, write people back; full or incremental.

Full: every record is scored and clustered afresh (ids still survive, see identity.py).
Incremental: records that are new, changed (fingerprint differs) or touched by a new reject /
split decision are scored against everyone; everyone else keeps their person as a fixed
group, so new records join existing people instead of forcing a rebuild. The first run, or a
run without a stored model, is always full.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.resolution import store
from touchpoint.graph_model.resolution.clustering import cluster, record_links
from touchpoint.graph_model.resolution.decisions import DecisionSet, load_decision_set
from touchpoint.graph_model.resolution.deterministic import identifier_conflicts, identifier_edges
from touchpoint.graph_model.resolution.features import build_features, record_fingerprint
from touchpoint.graph_model.resolution.identity import IdentityPlan, plan_identities
from touchpoint.graph_model.resolution.probabilistic import (
    ModelMismatch,
    portable_model,
    score,
    train_model,
)
from touchpoint.graph_model.resolution.settings import ResolutionSettings
from touchpoint.graph_model.store.db import Graph

EDGE_COLUMNS = ["record_a", "record_b", "probability", "method", "evidence"]


@dataclass
class ResolveReport:
    """What one run did; printed by the CLI and stored on the ResolutionRun."""

    run_id: str
    mode: str
    records: int = 0
    scored_records: int = 0
    candidate_pairs: int = 0
    auto_links: int = 0
    review_pairs: int = 0
    blocked_by_conflict: int = 0
    persons: int = 0
    persons_created: int = 0
    merged_ids: int = 0
    split_ids: int = 0
    links_written: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def stats(self) -> dict[str, Any]:
        flat = {k: v for k, v in self.__dict__.items() if k not in ("seconds", "run_id", "mode")}
        flat["seconds_json"] = json.dumps(self.seconds)
        return flat


def resolve(
    graph: Graph, cfg: ResolutionSettings, full: bool = False, progress: Any = None
) -> ResolveReport:
    """Run entity resolution over the whole graph; returns the run's report."""
    started = datetime.now(UTC)
    previous_run = None if full else _compatible(store.latest_model(graph), cfg)
    mode = "incremental" if previous_run else "full"
    run_id = stable_id("resolve", started.isoformat())
    report = ResolveReport(run_id=run_id, mode=mode)
    graph.write(
        "resolution/run_start", run_id=run_id, mode=mode, settings_json=json.dumps(cfg.describe())
    )
    try:
        model = _run(graph, cfg, report, previous_run, progress)
    except Exception as exc:
        graph.write(
            "resolution/run_finish",
            run_id=run_id,
            status="failed",
            stats=report.stats(),
            model_json=None,
            error=f"{type(exc).__name__}: {exc}",
        )
        raise
    graph.write(
        "resolution/run_finish",
        run_id=run_id,
        status="completed",
        stats=report.stats(),
        model_json=json.dumps(model),
        error=None,
    )
    return report


def _compatible(previous: dict[str, Any] | None, cfg: ResolutionSettings) -> dict[str, Any] | None:
    """The stored model if it still fits the comparisons; otherwise a full run retrains."""
    if previous is None:
        return None
    try:
        portable_model(previous["model"], cfg)
    except (ModelMismatch, KeyError):
        return None
    return previous


def _timed(report: ResolveReport, step: str, since: float) -> float:
    now = time.perf_counter()
    report.seconds[step] = round(now - since, 2)
    return now


def _run(
    graph: Graph,
    cfg: ResolutionSettings,
    report: ResolveReport,
    previous_run: dict[str, Any] | None,
    progress: Any,
) -> dict[str, Any]:
    tick = time.perf_counter()
    raw = store.read_records(graph, cfg.page_size, progress, cfg.io_threads)
    report.records = len(raw)
    tick = _timed(report, "read", tick)
    features = build_features(raw)
    fingerprints = record_fingerprint(raw)
    decisions = load_decision_set(store.read_decisions(graph))
    tick = _timed(report, "features", tick)

    incremental = previous_run is not None
    new_ids = _records_to_score(raw, fingerprints, decisions, previous_run) if incremental else None
    if previous_run is not None:
        model = previous_run["model"]
    elif len(features) > 1:
        model = train_model(features, cfg)
    else:
        model = {}
    tick = _timed(report, "train", tick)

    edges = _edges(features, model, cfg, new_ids, decisions)
    if incremental:
        edges = pd.concat([_kept_edges(raw, new_ids), edges], ignore_index=True)
    report.scored_records = len(features) if new_ids is None else len(new_ids)
    report.candidate_pairs = int((edges["method"] == "probabilistic").sum())
    tick = _timed(report, "score", tick)

    ids = features[["record_id", *cfg.identifiers]]
    clusters = cluster(
        features["record_id"].tolist(), edges, ids, decisions.cannot_link, cfg.upper_threshold
    )
    previous = raw.dropna(subset=["person_id"]).set_index("record_id")["person_id"].to_dict()
    plan = plan_identities(clusters.assignment, previous, store.known_person_ids(graph))
    report.auto_links = int((clusters.accepted["method"] != "kept").sum())
    report.blocked_by_conflict = clusters.blocked
    report.review_pairs = len(clusters.review)
    tick = _timed(report, "cluster", tick)

    links = _link_rows(clusters, plan, raw, fingerprints, previous, new_ids)
    persons = _person_rows(raw, clusters.assignment, plan, set(links["person_id"]))
    changes = _identity_changes(plan, report.run_id)
    store.write_people(
        graph, persons, links, changes, report.run_id, cfg.write_batch_size, cfg.io_threads
    )
    store.write_reviews(
        graph, _review_rows(clusters.review), report.run_id, cfg.write_batch_size, not incremental
    )
    report.persons = len(set(plan.person_of_cluster.values()))
    report.persons_created = len(plan.created)
    report.merged_ids, report.split_ids = len(plan.merged_into), len(plan.split_into)
    report.links_written = len(links)
    _timed(report, "write", tick)
    return model


def _records_to_score(
    raw: pd.DataFrame,
    fingerprints: pd.Series,
    decisions: DecisionSet,
    previous_run: dict[str, Any],
) -> set[str]:
    """New, changed, or belonging to a person a newer reject/split decision touches."""
    unresolved = raw["person_id"].isna() | (raw["fingerprint"] != fingerprints)
    ids = set(raw.loc[unresolved, "record_id"])
    touched = decisions.records_decided_since(previous_run["started_at"])
    people = set(raw.loc[raw["record_id"].isin(touched), "person_id"].dropna())
    ids |= set(raw.loc[raw["person_id"].isin(people), "record_id"])
    return ids


def _edges(
    features: pd.DataFrame,
    model: dict[str, Any],
    cfg: ResolutionSettings,
    new_ids: set[str] | None,
    decisions: DecisionSet,
) -> pd.DataFrame:
    frames = [decisions.confirmed_edges(), identifier_edges(features, cfg.identifiers)]
    if model and (new_ids is None or new_ids):
        scored = score(features, model, cfg, new_ids)
        frames.append(_drop_conflicts(scored, features, cfg.identifiers))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[EDGE_COLUMNS]


def _drop_conflicts(edges: pd.DataFrame, features: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Conflicting strong identifiers veto a pair outright (not even a review candidate)."""
    if edges.empty:
        return edges
    indexed = features.set_index("record_id")[ids]
    left = indexed.loc[edges["record_a"]].reset_index(drop=True)
    right = indexed.loc[edges["record_b"]].reset_index(drop=True)
    return edges[~identifier_conflicts(left, right, ids).to_numpy()]


def _kept_edges(raw: pd.DataFrame, new_ids: set[str]) -> pd.DataFrame:
    """Existing people stay together: a star from each person's lowest record."""
    settled = raw[raw["person_id"].notna() & ~raw["record_id"].isin(new_ids)]
    anchor = settled.groupby("person_id")["record_id"].transform("min")
    star = pd.DataFrame({"record_a": anchor, "record_b": settled["record_id"]})
    star = star[star["record_a"] != star["record_b"]]
    return star.assign(probability=1.0, method="kept", evidence="{}")


def _link_rows(
    clusters: Any,
    plan: IdentityPlan,
    raw: pd.DataFrame,
    fingerprints: pd.Series,
    previous: dict[str, str],
    new_ids: set[str] | None,
) -> pd.DataFrame:
    links = record_links(clusters)
    links["person_id"] = links["record_id"].map(clusters.assignment).map(plan.person_of_cluster)
    links["fingerprint"] = links["record_id"].map(
        dict(zip(raw["record_id"], fingerprints, strict=True))
    )
    if new_ids is not None:
        moved = links["person_id"] != links["record_id"].map(previous)
        links = links[moved | links["record_id"].isin(new_ids)]
    return links[
        ["record_id", "person_id", "probability", "method", "evidence", "via", "fingerprint"]
    ]


def _person_rows(
    raw: pd.DataFrame, assignment: dict[str, str], plan: IdentityPlan, touched: set[str]
) -> pd.DataFrame:
    """Display fields per person: first non-empty value in record-id order."""
    frame = raw[["record_id", "forename", "surname", "dob", "sex", "source_agency"]].copy()
    frame["person_id"] = frame["record_id"].map(assignment).map(plan.person_of_cluster)
    frame = frame[frame["person_id"].isin(touched)].sort_values("record_id")
    grouped = frame.groupby("person_id")
    persons = grouped[["forename", "surname", "dob", "sex"]].first()
    persons["record_count"] = grouped.size()
    # A plain dict of lists: a pandas per-group Python aggregation costs minutes at 1M.
    held = frame.dropna(subset=["source_agency"]).drop_duplicates(["person_id", "source_agency"])
    agencies: dict[str, list[str]] = {}
    for person, agency in sorted(zip(held["person_id"], held["source_agency"], strict=True)):
        agencies.setdefault(person, []).append(agency)
    persons["agencies"] = [agencies.get(p, []) for p in persons.index]
    persons["display_name"] = (
        persons["forename"].fillna("") + " " + persons["surname"].fillna("")
    ).str.strip()
    return persons.reset_index()[
        ["person_id", "display_name", "dob", "sex", "record_count", "agencies"]
    ]


def _identity_changes(plan: IdentityPlan, run_id: str) -> list[dict[str, Any]]:
    rows = []
    for old in sorted(set(plan.merged_into) | set(plan.split_into)):
        merged, split = plan.merged_into.get(old), plan.split_into.get(old, [])
        note = f"{run_id}: " + (f"merged into {merged}" if merged else f"split into {split}")
        rows.append({"person_id": old, "merged_into": merged, "split_into": split, "note": note})
    return rows


def _review_rows(review: pd.DataFrame) -> pd.DataFrame:
    if review.empty:
        return pd.DataFrame(columns=["pair_id", "record_a", "record_b", "probability", "evidence"])
    rows = review[["record_a", "record_b", "probability", "evidence"]].copy()
    rows["pair_id"] = [
        stable_id("pair", a, b) for a, b in zip(rows["record_a"], rows["record_b"], strict=True)
    ]
    return rows
