"""Probabilistic linkage with Splink 5 (Fellegi-Sunter): model, training, scoring, evidence.

The model is trained on the data itself, without labels: the prior from deterministic rules,
``u`` by random sampling, ``m`` by expectation maximisation on two blocking rules. The trained
model (Splink's JSON) is stored on the ``ResolutionRun`` so an incremental run scores new
records with exactly the same parameters. Every scored pair carries its evidence: for each
comparison, the level reached (e.g. "day and month swapped") and its match weight in bits.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
from splink import Linker, SettingsCreator, block_on

from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.resolution.backends import make_db_api, register
from touchpoint.graph_model.resolution.comparisons import (
    TF_COLUMNS,
    ComparisonPlan,
    comparisons,
)
from touchpoint.graph_model.resolution.settings import ResolutionSettings

logger = logging.getLogger(__name__)
MIN_PRIOR = 1e-6
MIN_LEVEL_PROBABILITY = 1e-9
PLAN_KEY = "touchpoint_plan"
EDGE_COLUMNS = ["record_a", "record_b", "probability", "method", "evidence"]


def blocking_rules(plan: ComparisonPlan, cfg: ResolutionSettings) -> list[list[str]]:
    """The configured rules plus, per identifier the data holds (checked or soft), the value
    itself and each half of it next to a name or birthday (a typo leaves one half intact)."""
    rules = [tuple(r) for r in cfg.blocking_rules]
    for column in plan.identifiers:
        rules += [(column,), (f"{column}_head", "name_pair_sdx"), (f"{column}_tail", "birthday")]
    return [list(r) for r in dict.fromkeys(rules)]


def splink_settings(plan: ComparisonPlan, cfg: ResolutionSettings) -> SettingsCreator:
    """The Splink settings object: dedupe across all agencies' records together."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=comparisons(plan, "spark" if cfg.backend == "spark" else "duckdb"),
        blocking_rules_to_generate_predictions=[block_on(*r) for r in blocking_rules(plan, cfg)],
        max_iterations=cfg.em_max_iterations,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )


@contextmanager
def quiet_splink(notes: list[str]) -> Iterator[None]:
    """Splink's warnings (e.g. "unable to train m value") go into ``notes`` for the run
    report instead of raw onto stderr; ours about skipped training rules too."""
    captured: list[logging.LogRecord] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            captured.append(record)

    handler = _Collect(level=logging.WARNING)
    watched = [logging.getLogger("splink"), logger]
    saved = [(lg, lg.propagate, lg.level) for lg in watched]
    for lg in watched:
        lg.addHandler(handler)
        lg.propagate = False
        lg.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for lg, propagate, level in saved:
            lg.removeHandler(handler)
            lg.propagate, lg.level = propagate, level
        notes.extend(summarise_warnings(captured))


def summarise_warnings(records: list[logging.LogRecord]) -> list[str]:
    """One line per distinct message, Splink's untrained levels grouped per comparison."""
    untrained: dict[str, list[str]] = {}
    lines: list[str] = []
    for record in records:
        text = " ".join(record.getMessage().replace("WARNING:", "").split())
        if "not observed in dataset" in text:
            level, _, rest = text.removeprefix("Level ").partition(" on comparison ")
            comparison = rest.split(" not observed")[0]
            kind = "m" if "train m value" in text else "u"
            untrained.setdefault(comparison, []).append(f"{level} ({kind})")
        elif text not in lines:
            lines.append(text)
    for comparison, levels in sorted(untrained.items()):
        lines.append(
            f"{comparison}: never seen in training pairs, starting values kept for "
            + ", ".join(dict.fromkeys(levels))
        )
    return lines


def _linker(
    features: pd.DataFrame, settings: Any, cfg: ResolutionSettings, db_api: Any = None
) -> tuple[Linker, Any]:
    db_api = db_api or make_db_api(cfg)
    table = register(db_api, features, cfg)
    linker = Linker(table, settings, log_level=None)
    register_tf(linker, db_api, features, cfg)
    return linker, db_api


def register_tf(
    linker: Linker, db_api: Any, features: pd.DataFrame, cfg: ResolutionSettings
) -> None:
    """Term frequencies from every record (not just the ones scored in an incremental run)."""
    for column in TF_COLUMNS:
        counts = features[column].dropna().value_counts(normalize=True)
        lookup = pd.DataFrame({column: counts.index.astype(str), f"tf_{column}": counts.to_numpy()})
        table = register(db_api, lookup, cfg, f"tf_lookup_{column}")
        linker.table_management.register_term_frequency_lookup(table, column)


