"""Writes that provably change nothing, dropped before they are sent (or staged).

A load repeats itself a lot: every GP consultation re-asserts its practice and its patient's
registration, every household member the same address. Two kinds of repeat are exact no-ops
once an earlier write of the same load (in the order the writes are applied) has been made:

* a **reference** (``*_ref``: make sure the node exists) of a node this load already wrote
  for the same agency — the node exists and its ``RECORDED_BY`` to that agency too;
* a **shared** node (``Address``, ``Organisation``: provenance on create, each property the
  first non-null value, ``last_load_run_id``) written again with exactly the same values by
  the same load.

Upserts are never dropped: ``SET n += props`` makes their order matter. What is remembered is
bounded (forgetting only means a repeat is written again, which changes nothing).
"""

from __future__ import annotations

from typing import Any

REFERENCES = frozenset({"load/person_record_ref", "load/event_ref"})
UPSERTS = frozenset({"load/person_record", "load/event"})
SHARED = frozenset({"load/address", "load/organisation"})
MEMORY = 2_000_000


class RepeatFilter:
    """For one load of one file: which node writes can be left out."""

    def __init__(self) -> None:
        self._recorded: set[tuple[str, str]] = set()
        self._shared: set[tuple[Any, ...]] = set()
        self.dropped = 0

    def keep(self, query: str, agency: str, row: dict[str, Any]) -> bool:
        """Called for each node write in the order the loader applies them."""
        if query in UPSERTS:
            self._remember(self._recorded, (row["id"], agency))
            return True
        if query in REFERENCES:
            key = (row["id"], agency)
            if key in self._recorded:
                self.dropped += 1
                return False
            self._remember(self._recorded, key)
            return True
        if query in SHARED:  # any agency: a shared node has no RECORDED_BY
            try:
                key = (row["id"], *row["props"].items())  # provenance is set on create only
                seen = key in self._shared
            except TypeError:  # an unhashable value: cannot tell, so write it
                return True
            if seen:
                self.dropped += 1
                return False
            self._remember(self._shared, key)
        return True

    def filter(self, groups: dict[tuple[str, str], list[dict[str, Any]]]) -> None:
        """Drop the repeats from a chunk's node groups, in place (groups in write order)."""
        for (query, agency), rows in list(groups.items()):
            if query in UPSERTS:
                for row in rows:
                    self._remember(self._recorded, (row["id"], agency))
                continue
            kept = [row for row in rows if self.keep(query, agency, row)]
            if kept:
                groups[(query, agency)] = kept
            else:
                del groups[(query, agency)]

    @staticmethod
    def _remember(seen: set[Any], key: Any) -> None:
        if len(seen) >= MEMORY:
            seen.clear()
        seen.add(key)
