"""The small rules behind issue 13's fixes, exercised directly (the attacks themselves are in
tests/security): formula cells, break-glass reasons, where ``next`` may lead, confined paths."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import flask
import pytest

from touchpoint.app.auth.views import safe_next
from touchpoint.graph_model.access.context import AccessDenied, check_reason
from touchpoint.graph_model.model.csv_safe import csv_text, safe_cell
from touchpoint.graph_model.model.settings import load_settings
from touchpoint.services.pipeline.confine import (
    PathRefused,
    confined_path,
    registered_mapping,
    usable_file,
)


@pytest.mark.parametrize(
    "value", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =1", "＝1"]
)
def test_a_cell_a_spreadsheet_would_evaluate_is_quoted(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Alice Smith", "LS1 4AB", "", 3, -2.5, None])
def test_ordinary_values_are_left_alone(value: object) -> None:
    assert safe_cell(value) == value


def test_csv_text_quotes_separators_and_neutralises_formulas() -> None:
    text = csv_text([{"a": '=HYPERLINK("x","y")', "b": "x,y"}], ["a", "b"])
    assert list(csv.reader(io.StringIO(text))) == [["a", "b"], ['\'=HYPERLINK("x","y")', "x,y"]]


@pytest.mark.parametrize(
    "reason", ["aaaaaaaaaa", "a" * 40, "asdf asdf asdf asdf asdf", "1234567890 1234567890", "x"]
)
def test_a_reason_without_substance_is_refused(reason: str) -> None:
    with pytest.raises(AccessDenied):
        check_reason(reason)


def test_a_reason_a_reviewer_can_check_is_kept_tidy() -> None:
    assert check_reason("  Child  missing overnight, need the A&E notes ") == (
        "Child missing overnight, need the A&E notes"
    )


@pytest.mark.parametrize(
    ("given", "followed"),
    [
        ("/person/p1?tab=2", "/person/p1?tab=2"),
        ("/\t/evil.example", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\r\nSet-Cookie: x=1", "/"),
        ("javascript:alert(1)", "/"),
        ("/ok/../fine", "/ok/../fine"),
    ],
)
def test_next_is_only_a_path_on_this_site(given: str, followed: str) -> None:
    app = flask.Flask(__name__)
    with app.test_request_context("/auth/sign-in", query_string={"next": given}):
        assert safe_next() == followed


@pytest.fixture
def settings(tmp_path: Path):
    (tmp_path / "incoming").mkdir()
    return load_settings(data_dir=tmp_path / "data", source_roots=[tmp_path / "incoming"])


def test_paths_are_confined_to_the_extract_roots(settings, tmp_path: Path) -> None:
    inside = tmp_path / "incoming" / "police"
    inside.mkdir()
    assert confined_path(str(inside), settings, "folder") == inside.resolve()
    for outside in ("/etc", str(tmp_path / "incoming" / ".." / "data"), "relative/path"):
        with pytest.raises(PathRefused):
            confined_path(outside, settings, "folder")
    link = tmp_path / "incoming" / "key"
    link.symlink_to(settings.data_dir)
    with pytest.raises(PathRefused):
        confined_path(str(link), settings, "folder")


def test_mappings_are_chosen_by_name(settings) -> None:
    assert registered_mapping("police_incidents", settings).name == "police_incidents.yml"
    for name in ("/etc/passwd", "../../etc/passwd", "police_incidents/../x", "nope"):
        with pytest.raises(PathRefused):
            registered_mapping(name, settings)


def test_a_pick_up_never_reads_the_private_areas_or_a_link_out_of_its_folder(
    settings, tmp_path: Path
) -> None:
    key = settings.data_dir / "app" / "secret_key"
    key.parent.mkdir(parents=True)
    key.write_text("k", encoding="utf-8")
    folder = tmp_path / "incoming"
    (folder / "delivery.csv").symlink_to(key)
    (folder / "real.csv").write_text("a\n", encoding="utf-8")
    assert not usable_file(folder / "delivery.csv", folder, settings)
    assert not usable_file(key, None, settings)
    assert usable_file(folder / "real.csv", folder, settings)
