"""Settings: precedence, validation and the embedded-default switch."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.settings import load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("TOUCHPOINT_CONFIG", str(tmp_path / "absent.toml"))


def test_no_uri_means_the_embedded_local_server() -> None:
    settings = load_settings(bolt_port=7777)
    assert settings.uses_local_server
    assert settings.effective_uri == "bolt://127.0.0.1:7777"


@pytest.mark.parametrize(
    "uri", ["bolt://db:7687", "neo4j://cluster:7687", "neo4j+s://abc.databases.neo4j.io"]
)
def test_neo4j_uri_from_environment_switches_off_the_local_server(
    monkeypatch: pytest.MonkeyPatch, uri: str
) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_DATABASE", "safeguarding")
    settings = load_settings()
    assert not settings.uses_local_server
    assert settings.effective_uri == uri
    assert settings.neo4j_database == "safeguarding"


def test_unsupported_uri_scheme_is_rejected_with_the_allowed_list() -> None:
    with pytest.raises(ConfigError, match=r"must start with one of bolt://"):
        load_settings(neo4j_uri="http://localhost:7474")


def test_config_file_is_read_and_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "touchpoint.toml"
    config.write_text('NEO4J_USER = "from_file"\nbolt_port = 7799\n')
    monkeypatch.setenv("TOUCHPOINT_CONFIG", str(config))
    monkeypatch.setenv("TOUCHPOINT_BOLT_PORT", "7800")
    settings = load_settings()
    assert settings.neo4j_user == "from_file"
    assert settings.bolt_port == 7800


def test_password_comes_from_the_local_password_file(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    settings.password_file.parent.mkdir(parents=True)
    settings.password_file.write_text("s3cret\n")
    assert settings.auth() == ("neo4j", "s3cret")


def test_missing_password_explains_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="touchpoint db start"):
        load_settings(data_dir=tmp_path).auth()
    with pytest.raises(ConfigError, match="set NEO4J_PASSWORD"):
        load_settings(data_dir=tmp_path, neo4j_uri="bolt://x:1").auth()


def test_describe_never_includes_the_password() -> None:
    settings = load_settings(neo4j_uri="bolt://x:1", neo4j_password="hunter2")
    assert "hunter2" not in repr(settings.describe())
    assert "hunter2" not in repr(settings)
