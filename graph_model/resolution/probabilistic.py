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
from typing import Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.resolution.backends import make_db_api, register
from touchpoint.graph_model.resolution.settings import ResolutionSettings

logger = logging.getLogger(__name__)
MIN_PRIOR = 1e-6

log = logging.getLogger(__name__)
EDGE_COLUMNS = ["record_a", "record_b", "probability", "method", "evidence"]


def _prior(m: float, u: float) -> dict[str, float]:
    """Starting m/u for levels a small or clean population may never show; training
    replaces them whenever the data does show them."""
    return {"m_probability": m, "u_probability": u}


def _identifier(column: str) -> cl.CustomComparison:
    """Strong identifiers: fixed m/u (not learnt), so a mismatch is a strong, stable veto."""
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(
                label_for_charts=f"same {column}",
                m_probability=0.97,
                u_probability=1e-7,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            cll.ElseLevel().configure(
                label_for_charts=f"different {column}",
                m_probability=0.001,
                u_probability=0.999999,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
        ],
    )


def comparisons(identifiers: list[str]) -> list[cl.CustomComparison]:
    """Forename, surname, dob, location (postcode + address), sex, strong identifiers."""
    forename = cl.CustomComparison(
        output_column_name="forename",
        comparison_levels=[
            cll.NullLevel("forename"),
            cll.ExactMatchLevel("forename").configure(label_for_charts="same forename"),
            cll.ArrayIntersectLevel("forename_forms", 1).configure(
                label_for_charts="nickname of the same name"
            ),
            cll.JaroWinklerLevel("forename", 0.92).configure(label_for_charts="forename typo"),
            cll.ArrayIntersectLevel("name_tokens", 1).configure(
                label_for_charts="forename matches a middle name or alias", **_prior(0.03, 5e-4)
            ),
            cll.JaroWinklerLevel("forename", 0.8).configure(label_for_charts="similar forename"),
            cll.ElseLevel().configure(label_for_charts="different forename"),
        ],
    )
    surname = cl.CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname").configure(label_for_charts="same surname"),
            cll.JaroWinklerLevel("surname", 0.92).configure(label_for_charts="surname typo"),
            cll.ArrayIntersectLevel("surname_forms", 1).configure(
                label_for_charts="previous surname or alias", **_prior(0.05, 2e-4)
            ),
            cll.JaroWinklerLevel("surname", 0.8).configure(label_for_charts="similar surname"),
            cll.ElseLevel().configure(label_for_charts="different surname"),
        ],
    )
    dob = cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob").configure(label_for_charts="same date of birth"),
            cll.CustomLevel("dob_swapped_l = dob_r", "day and month swapped").configure(
                **_prior(0.01, 1e-4)
            ),
            cll.LevenshteinLevel("dob", 1).configure(
                label_for_charts="one digit differs", **_prior(0.02, 2e-3)
            ),
            cll.CustomLevel("birth_year_l = birth_year_r", "same birth year only"),
            cll.ElseLevel().configure(label_for_charts="different date of birth"),
        ],
    )
    # Postcode and address line in one comparison: household members share both, and
    # counting them as independent evidence would link siblings.
    location = cl.CustomComparison(
        output_column_name="location",
        comparison_levels=[
            cll.And(cll.NullLevel("postcode"), cll.NullLevel("address")),
            cll.And(cll.ExactMatchLevel("postcode"), cll.ExactMatchLevel("address")).configure(
                label_for_charts="same address and postcode"
            ),
            cll.ExactMatchLevel("postcode").configure(label_for_charts="same postcode"),
            cll.JaroWinklerLevel("address", 0.9).configure(label_for_charts="similar address"),
            cll.ExactMatchLevel("postcode_sector").configure(label_for_charts="same sector"),
            cll.ElseLevel().configure(label_for_charts="different address"),
        ],
    )
    sex = cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=[
            cll.NullLevel("sex"),
            cll.ExactMatchLevel("sex").configure(label_for_charts="same sex"),
            cll.ElseLevel().configure(label_for_charts="different sex"),
        ],
    )
    return [forename, surname, dob, location, sex, *map(_identifier, identifiers)]


