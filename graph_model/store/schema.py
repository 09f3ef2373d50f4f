"""Versioned, idempotent schema migrations from ``cypher/schema/NNNN_<name>.cypher``.

Each file is applied once, statement by statement (schema commands need auto-commit), and then
recorded as a ``:SchemaMigration {version}`` node with the file's checksum. Statements use
``IF NOT EXISTS`` so a half-applied file re-runs safely after a crash. Editing an applied file
is refused: add a new migration instead, so every database converges to the same schema.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import CYPHER_DIR, Query, parse_cypher_file

MIGRATION_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.cypher$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    checksum: str
    query: Query


def discover(root: Path = CYPHER_DIR / "schema") -> list[Migration]:
    """All migration files in version order; names must be ``NNNN_snake_name.cypher``."""
    migrations: list[Migration] = []
    for path in sorted(root.glob("*.cypher")):
        match = MIGRATION_FILE.match(path.name)
        if not match:
            raise ConfigError(f"{path}: migration files are named NNNN_snake_name.cypher")
        version = int(match.group(1))
        query = parse_cypher_file(path, f"schema/{path.stem}")
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()
        migrations.append(Migration(version, match.group(2), checksum, query))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise ConfigError(f"{root}: two migrations share a version number")
    return migrations


def applied(graph: Graph) -> dict[int, str]:
    """Version → checksum of migrations recorded in the database."""
    rows = graph.read("admin/applied_migrations")
    return {row["version"]: row["checksum"] for row in rows}


def migrate(graph: Graph, root: Path = CYPHER_DIR / "schema") -> list[Migration]:
    """Apply pending migrations in order; return those applied (empty: nothing to do)."""
    done = applied(graph)
    pending: list[Migration] = []
    for migration in discover(root):
        recorded = done.get(migration.version)
        if recorded is None:
            pending.append(migration)
        elif recorded != migration.checksum:
            raise ConfigError(
                f"Migration {migration.version:04d}_{migration.name} was changed after it was "
                "applied to this database. Restore it and add a new migration instead."
            )
    for migration in pending:
        for statement in migration.query.statements():
            graph.run_statement(statement, migration.query.name)
        graph.write(
            "admin/record_migration",
            version=migration.version,
            name=migration.name,
            checksum=migration.checksum,
        )
    return pending
