"""Run one source's pipeline once: lock, pick up new files, run the steps, record, notify.

The guarantees, in order of importance:

* never two runs of one source at once (``PipelineLock``); a run that finds the source busy
  records itself as ``skipped_locked`` and leaves — so does a run whose step finds its extract
  being loaded by someone else (``LeaseHeld``, e.g. a CLI load): no traceback, no failure hook,
  and the scheduler tries it again later;
* transient failures (Neo4j unavailable, network) are retried with exponential back-off; a
  step that still fails is recorded as failed with its error, and later steps do not run;
* every step is idempotent and a source whose last run did not complete re-runs its downstream
  steps even when no file is new, so a failed run is always completed by the next one;
* the failure hook is called for a failed run, and what it answered is recorded.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.pipeline.hooks import notify_failure
from touchpoint.services.pipeline.lock import LeaseHeld, LockHeld, Owner, PipelineLock
from touchpoint.services.pipeline.records import (
    RunRecorder,
    RunSummary,
    StepRecord,
    new_run_id,
    record_locked_out,
    utcnow,
)
from touchpoint.services.pipeline.sources import FailureHook, Source
from touchpoint.services.pipeline.steps import (
    NOTHING_TO_DO,
    RunContext,
    Step,
    StepResult,
    is_transient,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
BUSY = "busy"  # a step sets this extra when its source is being loaded by someone else


@dataclass(frozen=True)
class RetryPolicy:
    """How transient failures are retried: ``attempts`` in all, waits doubling from ``base``."""

    attempts: int = 4
    base_seconds: float = 1.0
    max_seconds: float = 30.0

    @classmethod
    def for_source(cls, source: Source, base_seconds: float = 1.0) -> RetryPolicy:
        return cls(attempts=source.retries + 1, base_seconds=base_seconds)

    def call(self, func: Callable[[], T], attempts: list[int] | None = None) -> T:
        """Call ``func``, retrying transient failures; re-raises the last error.

        ``attempts`` (a one-item list) receives the number of calls made, even on failure.
        """
        tally = attempts if attempts is not None else [0]
        tally[:] = [0]

        def counted() -> T:
            tally[0] += 1
            return func()

        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=self.base_seconds, max=self.max_seconds),
            retry=retry_if_exception(is_transient),
            before_sleep=_log_retry,
            reraise=True,
        )
        return retrying(counted)


@dataclass
class PipelineOptions:
    """Knobs a caller (scheduler, *Run now*, the demo, the CLI, tests) may change for one run;
    ``report`` receives progress lines (the demo prints them; the scheduler has no one to tell)."""

    trigger: str = "manual"
    lock_ttl_seconds: float = 300.0
    retry: RetryPolicy | None = None
    hook: FailureHook | None = None
    report: Callable[[str], None] | None = None


def run_pipeline(
    settings: Settings,
    graph: Graph,
    source: Source,
    steps: Sequence[Step],
    options: PipelineOptions | None = None,
) -> RunSummary:
    """Run ``steps`` for ``source`` once under its lock; always returns the run's summary."""
    opts = options or PipelineOptions()
    retry = opts.retry or RetryPolicy.for_source(source)
    summary = RunSummary(run_id=new_run_id(source.name), source=source.name, trigger=opts.trigger)
    owner = Owner.current()
    lock = PipelineLock(graph, source.name, summary.run_id, opts.lock_ttl_seconds, owner)
    try:
        retry.call(lock.acquire)
    except LockHeld as held:
        summary.ended_at = utcnow().isoformat()
        holder = str(held.holder.get("owner"))
        retry.call(lambda: record_locked_out(graph, summary, holder, owner.name, owner.host))
        log.info("Run of %s skipped: %s", source.name, held)
        return summary
    except TouchpointError as exc:
        return _unrecorded_failure(settings, summary, f"could not take the lock: {exc}", opts.hook)
    summary.recovered_run_id = lock.recovered_run_id
    with lock:  # already held: entering starts renewal, leaving releases
        recorder = RunRecorder(graph, summary, owner.name, owner.host)
        try:
            retry.call(lambda: recorder.open([step.name for step in steps]))
            _run_steps(settings, graph, source, steps, recorder, retry, opts.report)
        except TouchpointError as exc:  # recording itself failed after retries
            return _unrecorded_failure(settings, summary, str(exc), opts.hook)
    if summary.status == "failed":
        _notify(summary, opts.hook, recorder, retry)
    return summary


