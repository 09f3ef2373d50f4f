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
from touchpoint.services.reads.identity import PendingPair

FORMATS = ("table", "csv", "json")


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, default=str)


def print_hits(
    hits: list[Hit],
    fmt: str,
    limit: int | None = None,
    details: dict[str, dict[str, Any]] | None = None,
) -> None:
    """One row per hit; CSV has one row per evidence item so nothing is hidden. ``details``
    (event id -> description, outcome, notes under the viewer's agreement) go with the evidence
    in CSV and JSON."""
    shown = hits[:limit] if limit else hits
    details = details or {}
    if fmt == "json":
        rows = [h.as_dict() for h in shown]
        for row in rows:
            row["evidence"] = [e | details.get(e["node_id"], {}) for e in row["evidence"]]
        click.echo(_json(rows))
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
                "evidence_notes",
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
                        details.get(e.node_id, {}).get("notes"),
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
        f.pop("pending_pairs_agreement", None)
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
            "pending_match_pairs",
        ]
        writer = csv.DictWriter(out, cols, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(f | {"pending_match_pairs": _pair_count(f)} for f in flags)
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
            f["summary"] + _pairs_text(f),
        )
    console.print(table)


def _pair_count(flag: dict[str, Any]) -> int:
    return len(flag.get("pending_pairs") or []) + int(flag.get("pending_pairs_withheld") or 0)


def _pairs_text(flag: dict[str, Any]) -> str:
    """The undecided match pairs under a flag's summary (still to decide, or waiting for the
    agency): the person may be someone else's half."""
    count = _pair_count(flag)
    if not count:
        return ""
    lines = [f"\n[yellow]⚠ {count} possible match pair(s) - may be the same person as:[/]"]
    for pair in flag.get("pending_pairs") or []:
        other = pair["other"]
        name = " ".join(x for x in (other.get("forename"), other.get("surname")) if x)
        lines.append(
            f"  {other.get('source_agency')} {other.get('source_record_id')} {name} "
            f"(person {pair.get('other_person_id') or 'unresolved'}, pair {pair['pair_id']}) "
            f"- {PendingPair(**pair).label()}"
        )
    if flag.get("pending_pairs_withheld"):
        lines.append(f"  {flag['pending_pairs_withheld']} more withheld under the agreement")
    return "\n".join(lines)


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
