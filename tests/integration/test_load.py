"""Loading the synthetic extracts: counts, provenance, idempotence, quarantine, CLI."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from load_support import LOADER_LABELS, LOADER_TYPES, loader, snapshot

from touchpoint.cli.main import cli
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.schema import applied, migrate
from touchpoint.loaders.mapping import shipped_mappings
from touchpoint.synth import generate
from touchpoint.synth.catalog import SOURCES, read_extract


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(out, 150, seed=7, scenario_rate=0.2)
    return out


def load_all(graph: Graph, world: Path, tmp_path: Path, force: bool = False, **kwargs):
    return loader(graph, tmp_path, **kwargs).load_directory(world, shipped_mappings(), force)


def test_every_source_loads_and_graph_counts_match_the_extracts(
    graph: Graph, world: Path, tmp_path: Path
) -> None:
    results = {r.source: r for r in load_all(graph, world, tmp_path)}
    assert set(results) == set(SOURCES)  # every extract has a shipped mapping
    for source, result in results.items():
        rows = read_extract(world, source)
        assert result.status == "completed", (source, result.error)
        assert result.rows_read == len(rows), source
        assert (result.rows_loaded, result.rows_quarantined) == (len(rows), 0), source

    counts = Counter()
    for row in graph.read("load/count_by_source"):
        counts[(row["label"], row["source"], row["category"])] += row["count"]
    person_sources = ["police.incidents", "gp.registrations", "hospital.ae_attendances",
                      "schools.roll", "schools.exclusions", "social_care.person",
                      "benefits.claims", "housing.tenancies", "housing.homelessness",
                      "police.encompass_notifications"]  # fmt: skip
    for source in person_sources:
        assert counts[("PersonRecord", source, None)] == len(read_extract(world, source)), source
    ho_refs = {r["ho_ref"] for r in read_extract(world, "immigration.status_events")}
    assert counts[("PersonRecord", "immigration.status_events", None)] == len(ho_refs)
    incidents = {r["IncidentRef"] for r in read_extract(world, "police.incidents")}
    assert counts[("Event", "police.incidents", "police_incident")] == len(incidents)
    consultations = read_extract(world, "gp.consultations")
    attended = sum(r["attendance"] == "attended" for r in consultations)
    assert counts[("Event", "gp.consultations", "gp_consultation")] == attended
    assert counts[("Event", "gp.consultations", "gp_appointment")] == len(consultations) - attended
    assert counts[("Event", "hospital.ae_attendances", "ae_attendance")] == len(
        read_extract(world, "hospital.ae_attendances")
    )
    # every reference (appointment → registration, sanction → lead claimant …) found its record
    assert graph.read_one("admin/count_label", label="PersonRecord")["count"] == sum(
        c for (label, _, _), c in counts.items() if label == "PersonRecord"
    )
    stubs = [r for r in graph.read("load/snapshot_nodes") if r["props"].get("stub")]
    assert stubs == []


def test_every_node_and_relationship_carries_provenance(
    graph: Graph, world: Path, tmp_path: Path
) -> None:
    load_all(graph, world, tmp_path)
    missing = graph.read("load/missing_provenance", labels=LOADER_LABELS, types=LOADER_TYPES)
    assert missing == []
    nodes, rels = snapshot(graph)
    assert len(nodes) > 1000 and len(rels) > 2000  # the check above looked at a real graph


def test_loading_the_same_files_twice_changes_nothing(
    graph: Graph, world: Path, tmp_path: Path
) -> None:
    load_all(graph, world, tmp_path)
    before = snapshot(graph)
    skipped = load_all(graph, world, tmp_path)
    assert {r.status for r in skipped} == {"skipped"}
    forced = load_all(graph, world, tmp_path, force=True, batch_size=97)
    assert {r.status for r in forced} == {"completed"}
    assert sum(r.nodes_created + r.relationships_created for r in forced) == 0
    assert snapshot(graph) == before


BAD_ROWS = [
    # (row text, expected reason fragment or None if the row must load)
    ("WY-1,1,,ASSAULT,01/02/2024 10:00,Here,VICTIM,SMITH,Ann,01/01/1990,F,1 A Road,LS1 1AA,",
     None),
    ("WY-1,2,,ASSAULT,01/02/2024 10:00,Here,SUSPECT,\"Robert'}) MATCH (n) DETACH DELETE n //\","
     "Bob,02/02/1980,M,1 A Road,LS1 1AA,", None),
    ("WY-2,1,,ASSAULT,31/02/2024 10:00,Here,VICTIM,JONES,Al,01/01/1990,M,,,",
     "'31/02/2024 10:00' is not a date-time"),
    ("WY-3,1,,ARSON,01/02/2024 10:00,Here,VICTIM,JONES,Al,01/01/1990,M,,,",
     "'ARSON' is not in the value map"),
    ("WY-4,1,,ASSAULT,01/02/2024 10:00", "row has 5 fields but the header has 14"),
    ("WY-5,1,,ASSAULT,01/02/2024 10:00,Here,VICTIM,,Al,01/01/1990,M,,,,extra",
     "row has 15 fields"),
    ("WY-6,1,,ASSAULT,01/02/2024 10:00,Here,VICTIM,,Al,01/01/1990,M,,,", "'Surname': is empty"),
    ("WY-7,1,,ASSAULT,01/02/2024 10:00,Here,VICTIM," + "X" * 50_000 + ",Al,,M,,,",
     "value is 50,000 characters long"),
    (",1,,ASSAULT,01/02/2024 10:00,Here,VICTIM,JONES,Al,,M,,,", "record key column"),
]  # fmt: skip
HEADER = ("IncidentRef,PersonSeq,NominalId,IncidentType,ReportedDateTime,IncidentLocation,Role,"
          "Surname,Forenames,DOB,Sex,HomeAddress,Postcode,FoundDateTime")  # fmt: skip
POLICE = Path(__file__).parents[2] / "loaders" / "mappings" / "police_incidents.yml"


def write_bad_police_file(directory: Path) -> Path:
    path = directory / "police" / "incidents.csv"
    path.parent.mkdir(parents=True)
    body = "\n".join([HEADER, *(text for text, _ in BAD_ROWS)]).encode("utf-8")
    latin1 = "WY-8,1,,ASSAULT,01/02/2024 10:00,Here,VICTIM,BRONTË,Al,,F,,,".encode("latin-1")
    path.write_bytes(body + b"\n" + latin1 + b"\n")
    return path


def test_bad_rows_are_quarantined_with_reasons_and_accounted_for(
    graph: Graph, tmp_path: Path
) -> None:
    write_bad_police_file(tmp_path / "in")
    (mapping,) = [m for m in shipped_mappings() if m.source == "police.incidents"]
    result = loader(graph, tmp_path).load_file(mapping, tmp_path / "in")
    expected_bad = [reason for _, reason in BAD_ROWS if reason] + ["is not valid utf-8"]
    assert result.status == "completed"
    assert result.rows_read == len(BAD_ROWS) + 1
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    assert (result.rows_loaded, result.rows_quarantined) == (2, len(expected_bad))

    stored = graph.read("load/run_quarantined", run_id=result.run_id, limit=100)
    lines = [json.loads(x) for x in Path(result.quarantine_file).read_text().splitlines()]
    for records in (stored, lines):
        assert len(records) == len(expected_bad)
        reasons = " | ".join(r["reason"] for r in records)
        for fragment in expected_bad:
            assert fragment in reasons
    long_raw = next(r for r in stored if "50,000" in r["reason"])  # under RAW_LIMIT: kept whole
    assert long_raw["raw"] == BAD_ROWS[7][0] and long_raw["raw_length"] == len(BAD_ROWS[7][0])
    assert [r["row"] for r in lines] == [r["line"] for r in stored] == [3, 4, 5, 6, 7, 8, 9, 10]

    run = graph.read_one("load/run_get", run_id=result.run_id)["run"]
    assert (run["rows_read"], run["rows_loaded"], run["rows_quarantined"]) == (10, 2, 8)
    assert run["status"] == "completed" and run["checksum"] and run["ended_at"]
    names = {r["props"].get("surname") for r in graph.read("load/snapshot_nodes")}
    assert "Robert'}) MATCH (n) DETACH DELETE n //" in names  # stored verbatim, ran nothing
    assert "Smith" in names


def test_empty_and_header_only_files_load_nothing_and_say_so(graph: Graph, tmp_path: Path) -> None:
    (mapping,) = [m for m in shipped_mappings() if m.source == "police.incidents"]
    folder = tmp_path / "in" / "police"
    folder.mkdir(parents=True)
    (folder / "incidents.csv").write_bytes(b"")
    empty = loader(graph, tmp_path).load_file(mapping, tmp_path / "in")
    assert (empty.status, empty.rows_read, empty.warnings) == (
        "completed", 0, ["the file is empty (no header, no rows)"])  # fmt: skip
    (folder / "incidents.csv").write_text(HEADER + "\n", encoding="utf-8")
    header_only = loader(graph, tmp_path).load_file(mapping, tmp_path / "in")
    assert (header_only.status, header_only.rows_read, header_only.rows_quarantined) == (
        "completed", 0, 0)  # fmt: skip


def test_a_file_missing_required_columns_fails_before_writing(graph: Graph, tmp_path: Path) -> None:
    (mapping,) = [m for m in shipped_mappings() if m.source == "police.incidents"]
    folder = tmp_path / "in" / "police"
    folder.mkdir(parents=True)
    (folder / "incidents.csv").write_text("IncidentRef,PersonSeq\nWY-1,1\n", encoding="utf-8")
    result = loader(graph, tmp_path).load_file(mapping, tmp_path / "in")
    assert result.status == "failed"
    assert "required column(s) IncidentType, ReportedDateTime, Role, Surname missing" in (
        result.error
    )
    assert graph.read_one("admin/count_label", label="PersonRecord")["count"] == 0
    run = graph.read_one("load/run_get", run_id=result.run_id)["run"]
    assert (run["status"], run["error"]) == ("failed", result.error)


def test_cli_rejects_a_broken_mapping_before_any_write(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(POLICE.read_text().replace("key: [incident_ref]", "key: [incident_no]"))
    write_bad_police_file(tmp_path / "in")
    result = CliRunner().invoke(
        cli, ["load", str(tmp_path / "in"), "--mapping", str(broken)],
        obj={"settings": settings},
    )  # fmt: skip
    assert result.exit_code == 1
    output = " ".join(result.output.split())  # rich wraps long lines
    assert "broken.yml: entities[1].key[0]: field 'incident_no' is not produced" in output
    assert graph.read_one("admin/count_label", label="LoadRun")["count"] == 0


def test_cli_loads_a_directory_and_prints_the_summary(
    graph: Graph, settings: Settings, world: Path, tmp_path: Path
) -> None:
    args = ["load", str(world), "--quarantine-dir", str(tmp_path / "q"), "--json"]
    result = CliRunner().invoke(cli, args, obj={"settings": settings})
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.output)
    assert (outcome["status"], outcome["error"]) == ("completed", None)
    loads = outcome["results"]
    assert len(loads) == len(SOURCES)
    assert all(r["rows_read"] == r["rows_loaded"] + r["rows_quarantined"] for r in loads)
    history = CliRunner().invoke(cli, ["loads"], obj={"settings": settings})
    assert history.exit_code == 0 and history.output.count("completed") == len(SOURCES)
    table = CliRunner().invoke(cli, ["load", str(world)], obj={"settings": settings})
    assert table.exit_code == 0 and "skipped" in table.output and "total" in table.output


def test_cli_load_applies_pending_schema_migrations_before_writing(
    graph: Graph, settings: Settings, world: Path, tmp_path: Path
) -> None:
    # Make 0001 (the uniqueness constraints the loader's MERGEs rely on) pending again.
    graph.run_statement("DROP CONSTRAINT person_record_id IF EXISTS", "test/drop")
    graph.run_statement("MATCH (m:SchemaMigration {version: 1}) DELETE m", "test/drop")
    try:
        assert 1 not in applied(graph)
        args = ["load", str(world), "--quarantine-dir", str(tmp_path / "q")]
        result = CliRunner().invoke(cli, args, obj={"settings": settings})
        assert result.exit_code == 0, result.output
        assert "1 schema migration(s) applied first." in result.output
        assert 1 in applied(graph)
        names = {row["name"] for row in graph.read("admin/schema_objects")}
        assert "person_record_id" in names
    finally:
        migrate(graph)  # never leave the shared test database without its schema
