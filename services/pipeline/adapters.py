"""The real pipeline steps: (synthesise →) pick up → load → resolve → patterns → flags.

Each step calls its feature's Python API directly (the layers allow services to use loaders,
synth, resolution and patterns). The patterns step runs every saved pattern once and hands
its hits to the flags step, which keeps them as flags: a pipeline run never runs a pattern
twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.patterns.flags import raise_flags, write_flags
from touchpoint.graph_model.patterns.library import Hit, Pattern, list_patterns, run_pattern
from touchpoint.graph_model.patterns.scope import ScopePlan, plan_scopes
from touchpoint.graph_model.resolution.service import resolve
from touchpoint.graph_model.resolution.settings import load_resolution_settings
from touchpoint.loaders.load import Loader, LoadResult
from touchpoint.loaders.mapping import MAPPINGS_DIR, Mapping, load_mapping, shipped_mappings
from touchpoint.services.pipeline.changes import pick_new_files, record_loaded_files
from touchpoint.services.pipeline.sources import Source, SqlLocation
from touchpoint.services.pipeline.steps import NOTHING_TO_DO, RunContext, Step, StepResult
from touchpoint.synth import generate

log = logging.getLogger(__name__)
LoadProgress = Callable[..., None]  # (source, rows, total=None), as the Loader reports
PATTERN_RUNS = "pattern_runs"  # extras key: the patterns step's runs, for the flags step


class PickUpStep:
    """Find the source's new or changed files (by checksum).

    Says "nothing to do" when no file is new *and* the previous run completed; after a failed
    run it lets the downstream steps run again so the next run finishes what that one began.
    """

    name = "pick_up"

    def run(self, context: RunContext) -> StepResult:
        files, seen = pick_new_files(context.graph, context.source, context.settings)
        context.files = files
        context.extras["files_seen"] = seen
        previous = context.graph.read_one("pipeline/last_run", source=context.source.name)
        previous_complete = previous is None or previous["status"] in ("succeeded", "no_changes")
        if not files and previous_complete:
            context.extras[NOTHING_TO_DO] = True
            message = f"no new files among {seen}"
        elif not files:
            message = f"no new files; finishing the steps of the {previous['status']} run"  # type: ignore[index]
        else:
            message = f"{len(files)} new or changed of {seen}"
        return StepResult(counts={"files_seen": seen, "files_new": len(files)}, message=message)


class LoadStep:
    """Load each picked file with the source's mapping (``touchpoint.loaders.load.Loader``).

    A file is remembered as loaded (``SourceFile``) right after its own load completes, so a
    failure on the third file does not reload the first two next time. A file the loader
    refuses (unreadable, columns missing) fails the step with the loader's reason; its
    ``LoadRun`` is still linked to the run so the history shows it.
    """

    name = "load"

    def run(self, context: RunContext) -> StepResult:
        if not context.files:
            return StepResult(status="skipped", message="no new files to load")
        mapping = load_source_mapping(context.source, context.settings)
        loader = Loader(context.graph, context.settings.data_dir / "quarantine")
        result = StepResult(counts=_load_counts([]))
        for picked in context.files:
            outcome = loader.load_file(mapping, picked.path)
            result.load_run_ids.append(outcome.run_id)
            _add_load(result.counts, outcome)
            if outcome.status not in ("completed", "skipped"):
                result.status = "failed"
                result.message = f"{picked.path.name}: {outcome.status}: {outcome.error}"
                return result
            record_loaded_files(
                context.graph,
                context.source.name,
                context.run_id,
                [picked],
                {str(picked.path): outcome.run_id},
            )
        return result


@dataclass
class LoadFolderStep:
    """Load a folder of extracts with every mapping whose file is there (as ``touchpoint load
    DIR`` does): the demo's load. ``results`` keeps each file's ``LoadResult`` for the caller."""

    folder: Path
    mappings: Sequence[Mapping] | None = None
    progress: LoadProgress | None = None
    name: str = "load"

    def __post_init__(self) -> None:
        self.results: list[LoadResult] = []

    def run(self, context: RunContext) -> StepResult:
        mappings = list(self.mappings or shipped_mappings())
        loader = Loader(
            context.graph, context.settings.data_dir / "quarantine", progress=self.progress
        )
        self.results = loader.load_directory(self.folder, mappings)
        if not self.results:
            expected = ", ".join(sorted({m.reader.path for m in mappings})[:5])
            raise ConfigError(f"No extract in {self.folder} matches a mapping (e.g. {expected})")
        result = StepResult(counts=_load_counts(self.results))
        result.load_run_ids = [r.run_id for r in self.results]
        failed = [r for r in self.results if r.status not in ("completed", "skipped")]
        if failed:
            result.status = "failed"
            result.message = "; ".join(f"{r.source}: {r.status}: {r.error}" for r in failed)
        return result


@dataclass
class SynthStep:
    """Write a synthetic population's extracts into ``folder`` (the demo's "agency files")."""

    folder: Path
    people: int
    seed: int
    scenario_rate: float = 0.03
    progress: Callable[[int], None] | None = None
    name: str = "synthesise"

    def run(self, context: RunContext) -> StepResult:
        context.report(f"Generating {self.people:,} synthetic people …")
        summary = generate(
            self.folder,
            self.people,
            seed=self.seed,
            scenario_rate=self.scenario_rate,
            progress=self.progress,
        )
        counts = {"people": summary.people, "households": summary.households}
        return StepResult(counts=counts | {"files": len(summary.files)}, message=str(self.folder))


def load_source_mapping(source: Source, settings: Settings | None = None) -> Mapping:
    """The source's mapping: a path, or the name of a mapping in the shipped folder or one of
    ``settings.mapping_dirs`` (``police_incidents``)."""
    folders = [MAPPINGS_DIR, *(settings.mapping_dirs if settings else [])]
    candidates = [source.mapping] + [
        folder / name for folder in folders for name in (source.mapping, f"{source.mapping}.yml")
    ]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise ConfigError(
            f"Source {source.name!r}: mapping {source.mapping} not found "
            f"(a path, or a name from {MAPPINGS_DIR})."
        )
    mapping = load_mapping(path)
    if isinstance(source.location, SqlLocation) and mapping.reader.format != "csv":
        raise ConfigError(
            f"Source {source.name!r}: a sql location is extracted to CSV, so its mapping "
            f"{path.name} needs reader.format: csv (it has {mapping.reader.format})."
        )
    return mapping


class ResolveStep:
    """Incremental entity resolution over the whole graph (new records join known people)."""

    name = "resolve"

    def run(self, context: RunContext) -> StepResult:
        context.report("Resolving people across agencies …")
        report = resolve(context.graph, load_resolution_settings(), full=False)
        counts = {
            key: int(value)
            for key, value in vars(report).items()
            if isinstance(value, int) and not isinstance(value, bool)
        }
        return StepResult(counts=counts, message=f"{report.mode} run {report.run_id}")


@dataclass(frozen=True)
class PatternRun:
    """One pattern's run: its resolved parameters and hits, for the flags step to keep, and the
    people it re-checked (None: everyone)."""

    pattern: Pattern
    params: dict[str, Any]
    hits: list[Hit]
    started: datetime
    seconds: float
    scope: list[str] | None = None


@dataclass
class PatternsStep:
    """Run every saved pattern once, read-only: hits per pattern; a broken pattern fails here.
    The runs are handed to the flags step (``extras["pattern_runs"]``).

    Incremental unless ``full``: each scoped pattern re-checks only the people touched since
    its last run and their neighbourhood (``patterns.scope``), which gives the flags a full
    run would; the plan's reason per pattern goes to the log."""

    full: bool = False
    name: str = "patterns"

    def run(self, context: RunContext) -> StepResult:
        began, planned = time.perf_counter(), datetime.now(UTC)
        patterns = [(p, p.resolve_params()) for p in list_patterns()]
        plan = ScopePlan({p.id: None for p, _ in patterns})
        if not self.full:
            plan = plan_scopes(context.graph, patterns)
        scope_ms = round((time.perf_counter() - began) * 1000)
        for pattern_id, reason in plan.reasons.items():
            log.info("pattern %s: %s", pattern_id, reason)
        # every run is stamped with the planning time: changes that end after it are
        # re-checked by the next run, even those that raced with this one
        runs = [
            self._run_one(context, p, params, plan.scopes[p.id], planned) for p, params in patterns
        ]
        context.extras[PATTERN_RUNS] = runs
        hits = {run.pattern.id: len(run.hits) for run in runs}
        busiest = ", ".join(f"{k} {v}" for k, v in sorted(hits.items(), key=lambda kv: -kv[1])[:3])
        counts = {"patterns": len(hits), "hits": sum(hits.values()), "scoped": plan.scoped}
        counts |= {f"people_{hops}_hops": n for hops, n in enumerate(plan.levels)}
        counts["scope_ms"] = scope_ms
        counts["run_ms"] = round((time.perf_counter() - began) * 1000) - scope_ms
        mode = f"{plan.scoped} of {len(hits)} scoped" if plan.scoped else "full"
        message = f"{mode}; most hits: {busiest}" if busiest else "no patterns"
        return StepResult(counts=counts, message=message)

    def _run_one(
        self,
        context: RunContext,
        pattern: Pattern,
        params: dict[str, Any],
        scope: list[str] | None,
        started: datetime,
    ) -> PatternRun:
        who = "everyone" if scope is None else f"{len(scope):,} people"
        context.report(f"Running pattern {pattern.id} for {who} …")
        began = time.perf_counter()
        _, hits = run_pattern(context.graph, pattern, params, scope)
        return PatternRun(pattern, params, hits, started, time.perf_counter() - began, scope)


