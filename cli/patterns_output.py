"""Rendering pattern hits, flags and accuracy as rich tables, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click
from rich.table import Table

from touchpoint.cli.common import console
from touchpoint.graph_model.patterns.flags import Accuracy, status_label
from touchpoint.graph_model.patterns.library import Hit

FORMATS = ("table", "csv", "json")


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, default=str)


def print_hits(hits: list[Hit], fmt: str, limit: int | None = None) -> None:
    """One row per hit; CSV has one row per evidence item so nothing is hidden."""
    shown = hits[:limit] if limit else hits
    if fmt == "json":
        click.echo(_json([h.as_dict() for h in shown]))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                "pattern_id",
                "person_id",
                "display_name",
                "severity",
                "score",
                "summary",
                "evidence_agency",
                "evidence_record_id",
                "evidence_kind",
                "evidence_node_id",
                "evidence_category",
                "evidence_type",
                "evidence_date",
            ]
        )
        for h in shown:
            for e in h.evidence:
                writer.writerow(
                    [
                        h.pattern_id,
                        h.person_id,
                        h.display_name,
                        h.severity,
                        h.score,
                        h.summary,
                        e.agency,
                        e.record_id,
                        e.kind,
                        e.node_id,
                        e.category,
                        e.type,
                        e.date,
                    ]
                )
        click.echo(out.getvalue(), nl=False)
        return
    table = Table("Person", "Name", "Score", "Summary", "Evidence (agency record date)")
    for h in shown:
        evidence = "\n".join(
            f"{e.agency} {e.record_id} {e.date or ''} {e.type or ''}".strip()
            for e in h.evidence[:6]
        )
        if len(h.evidence) > 6:
            evidence += f"\n… {len(h.evidence) - 6} more"
        table.add_row(h.person_id, h.display_name or "", f"{h.score:g}", h.summary, evidence)
    console.print(table)
    if limit and len(hits) > limit:
        console.print(f"{len(hits) - limit} more not shown (use --limit or --format csv).")


def print_flags(rows: list[dict[str, Any]], fmt: str) -> None:
    """Flags as the viewer may see them (each flag's properties plus ``display_name``)."""
    flags = [dict(r) for r in rows]
    for f in flags:
        f.pop("evidence_json", None)
    if fmt == "json":
        click.echo(_json(flags))
        return
    if fmt == "csv":
        out = io.StringIO()
        cols = [
            "flag_id",
            "pattern_id",
            "person_id",
            "display_name",
            "status",
            "severity",
            "score",
            "summary",
            "current",
            "first_raised_at",
            "last_raised_at",
        ]
        writer = csv.DictWriter(out, cols, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(flags)
        click.echo(out.getvalue(), nl=False)
        return
    table = Table("Flag", "Pattern", "Person", "Status", "Severity", "Summary")
    for f in flags:
        table.add_row(
            f["flag_id"],
            f["pattern_id"],
            f"{f['person_id']} {f['display_name'] or ''}",
            status_label(f["status"], f.get("current") is not False),
            f["severity"],
            f["summary"],
        )
    console.print(table)


def print_accuracy(results: list[Accuracy], fmt: str) -> None:
    if fmt == "json":
        click.echo(_json([r.as_dict() for r in results]))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["pattern_id", "period", "actioned", "dismissed", "actioned_share"])
        for r in results:
            for period, counts in sorted(r.periods.items()):
                a, d = counts.get("actioned", 0), counts.get("dismissed", 0)
                writer.writerow([r.pattern_id, period, a, d, round(a / (a + d), 3)])
        click.echo(out.getvalue(), nl=False)
        return
    table = Table(
        "Pattern",
        "Flags",
        "New",
        "In review",
        "Actioned",
        "Dismissed",
        "Actioned share",
        "By month (actioned/dismissed)",
    )
    for r in results:
        d = r.as_dict()
        share = "–" if r.actioned_share is None else f"{r.actioned_share:.0%}"
        months = "  ".join(
            f"{p}: {c.get('actioned', 0)}/{c.get('dismissed', 0)}"
            for p, c in sorted(r.periods.items())
        )
        table.add_row(
            r.pattern_id,
            str(d["flags"]),
            str(d["new"]),
            str(d["in_review"]),
            str(d["actioned"]),
            str(d["dismissed"]),
            share,
            months,
        )
    console.print(table)