def train_model(
    features: pd.DataFrame,
    cfg: ResolutionSettings,
    plan: ComparisonPlan | None = None,
    notes: list[str] | None = None,
) -> dict[str, Any]:
    """Estimate the model from the unlabelled data; Splink's model JSON plus the plan."""
    plan = plan or ComparisonPlan()
    notes = notes if notes is not None else []
    with quiet_splink(notes):
        linker, _ = _linker(features, splink_settings(plan, cfg), cfg)
        deterministic = [block_on(f"{c}_auth") for c in plan.checked] + [
            block_on("forename", "surname", "dob")
        ]
        linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.8)
        linker.training.estimate_u_using_random_sampling(
            max_pairs=cfg.u_sample_pairs, seed=cfg.seed
        )
        for rule in cfg.training_blocking_rules:
            if not has_blocked_pair(features, rule):
                # A small or new population may have no pair under this rule (e.g. the first
                # delivery of one agency): Splink would raise and leave its settings
                # half-changed, so skip it and keep the starting m values.
                logger.warning("EM training skipped: no record pairs under blocking rule %s", rule)
                continue
            before = linker.misc.save_model_to_json()
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    block_on(*rule), max_pairs=4e6, estimate_without_term_frequencies=True
                )
            except ValueError:
                # On a small, cleanly separated population EM can drive a level's m to
                # exactly 0, which Splink refuses mid-session (its settings half-changed):
                # start again from the model as it was before this rule.
                logger.warning(
                    "EM training on blocking rule %s discarded: a level's m collapsed to zero "
                    "on this data; the values from before it are kept",
                    rule,
                )
                linker, _ = _linker(features, before, cfg)
        model = linker.misc.save_model_to_json()
    # With no deterministic match at all (a tiny population) Splink estimates a prior of 0,
    # which has no match weight: floor it so scoring still works (and links nothing weak).
    prior = model.get("probability_two_random_records_match") or 0.0
    model["probability_two_random_records_match"] = min(max(prior, MIN_PRIOR), 1 - MIN_PRIOR)
    model[PLAN_KEY] = plan.describe()
    return model


def has_blocked_pair(features: pd.DataFrame, rule: list[str]) -> bool:
    """Whether any two records agree (non-null) on every column of a blocking rule."""
    keys = features[list(rule)].dropna()
    return bool(keys.duplicated().any())


def model_plan(model: dict[str, Any]) -> ComparisonPlan:
    return ComparisonPlan.from_dict(model.get(PLAN_KEY) or {})


def score(
    features: pd.DataFrame,
    model: dict[str, Any],
    cfg: ResolutionSettings,
    new_ids: set[str] | None = None,
    notes: list[str] | None = None,
) -> pd.DataFrame:
    """Score candidate pairs at or above the lower threshold; with ``new_ids``, only pairs
    that involve a new record (new x existing, new x new) are generated."""
    settings = portable_model(model, cfg)
    with quiet_splink(notes if notes is not None else []):
        if new_ids is None:
            linker, _ = _linker(features, settings, cfg)
            predicted = linker.inference.predict(
                threshold_match_probability=cfg.lower_threshold, warning_mode="never"
            )
            frames = [_edge_columns(linker, predicted, settings)]
        else:
            frames = _score_new(features, settings, cfg, new_ids)
    return to_edges(pd.concat(frames, ignore_index=True), settings)


def _score_new(
    features: pd.DataFrame, settings: dict[str, Any], cfg: ResolutionSettings, new_ids: set[str]
) -> list[pd.DataFrame]:
    db_api = make_db_api(cfg)
    is_new = features["record_id"].isin(new_ids)
    new = register(db_api, features[is_new], cfg, "records_new")
    old = register(db_api, features[~is_new], cfg, "records_existing")
    linker = Linker([new], settings, log_level=None)
    register_tf(linker, db_api, features, cfg)
    within = linker.inference.predict_within(
        new, threshold_match_probability=cfg.lower_threshold, warning_mode="never"
    )
    frames = [_edge_columns(linker, within, settings)]
    if (~is_new).any():
        between = linker.inference.predict_between(
            old, new, threshold_match_probability=cfg.lower_threshold, warning_mode="never"
        )
        frames.append(_edge_columns(linker, between, settings))
    return frames


