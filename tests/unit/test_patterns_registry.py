"""The pattern registry: headers validated at load, parameters typed and bounded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.patterns.catalogue import catalogue_markdown
from touchpoint.graph_model.patterns.library import get_pattern, list_patterns, load_patterns
from touchpoint.graph_model.patterns.params import ParamError

GOOD = """// id: {id}
// title: Test pattern
// description: finds things
// why: because
// severity: {severity}
// agencies: [{agency}]
// params:
//   - {{name: window_days, type: {type}, default: 30, min: 1, max: 90}}
MATCH (p:Person) WHERE p.x < $window_days AND p.y < $as_of {extra}
RETURN p.person_id AS person_id, 1 AS score, '' AS summary, [] AS evidence
"""


def _write(tmp_path: Path, name: str = "t", **fields: str) -> Path:
    values = {"id": name, "severity": "high", "agency": "police", "type": "int", "extra": ""}
    values.update(fields)
    (tmp_path / f"{name}.cypher").write_text(GOOD.format(**values))
    return tmp_path


def test_shipped_patterns_all_load_with_full_metadata() -> None:
    patterns = list_patterns()
    assert len(patterns) >= 15
    for p in patterns:
        assert p.title and p.description and p.why and p.agencies
        assert p.params[0].name == "as_of" and p.params[0].type == "date"
        assert all(x.default is not None for x in p.params), p.id


def test_a_valid_test_pattern_loads(tmp_path: Path) -> None:
    (pattern,) = load_patterns(_write(tmp_path)).values()
    assert pattern.param("window_days").default == 30
    assert pattern.resolve_params()["as_of"] == date.today()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"severity": "urgent"}, "severity must be one of"),
        ({"agency": "nasa"}, "unknown agencies"),
        ({"type": "decimal"}, "type must be one of"),
        ({"extra": "AND p.z = $nope"}, "undeclared parameters \\['nope'\\]"),
    ],
)
def test_invalid_headers_are_refused_with_the_reason(
    tmp_path: Path, fields: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_patterns(_write(tmp_path, **fields))


def test_file_name_must_match_id(tmp_path: Path) -> None:
    path = _write(tmp_path)
    (path / "t.cypher").rename(path / "other.cypher")
    with pytest.raises(ConfigError, match=r"must equal the file name"):
        load_patterns(path)


def test_declared_but_unused_parameter_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path)
    text = (path / "t.cypher").read_text().replace("p.x < $window_days AND ", "")
    (path / "t.cypher").write_text(text)
    with pytest.raises(ConfigError, match=r"never used"):
        load_patterns(path)


def test_missing_metadata_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path)
    text = (path / "t.cypher").read_text().replace("// why: because\n", "")
    (path / "t.cypher").write_text(text)
    with pytest.raises(ConfigError, match=r"header lacks why"):
        load_patterns(path)


def test_cli_strings_are_coerced_to_declared_types() -> None:
    p = get_pattern("repeated_missing")
    resolved = p.resolve_params({"window_days": "14", "as_of": "2026-01-31"})
    assert resolved["window_days"] == 14 and resolved["as_of"] == date(2026, 1, 31)
    assert resolved["min_episodes"] == 3  # default


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"window_days": "abc"}, "not a valid int"),
        ({"window_days": "1.5"}, "not a valid int"),
        ({"window_days": "0"}, "below the minimum 1"),
        ({"window_days": 400}, "above the maximum 365"),
        ({"as_of": "31/01/2026"}, "not a valid date"),
        ({"window_dayz": "3"}, "has no parameter 'window_dayz'"),
    ],
)
def test_bad_parameter_values_are_refused_clearly(given: dict, message: str) -> None:
    with pytest.raises((ParamError, ConfigError), match=message):
        get_pattern("repeated_missing").resolve_params(given)


def test_unknown_pattern_suggests_close_names() -> None:
    with pytest.raises(ConfigError, match=r"Did you mean .*repeated_missing"):
        get_pattern("missing")


def test_catalogue_lists_every_pattern_with_why_and_parameters() -> None:
    text = catalogue_markdown(list_patterns())
    for p in list_patterns():
        assert f"### `{p.id}`" in text and p.why in text
    assert "| `window_days` | int |" in text
