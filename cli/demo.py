"""The demo that `touchpoint run` prepares on an empty graph: extracts → load → resolve →
patterns, so the workbench opens on resolved people with flags to review."""

from __future__ import annotations

from touchpoint.cli.common import console
from touchpoint.cli.load_commands import DEMO_PEOPLE, ensure_demo_population
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.load import LoadResult


def ensure_demo(
    graph: Graph, settings: Settings, people: int = DEMO_PEOPLE
) -> list[LoadResult] | None:
    """Load, resolve and flag a synthetic demo population if the graph holds no records.

    Returns the loads (None: the graph already had data and was left as it was).
    """
    results = ensure_demo_population(graph, settings, people)
    if results is None:
        return None
    from touchpoint.graph_model.patterns.flags import raise_flags
    from touchpoint.graph_model.patterns.library import list_patterns
    from touchpoint.graph_model.resolution.service import resolve
    from touchpoint.graph_model.resolution.settings import load_resolution_settings

    with console.status("Resolving people across agencies …"):
        report = resolve(graph, load_resolution_settings())
    console.print(
        f"Resolved {report.records:,} records into {report.persons:,} people "
        f"({report.auto_links:,} automatic links, {report.review_pairs:,} pairs for review)."
    )
    raised = 0
    for pattern in list_patterns():
        with console.status(f"Running pattern {pattern.id} …"):
            summary, _ = raise_flags(graph, pattern)
        raised += summary.created
    console.print(f"Ran {len(list_patterns())} saved patterns: {raised:,} flags to review.")
    return results
