"""Open-flag counts per subject, for search results and node styling.

Flags belong to the patterns/flags feature (``graph_model.flags``); this module only asks it
for counts so the app degrades to "no flags" while that feature is absent.
"""

from __future__ import annotations

from graph_model.db import Graph


def open_flag_counts(graph: Graph, keys: list[str]) -> dict[str, int]:
    """Number of open flags per subject key; empty when the flags feature is not installed."""
    from app.services import flags as flag_service

    return flag_service.open_flag_counts(graph, keys)
