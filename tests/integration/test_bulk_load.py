"""The initial bulk load (offline import tool) gives exactly the graph of a transactional load.

One population, loaded both ways into an empty database: a synthetic multi-agency population
plus the deliberately messy extracts (quarantined rows, data-quality notes, cp1252, JSON
Lines, organisations without codes) plus crafted rows whose values a CSV file cannot carry
plainly (a line break and quotes in a value, lists from JSON: empty, holding an empty string,
holding the import tool's array delimiter). Chunks of 23 rows make every source span many
chunks, so the order in which writes to one node meet is exercised. Every node and
relationship is compared with all its properties, except only what differs between any two
loads: the load timestamps (``loaded_at`` on every node and relationship, the LoadRun's
``started_at`` / ``ended_at``) and the LoadRun's process id (``pid``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from access_support import clear_access_data
from load_support import LOADER_LABELS, assert_same_graph

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.admin import wipe
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.bulk_load import InitialLoadRefused, initial_load
from touchpoint.loaders.load import Loader
from touchpoint.loaders.mapping import load_mappings, shipped_mappings
from touchpoint.synth import generate

pytestmark = pytest.mark.slow
MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy"
DIFFERS = frozenset({"loaded_at", "started_at", "ended_at", "pid"})
COUNTS = ("source", "run_id", "status", "rows_read", "rows_loaded", "rows_quarantined",
          "nodes_created", "relationships_created", "dq_notes", "warnings", "error")  # fmt: skip
CRAFTED = (
    'GPX-90,"Ann ""Nan"" O\'Neil",123 456 7881,3\x1f1-Jan-2010,06-Mar-2024,Catford Surgery,G85001,'
    'Routine review,"line one\nline two, with ""quotes"" and a \\ backslash"\n'
    "GPX-91,Bo Li,401 023 2137,31-Feb-2011,07-Mar-2024,Catford Surgery,G85001,Routine review,\n"
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bulk-world")
    generate(out, 150, seed=19, scenario_rate=0.2)
    for path in MESSY.rglob("*"):
        if path.is_file() and "mappings" not in path.parts and path.suffix != ".yml":
            target = out / path.relative_to(MESSY)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    with (out / "gp" / "consultations_export.csv").open("a", encoding="utf-8") as handle:
        handle.write(CRAFTED)
    (out / "crafted").mkdir()
    (out / "crafted" / "notes.csv").write_text(NOTES_CSV, encoding="utf-8")
    (out / "crafted.yml").write_text(NOTES_MAPPING, encoding="utf-8")
    return out


NOTES_CSV = (
    "Ref,Surname,Raw,Extra\n"
    'N1,Ash,"first line\nsecond line ""quoted""",'
    '"{""codes"": [""a\\u001fb"", ""c""], ""tags"": []}"\n'
    'N2,Birch,,"{""codes"": [""d""], ""tags"": [""x"", """"]}"\n'
    "N3,Cedar,plain,\n"
)
NOTES_MAPPING = """
source: police.crafted_notes
agency: police
order: 99
reader: {format: csv, path: crafted/notes.csv}
record_key: [Ref]
columns:
  Ref: {field: ref, required: true}
  Surname: {field: surname}
  Raw: {field: raw}
  Extra: {field: extra}
derive:
  - {function: json, args: [extra], fields: {codes: codes, tags: tags}}
entities:
  - alias: person
    label: PersonRecord
    key: [ref]
    properties: {surname: surname, raw_note: raw, codes: codes, tags: tags}
"""


def mappings(world: Path) -> list[Any]:
    messy = load_mappings(sorted((MESSY / "mappings").glob("*.yml")))
    crafted = load_mappings([world / "crafted.yml"])
    return sorted([*shipped_mappings(), *messy, *crafted], key=lambda m: (m.order, m.source))


def snapshot(graph: Graph) -> tuple[list[Any], list[Any]]:
    nodes = sorted(
        (tuple(sorted(row["labels"])), _stable(row["props"]))
        for row in graph.read("load/snapshot_nodes")
    )
    rels = sorted(
        (row["type"], row["from_key"], row["to_key"], _stable(row["props"]))
        for row in graph.read("load/snapshot_relationships")
    )
    return nodes, rels


def _stable(props: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, repr(v)) for k, v in props.items() if k not in DIFFERS))


def test_bulk_and_transactional_loads_give_the_same_graph_node_by_node(
    graph: Graph, settings: Settings, world: Path, tmp_path: Path
) -> None:
    clear_access_data(graph)  # `db wipe` keeps users and audit: an earlier test's would stay
    quarantine = tmp_path / "quarantine"
    loader = Loader(graph, quarantine, batch_size=23)
    transactional = loader.load_directory(world, mappings(world))
    expected = snapshot(graph)
    expected_files = {p.name: p.read_text() for p in quarantine.rglob("*.jsonl")}
    assert sum(r.rows_quarantined for r in transactional) >= 4
    assert sum(r.dq_notes for r in transactional) >= 5
    wipe(graph)
    shutil.rmtree(quarantine)

    bulk_settings = settings.model_copy(update={"batch_size": 23})
    report = initial_load(
        bulk_settings, world, mappings(world), quarantine_dir=quarantine, workers=2
    )

    assert [_counts(r) for r in report.results] == [_counts(r) for r in transactional]
    assert report.patches >= 2  # an empty list, the array delimiter inside an element
    assert_same_graph(snapshot(graph), expected)
    assert {p.name: p.read_text() for p in quarantine.rglob("*.jsonl")} == expected_files
    labels = {row["label"] for row in graph.read("admin/labels")}
    assert set(LOADER_LABELS) <= labels
    indexes = graph.read("admin/schema_objects")
    assert indexes and all(ix["state"] == "ONLINE" for ix in indexes)


def test_bulk_load_refuses_a_database_that_holds_data_and_changes_nothing(
    graph: Graph, settings: Settings, world: Path, tmp_path: Path
) -> None:
    Loader(graph, tmp_path / "quarantine").load_file(
        next(m for m in shipped_mappings() if m.source == "housing.tenancies"), world
    )
    before = snapshot(graph)
    with pytest.raises(InitialLoadRefused, match=r"only into an empty database.*PersonRecord"):
        initial_load(settings, world, mappings(world))
    assert snapshot(graph) == before


def _counts(result: Any) -> tuple[Any, ...]:
    return tuple(getattr(result, name) for name in COUNTS)
