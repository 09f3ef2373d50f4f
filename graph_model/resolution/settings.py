"""One settings object for entity resolution: thresholds, blocking, training, backend.

Values come from keyword arguments, then ``TOUCHPOINT_RESOLVE_*`` environment variables
(e.g. ``TOUCHPOINT_RESOLVE_BACKEND=spark``, ``TOUCHPOINT_RESOLVE_UPPER_THRESHOLD=0.99``), then
the defaults below. Everything a reviewer needs to reproduce a run is here and is recorded on
the ``ResolutionRun`` node.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from touchpoint.graph_model.model.errors import ConfigError

# Blocking: candidate pairs must agree on every column of at least one rule. Together they
# catch typos (dob + name sounds), moves (name sounds + birth year), dob swaps and nicknames
# (postcode + forename sound / surname sound) and plain identifier matches.
DEFAULT_BLOCKING: list[list[str]] = [
    ["dob", "surname_sdx"],
    ["dob", "forename_sdx"],
    ["postcode", "forename_sdx"],
    ["postcode", "surname_sdx", "birth_year"],
    ["surname_sdx", "forename_sdx", "birth_year"],
    ["dob_sorted", "surname_sdx"],
    ["nhs_number"],
    ["ni_number"],
    ["upn"],
]

# EM training rules: each leaves some comparisons free to be estimated.
DEFAULT_TRAINING_BLOCKING: list[list[str]] = [
    ["dob", "surname_sdx"],
    ["postcode", "forename_sdx"],
]


class ResolutionSettings(BaseSettings):
    """Thresholds, blocking, training sizes and the compute backend for ``touchpoint resolve``."""

    model_config = SettingsConfigDict(env_prefix="TOUCHPOINT_RESOLVE_", extra="ignore")

    upper_threshold: float = Field(
        default=0.99, gt=0, lt=1, description="Link automatically at or above this probability."
    )
    lower_threshold: float = Field(
        default=0.6, gt=0, lt=1, description="Queue for human review from here to the upper."
    )
    backend: Literal["duckdb", "spark"] = "duckdb"
    spark_master: str = "local[2]"
    spark_driver_memory: str = "4g"
    identifiers: list[str] = Field(default_factory=lambda: ["nhs_number", "ni_number", "upn"])
    blocking_rules: list[list[str]] = Field(default_factory=lambda: DEFAULT_BLOCKING)
    training_blocking_rules: list[list[str]] = Field(
        default_factory=lambda: DEFAULT_TRAINING_BLOCKING
    )
    u_sample_pairs: int = Field(default=2_000_000, ge=10_000)
    em_max_iterations: int = Field(default=25, ge=1)
    seed: int = 42
    page_size: int = Field(default=20_000, ge=100, description="Records read per Neo4j page.")
    write_batch_size: int = Field(default=10_000, ge=100, description="Rows per write transaction.")
    io_threads: int = Field(
        default=2, ge=1, le=8, description="Neo4j transactions run at once to read and write."
    )
    duckdb_threads: int | None = Field(default=None, description="None: DuckDB's default.")
    duckdb_memory_limit: str = "6GB"

    @model_validator(mode="after")
    def _thresholds_ordered(self) -> ResolutionSettings:
        if self.lower_threshold >= self.upper_threshold:
            raise ValueError(
                f"lower_threshold {self.lower_threshold} must be below "
                f"upper_threshold {self.upper_threshold}"
            )
        return self

    def describe(self) -> dict[str, Any]:
        """What is recorded on each ResolutionRun (reproducibility)."""
        return self.model_dump(mode="json")


def load_resolution_settings(**overrides: Any) -> ResolutionSettings:
    """Build resolution settings; invalid values become one pointed ConfigError."""
    from pydantic import ValidationError

    try:
        return ResolutionSettings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"Invalid resolution settings: {problems}") from exc
