"""Splink's training warnings ("unable to train m value") are summarised in the run report,
not printed raw to stderr."""

from __future__ import annotations

import pytest

from touchpoint.graph_model.resolution.engine import link_records
from touchpoint.graph_model.resolution.settings import load_resolution_settings
from touchpoint.graph_model.resolution.testdata import make_records


def test_untrained_levels_are_noted_not_printed(capfd: pytest.CaptureFixture[str]) -> None:
    records = make_records(60, seed=4).drop(columns=["person"]).assign(sex=None)
    result = link_records(records, load_resolution_settings(u_sample_pairs=10_000))
    out, err = capfd.readouterr()
    assert "unable to train" not in err + out
    assert "WARNING" not in err
    assert any("never seen in training pairs" in note for note in result.notes)
