"""Saved Cypher: header parsing, statement splitting, parameter checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchpoint.graph_model.model.errors import ConfigError, QueryNotFound
from touchpoint.graph_model.store.queries import list_queries, load_query, parse_cypher_file


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "q.cypher"
    path.write_text(text)
    return path


def test_header_yaml_and_body_are_separated(tmp_path: Path) -> None:
    q = parse_cypher_file(
        _write(tmp_path, "// description: test\n// params: [a, b]\n\nRETURN $a, $b\n"), "t/q"
    )
    assert q.meta["description"] == "test"
    assert q.params == ["a", "b"]
    assert q.text == "RETURN $a, $b"


def test_missing_and_unknown_parameters_are_named(tmp_path: Path) -> None:
    q = parse_cypher_file(_write(tmp_path, "// params: [a]\nRETURN $a\n"), "t/q")
    with pytest.raises(ConfigError, match=r"missing a; unknown b"):
        q.check_params({"b": 1})
    q.check_params({"a": 1})


def test_multi_statement_files_split_on_semicolons_at_line_ends(tmp_path: Path) -> None:
    q = parse_cypher_file(
        _write(tmp_path, "// x: 1\nCREATE INDEX a;\n// comment only;\nCREATE\n INDEX b;\n"), "s"
    )
    assert q.statements() == ["CREATE INDEX a", "CREATE\n INDEX b"]


def test_invalid_header_is_rejected_with_the_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "// params: [unclosed\nRETURN 1\n")
    with pytest.raises(ConfigError, match=r"q.cypher: header is not valid YAML"):
        parse_cypher_file(path, "q")


def test_file_without_cypher_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no Cypher after the header"):
        parse_cypher_file(_write(tmp_path, "// description: empty\n"), "q")


def test_unknown_or_escaping_names_are_refused() -> None:
    with pytest.raises(QueryNotFound, match=r"No saved query"):
        load_query("admin/does_not_exist")
    with pytest.raises(QueryNotFound, match=r"relative to cypher/"):
        load_query("../pyproject")


def test_every_shipped_query_parses_and_declares_its_parameters() -> None:
    for topic in ("admin", "warm"):
        for query in list_queries(topic):
            assert "params" in query.meta, query.name
            assert query.meta.get("description"), query.name


def test_the_link_types_the_explorer_counts_by_degree_only_join_the_labels_it_assumes() -> None:
    """``access/hop_from_entities`` counts all of an entity's links from the degree store,
    without reading the far end; that is right only while loaders write LIVES_AT, INVOLVED_IN,
    ENROLLED_AT and REGISTERED_WITH from a PersonRecord and OCCURRED_AT between events, places
    and organisations (transactional and bulk paths alike)."""
    from touchpoint.loaders.bulk_fold import REL_QUERIES
    from touchpoint.loaders.mapping import RELATIONSHIPS

    counted = {"LIVES_AT", "INVOLVED_IN", "ENROLLED_AT", "REGISTERED_WITH"}
    places = {"Event", "Address", "Organisation"}
    for (rel, start, end), name in RELATIONSHIPS.items():
        assert REL_QUERIES[name] == (rel, start, end)
        assert f"MATCH (a:{start} " in load_query(name).text
        if rel in counted:
            assert start == "PersonRecord", rel
        if rel == "OCCURRED_AT":
            assert {start, end} <= places
    assert "COUNT { (n)<-[:LIVES_AT]-() }" in load_query("access/hop_from_entities").text
