"""Finding 4: the audit trail's tail could be cut undetected by someone holding the database
password - delete the last entries, rewind (or delete) ``AuditHead`` - and the next entry then
reused a removed sequence number; ``audit verify`` never read the mirror file.

The attacker here talks to Neo4j with the driver and the password, nothing else; the check is
the operator's ``touchpoint audit verify`` (exit 2 on any problem)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from attacker import Client, Site
from click.testing import CliRunner, Result
from neo4j import GraphDatabase

from touchpoint.cli.main import cli
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph


def verify(settings: Settings) -> Result:
    return CliRunner().invoke(cli, ["audit", "verify"], obj={"settings": settings})


def busy_trail(site: Site, searches: int = 5) -> Client:
    ned = site.client()
    assert ned.sign_in("ned").status_code == 302
    for n in range(searches):
        ned.callback("search-results.children", {"search-input.value": f"Smith {n}"})
    return ned


def cypher(settings: Settings, text: str, **params) -> list[dict]:
    """The attacker's own session with the database password (no Touchpoint code)."""
    with GraphDatabase.driver(settings.effective_uri, auth=settings.auth()) as driver:
        records, _, _ = driver.execute_query(text, params, database_=settings.neo4j_database)
        return [r.data() for r in records]


def cut_tail(settings: Settings, keep: int, head: str) -> None:
    """Remove every entry after ``keep``; then rewind the head to entry ``keep`` ("rewind") or
    delete it ("delete")."""
    cypher(settings, "MATCH (e:AuditEntry) WHERE e.seq > $keep DETACH DELETE e", keep=keep)
    if head == "rewind":
        cypher(
            settings,
            "MATCH (e:AuditEntry {seq: $keep}), (h:AuditHead) SET h.seq = e.seq, h.hash = e.hash",
            keep=keep,
        )
    else:
        cypher(settings, "MATCH (h:AuditHead) DETACH DELETE h")


def last_seq(settings: Settings) -> int:
    return cypher(settings, "MATCH (e:AuditEntry) RETURN max(e.seq) AS seq")[0]["seq"]


@pytest.mark.parametrize("head", ["rewind", "delete"])
def test_cutting_the_tail_and_rewinding_the_head_is_reported(
    site: Site, settings: Settings, world: Graph, head: str
) -> None:
    busy_trail(site)
    assert verify(settings).exit_code == 0
    end = last_seq(settings)
    cut_tail(settings, end - 3, head)
    result = verify(settings)
    assert result.exit_code == 2, result.output
    assert "TAMPERED" in result.output and str(end) in result.output


def test_the_next_entry_never_reuses_a_removed_sequence_number(
    site: Site, settings: Settings, world: Graph
) -> None:
    ned = busy_trail(site)
    end = last_seq(settings)
    cut_tail(settings, end - 3, "rewind")
    ned.callback("search-results.children", {"search-input.value": "Jones"})  # one more entry
    seqs = [r["seq"] for r in cypher(settings, "MATCH (e:AuditEntry) RETURN e.seq AS seq")]
    assert max(seqs) > end
    assert not set(range(end - 2, end + 1)) & set(seqs)  # the removed numbers stay unused
    assert verify(settings).exit_code == 2  # and the gap is still reported


def test_a_chain_recomputed_by_the_database_password_holder_is_caught_by_the_anchor(
    site: Site, settings: Settings, world: Graph
) -> None:
    """The attacker edits who searched (entry 3) and recomputes every later hash and the head,
    so the chain is internally perfect - only a record outside the graph can tell."""
    busy_trail(site)
    entries = cypher(settings, "MATCH (e:AuditEntry) RETURN properties(e) AS e ORDER BY e.seq")
    prev = entries[1]["e"]["hash"]
    for row in entries[2:]:
        entry = row["e"]
        if entry["seq"] == 3:
            entry["user"] = "somebody_else"
        entry["prev_hash"] = prev
        entry["hash"] = _hash(entry)
        prev = entry["hash"]
        cypher(settings, "MATCH (e:AuditEntry {seq: $seq}) SET e = $entry", seq=entry["seq"],
               entry=entry)  # fmt: skip
    cypher(settings, "MATCH (h:AuditHead) SET h.hash = $hash", hash=prev)
    result = verify(settings)
    assert result.exit_code == 2, result.output
    assert "entry 3" in result.output


def test_verify_reads_the_mirror_file(
    serve, settings: Settings, world: Graph, tmp_path: Path
) -> None:
    mirror = tmp_path / "audit.jsonl"
    site = serve(audit_mirror=mirror)
    busy_trail(site)
    with_mirror = settings.model_copy(update={"audit_mirror": mirror})
    assert verify(with_mirror).exit_code == 0
    lines = mirror.read_text(encoding="utf-8").splitlines()
    tampered = json.loads(lines[-1]) | {"hash": "f" * 64}  # the mirror disagrees on the last
    mirror.write_text("\n".join([*lines[:-1], json.dumps(tampered)]) + "\n", encoding="utf-8")
    result = verify(with_mirror)
    assert result.exit_code == 2, result.output
    assert "mirror" in result.output.lower()


def _hash(entry: dict) -> str:
    """The chain's hash, as the attacker can read it in the open source code."""
    fields = ("seq", "entry_id", "at", "user", "role", "action", "agreement", "purpose_code",
              "case_reference", "reason", "break_glass_id", "subjects", "terms",
              "result_count", "withheld", "outcome", "detail", "prev_hash")  # fmt: skip
    canonical = json.dumps([entry.get(f) for f in fields], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
