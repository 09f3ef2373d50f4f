"""The real pipeline steps: pick up → load → resolve → patterns → flags.

Each adapter imports its feature's Python API lazily, inside ``run``: the scheduler starts and
records runs even in a build where a feature is missing, and such a step fails with a pointed
"step unavailable" reason instead of silently succeeding.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from touchpoint.graph_model.model.settings import Settings
from touchpoint.services.pipeline.changes import pick_new_files, record_loaded_files
from touchpoint.services.pipeline.sources import Source, SqlLocation
from touchpoint.services.pipeline.steps import RunContext, StepResult, StepUnavailable

log = logging.getLogger(__name__)


def import_function(module: str, name: str, step: str) -> Callable[..., Any]:
    """``module.name`` or ``StepUnavailable`` saying exactly what is missing."""
    try:
        found = getattr(importlib.import_module(module), name, None)
    except ImportError as exc:
        raise StepUnavailable(f"step unavailable: {step} needs {module} ({exc})") from exc
    if not callable(found):
        raise StepUnavailable(f"step unavailable: {step} needs {module}.{name}, not in this build")
    return found


class PickUpStep:
    """Find the source's new or changed files (by checksum).

    Says "nothing to do" when no file is new *and* the previous run completed; after a failed
    run it lets the downstream steps run again so the next run finishes what that one began.
    """

    name = "pick_up"

    def run(self, context: RunContext) -> StepResult:
        from touchpoint.services.pipeline.runner import NOTHING_TO_DO

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
        loader_cls = import_function("touchpoint.loaders.load", "Loader", self.name)
        mapping = load_source_mapping(context.source, context.settings)
        loader = loader_cls(context.graph, context.settings.data_dir / "quarantine")
        counts = {"files": 0, "rows_read": 0, "rows_loaded": 0, "rows_quarantined": 0}
        result = StepResult(counts=counts)
        for picked in context.files:
            outcome = loader.load_file(mapping, picked.path)
            result.load_run_ids.append(outcome.run_id)
            for key in ("rows_read", "rows_loaded", "rows_quarantined"):
                counts[key] += int(getattr(outcome, key) or 0)
            if outcome.status not in ("completed", "skipped"):
                result.status = "failed"
                result.message = f"{picked.path.name}: {outcome.status}: {outcome.error}"
                return result
            counts["files"] += 1
            record_loaded_files(
                context.graph,
                context.source.name,
                context.run_id,
                [picked],
                {str(picked.path): outcome.run_id},
            )
        return result


def load_source_mapping(source: Source, settings: Settings | None = None) -> Any:
    """The source's mapping: a path, or the name of a mapping in the shipped folder or one of
    ``settings.mapping_dirs`` (``police_incidents``)."""
    from touchpoint.graph_model.model.errors import ConfigError

    load_mapping = import_function("touchpoint.loaders.mapping", "load_mapping", "load")
    mappings_dir = importlib.import_module("touchpoint.loaders.mapping").MAPPINGS_DIR
    folders = [mappings_dir, *(settings.mapping_dirs if settings else [])]
    candidates = [source.mapping] + [
        folder / name for folder in folders for name in (source.mapping, f"{source.mapping}.yml")
    ]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise ConfigError(
            f"Source {source.name!r}: mapping {source.mapping} not found "
            f"(a path, or a name from {mappings_dir})."
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
        resolve = import_function("touchpoint.graph_model.resolution.service", "resolve", self.name)
        load_settings = import_function(
            "touchpoint.graph_model.resolution.settings", "load_resolution_settings", self.name
        )
        report = resolve(context.graph, load_settings(), full=False)
        counts = {
            key: int(value)
            for key, value in vars(report).items()
            if isinstance(value, int) and not isinstance(value, bool)
        }
        return StepResult(counts=counts, message=f"{report.mode} run {report.run_id}")


class PatternsStep:
    """Run every saved pattern read-only: hits per pattern; a broken pattern fails here."""

    name = "patterns"

    def run(self, context: RunContext) -> StepResult:
        list_patterns = import_function(
            "touchpoint.graph_model.patterns.library", "list_patterns", self.name
        )
        run_pattern = import_function(
            "touchpoint.graph_model.patterns.library", "run_pattern", self.name
        )
        hits = {
            pattern.id: len(run_pattern(context.graph, pattern)[1]) for pattern in list_patterns()
        }
        context.extras["pattern_hits"] = hits
        busiest = ", ".join(f"{k} {v}" for k, v in sorted(hits.items(), key=lambda kv: -kv[1])[:3])
        return StepResult(
            counts={"patterns": len(hits), "hits": sum(hits.values())},
            message=f"most hits: {busiest}" if busiest else "no patterns",
        )


class FlagsStep:
    """Raise flags from every pattern (``patterns.flags.raise_flags``: MERGE on stable
    flag ids, so reviewed flags keep their state and a rerun creates nothing new)."""

    name = "flags"

    def run(self, context: RunContext) -> StepResult:
        list_patterns = import_function(
            "touchpoint.graph_model.patterns.library", "list_patterns", self.name
        )
        raise_flags = import_function(
            "touchpoint.graph_model.patterns.flags", "raise_flags", self.name
        )
        counts = {"patterns": 0, "hits": 0, "flags_created": 0, "flags_already_known": 0}
        for pattern in list_patterns():
            summary, _ = raise_flags(context.graph, pattern)
            counts["patterns"] += 1
            counts["hits"] += summary.hits
            counts["flags_created"] += summary.created
            counts["flags_already_known"] += summary.already_known
        return StepResult(counts=counts)


def default_steps() -> list[Any]:
    """The production pipeline, in order."""
    return [PickUpStep(), LoadStep(), ResolveStep(), PatternsStep(), FlagsStep()]
