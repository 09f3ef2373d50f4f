"""``touchpoint chronology PERSON``: the multi-agency chronology as a table, or written as PDF,
DOCX or CSV - read as a user under their agreement (``--as USER --purpose …``), audited as a
view and, for a file, as an export."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from touchpoint.cli.common import console, friendly_errors
from touchpoint.cli.viewer_options import viewer_options, viewer_session
from touchpoint.graph_model.access.context import AccessDenied
from touchpoint.services.reads.chronology import Gap, build_chronology, filtered
from touchpoint.services.reads.chronology_documents import (
    FORMATS,
    entry_cells,
    export_chronology,
    gap_text,
)


@click.command("chronology")
@click.argument("person")
@click.option("--household", is_flag=True, help="Also the people the person lives with.")
@click.option(
    "--possible-matches",
    is_flag=True,
    help="Also records waiting in the match review queue as possibly the same person.",
)
@click.option("--agency", "agencies", multiple=True, help="Only these agencies (repeatable).")
@click.option("--from", "date_from", help="First date shown (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Last date shown (YYYY-MM-DD).")
@click.option("--significant", is_flag=True, help="Only significant events.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", *FORMATS]), default="table", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@viewer_options
@click.pass_context
@friendly_errors
def chronology_command(
    ctx: click.Context,
    person: str,
    household: bool,
    possible_matches: bool,
    agencies: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    significant: bool,
    fmt: str,
    out: Path | None,
    **who: str | None,
) -> None:
    """Every agency's events about PERSON in date order, cited, with gaps and notes.

    With --format pdf, docx or csv the document (marked OFFICIAL-SENSITIVE, with the case
    reference, author and date) is written to --out."""
    options = {
        "household": household,
        "include_possible_matches": possible_matches,
        "agencies": list(agencies),
        "date_from": date_from,
        "date_to": date_to,
        "significant_only": significant,
    }
    if fmt != "table" and out is None:
        raise click.UsageError(f"--format {fmt} writes a file: give --out PATH")
    with viewer_session(ctx, "Multi-agency chronology", **who) as viewer:
        if fmt != "table":
            found = export_chronology(viewer, person, fmt, options)
            if found is None:
                raise AccessDenied(f"No person or record {person} under {viewer.agreement_id}")
            assert out is not None
            out.write_bytes(found[0])
            console.print(f"Wrote {out} ({len(found[0]):,} bytes, audited as an export).")
            return
        whole = build_chronology(viewer, person, household, possible_matches)
    if whole is None:
        raise AccessDenied(f"No person or record {person} under agreement {viewer.agreement_id}")
    shown = filtered(whole, list(agencies), date_from, date_to, significant)
    table = Table("Date", "Agency", "What", "Who", "Detail and notes", "Source", "Significant")
    for line in shown.lines():
        if isinstance(line, Gap):
            text = f"[dim]{gap_text(line)}[/]"
            table.add_row(f"[dim]{line.start}[/]", "", "[dim]gap[/]", "", text, "", "")
        else:
            table.add_row(*entry_cells(line))
    console.print(f"[bold]{shown.title}[/] ({len(shown.entries)} events)")
    console.print(table)
    for text in shown.withheld_statements():
        console.print(f"[yellow]{text}[/]")
