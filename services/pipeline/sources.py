"""The source registry: which extracts to load, from where, on what schedule (YAML as data).

The registry file (``<data_dir>/sources.yml`` unless ``Settings.sources``, i.e.
``TOUCHPOINT_SOURCES``, or ``--sources`` names another) is the single source of truth: the CLI
and the admin pages edit it, and the scheduler syncs its job store from it. Validation is strict
(unknown keys are refused) and every error names the file and the key, so a typo fails at
``schedule add`` instead of at 2 a.m.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.settings import Settings

NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,62}$"
_DURATION = re.compile(r"^\s*(\d+)\s*(s|sec|m|min|h|d)\s*$")
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FolderLocation(_Strict):
    """A folder the agency drops extracts into; files matching ``glob`` are candidates."""

    kind: Literal["folder"]
    folder: Path
    glob: str = "*.csv"

    def describe(self) -> str:
        return f"{self.folder}/{self.glob}"


class FileLocation(_Strict):
    """One file the agency overwrites on each delivery."""

    kind: Literal["file"]
    file: Path

    def describe(self) -> str:
        return str(self.file)


class SqlLocation(_Strict):
    """A SQL query over any SQLAlchemy URL; ``${VAR}`` in the URL is read from the environment
    so credentials stay out of the registry file."""

    kind: Literal["sql"]
    url: str
    query: str
    extract_name: str = Field(default="extract.csv", pattern=r"^[A-Za-z0-9_.-]+\.csv$")

    def resolved_url(self) -> str:
        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in os.environ:
                raise ConfigError(f"SQL source URL needs environment variable {name}, unset.")
            return os.environ[name]

        return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", substitute, self.url)

    def describe(self) -> str:
        return f"SQL over {self.url.split('://', 1)[0]}://…"


Location = Annotated[FolderLocation | FileLocation | SqlLocation, Field(discriminator="kind")]


class Schedule(_Strict):
    """Either a five-field cron expression or an interval such as ``15m`` / ``1h`` / ``1d``."""

    cron: str | None = None
    every: str | None = None
    timezone: str = "Europe/London"

    @model_validator(mode="after")
    def _exactly_one(self) -> Schedule:
        if (self.cron is None) == (self.every is None):
            raise ValueError("give exactly one of 'cron' (e.g. '0 2 * * *') or 'every' ('15m')")
        if self.cron is not None:
            from apscheduler.triggers.cron import CronTrigger

            try:
                CronTrigger.from_crontab(self.cron, timezone=self.timezone)
            except ValueError as exc:
                raise ValueError(f"cron {self.cron!r} is not a valid crontab: {exc}") from exc
        else:
            interval_seconds(self.every or "")
        return self

    def describe(self) -> str:
        return f"cron {self.cron} ({self.timezone})" if self.cron else f"every {self.every}"


class FailureHook(_Strict):
    """Called when a run fails: POST the run summary to ``webhook`` and/or pipe it to
    ``command`` (argv list, JSON on stdin)."""

    webhook: str | None = Field(default=None, pattern=r"^https?://")
    command: list[str] | None = None
    timeout_seconds: float = Field(default=10.0, gt=0, le=300)


class Source(_Strict):
    """One agency extract: what mapping loads it, where it comes from, when."""

    name: str = Field(pattern=NAME_PATTERN)
    mapping: Path
    location: Location
    schedule: Schedule
    enabled: bool = True
    description: str = ""
    coalesce: bool = True
    misfire_grace_seconds: int = Field(default=3600, ge=1)
    retries: int = Field(default=3, ge=0, le=10)
    on_failure: FailureHook | None = None

    def trigger_signature(self) -> str:
        """Everything that shapes the job in the store; a change means reschedule."""
        return "|".join(
            [
                self.schedule.cron or f"every {self.schedule.every}",
                self.schedule.timezone,
                f"coalesce={self.coalesce}",
                f"grace={self.misfire_grace_seconds}",
            ]
        )


class SchedulerOptions(_Strict):
    """How the long-running scheduler behaves (all optional)."""

    jobstore_url: str | None = None
    heartbeat_seconds: float = Field(default=15.0, gt=0, le=3600)
    max_workers: int = Field(default=2, ge=1, le=16)
    lock_ttl_seconds: float = Field(default=300.0, ge=1)
    lock_retry_seconds: float = Field(default=60.0, gt=0, le=3600)
    """A scheduled run that found its source busy (a CLI load of it) is tried again after this."""
    lock_retries: int = Field(default=30, ge=0, le=1000)
    """How often it is tried again before waiting for the next scheduled time."""


class Registry(_Strict):
    """The whole registry file."""

    scheduler: SchedulerOptions = SchedulerOptions()
    on_failure: FailureHook | None = None
    sources: list[Source] = Field(default_factory=list)

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, sources: list[Source]) -> list[Source]:
        seen: set[str] = set()
        for source in sources:
            if source.name in seen:
                raise ValueError(f"two sources are named {source.name!r}")
            seen.add(source.name)
        return sources

    def get(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"No source named {name!r} (known: {known}).")

    def hook_for(self, source: Source) -> FailureHook | None:
        return source.on_failure or self.on_failure

    def with_source(self, source: Source, *, replace: bool = False) -> Registry:
        exists = any(s.name == source.name for s in self.sources)
        if exists and not replace:
            raise ConfigError(f"A source named {source.name!r} already exists.")
        kept = [s for s in self.sources if s.name != source.name]
        return self.model_copy(update={"sources": [*kept, source]})

    def without_source(self, name: str) -> Registry:
        self.get(name)
        return self.model_copy(update={"sources": [s for s in self.sources if s.name != name]})


def interval_seconds(text: str) -> int:
    """``"90s"``, ``"15m"``, ``"2h"``, ``"1d"`` → seconds."""
    match = _DURATION.match(text or "")
    if not match:
        raise ValueError(f"interval {text!r} must look like 30s, 15m, 2h or 1d")
    seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds < 1:
        raise ValueError("interval must be at least 1s")
    return seconds


def registry_path(settings: Settings, override: Path | str | None = None) -> Path:
    """The registry file: an explicit override (``--sources``), else ``Settings.sources``
    (``TOUCHPOINT_SOURCES`` or ``touchpoint.toml``), else ``<data_dir>/sources.yml``."""
    chosen = override or settings.sources
    return Path(chosen).expanduser().resolve() if chosen else settings.data_dir / "sources.yml"


def load_registry(path: Path) -> Registry:
    """Read and validate the registry; a missing file is an empty registry."""
    if not path.exists():
        return Registry()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    return parse_registry(data, path)


def parse_registry(data: Any, origin: Path | str = "<registry>") -> Registry:
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping with a 'sources' list at the top")
    try:
        return Registry.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{origin}: {_describe_errors(exc, data)}") from exc


def parse_source(data: dict[str, Any], origin: str = "source") -> Source:
    try:
        return Source.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{origin}: {_describe_errors(exc, data)}") from exc


def save_registry(registry: Registry, path: Path) -> None:
    """Write atomically (temp file + rename) so the scheduler never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = registry.model_dump(mode="json", exclude_defaults=True)
    data.setdefault("sources", [])
    text = "# Touchpoint source registry (docs/scheduling.md).\n" + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True
    )
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sources-", suffix=".yml")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def _describe_errors(exc: ValidationError, data: Any) -> str:
    return "; ".join(
        f"{_location(err['loc'], data)}: {err['msg'].removeprefix('Value error, ')}"
        for err in exc.errors()
    )


def _location(loc: tuple[Any, ...], data: Any) -> str:
    """``sources[2].schedule.cron`` with the source's name when known: ``sources[2] (police)``."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            name = node[item].get("name") if _indexable(node, item) else None
            parts[-1] = f"{parts[-1]}[{item}]" + (f" ({name})" if name else "")
            node = node[item] if _indexable(node, item) else None
        elif item in ("folder", "file", "sql") and parts and parts[-1] == "location":
            continue  # the discriminator's branch name adds noise, not information
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return ".".join(parts) or "file"


def _indexable(node: Any, index: int) -> bool:
    return isinstance(node, list) and index < len(node) and isinstance(node[index], dict)
