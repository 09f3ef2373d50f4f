"""Splink compute backends: DuckDB in-process (default) or Spark (local mode) for scale.

Spark is imported only when chosen, so the default path never pays for a JVM. The Spark
session loads Splink's similarity UDF jar (Jaro-Winkler etc.), shipped inside the splink
wheel, so nothing is downloaded at run time.
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from typing import Any

import duckdb

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.resolution.settings import ResolutionSettings


def make_db_api(cfg: ResolutionSettings) -> Any:
    """A fresh Splink database API for one linkage job."""
    if cfg.backend == "spark":
        from splink.backends.spark import SparkAPI

        return SparkAPI(spark_session=spark_session(cfg.spark_master, cfg.spark_driver_memory))
    from splink.backends.duckdb import DuckDBAPI

    connection = duckdb.connect(":memory:")
    connection.execute(f"SET memory_limit = '{_checked_size(cfg.duckdb_memory_limit)}'")
    if cfg.duckdb_threads:
        connection.execute(f"SET threads = {int(cfg.duckdb_threads)}")
    return DuckDBAPI(connection=connection)


def _checked_size(value: str) -> str:
    """Only a plain size such as '6GB' reaches the SET statement."""
    cleaned = value.strip().upper()
    if not cleaned[:-2].replace(".", "", 1).isdigit() or not cleaned.endswith(("MB", "GB")):
        raise ConfigError(f"duckdb_memory_limit {value!r} must look like '6GB' or '512MB'")
    return cleaned


@lru_cache(maxsize=2)
def spark_session(master: str, driver_memory: str) -> Any:
    """One local Spark session per process (starting a JVM takes seconds)."""
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ConfigError(
            "The Spark backend needs pyspark: pip install -e '.[dev]' (or pip install pyspark)."
        ) from exc
    session = (
        SparkSession.builder.master(master)
        .appName("touchpoint-resolve")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "8")
        .config("spark.ui.enabled", "false")
        # Not the working directory: a run from a checkout must not leave spark-warehouse/ there.
        .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="touchpoint-spark-wh-"))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
        .getOrCreate()
    )
    # Splink breaks long Spark lineages with checkpoints; they need a directory.
    session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="touchpoint-spark-"))
    return session


ARRAY_COLUMNS = ("forename_forms", "name_tokens", "surname_forms")
INTEGER_COLUMNS = ("dob_days",)


def register(
    db_api: Any, frame: Any, cfg: ResolutionSettings, table_name: str | None = None
) -> Any:
    """Register a feature frame with the backend. Spark gets an explicit schema: it cannot
    infer a type for a column that is empty on small data (e.g. no NI numbers)."""
    if cfg.backend != "spark":
        return db_api.register(frame, table_name=table_name)
    from pyspark.sql.types import (
        ArrayType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    def kind(column: str) -> Any:
        if column in ARRAY_COLUMNS:
            return ArrayType(StringType())
        if column in INTEGER_COLUMNS:
            return LongType()
        return DoubleType() if column.startswith("tf_") else StringType()

    schema = StructType([StructField(c, kind(c)) for c in frame.columns])
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    spark_df = db_api.spark.createDataFrame(rows, schema=schema)
    return db_api.register(spark_df, table_name=table_name)
