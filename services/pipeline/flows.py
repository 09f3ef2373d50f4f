"""The pipelines Touchpoint runs - all through the one runner, ``runner.run_pipeline``.

* a registered source (``run_source``): the scheduler's jobs, the admin page's *Run now* and
  ``touchpoint schedule run-now`` - pick up → load → resolve → patterns → flags;
* the demo (``prepare_demo``) that ``touchpoint run`` prepares on an empty graph - synthesise →
  load → resolve → patterns → flags.

Either way the run takes its source's lock, retries transient failures, records every step
(``PipelineRun``, shown on the admin pages) and runs each pattern once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.load import LoadResult
from touchpoint.loaders.mapping import MAPPINGS_DIR
from touchpoint.services.pipeline.adapters import (
    FlagsStep,
    LoadFolderStep,
    LoadProgress,
    PatternsStep,
    ResolveStep,
    SynthStep,
    default_steps,
)
from touchpoint.services.pipeline.records import RunSummary
from touchpoint.services.pipeline.runner import PipelineOptions, RetryPolicy, run_pipeline
from touchpoint.services.pipeline.sources import FolderLocation, Registry, Schedule, Source
from touchpoint.services.pipeline.steps import StepsFactory

DEMO_PEOPLE = 2_000
DEMO_SEED = 20_261_101
DEMO_SCENARIO_RATE = 0.03


def run_source(
    settings: Settings,
    graph: Graph,
    registry: Registry,
    name: str,
    *,
    trigger: str = "manual",
    steps_factory: StepsFactory | None = None,
    retry_base: float = 1.0,
) -> RunSummary:
    """Run one registered source now, under its lock, with its retries and failure hook."""
    source = registry.get(name)
    options = PipelineOptions(
        trigger=trigger,
        lock_ttl_seconds=registry.scheduler.lock_ttl_seconds,
        retry=RetryPolicy.for_source(source, retry_base),
        hook=registry.hook_for(source),
    )
    steps = (steps_factory or default_steps)(source)
    return run_pipeline(settings, graph, source, steps, options)


@dataclass
class DemoRun:
    """What preparing the demo did: the pipeline run and each extract's load."""

    summary: RunSummary
    loads: list[LoadResult]


def prepare_demo(
    settings: Settings,
    graph: Graph,
    people: int = DEMO_PEOPLE,
    *,
    report: Callable[[str], None] | None = None,
    synth_progress: Callable[[int], None] | None = None,
    load_progress: LoadProgress | None = None,
) -> DemoRun | None:
    """On a graph holding no agency record: a synthetic population's extracts, loaded,
    resolved and checked by every saved pattern, as one recorded pipeline run (source
    ``demo``). Returns None (and changes nothing) when the graph already holds records."""
    count = graph.read_one("admin/count_label", label="PersonRecord")
    if count and count["count"]:
        return None
    folder = settings.data_dir / "demo"
    load = LoadFolderStep(folder, progress=load_progress)
    steps = [
        SynthStep(folder, people, DEMO_SEED, DEMO_SCENARIO_RATE, synth_progress),
        load,
        ResolveStep(),
        PatternsStep(),
        FlagsStep(),
    ]
    options = PipelineOptions(trigger="demo", retry=RetryPolicy(attempts=3), report=report)
    summary = run_pipeline(settings, graph, demo_source(folder), steps, options)
    if summary.status != "succeeded":
        step = f" at {summary.failed_step}" if summary.failed_step else ""
        raise TouchpointError(f"Preparing the demo failed{step}: {summary.error}")
    return DemoRun(summary, load.results)


def run_folder(
    settings: Settings,
    graph: Graph,
    folder: Path,
    *,
    full: bool = False,
    source_name: str = "delta",
    report: Callable[[str], None] | None = None,
) -> RunSummary:
    """One recorded pipeline run over a folder of extracts (a nightly delta, or a first
    delivery): load with the shipped mappings → incremental resolve → patterns (for the people
    the delta touched, unless ``full``) → flags. Each step's time is in the run history."""
    steps = [LoadFolderStep(folder), ResolveStep(), PatternsStep(full=full), FlagsStep()]
    source = folder_source(folder, source_name, "A folder of extracts loaded by hand")
    options = PipelineOptions(trigger="manual", retry=RetryPolicy(attempts=3), report=report)
    return run_pipeline(settings, graph, source, steps, options)


def demo_source(folder: Path) -> Source:
    """The demo as a source: a folder of synthetic extracts loaded with the shipped mappings.
    It is never scheduled (not in any registry); it names the run, its lock and its history."""
    return folder_source(
        folder, "demo", "The synthetic demo `touchpoint run` prepares on an empty graph"
    )


def folder_source(folder: Path, name: str, description: str) -> Source:
    """A folder of extracts as an unscheduled source (shipped mappings): names a run's lock
    and history."""
    return Source(
        name=name,
        mapping=MAPPINGS_DIR,
        location=FolderLocation(kind="folder", folder=folder, glob="*"),
        schedule=Schedule(every="1d"),
        description=description,
        retries=2,
    )
