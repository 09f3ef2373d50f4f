"""One settings object for the whole of Touchpoint.

Values come, in order of precedence, from keyword arguments, environment variables, a TOML
config file (``TOUCHPOINT_CONFIG`` or ``./touchpoint.toml``) and the defaults below. Neo4j
connection keys use the conventional un-prefixed names (``NEO4J_URI`` …) so that an existing
server, cluster or Aura instance is reached exactly as its own docs describe; everything else
is prefixed ``TOUCHPOINT_``.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_DATA_DIR = Path(".touchpoint")  # relative to where touchpoint runs
ALLOWED_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def _config_file() -> Path:
    return Path(os.environ.get("TOUCHPOINT_CONFIG", "touchpoint.toml"))


class Settings(BaseSettings):
    """Where the graph is, where data lives, and how the local server is sized."""

    model_config = SettingsConfigDict(
        env_prefix="TOUCHPOINT_", extra="ignore", populate_by_name=True
    )

    neo4j_uri: str | None = Field(
        default=None,
        validation_alias=AliasChoices("NEO4J_URI", "neo4j_uri"),
        description="Bolt/neo4j URI of an existing server; unset means the embedded default.",
    )
    neo4j_user: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "neo4j_user")
    )
    neo4j_password: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("NEO4J_PASSWORD", "neo4j_password"),
        description="Unset with the embedded default: read from the 0600 password file.",
    )
    neo4j_database: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "neo4j_database")
    )

    data_dir: Path = DEFAULT_DATA_DIR
    bolt_port: int = Field(default=7687, ge=1, le=65535)
    neo4j_heap: str = "2g"
    neo4j_pagecache: str = "2g"
    neo4j_tx_memory: str = "2g"
    neo4j_start_timeout: float = Field(default=120.0, gt=0)
    maven_repo: Path | None = Field(
        default=None, description="Maven local repository; default ~/.m2/repository."
    )
    java: str = "java"
    mvn: str = "mvn"
    launcher_build_dir: Path = Field(
        default_factory=lambda: _cache_home() / "touchpoint" / "launcher",
        description="Where Maven builds the Neo4j launcher (outside the installed package).",
    )

    batch_size: int = Field(default=5000, ge=1)
    sources: Path | None = Field(
        default=None,
        description="The source registry the scheduler and admin pages use; default "
        "<data_dir>/sources.yml.",
    )

    # access control (issue 8)
    agreements_dir: Path | None = Field(
        default=None, description="Sharing agreements (*.yml); default the shipped ones."
    )
    vocabulary_extra: Path | None = Field(
        default=None,
        description="A council's vocabulary extension (YAML), merged into the shipped one.",
    )
    audit_mirror: Path | None = Field(
        default=None, description="Also append every audit entry to this JSON-lines file."
    )
    session_minutes: int = Field(default=30, ge=1, description="Sign-in inactivity expiry.")
    https: bool = Field(
        default=False,
        description="Served over HTTPS (e.g. behind a TLS proxy): Secure cookies and HSTS.",
    )

    # security (issue 13)
    session_max_minutes: int = Field(
        default=600, ge=1, description="A signed-in session ends this long after sign-in."
    )
    admin_role: str = Field(
        default="admin", description="The role that administers Touchpoint (one check, here)."
    )
    break_glass_max_minutes: int = Field(
        default=60, ge=1, le=240, description="The longest a break-glass may last."
    )
    source_roots: list[Path] = Field(
        default_factory=list,
        description="Folders the admin pages may take extracts from; default <data_dir>/incoming.",
    )
    mapping_dirs: list[Path] = Field(
        default_factory=list, description="Mapping folders besides the shipped one, by name."
    )
    sql_urls: list[str] = Field(
        default_factory=list, description="SQL source URLs the admin pages may use, as written."
    )

    # performance (issue 19)
    warm_on_start: bool = Field(
        default=True,
        description="Warm the page cache and query plans in the background after `db start` "
        "and when the workbench is served (`touchpoint db warm` runs it in the foreground).",
    )
    warm_pattern_seconds: float = Field(
        default=120.0,
        ge=0,
        description="How long the warm-up may spend running the saved patterns for everyone "
        "(in catalogue order; the rest are only planned): a pattern that was only planned ran "
        "2x its warm time straight after a restart. 0 plans them without running any.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_file())
        return init_settings, env_settings, toml, file_secret_settings

    @field_validator("neo4j_uri")
    @classmethod
    def _check_scheme(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in ALLOWED_SCHEMES:
            raise ValueError(
                f"NEO4J_URI {value!r} must start with one of "
                + ", ".join(f"{s}://" for s in ALLOWED_SCHEMES)
            )
        return value

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @property
    def extract_roots(self) -> list[Path]:
        """Where the admin pages may register extract files and folders."""
        roots = self.source_roots or [self.data_dir / "incoming"]
        return [Path(root).expanduser().resolve() for root in roots]

    @property
    def uses_local_server(self) -> bool:
        """True when Touchpoint must start (or reuse) its own Neo4j."""
        return self.neo4j_uri is None

    @property
    def effective_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.bolt_port}"

    @cached_property
    def neo4j_home(self) -> Path:
        return self.data_dir / "neo4j"

    @property
    def password_file(self) -> Path:
        return self.neo4j_home / "password"

    def auth(self) -> tuple[str, str]:
        """Credentials for the driver: explicit password, else the local password file."""
        if self.neo4j_password is not None:
            return self.neo4j_user, self.neo4j_password.get_secret_value()
        if self.password_file.exists():
            return self.neo4j_user, self.password_file.read_text(encoding="utf-8").strip()
        from touchpoint.graph_model.model.errors import ConfigError

        hint = (
            "run `touchpoint db start` to create the local server and its password"
            if self.uses_local_server
            else "set NEO4J_PASSWORD"
        )
        raise ConfigError(f"No Neo4j password: {hint}.")

    def describe(self) -> dict[str, Any]:
        """Settings safe to print (no secrets)."""
        return {
            "neo4j_uri": self.effective_uri,
            "embedded": self.uses_local_server,
            "neo4j_user": self.neo4j_user,
            "neo4j_database": self.neo4j_database,
            "data_dir": str(self.data_dir),
        }


def load_settings(**overrides: Any) -> Settings:
    """Build settings, turning pydantic's errors into one pointed ConfigError."""
    from pydantic import ValidationError

    from touchpoint.graph_model.model.errors import ConfigError

    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"Invalid Touchpoint settings: {problems}") from exc
