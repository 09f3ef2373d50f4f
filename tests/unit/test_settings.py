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


def test_the_agreements_and_the_source_registry_follow_the_config_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Both are settings like any other: ``touchpoint.toml`` may name them, not only the
    environment (they were read from ``os.environ`` behind Settings' back)."""
    from touchpoint.graph_model.access.agreements import load_agreements
    from touchpoint.services.pipeline.sources import registry_path

    own = tmp_path / "our-agreements"
    own.mkdir()
    config = tmp_path / "touchpoint.toml"
    config.write_text(
        f'agreements_dir = "{own}"\nsources = "{tmp_path / "registry.yml"}"\n', encoding="utf-8"
    )
    monkeypatch.setenv("TOUCHPOINT_CONFIG", str(config))
    monkeypatch.delenv("TOUCHPOINT_AGREEMENTS_DIR", raising=False)
    monkeypatch.delenv("TOUCHPOINT_SOURCES", raising=False)
    with pytest.raises(ConfigError, match="our-agreements"):  # an empty folder: refused
        load_agreements()
    assert registry_path(load_settings()) == tmp_path / "registry.yml"
    monkeypatch.setenv("TOUCHPOINT_SOURCES", str(tmp_path / "env.yml"))  # environment wins
    assert registry_path(load_settings()) == tmp_path / "env.yml"


ENV_READERS = {
    "graph_model/model/settings.py": "the Settings object itself (and where its file is)",
    "services/pipeline/sources.py": "${VAR} in a SQL source's URL: credentials by reference",
    "graph_model/store/importer.py": "hands the environment on to the import tool's JVM",
}


def test_settings_are_read_from_the_environment_only_by_settings() -> None:
    """Every setting is declared once, in ``Settings``: no other module reads the environment
    (the listed exceptions say why)."""
    repo = Path(__file__).resolve().parents[2]
    readers = sorted(
        str(path.relative_to(repo))
        for folder in ("app", "cli", "graph_model", "loaders", "services", "synth")
        for path in (repo / folder).rglob("*.py")
        if "os.environ" in (text := path.read_text(encoding="utf-8")) or "getenv(" in text
    )
    assert [r for r in readers if r not in ENV_READERS] == []