def _edge_columns(linker: Linker, predicted: Any, model: dict[str, Any]) -> pd.DataFrame:
    """Only the columns ``to_edges`` reads, selected inside the backend.

    The full prediction table repeats every feature of both records plus Splink's
    intermediate columns (~100 per pair): as one pandas frame at a million records that is
    gigabytes, where ids, probability, and level + weight per comparison are all we keep."""
    names = [c["output_column_name"] for c in model["comparisons"]]
    columns = ["record_id_l", "record_id_r", "match_probability", "match_weight",
               *(f"gamma_{n}" for n in names), *(f"mw_{n}" for n in names)]  # fmt: skip
    sql = f"SELECT {', '.join(columns)} FROM {predicted.physical_name}"
    frame = linker.misc.query_sql(sql, output_type="pandas")
    predicted.drop_table_from_database_and_remove_from_cache()
    return frame


class ModelMismatch(TouchpointError):
    """A stored model does not fit the current comparisons (code or settings changed)."""


def portable_model(model: dict[str, Any], cfg: ResolutionSettings) -> dict[str, Any]:
    """The trained parameters on comparisons compiled for ``cfg.backend``'s SQL dialect.

    Splink's saved JSON holds SQL for the dialect it was trained in; rebuilding the settings
    for the target dialect and carrying m/u across lets DuckDB-trained models score on Spark,
    and a model whose comparisons no longer match the code is refused (a full run retrains).
    Splink 5 keeps the level reached (gamma_*) only alongside the matching columns, which the
    evidence needs, so those are retained too.
    """
    if PLAN_KEY not in model:
        raise ModelMismatch("The stored model predates comparison plans.")
    dialect = "spark" if cfg.backend == "spark" else "duckdb"
    target = splink_settings(model_plan(model), cfg).create_settings_dict(dialect)
    trained = model["comparisons"]
    if [c["output_column_name"] for c in target["comparisons"]] != [
        c["output_column_name"] for c in trained
    ] or any(
        [lv.get("label_for_charts") for lv in t["comparison_levels"]]
        != [lv.get("label_for_charts") for lv in m["comparison_levels"]]
        for t, m in zip(target["comparisons"], trained, strict=True)
    ):
        raise ModelMismatch("The stored model's comparisons differ from the current ones.")
    for new, old in zip(target["comparisons"], trained, strict=True):
        for level, old_level in zip(
            new["comparison_levels"], old["comparison_levels"], strict=True
        ):
            for key in ("m_probability", "u_probability"):
                value = old_level.get(key)
                if isinstance(value, int | float):
                    # EM can drive a level no match shows to exactly 0, which Splink refuses
                    # (and which would be an infinite veto): floor it.
                    level[key] = min(max(float(value), MIN_LEVEL_PROBABILITY), 1.0)
    return {
        **target,
        "sql_dialect": dialect,
        "probability_two_random_records_match": model["probability_two_random_records_match"],
        "retain_intermediate_calculation_columns": True,
        "retain_matching_columns": True,
    }


def level_labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """comparison -> gamma value -> level label (null level is -1; the rest count down)."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        mapping = {-1: "missing on one side"}
        for value, level in zip(range(len(non_null) - 1, -1, -1), non_null, strict=True):
            mapping[value] = level.get("label_for_charts") or level["sql_condition"]
        labels[comparison["output_column_name"]] = mapping
    return labels


def to_edges(predictions: pd.DataFrame, model: dict[str, Any]) -> pd.DataFrame:
    """Splink predictions -> edges with a JSON evidence string (level + weight per comparison)."""
    if predictions.empty:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    labels = level_labels(model)
    prior = model["probability_two_random_records_match"]
    prior_weight = round(math.log2(prior / (1 - prior)), 3)
    names = list(labels)
    gammas = predictions[[f"gamma_{n}" for n in names]].to_numpy()
    weights = predictions[[f"mw_{n}" for n in names]].to_numpy(dtype=float)
    evidence = []
    for gamma_row, weight_row, weight in zip(
        gammas, weights, predictions["match_weight"].to_numpy(), strict=True
    ):
        parts = {
            name: {"level": labels[name].get(int(g), str(g)), "weight": _rounded(w)}
            for name, g, w in zip(names, gamma_row, weight_row, strict=True)
        }
        evidence.append(
            json.dumps({"prior": prior_weight, "total": round(float(weight), 3), **parts})
        )
    a = predictions["record_id_l"].astype(str)
    b = predictions["record_id_r"].astype(str)
    return pd.DataFrame(
        {
            "record_a": a.where(a < b, b),
            "record_b": b.where(a < b, a),
            "probability": predictions["match_probability"].astype(float).round(6),
            "method": "probabilistic",
            "evidence": evidence,
        }
    )


def _rounded(weight: float) -> float:
    return 0.0 if math.isnan(weight) else round(float(weight), 3)
