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

from touchpoint.graph_model.model.gc_pace import fewer_collections
from touchpoint.graph_model.model.ids import stable_id
from touchpoint.graph_model.resolution import store
from touchpoint.graph_model.resolution.clustering import record_links
from touchpoint.graph_model.resolution.decisions import DecisionSet, load_decision_set
from touchpoint.graph_model.resolution.engine import LinkResult, features_for, link_records
from touchpoint.graph_model.resolution.features import record_fingerprint
from touchpoint.graph_model.resolution.frames import star_edges
from touchpoint.graph_model.resolution.identity import IdentityPlan, plan_identities
from touchpoint.graph_model.resolution.people import person_rows
from touchpoint.graph_model.resolution.probabilistic import (
    ModelMismatch,
    model_plan,
    portable_model,
)
from touchpoint.graph_model.resolution.settings import ResolutionSettings
from touchpoint.graph_model.store.db import Graph


@dataclass
class ResolveReport:
    """What one run did; printed by the CLI and stored on the ResolutionRun.

    ``blocked_by_conflict`` counts every pair and every merge refused because two checked
    identifiers differ (``conflict_reviews`` of those pairs went to review instead of away);
    ``review_reasons`` says why each queued pair was not linked, ``guarded_pairs`` how many
    candidate pairs each guard held back (queued or not); ``identifier_checks`` how
    each identifier column was used; ``training_notes`` summarises Splink's warnings."""

    run_id: str
    mode: str
    records: int = 0
    scored_records: int = 0
    candidate_pairs: int = 0
    auto_links: int = 0
    review_pairs: int = 0
    blocked_by_conflict: int = 0
    conflict_reviews: int = 0
    persons: int = 0
    persons_created: int = 0
    merged_ids: int = 0
    split_ids: int = 0
    links_written: int = 0
    touched_persons: int = 0
    review_reasons: dict[str, int] = field(default_factory=dict)
    guarded_pairs: dict[str, int] = field(default_factory=dict)
    identifier_checks: dict[str, Any] = field(default_factory=dict)
    training_notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def stats(self) -> dict[str, Any]:
        """Flat properties for the ResolutionRun node (maps and lists as JSON strings)."""
        flat: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if key == "run_id":
                continue
            if isinstance(value, dict | list):
                flat[f"{key}_json"] = json.dumps(value)
            else:
                flat[key] = value
        return flat


def resolve(
    graph: Graph, cfg: ResolutionSettings, full: bool = False, progress: Any = None
) -> ResolveReport:
    """Run entity resolution over the whole graph; returns the run's report."""
    started = datetime.now(UTC)
    previous_run = None if full else store.latest_model(graph)
    mode = "incremental" if previous_run else "full"  # full after all if the model is stale
    run_id = stable_id("resolve", started.isoformat())
    report = ResolveReport(run_id=run_id, mode=mode)
    graph.write(
        "resolution/run_start", run_id=run_id, mode=mode, settings_json=json.dumps(cfg.describe())
    )
    try:
        with fewer_collections():  # a run builds frames, dicts and sets of every record
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


