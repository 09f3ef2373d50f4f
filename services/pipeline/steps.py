"""The pipeline's building block: a named step that does one thing and reports counts.

A run is a sequence of steps (load → resolve → patterns → flags by default). Each step gets a
``RunContext`` (graph, source, the files picked up, what earlier steps produced) and returns a
``StepResult``; the runner times it, retries transient failures and records it. Steps must be
idempotent — a retried or re-run step converges on the same graph — which the real steps get
from MERGE on stable ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from touchpoint.graph_model.model.errors import GraphUnavailable
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.pipeline.sources import Source

StepStatus = Literal["succeeded", "failed", "skipped"]
NOTHING_TO_DO = "nothing_to_do"  # a step sets this extra when the rest of the run has no work


TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    GraphUnavailable,
    ConnectionError,
    TimeoutError,
)


@dataclass
class PickedFile:
    """A file this run will load: where it is and the checksum that made it new."""

    path: Path
    checksum: str
    size: int


@dataclass
class StepResult:
    """What a step did: counts for the history page, ids of LoadRuns it wrote."""

    status: StepStatus = "succeeded"
    counts: dict[str, int] = field(default_factory=dict)
    load_run_ids: list[str] = field(default_factory=list)
    message: str = ""


def _quiet(_: str) -> None:
    """No one is watching (the scheduler): progress goes nowhere."""


@dataclass
class RunContext:
    """Everything a step may need; ``results`` holds earlier steps' results by name, and
    ``report`` takes a line of progress ("Running pattern toxic_trio …") for whoever watches."""

    settings: Settings
    graph: Graph
    source: Source
    run_id: str
    files: list[PickedFile] = field(default_factory=list)
    results: dict[str, StepResult] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    report: Callable[[str], None] = _quiet


@runtime_checkable
class Step(Protocol):
    """A named unit of pipeline work."""

    name: str

    def run(self, context: RunContext) -> StepResult: ...


StepsFactory = Callable[[Source], Sequence[Step]]


def is_transient(exc: BaseException) -> bool:
    """Failures worth retrying: the graph or the network was briefly unavailable."""
    return isinstance(exc, TRANSIENT_ERRORS)
