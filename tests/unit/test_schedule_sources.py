"""The source registry: strict validation with pointed errors, and a faithful round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.services.pipeline.sources import (
    Registry,
    interval_seconds,
    load_registry,
    parse_registry,
    parse_source,
    save_registry,
)

POLICE = {
    "name": "police-nightly",
    "mapping": "loaders/mappings/police.yml",
    "location": {"kind": "folder", "folder": "/srv/drop/police", "glob": "*.csv"},
    "schedule": {"cron": "30 2 * * *"},
}


def test_a_valid_registry_round_trips_through_yaml(tmp_path: Path) -> None:
    sql = {
        "name": "housing",
        "mapping": "loaders/mappings/housing.yml",
        "location": {"kind": "sql", "url": "sqlite:///${HOUSING_DB}", "query": "SELECT 1"},
        "schedule": {"every": "15m"},
        "enabled": False,
        "on_failure": {"webhook": "http://127.0.0.1:9/hook"},
    }
    registry = parse_registry({"sources": [POLICE, sql]}, "sources.yml")
    path = tmp_path / "sources.yml"
    save_registry(registry, path)
    assert load_registry(path) == registry
    assert registry.hook_for(registry.get("housing")).webhook == "http://127.0.0.1:9/hook"


def test_errors_name_the_file_the_source_and_the_key() -> None:
    bad = {**POLICE, "schedule": {"cron": "0 25 * * *"}}
    with pytest.raises(ConfigError) as err:
        parse_registry({"sources": [POLICE | {"name": "ok"}, bad]}, "/etc/touchpoint/sources.yml")
    message = str(err.value)
    assert message.startswith("/etc/touchpoint/sources.yml: sources[1] (police-nightly).schedule")
    assert "'0 25 * * *' is not a valid crontab" in message


def test_unknown_keys_and_wrong_location_kinds_are_refused() -> None:
    with pytest.raises(ConfigError, match=r"sources\[0\] \(police-nightly\)\.enabld: Extra inputs"):
        parse_registry({"sources": [POLICE | {"enabld": True}]})
    with pytest.raises(ConfigError, match="location: Input tag 'ftp'"):
        parse_source(POLICE | {"location": {"kind": "ftp", "host": "x"}})


def test_a_schedule_needs_exactly_one_of_cron_or_every() -> None:
    with pytest.raises(ConfigError, match="exactly one of 'cron'"):
        parse_source(POLICE | {"schedule": {"cron": "0 2 * * *", "every": "1h"}})
    with pytest.raises(ConfigError, match="exactly one of 'cron'"):
        parse_source(POLICE | {"schedule": {}})


def test_duplicate_source_names_are_refused() -> None:
    with pytest.raises(ConfigError, match="two sources are named 'police-nightly'"):
        parse_registry({"sources": [POLICE, POLICE]})


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400)]
)
def test_intervals_parse_to_seconds(text: str, seconds: int) -> None:
    assert interval_seconds(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "5 fortnights", "0s", "-1m"])
def test_bad_intervals_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        interval_seconds(text)


def test_adding_an_existing_name_needs_replace_and_removing_an_unknown_name_fails() -> None:
    registry = Registry(sources=[parse_source(POLICE)])
    with pytest.raises(ConfigError, match="already exists"):
        registry.with_source(parse_source(POLICE))
    replaced = registry.with_source(parse_source(POLICE | {"enabled": False}), replace=True)
    assert replaced.get("police-nightly").enabled is False
    with pytest.raises(ConfigError, match=r"No source named 'gp' \(known: police-nightly\)"):
        registry.without_source("gp")


def test_sql_urls_take_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    source = parse_source(
        POLICE | {"location": {"kind": "sql", "url": "postgresql://u:${PGPASS}@db/x", "query": "q"}}
    )
    monkeypatch.setenv("PGPASS", "s3cret")
    assert source.location.resolved_url() == "postgresql://u:s3cret@db/x"
    monkeypatch.delenv("PGPASS")
    with pytest.raises(ConfigError, match="needs environment variable PGPASS"):
        source.location.resolved_url()


def test_the_trigger_signature_changes_with_the_schedule_and_misfire_policy() -> None:
    base = parse_source(POLICE)
    assert base.trigger_signature() == parse_source(POLICE | {"enabled": False}).trigger_signature()
    assert (
        base.trigger_signature() != parse_source(POLICE | {"coalesce": False}).trigger_signature()
    )
    assert (
        base.trigger_signature()
        != parse_source(POLICE | {"schedule": {"every": "1h"}}).trigger_signature()
    )
