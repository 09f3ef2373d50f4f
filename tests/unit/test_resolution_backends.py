"""Spark (local mode) and DuckDB score the same pairs identically with the same model."""

from __future__ import annotations

import pytest

from touchpoint.graph_model.resolution.clustering import cluster
from touchpoint.graph_model.resolution.features import extract_features
from touchpoint.graph_model.resolution.probabilistic import score, train_model
from touchpoint.graph_model.resolution.settings import load_resolution_settings
from touchpoint.graph_model.resolution.testdata import make_records

pytest.importorskip("pyspark")


@pytest.mark.slow
def test_spark_and_duckdb_backends_agree_on_small_data() -> None:
    records = make_records(120, seed=21)
    fs = extract_features(records.drop(columns=["person"]))
    features, plan = fs.frame, fs.plan()
    assert plan.checked  # identifiers (their fuzzy levels, TF lookups) are part of the test
    duck_cfg = load_resolution_settings(u_sample_pairs=50_000, backend="duckdb")
    model = train_model(features, duck_cfg, plan)
    duck = score(features, model, duck_cfg)
    spark = score(features, model, duck_cfg.model_copy(update={"backend": "spark"}))

    key = ["record_a", "record_b"]
    duck, spark = duck.sort_values(key).reset_index(drop=True), spark.sort_values(key)
    spark = spark.reset_index(drop=True)
    assert len(duck) > len(records) / 2
    assert duck[key].equals(spark[key])
    assert (duck["probability"] - spark["probability"]).abs().max() < 1e-6
    assert duck["evidence"].equals(spark["evidence"])

    ids = features[["record_id", *(f"{c}_auth" for c in plan.checked)]]
    ids = ids.rename(columns=lambda c: c.removesuffix("_auth"))
    ids_list = features["record_id"].tolist()
    duck_people = cluster(ids_list, duck, ids, [], duck_cfg.upper_threshold).assignment
    spark_people = cluster(ids_list, spark, ids, [], duck_cfg.upper_threshold).assignment
    assert duck_people == spark_people