def _compatible(
    previous: dict[str, Any] | None, cfg: ResolutionSettings, plan: Any
) -> dict[str, Any] | None:
    """The stored model if it still fits the comparisons and the data's identifiers;
    otherwise a full run retrains."""
    if previous is None:
        return None
    try:
        portable_model(previous["model"], cfg)
    except (ModelMismatch, KeyError):
        return None
    return previous if model_plan(previous["model"]) == plan else None


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
    feature_set = features_for(raw, cfg)
    fingerprints = record_fingerprint(raw)
    decisions = load_decision_set(store.read_decisions(graph))
    previous_run = _compatible(previous_run, cfg, feature_set.plan())
    report.mode = "incremental" if previous_run else "full"
    tick = _timed(report, "features", tick)

    new_ids, kept = None, None
    if previous_run is not None:
        new_ids = _records_to_score(raw, fingerprints, decisions, previous_run)
        kept = _kept_edges(raw, new_ids)
    result = link_records(
        raw,
        cfg,
        decisions,
        previous_run["model"] if previous_run else None,
        new_ids,
        kept,
        feature_set,
    )
    report.scored_records = len(raw) if new_ids is None else len(new_ids)
    _fill_report(report, result)
    report.seconds.update({k: v for k, v in result.seconds.items() if k != "features"})
    tick = time.perf_counter()

    clusters = result.clusters
    previous = raw.dropna(subset=["person_id"]).set_index("record_id")["person_id"].to_dict()
    plan = plan_identities(
        clusters.assignment, previous, lambda ids: store.person_ids_taken(graph, ids)
    )
    links = _link_rows(clusters, plan, raw, fingerprints, previous, new_ids)
    person_of = pd.Series(clusters.assignment).map(plan.person_of_cluster)
    persons = person_rows(raw, person_of, set(links["person_id"]), cfg.display_name_agencies)
    changes = _identity_changes(plan, report.run_id)
    store.write_people(
        graph, persons, links, changes, report.run_id, cfg.write_batch_size, cfg.io_threads
    )
    store.write_reviews(
        graph, _review_rows(clusters.review), report.run_id, cfg.write_batch_size,
        previous_run is None,
    )  # fmt: skip
    if new_ids is not None:  # a full run touches everyone: pattern runs after it go full
        touched = _touched_persons(links, previous, person_of, plan, clusters.review)
        store.mark_touched(graph, sorted(touched), report.run_id, cfg.write_batch_size)
        report.touched_persons = len(touched)
    report.persons = len(set(plan.person_of_cluster.values()))
    report.persons_created = len(plan.created)
    report.merged_ids, report.split_ids = len(plan.merged_into), len(plan.split_into)
    report.links_written = len(links)
    _timed(report, "write", tick)
    return result.model


def _fill_report(report: ResolveReport, result: LinkResult) -> None:
    clusters, counts = result.clusters, result.counts
    report.candidate_pairs = result.candidate_pairs
    report.auto_links = int((clusters.accepted["method"] != "kept").sum())
    report.review_pairs = len(clusters.review)
    report.blocked_by_conflict = counts["blocked_by_conflict"]
    report.conflict_reviews = counts["conflict_reviews"]
    report.review_reasons = counts["review_reasons"]
    report.guarded_pairs = counts["guarded_pairs"]
    report.identifier_checks = counts["identifier_checks"]
    report.training_notes = result.notes


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


def _kept_edges(raw: pd.DataFrame, new_ids: set[str]) -> pd.DataFrame:
    """Existing people stay together: a star from each person's lowest record."""
    settled = raw[raw["person_id"].notna() & ~raw["record_id"].isin(new_ids)]
    return star_edges(settled, "person_id").assign(probability=1.0, method="kept", evidence="{}")


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


def _touched_persons(
    links: pd.DataFrame,
    previous: dict[str, str],
    person_of: pd.Series,
    plan: IdentityPlan,
    review: pd.DataFrame,
) -> set[str]:
    """People whose records or review pairs this incremental run changed: where moved or new
    records went and came from, old ids merged or split, and both sides of queued pairs."""
    touched = set(links["person_id"].dropna())
    touched |= {previous[r] for r in links["record_id"] if r in previous}
    touched |= set(plan.merged_into) | set(plan.split_into)
    if not review.empty:
        records = pd.concat([review["record_a"], review["record_b"]])
        touched |= set(records.map(person_of).dropna())
        touched |= {previous[r] for r in records if r in previous}
    return touched


def _identity_changes(plan: IdentityPlan, run_id: str) -> list[dict[str, Any]]:
    rows = []
    for old in sorted(set(plan.merged_into) | set(plan.split_into)):
        merged, split = plan.merged_into.get(old), plan.split_into.get(old, [])
        note = f"{run_id}: " + (f"merged into {merged}" if merged else f"split into {split}")
        rows.append({"person_id": old, "merged_into": merged, "split_into": split, "note": note})
    return rows


def _review_rows(review: pd.DataFrame) -> pd.DataFrame:
    columns = ["record_a", "record_b", "probability", "evidence", "reason"]
    if review.empty:
        return pd.DataFrame(columns=["pair_id", *columns])
    rows = review.assign(reason=review["guard"]).reindex(columns=columns)
    rows["pair_id"] = [
        stable_id("pair", a, b) for a, b in zip(rows["record_a"], rows["record_b"], strict=True)
    ]
    return rows
