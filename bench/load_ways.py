"""The two baselines of bench/load_bench.py: a naive driver loop and Neo4j's ``LOAD CSV``.

Both write with *the same MERGE logic* as Touchpoint's loader: the very saved queries of
``cypher/load/`` it runs, fed the rows its own ``RowTransformer`` yields. Only how rows reach
Neo4j differs:

* naive: for each source row, its statements (``rows`` = a one-row list) in one write
  transaction of its own — the usual first attempt with a driver. Measured twice: a
  transaction per row (the stronger baseline, the one the ratio uses) and, the most literal
  reading, an auto-commit transaction per statement;
* ``LOAD CSV``: the rows are first written as CSV files into Neo4j's import directory (one
  file per saved query and agency; this preparation, which also does all of Touchpoint's
  parsing and cleaning, is timed apart), then each file is read by ``LOAD CSV WITH HEADERS``
  feeding the saved query's body in ``CALL {…} IN TRANSACTIONS``. Neo4j does no cleaning
  here, so the timed part is the database's own bulk path only.
"""

from __future__ import annotations

import csv
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from touchpoint.graph_model.model.vocabulary import vocabulary
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import load_query
from touchpoint.loaders.mapping import Mapping
from touchpoint.loaders.sources import SourceFile
from touchpoint.loaders.transform import RowRejected, RowTransformer, RowWrites

RUN_ID = "bench"
IN_TRANSACTIONS_OF = 5_000


def ensure_agencies(graph: Graph) -> None:
    """Agency nodes, as the loader creates them before its first row (untimed set-up)."""
    rows = [{"agency_id": a, "name": spec["name"], "kind": spec["kind"]}
            for a, spec in vocabulary().agencies.items()]  # fmt: skip
    graph.write("load/agency", rows=rows, run_id=RUN_ID, loaded_at=datetime.now(UTC))


def source_writes(mapping: Mapping, directory: Path, limit: int | None = None) -> Iterator[
    RowWrites
]:  # fmt: skip
    """The writes of every row of one extract (the first ``limit`` rows), as the loader
    computes them. The synthetic extracts are clean, so a refused row is a bench error."""
    transformer = RowTransformer(mapping)
    for number, row in enumerate(SourceFile(mapping.reader, directory).rows(), start=1):
        if limit is not None and number > limit:
            return
        try:
            yield transformer.transform(row)
        except RowRejected as exc:
            raise SystemExit(f"{mapping.source} row {row.number} refused: {exc.reason}") from exc


def _params(mapping: Mapping, agency: str) -> dict[str, Any]:
    return {"agency": agency, "run_id": RUN_ID, "loaded_at": datetime.now(UTC),
            "source": mapping.source}  # fmt: skip


# ---- naive ------------------------------------------------------------------------------------
def naive_sample_sizes(rows_by_source: dict[str, int], sample_rows: int) -> dict[str, int]:
    """The same share of every extract (at least one row each), ~``sample_rows`` in all."""
    share = min(1.0, sample_rows / max(1, sum(rows_by_source.values())))
    return {s: max(1, math.ceil(n * share)) for s, n in rows_by_source.items() if n}


def run_naive(graph: Graph, mappings: list[Mapping], directory: Path,
              sizes: dict[str, int], per_statement: bool = False) -> dict[str, Any]:  # fmt: skip
    """One write transaction per source row (``per_statement``: one auto-commit transaction
    per MERGE statement, the most literal naive loop); returns rows and seconds (transform
    included, as it is in the loader's own time)."""
    texts = {}
    rows = 0
    started = time.perf_counter()
    with graph._driver.session(database=graph.database) as session:
        for mapping in mappings:
            if mapping.source not in sizes:
                continue
            for writes in source_writes(mapping, directory, sizes[mapping.source]):
                steps = []
                for (query, agency), row in [*writes.nodes, *writes.relationships]:
                    if query not in texts:
                        texts[query] = load_query(query).text
                    steps.append((texts[query], {**_params(mapping, agency), "rows": [row]}))
                if per_statement:
                    for text, params in steps:
                        session.run(text, params).consume()
                else:
                    session.execute_write(_run_steps, steps)
                rows += 1
    return {"rows": rows, "seconds": round(time.perf_counter() - started, 2)}


def _run_steps(tx: Any, steps: list[tuple[str, dict[str, Any]]]) -> None:
    for text, params in steps:
        tx.run(text, params).consume()


# ---- LOAD CSV ---------------------------------------------------------------------------------
@dataclass
class CsvGroup:
    """One CSV file: the rows one saved query receives for one source and agency."""

    source: str
    query: str
    agency: str
    path: Path
    columns: list[str]
    types: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    handle: Any = None
    writer: Any = None


