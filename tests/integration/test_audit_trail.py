"""The audit trail always runs, is append-only and tamper-evident (a hash chain), on real Neo4j."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from access_support import PURPOSE, context, load_access_fixture
from click.testing import CliRunner

from touchpoint.cli.main import cli
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.context import AccessDenied
from touchpoint.graph_model.access.reports import person_access_report
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.services.reads import flags as flag_reads
from touchpoint.services.reads.profile import load_profile
from touchpoint.services.reads.search import search_people


def _tamper(graph: Graph, cypher: str) -> None:
    graph.write(Query(name="tests/tamper", text=cypher, meta={"params": []}))


def _cli(graph: Graph, *args: str):
    return CliRunner().invoke(cli, list(args), obj={"settings": graph.settings})


@pytest.fixture
def audited(graph: Graph, tmp_path: Path) -> tuple[Graph, AuditLog]:
    load_access_fixture(graph)
    return graph, AuditLog(graph, mirror=tmp_path / "audit.jsonl")


def test_searches_person_views_and_pattern_results_write_their_entries(
    audited: tuple[Graph, AuditLog],
) -> None:
    graph, log = audited
    viewer = ViewerGraph(graph, context("analyst", user="asha"), audit=log)
    search_people(viewer, "Alice Smith")
    load_profile(viewer, "person_alice")
    flag_reads.read_flags(viewer)
    entries = list(log.entries())
    assert [e["action"] for e in entries] == ["search", "person_view", "pattern_results"]
    search, view, _ = entries
    assert json.loads(search["terms"]) == {"text": "Alice~ AND Smith~"}
    assert "person_alice" in search["subjects"] and search["result_count"] >= 1
    assert (view["user"], view["role"], view["agreement"]) == ("asha", "analyst", "mash_isa")
    assert (view["case_reference"], view["reason"]) == (PURPOSE.case_reference, PURPOSE.reason)
    assert view["subjects"] == ["person_alice"] and view["result_count"] == 3


def test_the_mirror_holds_the_same_chained_entries_as_json_lines(
    audited: tuple[Graph, AuditLog],
) -> None:
    graph, log = audited
    viewer = ViewerGraph(graph, context("hub_staff"), audit=log)
    load_profile(viewer, "person_bob")
    load_profile(viewer, "person_alice")
    lines = [json.loads(line) for line in log.mirror.read_text().splitlines()]  # type: ignore[union-attr]
    assert [line["hash"] for line in lines] == [e["hash"] for e in log.entries()]
    assert lines[1]["prev_hash"] == lines[0]["hash"]


def test_verify_passes_on_an_untouched_trail_and_names_an_edited_entry(
    audited: tuple[Graph, AuditLog],
) -> None:
    graph, log = audited
    viewer = ViewerGraph(graph, context("hub_staff"), audit=log)
    for key in ("person_alice", "person_bob", "person_charlie"):
        load_profile(viewer, key)
    assert log.verify().ok and _cli(graph, "audit", "verify").exit_code == 0
    _tamper(graph, "MATCH (e:AuditEntry {seq: 2}) SET e.reason = 'nothing to see'")
    report = log.verify()
    assert report.problems == ["entry 2 was altered after it was written"]
    result = _cli(graph, "audit", "verify")
    assert result.exit_code == 2 and "entry 2 was altered" in result.output


def test_verify_detects_a_removed_entry_and_a_cut_tail(audited: tuple[Graph, AuditLog]) -> None:
    graph, log = audited
    viewer = ViewerGraph(graph, context("hub_staff"), audit=log)
    for _ in range(4):
        load_profile(viewer, "person_alice")
    _tamper(graph, "MATCH (e:AuditEntry {seq: 2}) DELETE e")
    assert log.verify().problems == [
        "entries 2-2 are missing (removed?)", "entry 3 does not follow the entry before it"
    ]  # fmt: skip
    _tamper(graph, "MATCH (e:AuditEntry) WHERE e.seq IN [2, 4] DETACH DELETE e")
    assert any("chain head says 4 entries" in p for p in log.verify().problems)


def test_concurrent_appends_form_one_unbroken_chain(audited: tuple[Graph, AuditLog]) -> None:
    _graph, log = audited

    def work(user: str) -> None:
        for _ in range(8):
            log.record(context("hub_staff", user=user), "search", subjects=["x"])

    threads = [threading.Thread(target=work, args=(f"u{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = log.verify()
    assert report.ok and report.entries == 32


def test_break_glass_is_flagged_for_review_and_shows_in_the_person_report(
    audited: tuple[Graph, AuditLog],
) -> None:
    graph, log = audited
    ctx = context("analyst", user="ben", with_purpose=False).with_break_glass(
        "Child reported missing, out of hours"
    )
    log.open_break_glass(ctx)
    load_profile(ViewerGraph(graph, ctx, audit=log), "person_alice")
    load_profile(ViewerGraph(graph, context("hub_staff", user="cara"), audit=log), "person_alice")
    [session] = log.break_glass_sessions()
    assert (session["user"], session["reviewed"], session["actions"]) == ("ben", False, 2)
    report = person_access_report(log, "person_alice")
    assert [(r["user"], r["under"].split()[0]) for r in report] == [
        ("cara", "mash_isa"), ("ben", "BREAK-GLASS")
    ]  # fmt: skip
    listed = json.loads(_cli(graph, "audit", "break-glass", "--format", "json").output)
    assert [s["break_glass_id"] for s in listed] == [session["break_glass_id"]]
    reviewed = _cli(graph, "audit", "break-glass", "--review", session["break_glass_id"],
                    "--verdict", "justified")  # fmt: skip
    assert reviewed.exit_code == 0 and log.break_glass_sessions() == []
    assert log.verify().ok


def test_audit_query_filters_by_user_person_and_since(audited: tuple[Graph, AuditLog]) -> None:
    graph, log = audited
    load_profile(ViewerGraph(graph, context("hub_staff", user="dee"), audit=log), "person_bob")
    load_profile(ViewerGraph(graph, context("analyst", user="eve"), audit=log), "person_alice")
    out = _cli(graph, "audit", "query", "--user", "dee", "--since", "1h", "--format", "json")
    assert out.exit_code == 0, out.output
    assert [(e["user"], e["subjects"]) for e in json.loads(out.output)] == [("dee", ["person_bob"])]
    by_person = json.loads(_cli(graph, "audit", "query", "--person", "person_alice",
                                "--format", "json").output)  # fmt: skip
    assert [e["user"] for e in by_person] == ["eve"]
    later = _cli(graph, "audit", "query", "--since", "2999-01-01", "--format", "json")
    assert json.loads(later.output) == []
    who = json.loads(_cli(graph, "audit", "person", "person_alice", "--format", "json").output)
    assert [(w["user"], w["action"], w["case_reference"]) for w in who] == [
        ("eve", "person_view", "MASH-2026-0142")
    ]


def test_a_flag_status_change_is_audited_and_only_for_visible_flags(
    audited: tuple[Graph, AuditLog],
) -> None:
    graph, log = audited
    liaison = ViewerGraph(graph, context("health_liaison", user="hana"), audit=log)
    flag_reads.review_flag(liaison, "flag_da", "in_review")
    with pytest.raises(AccessDenied):
        flag_reads.review_flag(liaison, "flag_assault", "in_review")
    [entry] = [e for e in log.entries() if e["action"] == "flag_review"]
    assert (entry["user"], entry["subjects"]) == ("hana", ["flag_da", "person_alice"])
    assert json.loads(entry["detail"]) == {"to": "in_review", "reason": None}