def splink_settings(cfg: ResolutionSettings) -> SettingsCreator:
    """The Splink settings object: dedupe across all agencies' records together."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=comparisons(cfg.identifiers),
        blocking_rules_to_generate_predictions=[block_on(*r) for r in cfg.blocking_rules],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )


def train_model(features: pd.DataFrame, cfg: ResolutionSettings) -> dict[str, Any]:
    """Estimate the model from the unlabelled data; return Splink's model JSON dict."""
    db_api = make_db_api(cfg)
    linker = Linker(
        register(db_api, features, cfg), splink_settings(cfg), log_level=logging.WARNING
    )
    deterministic = [block_on(c) for c in cfg.identifiers] + [
        block_on("forename", "surname", "dob")
    ]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=cfg.u_sample_pairs, seed=cfg.seed)
    for rule in cfg.training_blocking_rules:
        if not has_blocked_pair(features, rule):
            # A small or new population may have no pair under this rule (e.g. the first
            # delivery of one agency): Splink would raise and leave its settings half-changed,
            # so skip it and keep Splink's default m values for what it would have trained.
            logger.warning("EM training skipped: no record pairs under blocking rule %s", rule)
            continue
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*rule), max_pairs=4e6, estimate_without_term_frequencies=True
        )
    model = linker.misc.save_model_to_json()
    # With no deterministic match at all (a tiny population) Splink estimates a prior of 0,
    # which has no match weight: floor it so scoring still works (and links nothing weak).
    prior = model.get("probability_two_random_records_match") or 0.0
    model["probability_two_random_records_match"] = min(max(prior, MIN_PRIOR), 1 - MIN_PRIOR)
    return model


def has_blocked_pair(features: pd.DataFrame, rule: list[str]) -> bool:
    """Whether any two records agree (non-null) on every column of a blocking rule."""
    keys = features[list(rule)].dropna()
    return bool(keys.duplicated().any())


def score(
    features: pd.DataFrame,
    model: dict[str, Any],
    cfg: ResolutionSettings,
    new_ids: set[str] | None = None,
) -> pd.DataFrame:
    """Score candidate pairs at or above the lower threshold; with ``new_ids``, only pairs
    that involve a new record (new x existing, new x new) are generated."""
    db_api = make_db_api(cfg)
    model = portable_model(model, cfg)
    if new_ids is None:
        linker = Linker(register(db_api, features, cfg), model, log_level=logging.WARNING)
        predicted = linker.inference.predict(
            threshold_match_probability=cfg.lower_threshold, warning_mode="never"
        )
        frames = [_edge_columns(linker, predicted, model)]
    else:
        is_new = features["record_id"].isin(new_ids)
        new = register(db_api, features[is_new], cfg, "records_new")
        old = register(db_api, features[~is_new], cfg, "records_existing")
        linker = Linker([new], model, log_level=logging.WARNING)
        within = linker.inference.predict_within(
            new, threshold_match_probability=cfg.lower_threshold, warning_mode="never"
        )
        frames = [_edge_columns(linker, within, model)]
        if (~is_new).any():
            between = linker.inference.predict_between(
                old, new, threshold_match_probability=cfg.lower_threshold, warning_mode="never"
            )
            frames.append(_edge_columns(linker, between, model))
    return to_edges(pd.concat(frames, ignore_index=True), model)


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
    for the target dialect and carrying m/u across lets DuckDB-trained models score on Spark.
    Splink 5 keeps the level reached (gamma_*) only alongside the matching columns, which the
    evidence needs, so those are retained too.
    """
    dialect = "spark" if cfg.backend == "spark" else "duckdb"
    target = splink_settings(cfg).create_settings_dict(dialect)
    trained = model["comparisons"]
    if [c["output_column_name"] for c in target["comparisons"]] != [
        c["output_column_name"] for c in trained
    ] or any(
        len(t["comparison_levels"]) != len(m["comparison_levels"])
        for t, m in zip(target["comparisons"], trained, strict=True)
    ):
        raise ModelMismatch("The stored model's comparisons differ from the current ones.")
    for new, old in zip(target["comparisons"], trained, strict=True):
        for level, old_level in zip(
            new["comparison_levels"], old["comparison_levels"], strict=True
        ):
            for key in ("m_probability", "u_probability"):
                if old_level.get(key) is not None:
                    level[key] = old_level[key]
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
