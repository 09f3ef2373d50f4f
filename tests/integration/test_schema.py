"""Schema migrations: idempotent, versioned, enforced by constraints."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.store.db import Graph, QueryFailed
from touchpoint.graph_model.store.queries import CYPHER_DIR, Query
from touchpoint.graph_model.store.schema import applied, discover, migrate


def _schema_objects(graph: Graph) -> list[tuple]:
    return [
        (row["name"], row["type"], tuple(row["labelsOrTypes"] or ()), row["state"])
        for row in graph.read("admin/schema_objects")
    ]


def test_migrate_twice_changes_nothing_the_second_time(graph: Graph) -> None:
    before = _schema_objects(graph)
    assert migrate(graph) == []
    assert _schema_objects(graph) == before
    assert set(applied(graph)) == {m.version for m in discover()}


def test_every_core_label_has_a_uniqueness_constraint(graph: Graph) -> None:
    constrained = {
        row["labelsOrTypes"][0]
        for row in graph.read("admin/schema_objects")
        if row["owningConstraint"]
    }
    for label in (
        "Agency",
        "PersonRecord",
        "Person",
        "Address",
        "Event",
        "Organisation",
        "LoadRun",
        "QuarantinedRow",
    ):
        assert label in constrained


def test_fulltext_index_for_fuzzy_name_search_exists(graph: Graph) -> None:
    fulltext = [row for row in graph.read("admin/schema_objects") if row["type"] == "FULLTEXT"]
    assert any(row["name"] == "person_record_names" for row in fulltext)


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Agency", "agency_id"),
        ("PersonRecord", "record_id"),
        ("Person", "person_id"),
        ("Address", "address_id"),
        ("Event", "event_id"),
    ],
)
def test_constraints_reject_duplicate_keys(graph: Graph, label: str, key: str) -> None:
    create = f"CREATE (:{label} {{{key}: 'dup-1'}})"
    graph.run_statement(create, "test/create")
    with pytest.raises(QueryFailed, match="already exists"):
        graph.run_statement(create, "test/create")


def test_wipe_keeps_schema_and_migration_records(graph: Graph) -> None:
    graph.run_statement("CREATE (:Agency {agency_id: 'x'})", "test/create")
    from touchpoint.graph_model.store.admin import wipe

    assert wipe(graph) == 1
    assert set(applied(graph)) == {m.version for m in discover()}


def _copy_schema(tmp_path: Path) -> Path:
    folder = tmp_path / "schema"
    shutil.copytree(CYPHER_DIR / "schema", folder)
    return folder


def test_a_new_migration_applies_cleanly_to_an_existing_database(
    graph: Graph, tmp_path: Path
) -> None:
    folder = _copy_schema(tmp_path)
    (folder / "9001_test_extra_index.cypher").write_text(
        "// description: test-only index\n"
        "CREATE INDEX test_extra_idx IF NOT EXISTS FOR (n:Agency) ON (n.name);\n"
    )
    try:
        done = migrate(graph, folder)
        assert [m.version for m in done] == [9001]
        assert migrate(graph, folder) == []
        assert any(row["name"] == "test_extra_idx" for row in graph.read("admin/schema_objects"))
    finally:
        graph.run_statement("DROP INDEX test_extra_idx IF EXISTS", "test/drop")
        graph.run_statement("MATCH (m:SchemaMigration {version: 9001}) DELETE m", "test/drop")


def test_editing_an_applied_migration_is_refused(graph: Graph, tmp_path: Path) -> None:
    folder = _copy_schema(tmp_path)
    first = sorted(folder.glob("0001_*.cypher"))[0]
    first.write_text(first.read_text() + "\n// an edit after the fact\n")
    with pytest.raises(ConfigError, match="was changed after it was applied"):
        migrate(graph, folder)


def test_badly_named_migration_file_is_rejected(tmp_path: Path) -> None:
    folder = _copy_schema(tmp_path)
    (folder / "extra.cypher").write_text("CREATE INDEX x IF NOT EXISTS FOR (n:A) ON (n.b);")
    with pytest.raises(ConfigError, match="NNNN_snake_name"):
        discover(folder)


OLD_REVIEW_PAIR = Query(
    name="tests/review_pair_before_0011",
    text="CREATE (:PersonRecord {record_id: 'r_a', source_agency: 'police'}), "
    "(:PersonRecord {record_id: 'r_b', source_agency: 'gp'}), "
    "(:ReviewPair {pair_id: 'pair_old', record_a: 'r_a', record_b: 'r_b', status: 'pending'})",
    meta={"params": []},
)
PAIR_AGENCIES = Query(
    name="tests/review_pair_agencies",
    text="MATCH (q:ReviewPair {pair_id: 'pair_old'}) RETURN [q.agency_a, q.agency_b] AS agencies",
    meta={"params": []},
)


def test_migration_0011_gives_review_pairs_written_before_it_their_agencies(graph: Graph) -> None:
    graph.write(OLD_REVIEW_PAIR)
    (migration,) = [m for m in discover() if m.version == 11]
    for statement in migration.query.statements():
        graph.run_statement(statement, migration.query.name)
    assert graph.read_one(PAIR_AGENCIES) == {"agencies": ["police", "gp"]}
