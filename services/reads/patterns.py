"""Saved patterns for the app: the library, typed parameters, running one, raising flags.

The registry and its validation belong to ``graph_model.patterns.library``; this module shapes
what the Patterns page needs (form fields, table rows, CSV) and nothing more.

A run is made for the signed-in viewer: the pattern looks across every agency (it must, to be
right), but only hits whose every evidencing record and event the viewer's agreement shows are
returned, the rest counted ("2 results withheld under agreement health_isa"); each run, flag
raise and CSV export is audited (``graph_model.patterns.results`` audits the run).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.csv_safe import csv_text
from touchpoint.graph_model.model.provenance import Provenance
from touchpoint.graph_model.patterns import flags as flag_model
from touchpoint.graph_model.patterns import library as registry
from touchpoint.graph_model.patterns.results import filter_hits, visible_hits
from touchpoint.services.reads.common import agency_name
from touchpoint.services.reads.exports import provenance_for

TABLE_COLUMNS = ("person", "score", "severity", "summary", "agencies", "first", "last")


@dataclass(frozen=True)
class ParamField:
    """One form field for a pattern parameter."""

    name: str
    type: str
    default: Any
    min: Any
    max: Any
    description: str

    @property
    def input_type(self) -> str:
        return {"int": "number", "float": "number", "date": "date"}.get(self.type, "text")

    @property
    def initial(self) -> Any:
        if self.type == "date" and str(self.default).lower() == "today":
            return date.today().isoformat()
        return self.default


@dataclass(frozen=True)
class PatternInfo:
    id: str
    title: str
    description: str
    why: str
    severity: str
    agencies: list[str]
    params: list[ParamField]


@dataclass
class PatternRun:
    pattern_id: str
    params: dict[str, Any]
    rows: list[dict[str, Any]]
    notice: str | None = None  # "N results withheld under agreement X"


def library() -> list[PatternInfo]:
    """Every saved pattern, most severe first then by title."""
    order = {"high": 0, "medium": 1, "low": 2}
    infos = [_info(p) for p in registry.list_patterns()]
    return sorted(infos, key=lambda i: (order.get(i.severity, 9), i.title))


def pattern_info(pattern_id: str) -> PatternInfo:
    return _info(registry.get_pattern(pattern_id))


def run(viewer: ViewerGraph, pattern_id: str, values: dict[str, Any]) -> PatternRun:
    """Run a pattern read-only with the form's values (blank fields take the defaults); only
    the hits the viewer's agreement shows come back; audited as ``pattern_run``."""
    pattern = registry.get_pattern(pattern_id)
    found = visible_hits(viewer, pattern, _given(values))
    return PatternRun(pattern_id, found.params, [hit_row(h) for h in found.hits], found.notice())


def raise_flags(viewer: ViewerGraph, pattern_id: str, values: dict[str, Any]) -> Any:
    """Run and keep the hits as flags for review (the flags feature de-duplicates reruns).

    Flags are raised for every hit - they are the system's prompts for review - but the
    viewer is told (and the audit records) only about the flags their agreement shows."""
    pattern = registry.get_pattern(pattern_id)
    summary, hits = flag_model.raise_flags(viewer.system, pattern, _given(values))
    shown = filter_hits(viewer, hits)
    viewer.record(
        "flag_raise",
        subjects=[hit.person_id for hit in shown],
        terms={"pattern_id": pattern_id, "params": {k: str(v) for k, v in summary.params.items()}},
        result_count=len(shown),
        withheld=len(hits) - len(shown),
    )
    return summary


def export_csv(viewer: ViewerGraph, pattern_id: str, values: dict[str, Any]) -> str:
    """The results as CSV, re-run under the agreement on the server (never the browser's copy)
    and audited as an ``export`` (who, which people, under which agreement)."""
    result = run(viewer, pattern_id, values)
    viewer.record(
        "export",
        subjects=[row["person_id"] for row in result.rows],
        terms={"what": "pattern_results", "pattern_id": pattern_id, "params": values},
        result_count=len(result.rows),
    )
    stamp = provenance_for(
        viewer, f"pattern results: {pattern_id}", {"pattern": pattern_id, **_given(values)}
    )
    return rows_to_csv(result.rows, stamp)


def _given(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "")}


def hit_row(hit: Any) -> dict[str, Any]:
    """A flat, sortable table row for one hit (evidence summarised by agency and dates)."""
    dates = sorted(e.date for e in hit.evidence if e.date)
    agencies = sorted({agency_name(e.agency) for e in hit.evidence if e.agency})
    return {
        "person_id": hit.person_id,
        "person": hit.display_name or hit.person_id,
        "score": round(hit.score, 3),
        "severity": hit.severity,
        "summary": hit.summary,
        "agencies": ", ".join(agencies),
        "first": dates[0][:10] if dates else "",
        "last": dates[-1][:10] if dates else "",
        "evidence": len(hit.evidence),
    }


def rows_to_csv(rows: list[dict[str, Any]], provenance: Provenance | None = None) -> str:
    """Pattern results as CSV, formulas neutralised (names and summaries are agency data),
    after the export's provenance block when there is one."""
    return csv_text(rows, ["person_id", *TABLE_COLUMNS, "evidence"], provenance)


def _info(pattern: Any) -> PatternInfo:
    return PatternInfo(
        id=pattern.id,
        title=pattern.title,
        description=pattern.description,
        why=pattern.why,
        severity=pattern.severity,
        agencies=list(pattern.agencies),
        params=[
            ParamField(p.name, p.type, p.default, p.min, p.max, p.description)
            for p in pattern.params
        ],
    )
