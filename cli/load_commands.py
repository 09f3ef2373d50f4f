"""``touchpoint load``, ``mappings``, ``loads`` and ``synth``: getting agency extracts in."""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from touchpoint.cli.common import console, friendly_errors, get_settings
from touchpoint.graph_model.model.errors import ConfigError, TouchpointError
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.admin import open_graph
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.schema import migrate
from touchpoint.loaders.load import Loader, LoadResult
from touchpoint.loaders.mapping import (
    MAPPINGS_DIR,
    Mapping,
    load_mappings,
    pack_mappings,
    packs,
    shipped_mappings,
)
from touchpoint.services.pipeline.adapters import LoadProgress


def _progress(disable: bool = False) -> Progress:
    return Progress(
        TextColumn("{task.description:<34}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=disable,
    )


@contextmanager
def load_progress_bars(quiet: bool = False) -> Iterator[tuple[Progress, LoadProgress]]:
    """Rich progress with one bar per source, and the loader's ``progress`` callback for it."""
    with _progress(disable=quiet) as progress:
        tasks: dict[str, TaskID] = {}

        def report(source: str, rows: int, total: int | None = None) -> None:
            if source not in tasks:
                tasks[source] = progress.add_task(source, total=total)
            progress.update(tasks[source], advance=rows)

        yield progress, report


def load_with_progress(
    graph: Graph,
    settings: Settings,
    path: Path,
    mappings: list[Mapping],
    *,
    force: bool = False,
    batch_size: int | None = None,
    quarantine_dir: Path | None = None,
    quiet: bool = False,
    done: list[LoadResult] | None = None,
) -> list[LoadResult]:
    """Load ``path`` (a directory, or one file with one mapping) showing one bar per source.

    Each file's result is appended to ``done`` as soon as it ends, so a caller still has them
    when a later file aborts the load."""
    done = done if done is not None else []
    with load_progress_bars(quiet) as (_, report):
        loader = Loader(
            graph,
            quarantine_dir or settings.data_dir / "quarantine",
            batch_size=batch_size,
            progress=report,
        )
        if path.is_file():
            if len(mappings) != 1:
                raise ConfigError(f"{path} is a single file: name its mapping with --mapping")
            done.append(loader.load_file(mappings[0], path, force=force))
            return done
        results = loader.load_directory(path, mappings, force=force, done=done)
    if not results:
        expected = ", ".join(sorted({m.reader.path for m in mappings})[:5])
        raise ConfigError(f"No extract in {path} matches a mapping (expected e.g. {expected})")
    return results


def summary_table(results: list[LoadResult]) -> Table:
    table = Table(title="Load summary", title_justify="left")
    for name in ("Source", "Status", "Read", "Loaded", "Quarantined", "Nodes +", "Rels +", "s"):
        table.add_column(name, justify="left" if name in ("Source", "Status") else "right")
    colours = {"completed": "green", "skipped": "dim", "failed": "red", "interrupted": "yellow"}
    for r in results:
        status = f"[{colours.get(r.status, 'white')}]{r.status}[/]"
        table.add_row(r.source, status, *(f"{n:,}" for n in _figures(r)), f"{r.seconds:.1f}")
    totals = [sum(_figures(r)[i] for r in results) for i in range(5)]
    table.add_row("[bold]total", "", *(f"[bold]{n:,}" for n in totals), "")
    return table


def print_outcome(results: list[LoadResult]) -> bool:
    """Summary table, then errors and quarantine files; return True when nothing failed."""
    console.print(summary_table(results))
    for r in results:
        if r.error:
            console.print(f"[red]{r.source}[/]: {r.error}", highlight=False)
        if r.quarantine_file:
            console.print(
                f"[yellow]{r.source}[/]: {r.rows_quarantined:,} row(s) quarantined → "
                f"{r.quarantine_file}",
                highlight=False,
            )
    return all(r.status in ("completed", "skipped") for r in results)


def _figures(r: LoadResult) -> tuple[int, int, int, int, int]:
    return (r.rows_read, r.rows_loaded, r.rows_quarantined, r.nodes_created,
            r.relationships_created)  # fmt: skip


def _mappings(files: tuple[Path, ...], pack_names: tuple[str, ...] = ()) -> list[Mapping]:
    """The mappings named (files, packs), else the shipped ones; all checked together."""
    if not files and not pack_names:
        return shipped_mappings()
    chosen = load_mappings(files) if files else []
    for name in pack_names:
        chosen += pack_mappings(name)
    sources = [m.source for m in chosen]
    duplicates = sorted({s for s in sources if sources.count(s) > 1})
    if duplicates:
        raise ConfigError(f"Two mappings declare the same source: {', '.join(duplicates)}")
    return sorted(chosen, key=lambda m: (m.order, m.source))


PACK_OPTION = click.option(
    "--pack",
    "pack_names",
    multiple=True,
    type=click.Choice(packs()),
    help="Use a published-standard mapping pack (repeatable): " + ", ".join(packs()) + ".",
)


@click.command("load")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--mapping",
    "mapping_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Mapping YAML to use (repeatable); default: every shipped mapping.",
)
@PACK_OPTION
@click.option("--batch-size", type=click.IntRange(1), help="Rows per write transaction.")
@click.option("--quarantine-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where refused rows are written (default <data dir>/quarantine).")  # fmt: skip
@click.option("--force", is_flag=True, help="Reload files already loaded unchanged.")
@click.option("--initial", is_flag=True,
              help="First load into an EMPTY database through Neo4j's offline import tool "
              "(stops and restarts the local server; same graph, many times faster).")  # fmt: skip
