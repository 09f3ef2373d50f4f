"""The demo that `touchpoint run` prepares on an empty graph: extracts → load → resolve →
patterns, so the workbench opens on resolved people with flags to review."""

from __future__ import annotations

from cli.common import console
from cli.load_commands import ensure_demo_population
from graph_model.db import Graph
from graph_model.settings import Settings
from loaders.load import LoadResult


def ensure_demo(graph: Graph, settings: Settings) -> list[LoadResult] | None:
    """Load, resolve and flag a synthetic demo population if the graph holds no records.

    Returns the loads (None: the graph already had data and was left as it was).
    """
    results = ensure_demo_population(graph, settings)
    if results is None:
        return None
    from graph_model.flags import raise_flags
    from graph_model.patterns import list_patterns
    from graph_model.resolution.service import resolve
    from graph_model.resolution.settings import load_resolution_settings

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
