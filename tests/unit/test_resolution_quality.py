"""The noisy-record benchmark in small (bench/resolution_quality.py runs it at 10k and 100k):
floors on pairwise precision and recall, per error type, and no automatic merge of twins or a
same-named parent and child. Pairs left for review are not links."""

from __future__ import annotations

import pandas as pd
import pytest

from touchpoint.graph_model.resolution.engine import link_records
from touchpoint.graph_model.resolution.metrics import quality_by_tag
from touchpoint.graph_model.resolution.noisy import ERROR_TYPES, make_benchmark
from touchpoint.graph_model.resolution.settings import load_resolution_settings

CFG = load_resolution_settings(u_sample_pairs=300_000)


@pytest.mark.parametrize("variant", ["link", "dedupe"])
def test_noisy_records_resolve_above_the_floors(variant: str) -> None:
    bench = make_benchmark(2000, seed=3, variant=variant)
    result = link_records(bench.records.drop(columns=["person", "scenario", "errors"]), CFG)
    quality = quality_by_tag(bench.records, pd.Series(result.clusters.assignment),
                             bench.confusers)  # fmt: skip
    overall = quality["overall"]
    assert overall["precision"] >= 0.999, overall
    assert overall["recall"] >= 0.97, overall
    assert quality["confuser_merges"] == {"parent_child": 0, "twins": 0, "common_name": 0}
    by_tag = quality["by_tag"]
    assert set(ERROR_TYPES) <= set(by_tag)  # every error type was generated and measured
    weak = {tag: f["recall"] for tag, f in by_tag.items() if f["pairs"] >= 20 and f["recall"] < 0.9}
    assert not weak, weak