@click.option("--workers", type=click.IntRange(1), help="Processes for --initial (default 2).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_context
@friendly_errors
def load_command(
    ctx: click.Context,
    path: Path,
    mapping_files: tuple[Path, ...],
    pack_names: tuple[str, ...],
    batch_size: int | None,
    quarantine_dir: Path | None,
    force: bool,
    initial: bool,
    workers: int | None,
    as_json: bool,
) -> None:
    """Load agency extracts from PATH (a directory, or one file with --mapping).

    Every mapping is checked before anything is written. Rows stream in chunks; each bad row
    is quarantined with its reason. Loading the same file again changes nothing. --pack ssd
    (ssda903, cin_census) reads a council's published-standard returns. --initial loads a
    council's whole history into an empty database offline (see docs/loading.md). With --json
    one object is always printed: {status, error, results}, also when the load aborted.
    """
    settings = get_settings(ctx)
    if initial:
        mappings = _mappings(mapping_files, pack_names)
        _initial(ctx, settings, path, mappings, batch_size, quarantine_dir, workers, as_json)
        return
    options = {"force": force, "batch_size": batch_size, "quarantine_dir": quarantine_dir}
    if as_json:
        ctx.exit(_load_as_json(settings, path, (mapping_files, pack_names), options))
    mappings = _mappings(mapping_files, pack_names)
    with open_graph(settings) as graph:
        # MERGE on constrained keys: without the schema every MATCH is a label scan and a
        # load slows quadratically, so pending migrations are applied first (idempotent).
        applied = migrate(graph)
        if applied:
            console.print(f"{len(applied)} schema migration(s) applied first.")
        results = load_with_progress(graph, settings, path, mappings, **options)
    if not print_outcome(results):
        ctx.exit(1)


def _load_as_json(
    settings: Settings,
    path: Path,
    chosen: tuple[tuple[Path, ...], tuple[str, ...]],
    options: dict[str, Any],
) -> int:
    """Load, then print one JSON object whatever happened: ``status`` (completed, failed,
    aborted or interrupted), ``error`` (why it aborted) and the ``results`` of every file that
    ended, so a script never has to parse an empty answer. Returns the exit code."""
    results: list[LoadResult] = []
    outcome: dict[str, Any] = {"status": "completed", "error": None, "results": results}
    code = 0
    try:
        mappings = _mappings(*chosen)  # (files, packs): a bad mapping is an abort too
        with open_graph(settings) as graph:
            outcome["migrations_applied"] = len(migrate(graph))
            load_with_progress(graph, settings, path, mappings, quiet=True, done=results, **options)
    except TouchpointError as exc:
        outcome["status"], outcome["error"], code = "aborted", str(exc), 1
    except KeyboardInterrupt:
        outcome["status"], outcome["error"], code = "interrupted", "stopped (Ctrl-C)", 130
    except Exception as exc:  # a bug: still one object on stdout, the traceback on stderr
        outcome["status"], outcome["error"], code = "aborted", f"{type(exc).__name__}: {exc}", 1
        traceback.print_exc()
    if code == 0 and not all(r.status in ("completed", "skipped") for r in results):
        outcome["status"], code = "failed", 1
    outcome["results"] = [r.as_dict() for r in results]
    click.echo(json.dumps(outcome, indent=2, default=str))
    return code


def _initial(
    ctx: click.Context, settings: Settings, path: Path, mappings: list[Mapping],
    batch_size: int | None, quarantine_dir: Path | None, workers: int | None, as_json: bool,
) -> None:  # fmt: skip
    """``load --initial``: the offline bulk path, then the same summary as a load."""
    from touchpoint.loaders.bulk_load import initial_load

    if not path.is_dir():
        raise click.UsageError("--initial loads a directory of extracts, not one file.")
    if batch_size:
        settings = settings.model_copy(update={"batch_size": batch_size})
    with console.status("Initial load …", spinner="dots") as status:
        report = initial_load(
            settings, path, mappings, quarantine_dir=quarantine_dir, workers=workers,
            say=None if as_json else lambda text: status.update(text),
        )  # fmt: skip
    if as_json:
        body = {"results": [r.as_dict() for r in report.results], "steps": report.steps,
                "seconds": report.seconds, "import_tool": report.import_tool,
                "nodes": report.nodes, "relationships": report.relationships}  # fmt: skip
        click.echo(json.dumps(body, indent=2, default=str))
        ok = all(r.status == "completed" for r in report.results)
    else:
        ok = print_outcome(report.results)
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.steps.items())
        console.print(f"Initial load in {report.seconds:.1f} s ({steps}).")
    if not ok:
        ctx.exit(1)