class FlagsStep:
    """Keep the patterns step's hits as flags (``patterns.flags.write_flags``: MERGE on stable
    flag ids, so reviewed flags keep their state and a rerun creates nothing new). Without a
    patterns step before it, it runs every pattern itself (once)."""

    name = "flags"

    def run(self, context: RunContext) -> StepResult:
        counts = {"patterns": 0, "hits": 0, "flags_created": 0, "flags_already_known": 0}
        runs: list[PatternRun] | None = context.extras.get(PATTERN_RUNS)
        if runs is None:
            summaries = [raise_flags(context.graph, pattern)[0] for pattern in list_patterns()]
        else:
            summaries = [
                write_flags(
                    context.graph, r.pattern, r.params, r.hits, r.started, r.seconds, r.scope
                )
                for r in runs
            ]
        for summary in summaries:
            counts["patterns"] += 1
            counts["hits"] += summary.hits
            counts["flags_created"] += summary.created
            counts["flags_already_known"] += summary.already_known
        return StepResult(counts=counts, message=f"{counts['flags_created']:,} new flag(s)")


def default_steps(source: Source | None = None) -> list[Step]:
    """A registered source's pipeline, in order (the same for every source)."""
    return [PickUpStep(), LoadStep(), ResolveStep(), PatternsStep(), FlagsStep()]


def _load_counts(results: list[LoadResult]) -> dict[str, int]:
    counts = {"files": 0, "rows_read": 0, "rows_loaded": 0, "rows_quarantined": 0}
    for outcome in results:
        _add_load(counts, outcome)
    return counts


def _add_load(counts: dict[str, int], outcome: LoadResult) -> None:
    for key in ("rows_read", "rows_loaded", "rows_quarantined"):
        counts[key] += int(getattr(outcome, key) or 0)
    if outcome.status in ("completed", "skipped"):
        counts["files"] += 1
