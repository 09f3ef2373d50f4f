"""Load one hostile file and check the loader's verdict against the file's own truth
(``touchpoint.synth.hostile``): shared by ``tests/reliability/test_fuzz_corpus.py`` and
``bench/reliability/fuzz_files.py``.

A refused file must fail as a whole, name why, and leave no record behind. A file that loads
must account for every record it holds — rows read = the records the generator wrote, loaded +
quarantined = read, the quarantined count exact where the file decides it — and for every
physical line (the loader's byte count equals the lines the generator wrote); the graph must
hold exactly ``rows_loaded`` records from the run and the quarantine file one entry per
quarantined row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.load import Loader
from touchpoint.loaders.mapping import shipped_mappings
from touchpoint.synth.hostile import HostileFile


def check_file(graph: Graph, hostile: HostileFile, workdir: Path) -> dict[str, Any]:
    """Load ``hostile`` from its own folder under ``workdir``; return figures and problems."""
    (mapping,) = [m for m in shipped_mappings() if m.source == hostile.source]
    folder = workdir / hostile.name
    (folder / hostile.path).parent.mkdir(parents=True, exist_ok=True)
    (folder / hostile.path).write_bytes(hostile.data)
    # force: a file identical to one loaded before (header-only, empty) is read again, not
    # skipped as unchanged, so its accounting is checked every time
    result = Loader(graph, workdir / "quarantine").load_file(mapping, folder, force=True)
    in_graph = graph.read_one("load/run_record_count", run_id=result.run_id)["count"]  # type: ignore[index]
    problems: list[str] = []
    expect = problems.append
    if hostile.refused:
        if result.status != "failed":
            expect(f"should be refused, ended {result.status}")
        if hostile.refusal and hostile.refusal not in (result.error or ""):
            expect(f"error should name {hostile.refusal!r}: {result.error}")
        if result.rows_loaded or in_graph:
            expect(f"a refused file left {max(result.rows_loaded, in_graph)} record(s)")
    else:
        _check_loaded(hostile, result, in_graph, expect)
    return {
        "file": hostile.name,
        "bytes": len(hostile.data),
        "status": result.status,
        "read": result.rows_read,
        "loaded": result.rows_loaded,
        "quarantined": result.rows_quarantined,
        "physical": result.physical_count,
        "accounted": result.accounted_count,
        "in_graph": in_graph,
        "error": result.error,
        "problems": problems,
    }


def _check_loaded(hostile: HostileFile, result: Any, in_graph: int, expect: Any) -> None:
    if result.status != "completed":
        expect(f"should load, ended {result.status}: {result.error}")
        return
    if result.rows_read != hostile.records:
        expect(f"read {result.rows_read} rows, the file holds {hostile.records} records")
    if result.rows_loaded + result.rows_quarantined != result.rows_read:
        expect(f"loaded {result.rows_loaded} + quarantined {result.rows_quarantined} "
               f"!= read {result.rows_read}")  # fmt: skip
    if hostile.quarantined is not None and result.rows_quarantined != hostile.quarantined:
        expect(f"quarantined {result.rows_quarantined}, expected {hostile.quarantined}")
    if result.physical_count != hostile.lines:
        expect(f"counted {result.physical_count} physical lines, the file has {hostile.lines}")
    if result.accounted_count != result.physical_count:
        expect(f"accounted for {result.accounted_count} of {result.physical_count} lines")
    if in_graph != result.rows_loaded:
        expect(f"{in_graph} records in the graph for {result.rows_loaded} loaded")
    entries = 0
    if result.quarantine_file:
        entries = len(Path(result.quarantine_file).read_text(encoding="utf-8").splitlines())
    if entries != result.rows_quarantined:
        expect(f"{entries} quarantine file entries for {result.rows_quarantined} rows")