@click.group("mappings")
def mappings_group() -> None:
    """Inspect and check source mappings (loaders/mappings/*.yml)."""


@mappings_group.command("list")
@PACK_OPTION
@friendly_errors
def mappings_list(pack_names: tuple[str, ...]) -> None:
    """The shipped mappings (or a pack's): source, agency, reader and what each row yields."""
    where = ", ".join(f"pack {p}" for p in pack_names) or str(MAPPINGS_DIR)
    table = Table(title=f"Mappings in {where}", title_justify="left")
    for name in ("Source", "Agency", "Format", "File", "Yields"):
        table.add_column(name)
    for m in _mappings((), pack_names):
        yields = ", ".join(e.label + ("*" if e.mode == "reference" else "") for e in m.entities)
        rels = ", ".join(r.type for r in m.relationships)
        table.add_row(m.source, m.agency, m.reader.format, m.reader.path,
                      f"{yields}; {rels}" if rels else yields)  # fmt: skip
    console.print(table)
    console.print("* referenced (created as a stub only if absent)", style="dim")


@mappings_group.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@PACK_OPTION
@friendly_errors
def mappings_check(files: tuple[Path, ...], pack_names: tuple[str, ...]) -> None:
    """Check mappings (default: all shipped) without touching the graph."""
    checked = _mappings(files, pack_names)
    for m in checked:
        console.print(f"[green]ok[/] {m.source} ({m.path})", highlight=False)