def prepare_csv(mappings: list[Mapping], directory: Path, import_dir: Path) -> tuple[
    list[CsvGroup], int
]:  # fmt: skip
    """Transform every row and write it under ``import_dir``; return groups in write order
    (per source: node groups, then relationship groups) and the number of source rows."""
    import_dir.mkdir(parents=True, exist_ok=True)
    ordered: list[CsvGroup] = []
    total = 0
    for mapping in mappings:
        if not (directory / mapping.reader.path).is_file():
            continue
        nodes: dict[tuple[Any, ...], CsvGroup] = {}
        rels: dict[tuple[Any, ...], CsvGroup] = {}
        for writes in source_writes(mapping, directory):
            total += 1
            for groups, items in ((nodes, writes.nodes), (rels, writes.relationships)):
                for (query, agency), row in items:
                    flat = _flatten(row)
                    key = (query, agency, tuple(flat))  # two entities may share a query
                    group = groups.get(key) or _open_group(groups, key, mapping, flat, import_dir)
                    _write(group, flat)
        for group in [*nodes.values(), *rels.values()]:
            group.handle.close()
            ordered.append(group)
    return ordered, total


def run_load_csv(graph: Graph, groups: list[CsvGroup]) -> dict[str, Any]:
    """Each prepared file through ``LOAD CSV`` + the saved query's body; returns seconds.

    The embedded server confines ``LOAD CSV`` to ``server.directories.import`` (the
    ``import`` folder of its home), so the files are prepared there and ``file:`` URLs are
    relative to it."""
    statements = [(g, load_csv_statement(g)) for g in groups]
    started = time.perf_counter()
    for group, text in statements:
        url = "file:///" + group.path.resolve().relative_to(import_root(graph)).as_posix()
        params = {"agency": group.agency, "run_id": RUN_ID, "loaded_at": datetime.now(UTC),
                  "source": group.source, "url": url}  # fmt: skip
        graph.run_statement(text, f"bench/load_csv {group.query}", **params)
    return {"seconds": round(time.perf_counter() - started, 2), "files": len(groups)}


def import_root(graph: Graph) -> Path:
    """The embedded server's import folder: the only place LOAD CSV may read."""
    return (graph.settings.neo4j_home / "import").resolve()


def load_csv_statement(group: CsvGroup) -> str:
    """``LOAD CSV`` rebuilding each loader row map, then the saved query minus its UNWIND."""
    lines = [line for line in load_query(group.query).text.splitlines()
             if line.strip() and not line.lstrip().startswith("//")]  # fmt: skip
    if lines[0].strip() != "UNWIND $rows AS row":
        raise SystemExit(f"{group.query} does not start with UNWIND $rows AS row")
    top = [f"{c}: {_typed(c, group.types.get(c))}" for c in group.columns if "__" not in c]
    props = [f"{c.split('__', 1)[1]}: {_typed(c, group.types.get(c))}"
             for c in group.columns if c.startswith("props__")]  # fmt: skip
    row = "{" + ", ".join([*top, "props: {" + ", ".join(props) + "}"]) + "}"
    body = "\n    ".join(lines[1:])
    return (f"LOAD CSV WITH HEADERS FROM $url AS line\nCALL (line) {{\n"
            f"    WITH {row} AS row\n    {body}\n"
            f"}} IN TRANSACTIONS OF {IN_TRANSACTIONS_OF} ROWS")  # fmt: skip


CONVERT = {"str": "{}", "int": "toInteger({})", "float": "toFloat({})", "bool": "toBoolean({})",
           "date": "date({})", "datetime": "localdatetime({})", None: "{}"}  # fmt: skip


def _typed(column: str, kind: str | None) -> str:
    return CONVERT[kind].format(f"line.{column}")


def _flatten(row: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in row.items() if k != "props"}
    flat.update({f"props__{k}": v for k, v in row.get("props", {}).items()})
    return flat


def _open_group(groups: dict, key: tuple[Any, ...], mapping: Mapping, flat: dict[str, Any],
                import_dir: Path) -> CsvGroup:  # fmt: skip
    query, agency, _ = key
    name = f"{mapping.source}__{query.replace('/', '_')}__{agency}__{len(groups)}.csv"
    group = CsvGroup(mapping.source, query, agency, import_dir / name, list(flat))
    group.handle = group.path.open("w", newline="", encoding="utf-8")
    group.writer = csv.writer(group.handle)
    group.writer.writerow(group.columns)
    groups[key] = group
    return group


def _write(group: CsvGroup, flat: dict[str, Any]) -> None:
    cells = []
    for column in group.columns:
        value = flat.get(column)
        kind = _kind(value)
        if kind is not None:
            known = group.types.setdefault(column, kind)
            if known != kind:
                raise SystemExit(f"{group.path.name}: {column} holds {known} and {kind}")
        cells.append(_cell(value))
    group.writer.writerow(cells)
    group.rows += 1


def _kind(value: Any) -> str | None:
    if value is None:
        return None
    for kind, types in (("bool", bool), ("int", int), ("float", float), ("datetime", datetime),
                        ("date", date), ("str", str)):  # fmt: skip
        if isinstance(value, types):
            return kind
    raise SystemExit(f"bench cannot write a {type(value).__name__} to CSV")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)
