"""A plain Splink 5 configuration: what a competent user gets from the library's stock
comparisons, as the baseline ``bench/resolution_quality.py`` compares ``touchpoint resolve``
with on the same records.

Light cleaning only (case, spaces, postcode format); stock comparisons with term-frequency
adjustments on names; identifiers compared by Levenshtein distance; the usual training (prior
from deterministic rules, u by random sampling, m by EM on two blocking rules); connected
components at the same automatic-link threshold. Two sources are linked with
``link_only`` (no within-source pairs), one source deduplicated with ``dedupe_only``.
"""

from __future__ import annotations

import logging

import duckdb
import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

COLUMNS = ["forename", "surname", "dob", "sex", "postcode", "address", "address_line_2",
           "place", "nhs_number", "ni_number", "upn"]  # fmt: skip


def _clean(records: pd.DataFrame) -> pd.DataFrame:
    frame = records[["record_id", "source_agency", *COLUMNS]].copy()
    for column in ("forename", "surname", "address", "address_line_2", "place", "sex"):
        frame[column] = frame[column].str.lower().str.strip()
    for column in ("nhs_number", "ni_number", "upn"):
        frame[column] = frame[column].str.replace(" ", "").str.upper()
    pc = frame["postcode"].str.replace(" ", "").str.upper()
    frame["postcode"] = pc.str[:-3] + " " + pc.str[-3:]
    frame = frame.rename(columns={"record_id": "unique_id"})
    return frame.astype(object).where(frame.notna(), None)


def _settings(link_type: str) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        comparisons=[
            cl.NameComparison("forename").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode"),
            cl.LevenshteinAtThresholds("address", 2),
            cl.ExactMatch("address_line_2"),
            cl.ExactMatch("place").configure(term_frequency_adjustments=True),
            cl.ExactMatch("sex"),
            cl.LevenshteinAtThresholds("nhs_number", 2),
            cl.LevenshteinAtThresholds("ni_number", 2),
            cl.LevenshteinAtThresholds("upn", 2),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("forename", "surname"),
            block_on("surname", "dob"),
            block_on("forename", "dob"),
            block_on("postcode", "forename"),
            block_on("nhs_number"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def plain_splink(
    records: pd.DataFrame, threshold: float = 0.99, seed: int = 42, u_pairs: int = 2_000_000
) -> pd.Series:
    """record_id -> cluster id from a plain Splink 5 run on ``records``."""
    frame = _clean(records)
    sources = sorted(frame["source_agency"].unique())
    db_api = DuckDBAPI(connection=duckdb.connect(":memory:"))
    if len(sources) == 2:
        tables = [
            db_api.register(frame[frame["source_agency"] == s].drop(columns="source_agency"))
            for s in sources
        ]
        linker = Linker(tables, _settings("link_only"), log_level=logging.ERROR)
    else:
        single = db_api.register(frame.drop(columns="source_agency"))
        linker = Linker(single, _settings("dedupe_only"), log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nhs_number"), block_on("forename", "surname", "dob")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("forename", "surname")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    ).as_pandas_dataframe()
    return clusters.set_index("unique_id")["cluster_id"]