@click.command("loads")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1))
@click.option("--quarantined", "run_id", help="Show the rows this LoadRun quarantined.")
@click.pass_context
@friendly_errors
def loads_command(ctx: click.Context, limit: int, run_id: str | None) -> None:
    """History of loads (LoadRun), newest first; or one run's quarantined rows."""
    settings = get_settings(ctx)
    with open_graph(settings) as graph:
        if run_id:
            rows = graph.read("load/run_quarantined", run_id=run_id, limit=limit)
            table = Table(title=f"Quarantined rows of {run_id}", title_justify="left")
            for name in ("Row", "Reason", "Raw"):
                table.add_column(name, overflow="fold")
            for row in rows:
                table.add_row(str(row["line"]), row["reason"], (row["raw"] or "")[:120])
            console.print(table)
            return
        runs = graph.read("load/runs_list", limit=limit)
    table = Table(title="Loads", title_justify="left")
    for name in ("Run", "Source", "Status", "Started", "Attempts", "Read", "Loaded", "Quar."):
        # Status and counts never wrap: they are what an operator scans for.
        table.add_column(name, no_wrap=name not in ("Run", "Source", "Started"),
                         overflow="fold")  # fmt: skip
    for run in runs:
        started = run["started_at"].to_native().strftime("%Y-%m-%d %H:%M:%S")
        table.add_row(run["run_id"], run["source"], run["status"], started,
                      str(run["attempts"]), *(f"{run[k] or 0:,}" for k in
                      ("rows_read", "rows_loaded", "rows_quarantined")))  # fmt: skip
    console.print(table)


@click.command("synth")
@click.option("--people", default=10_000, show_default=True, type=click.IntRange(1),
              help="People (multi-agency extracts) or children (--standard).")  # fmt: skip
@click.option("--seed", default=42, show_default=True, type=int)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--scenario-rate", default=0.03, show_default=True, type=click.FloatRange(0, 1))
@click.option(
    "--standard",
    type=click.Choice(["ssd", "ssda903", "cin_census"]),
    help="Write a published standard's files instead (load them with --pack).",
)
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]),
              help="Reference date of a standard's planted cases (default today).")  # fmt: skip
@friendly_errors
def synth_command(
    people: int, seed: int, out_dir: Path, scenario_rate: float, standard: str | None,
    as_of: Any,
) -> None:  # fmt: skip
    """Write fully synthetic multi-agency extracts (and ground-truth labels) to --out; with
    --standard, files following a published children's data standard's field list exactly."""
    if standard is not None:
        from touchpoint.synth.standards import generate_standard

        children = people if people != 10_000 else 60
        done = generate_standard(standard, out_dir, children, seed, as_of and as_of.date())
        table = Table(title=f"{standard} → {out_dir} (seed {seed}, as of {done.as_of})",
                      title_justify="left")  # fmt: skip
        table.add_column("File")
        table.add_column("Rows", justify="right")
        for name, rows in done.files.items():
            table.add_row(name, f"{rows:,}")
        console.print(table)
        console.print(f"Planted cases: {done.planted} (labels/{standard}_planted.json); "
                      f"load with: touchpoint load {out_dir} --pack {standard}")  # fmt: skip
        return
    summary = synth_with_progress(out_dir, people, seed, scenario_rate)
    console.print(synth_table(summary))


def synth_with_progress(out_dir: Path, people: int, seed: int, scenario_rate: float):
    """Run ``touchpoint.synth.generate`` with a progress bar; return its summary."""
    from touchpoint.synth import generate

    with _progress() as progress:
        task = progress.add_task("Generating people", total=people)
        return generate(
            out_dir, people, seed=seed, scenario_rate=scenario_rate,
            progress=lambda n: progress.update(task, advance=n),
        )  # fmt: skip


def synth_table(summary) -> Table:
    table = Table(
        title=f"{summary.people:,} people in {summary.households:,} households → "
        f"{summary.out_dir} (seed {summary.seed}, {summary.seconds:.1f} s)",
        title_justify="left",
    )
    table.add_column("File")
    table.add_column("Rows", justify="right")
    for name, rows in summary.files.items():
        table.add_row(name, f"{rows:,}", style="dim" if name.startswith("labels/") else None)
    return table


LOAD_COMMANDS = (load_command, mappings_group, loads_command, synth_command)
"""Registered on the root group by cli/main.py."""