def _run_steps(
    settings: Settings,
    graph: Graph,
    source: Source,
    steps: Sequence[Step],
    recorder: RunRecorder,
    retry: RetryPolicy,
    report: Callable[[str], None] | None = None,
) -> None:
    summary = recorder.summary
    context = RunContext(settings=settings, graph=graph, source=source, run_id=summary.run_id)
    if report is not None:
        context.report = report
    summary.status = "succeeded"
    for position, step in enumerate(steps):
        record = _run_step(step, position, context, retry)
        summary.steps.append(record)
        summary.load_run_ids += record.result.load_run_ids
        retry.call(lambda record=record: recorder.step(record))
        if context.extras.get(BUSY):
            summary.status, summary.error = "skipped_locked", context.extras[BUSY]
            break
        if record.error:
            summary.status, summary.failed_step, summary.error = "failed", step.name, record.error
            break
        if context.extras.get(NOTHING_TO_DO):
            summary.status = "no_changes"
            break
    summary.files_seen = int(context.extras.get("files_seen", 0))
    summary.files_new = [str(f.path) for f in context.files]
    summary.ended_at = utcnow().isoformat()
    retry.call(recorder.close)


def _run_step(step: Step, position: int, context: RunContext, retry: RetryPolicy) -> StepRecord:
    started, clock = utcnow(), time.monotonic()
    attempts: list[int] = [0]
    error = None
    try:
        result = retry.call(lambda: step.run(context), attempts)
    except LeaseHeld as busy:  # someone else is loading this extract: not a failure, try later
        result = StepResult(status="skipped", message=str(busy))
        context.extras[BUSY] = f"{step.name}: {busy}"
        log.warning("Step %s of %s found its source busy: %s", step.name, context.source.name, busy)
    except Exception as exc:  # a step's failure is data for the run record, not a crash
        result, error = StepResult(status="failed"), _describe(exc)
        log.exception("Step %s of %s failed", step.name, context.source.name)
    if result.status == "failed" and error is None:
        error = result.message or f"step {step.name} reported failure"
    context.results[step.name] = result
    return StepRecord(
        name=step.name,
        position=position,
        result=result,
        started_at=started,
        ended_at=utcnow(),
        duration_ms=int((time.monotonic() - clock) * 1000),
        attempts=max(attempts[0], 1),
        error=error,
    )


def _notify(
    summary: RunSummary, hook: FailureHook | None, recorder: RunRecorder | None, retry: RetryPolicy
) -> None:
    outcome = notify_failure(hook, summary.as_dict())
    if outcome is None or recorder is None:
        return
    try:
        retry.call(lambda: recorder.notified(outcome.ok, outcome.error))
    except TouchpointError as exc:
        log.error("Could not record the notification of %s: %s", summary.run_id, exc)


def _unrecorded_failure(
    settings: Settings, summary: RunSummary, error: str, hook: FailureHook | None
) -> RunSummary:
    """The graph could not take the record: keep it in a local file and still notify."""
    summary.status, summary.error = "failed", error
    summary.ended_at = utcnow().isoformat()
    path = settings.data_dir / "pipeline" / "unrecorded-runs.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(summary.as_dict(), default=str) + "\n")
    log.error(
        "Run %s of %s failed and could not be recorded in the graph: %s",
        summary.run_id,
        summary.source,
        error,
    )
    outcome = notify_failure(hook, summary.as_dict())
    if outcome is not None and not outcome.ok:
        log.error("Failure hook also failed: %s", outcome.error)
    return summary


def _log_retry(state: Any) -> None:
    error = state.outcome.exception() if state.outcome else None
    log.warning("Transient failure (attempt %d): %s; retrying.", state.attempt_number, error)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text if isinstance(exc, TouchpointError) else f"{exc.__class__.__name__}: {text}"
