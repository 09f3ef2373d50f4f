"""The demo `touchpoint run` prepares on an empty graph, shown as it happens.

The work is the demo pipeline (``services.pipeline.flows.prepare_demo``: synthesise → load →
resolve → patterns → flags, one recorded run through the same runner as the scheduler); this
module only draws its progress bars and prints what it did."""

from __future__ import annotations

from rich.progress import TaskID

from touchpoint.cli.common import console
from touchpoint.cli.load_commands import load_progress_bars, print_outcome
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.load import LoadResult
from touchpoint.services.pipeline.flows import DEMO_PEOPLE, prepare_demo


def ensure_demo(
    graph: Graph, settings: Settings, people: int = DEMO_PEOPLE
) -> list[LoadResult] | None:
    """Load, resolve and flag a synthetic demo population if the graph holds no records.

    Returns the loads (None: the graph already had data and was left as it was).
    """
    with load_progress_bars() as (progress, report_rows):
        tasks: dict[str, TaskID] = {}

        def report(text: str) -> None:
            """Each stage once as a line; the pattern being run on the stage's own bar."""
            if "stage" not in tasks:
                tasks["stage"] = progress.add_task(text, total=None)
            progress.update(tasks["stage"], description=text)
            if not text.startswith("Running pattern"):
                progress.console.print(text)

        def generated(n: int) -> None:
            if "people" not in tasks:
                tasks["people"] = progress.add_task("Generating people", total=people)
            progress.update(tasks["people"], advance=n)

        demo = prepare_demo(
            settings,
            graph,
            people,
            report=report,
            synth_progress=generated,
            load_progress=report_rows,
        )
        if "stage" in tasks:
            progress.update(tasks["stage"], description="Demo ready", total=1, completed=1)
    if demo is None:
        return None
    print_outcome(demo.loads)
    steps = {step.name: step.result.counts for step in demo.summary.steps}
    resolved, flags = steps.get("resolve", {}), steps.get("flags", {})
    console.print(
        f"Resolved {resolved.get('records', 0):,} records into {resolved.get('persons', 0):,} "
        f"people ({resolved.get('auto_links', 0):,} automatic links, "
        f"{resolved.get('review_pairs', 0):,} pairs for review)."
    )
    console.print(
        f"Ran {flags.get('patterns', 0)} saved patterns once each: "
        f"{flags.get('flags_created', 0):,} flags to review (pipeline run "
        f"{demo.summary.run_id})."
    )
    return demo.loads
