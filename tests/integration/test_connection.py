"""Reaching Neo4j: NEO4J_URI override, clear errors when unreachable, CLI behaviour."""

from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner

from touchpoint.cli.main import cli
from touchpoint.graph_model.model.errors import GraphUnavailable
from touchpoint.graph_model.model.settings import Settings, load_settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query


def _override_env(monkeypatch: pytest.MonkeyPatch, settings: Settings, tmp_path) -> None:
    user, password = settings.auth()
    monkeypatch.setenv("NEO4J_URI", settings.effective_uri)
    monkeypatch.setenv("NEO4J_USER", user)
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    monkeypatch.setenv("NEO4J_DATABASE", settings.neo4j_database)
    monkeypatch.setenv("TOUCHPOINT_DATA_DIR", str(tmp_path / "unused-data-dir"))


def test_neo4j_uri_override_is_honoured_and_no_local_server_is_started(
    graph: Graph, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    graph.run_statement("CREATE (:Agency {agency_id: 'schools'})", "test/create")
    _override_env(monkeypatch, graph.settings, tmp_path)
    result = CliRunner().invoke(cli, ["info", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["labels"]["Agency"] == 1
    assert not (tmp_path / "unused-data-dir").exists()


def test_config_file_keys_work_like_environment_variables(
    graph: Graph, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    user, password = graph.settings.auth()
    config = tmp_path / "touchpoint.toml"
    config.write_text(
        f'NEO4J_URI = "{graph.settings.effective_uri}"\nNEO4J_USER = "{user}"\n'
        f'NEO4J_PASSWORD = "{password}"\ndata_dir = "{tmp_path / "cfg-data"}"\n'
    )
    for key in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("TOUCHPOINT_CONFIG", str(config))
    settings = load_settings()
    assert settings.neo4j_uri == graph.settings.effective_uri
    assert not settings.uses_local_server
    with Graph.connect(settings) as other:
        assert other.read("admin/count_label", label="Agency") == [{"count": 0}]


def test_db_start_refuses_to_manage_an_external_server(
    graph: Graph, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    _override_env(monkeypatch, graph.settings, tmp_path)
    result = CliRunner().invoke(cli, ["db", "start"])
    assert result.exit_code != 0
    assert "does not manage that server" in result.output


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_server_gives_a_clear_error(tmp_path) -> None:
    settings = load_settings(
        neo4j_uri=f"bolt://127.0.0.1:{_closed_port()}",
        neo4j_password="x",
        data_dir=tmp_path,
    )
    with pytest.raises(GraphUnavailable, match=r"did not answer .* Check NEO4J_URI"):
        Graph.connect(settings)


def test_cli_prints_unreachable_error_without_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    monkeypatch.setenv("TOUCHPOINT_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(cli, ["info"])
    assert result.exit_code == 1
    assert "did not answer" in result.output
    assert "Traceback" not in result.output


def test_wipe_requires_explicit_confirmation(monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(cli, ["db", "wipe"])
    assert result.exit_code == 2
    assert "--yes" in result.output


def test_info_counts_a_fresh_graph_as_empty(
    graph: Graph, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    _override_env(monkeypatch, graph.settings, tmp_path)
    result = CliRunner().invoke(cli, ["info", "--json"])
    counts = json.loads(result.output)
    assert counts["labels"]["PersonRecord"] == 0
    assert counts["relationships"]["RESOLVES_TO"] == 0
    assert set(counts["labels"]) >= {"Agency", "Person", "Address", "Event", "LoadRun"}


def test_read_table_returns_column_names_and_row_values_in_query_order(graph: Graph) -> None:
    graph.run_statement(
        "UNWIND [['schools', 'Schools'], ['police', null]] AS a "
        "CREATE (:Agency {agency_id: a[0], name: a[1]})",
        "test/create",
    )
    query = Query(
        name="test/agencies",
        text="MATCH (a:Agency) RETURN a.agency_id AS id, a.name AS name ORDER BY id",
    )

    columns, rows = graph.read_table(query)

    assert columns == ["id", "name"]
    assert rows == [["police", None], ["schools", "Schools"]]
