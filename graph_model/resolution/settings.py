"""One settings object for entity resolution: thresholds, blocking, training, backend.

Values come from keyword arguments, then ``TOUCHPOINT_RESOLVE_*`` environment variables
(e.g. ``TOUCHPOINT_RESOLVE_BACKEND=spark``, ``TOUCHPOINT_RESOLVE_UPPER_THRESHOLD=0.95``), then
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
# (postcode + forename sound / surname sound), forename/surname swaps (the order-free pair of
# name sounds; either sound of the pair next to a postcode, when one name also has a typo),
# and records without a date of birth (names + address line, names + town).
# Every identifier a run holds (checked or soft) is a blocking rule of its own, added
# automatically, and so are its two halves next to a name or a birthday (a typo leaves one
# half intact). Each rule keeps a name sound or a date next to a place, so a common name
# alone never makes a block (no rule is "same surname").
DEFAULT_BLOCKING: list[list[str]] = [
    ["dob", "surname_sdx"],
    ["dob", "forename_sdx"],
    ["postcode", "forename_sdx"],
    ["postcode", "surname_sdx", "birth_year"],
    ["surname_sdx", "forename_sdx", "birth_year"],
    ["dob_sorted", "surname_sdx"],
    ["dob", "postcode"],
    ["address", "surname_sdx"],
    ["postcode", "birthday"],
    ["name_pair_sdx", "birth_year"],
    ["name_pair_sdx", "birthday"],
    ["name_pair_sdx", "address"],
    ["postcode", "name_sdx_lo"],
    ["postcode", "name_sdx_hi"],
    ["forename", "surname", "place"],
]

# EM training rules: each leaves some comparisons free to be estimated.
DEFAULT_TRAINING_BLOCKING: list[list[str]] = [
    ["dob", "surname_sdx"],
    ["postcode", "forename_sdx"],
]

# Whose name a person is shown by: registration-style agencies that verify identity first.
DEFAULT_DISPLAY_AGENCIES: list[str] = [
    "gp", "hospital", "community_health", "benefits", "immigration", "schools",
    "social_care", "housing", "police",
]  # fmt: skip


class ResolutionSettings(BaseSettings):
    """Thresholds, blocking, training sizes and the compute backend for ``touchpoint resolve``."""

    model_config = SettingsConfigDict(env_prefix="TOUCHPOINT_RESOLVE_", extra="ignore")

    upper_threshold: float = Field(
        default=0.95, gt=0, lt=1, description="Link automatically at or above this probability."
    )
    lower_threshold: float = Field(
        default=0.6, gt=0, lt=1, description="Queue for human review from here to the upper."
    )
    backend: Literal["duckdb", "spark"] = "duckdb"
    spark_master: str = "local[2]"
    spark_driver_memory: str = "4g"
    blocking_rules: list[list[str]] = Field(default_factory=lambda: DEFAULT_BLOCKING)
    training_blocking_rules: list[list[str]] = Field(
        default_factory=lambda: DEFAULT_TRAINING_BLOCKING
    )
    identifier_max_failing_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="A core identifier column whose values fail their check more often than "
        "this holds some other scheme's numbers: it is compared softly, never a veto.",
    )
    max_soft_identifiers: int = Field(default=3, ge=0, le=10)
    held_apart_review_threshold: float = Field(
        default=0.99,
        gt=0,
        le=1,
        description="A pair a guard holds apart as two people (checked identifiers differ, a "
        "generation apart, impossible dates of birth) is reviewed only when the evidence "
        "reaches this probability; below, no link (both counted).",
    )
    generational_gap_years: float = Field(default=12, gt=0)
    dob_plausible_days: int = Field(
        default=366, ge=0, description="Dates of birth this close are a keying slip."
    )
    twin_guard: bool = True
    twin_guard_yields_to: list[Literal["identifier", "full_address"]] = Field(
        default_factory=lambda: ["identifier"]
    )
    missing_dob_review: Literal["always", "namesakes", "off"] = Field(
        default="namesakes",
        description="A pair missing a date of birth with no agreeing identifier goes to "
        "review: always; or (namesakes) when both lack one or the record resembles "
        "same-named records of two generations; or never (off).",
    )
    display_name_agencies: list[str] = Field(default_factory=lambda: DEFAULT_DISPLAY_AGENCIES)
    u_sample_pairs: int = Field(
        default=1_000_000, ge=10_000, description="Random pairs u is estimated from."
    )
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
