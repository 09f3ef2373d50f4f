"""``touchpoint mappings draft`` and ``mappings reference``: onboarding a new extract."""

from __future__ import annotations

from pathlib import Path

import click

from touchpoint.cli.common import console, friendly_errors
from touchpoint.cli.load_commands import mappings_group
from touchpoint.graph_model.model.errors import ConfigError


@click.command("draft")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--agency", help="The agency of vocabulary.yml it comes from (else guessed).")
@click.option("--table", help="The table, for a SQLite database of several.")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the mapping (default <agency>_<name>.yml here).",
)
@click.option("--rows", default=500, show_default=True, type=click.IntRange(1),
              help="Sample rows read.")  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite an existing --out file.")
@friendly_errors
def mappings_draft(
    file: Path, agency: str | None, table: str | None, out: Path | None, rows: int, force: bool
) -> None:
    """Propose a mapping for a new extract FILE, for the analyst to edit.

    Reads a sample, detects date formats, identifiers (NHS number by check digit, NI number,
    UPN), names, one-line addresses and postcodes, lists of people, narrative notes and codes
    (suggesting vocabulary values), and writes a mapping that `mappings check` accepts, with
    a comment block on what each column was read as and what it could not place.
    """
    from touchpoint.loaders.draft import draft

    result = draft(file, agency=agency, table=table, rows=rows)
    mapping = result.mapping
    target = out or Path(f"{mapping['source'].replace('.', '_')}.yml")
    if target.exists() and not force:
        raise ConfigError(f"{target} exists: choose another --out or add --force")
    target.write_text(result.text(str(file)), encoding="utf-8")
    console.print(f"[green]drafted[/] {mapping['source']} → {target}", highlight=False)
    for column in result.columns:
        console.print(f"  {column.name}: {column.kind} — {column.why}", highlight=False)
    for note in result.notes:
        console.print(f"  [yellow]confirm[/] {note}", highlight=False)
    for item in result.unplaced:
        console.print(f"  [red]not placed[/] {item}", highlight=False)
    console.print(f"Next: edit {target}, then `touchpoint mappings check {target}` and "
                  f"`touchpoint load {file} --mapping {target}`.", highlight=False)  # fmt: skip


@click.command("reference")
@click.option("--update", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Rewrite the generated part of this file (docs/loading.md).")  # fmt: skip
@friendly_errors
def mappings_reference(update: Path | None) -> None:
    """Print the mapping language reference (every key and derive function, with examples)."""
    from touchpoint.loaders.docgen import reference
    from touchpoint.loaders.docgen import update as rewrite

    if update is None:
        click.echo(reference(), nl=False)
        return
    changed = rewrite(update)
    console.print(f"{update}: {'updated' if changed else 'already up to date'}")


def register_mapping_commands() -> None:
    """Add these commands to ``touchpoint mappings`` (called once by cli/main.py)."""
    mappings_group.add_command(mappings_draft)
    mappings_group.add_command(mappings_reference)
