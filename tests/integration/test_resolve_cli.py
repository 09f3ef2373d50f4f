"""``touchpoint resolve``, ``resolve review`` and ``resolve explain`` end to end."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from cli_support import invoke, user_for
from click.testing import CliRunner, Result

from touchpoint.cli.main import cli
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.resolution.testdata import make_records, write_records
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

PERSON_OF = Query(
    name="tests/resolution_person_of",
    text="MATCH (:PersonRecord {record_id: $record_id})-[:RESOLVES_TO]->(p:Person) "
    "RETURN p.person_id AS person_id",
)

DECISIONS = Query(
    name="tests/review_decisions",
    text="MATCH (d:ReviewDecision) "
    "RETURN d.kind AS kind, [d.record_a, d.record_b] AS pair, d.decided_by AS decided_by",
)
PERSON_WITH_AGENCY = Query(
    name="tests/person_with_agency",
    text="MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person) WITH p, collect(r) AS rs "
    "WHERE size(rs) > 1 AND any(r IN rs WHERE r.source_agency IN $agencies) "
    "RETURN p.person_id AS person_id, [r IN rs | r.record_id] AS records "
    "ORDER BY person_id LIMIT 1",
)


def _invoke(graph: Graph, *args: str):
    return CliRunner().invoke(cli, list(args), obj={"settings": graph.settings})


@pytest.fixture
def records(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame:
    monkeypatch.setenv("TOUCHPOINT_RESOLVE_U_SAMPLE_PAIRS", "100000")
    # A high upper threshold sends the less certain probabilistic pairs to the review queue.
    monkeypatch.setenv("TOUCHPOINT_RESOLVE_UPPER_THRESHOLD", "0.9999")
    frame = make_records(150, seed=13)
    write_records(graph, frame)
    return frame


def test_resolve_review_and_explain_from_the_command_line(
    graph: Graph, records: pd.DataFrame
) -> None:
    run = _invoke(graph, "resolve", "--full", "--json")
    assert run.exit_code == 0, run.output
    report = json.loads(run.output)
    assert report["mode"] == "full" and report["records"] == len(records)
    assert report["review_pairs"] > 0

    refused = _invoke(graph, "resolve", "review", "list")
    assert refused.exit_code != 0 and "--as USER" in refused.output  # names: a user's read
    listed = invoke(graph, "resolve", "review", "list", "--json", "--limit", "5", role="hub_staff")
    assert listed.exit_code == 0, listed.output
    pair = json.loads(listed.stdout)[0]
    a, b = pair["a"]["record_id"], pair["b"]["record_id"]
    decide = ("resolve", "review", "decide", pair["pair_id"], "confirm")
    unsigned = _invoke(graph, *decide)
    assert unsigned.exit_code != 0 and "--as USER" in unsigned.output  # a reviewer, not a shell
    decided = invoke(graph, *decide, "--note", "same child, school uses known-as", role="hub_staff")
    assert decided.exit_code == 0, decided.output

    again = json.loads(_invoke(graph, "resolve", "--json").output)
    assert again["mode"] == "incremental"
    assert _person_of(graph, a) == _person_of(graph, b)  # the confirmation was applied
    person = _person_of(graph, a)
    explained = json.loads(
        invoke(graph, "resolve", "explain", "--json", person, role="hub_staff").stdout
    )
    linked = {r["record_id"]: r for r in explained["records"]}
    assert {a, b} <= set(linked)
    assert all(r["reasons"] for r in linked.values())
    table = invoke(graph, "resolve", "explain", person, role="hub_staff")
    assert table.exit_code == 0 and table.stdout.startswith(person)


def test_a_reviewer_decides_and_splits_only_what_their_agreement_shows(
    graph: Graph, records: pd.DataFrame
) -> None:
    assert _invoke(graph, "resolve", "--full", "--json").exit_code == 0
    audit_before = len(list(AuditLog(graph).entries()))  # the trail outlives wipes
    listed = invoke(
        graph, "resolve", "review", "list", "--json", "--limit", "500", role="hub_staff"
    )
    pairs = json.loads(listed.stdout)
    hidden = {"benefits", "housing"}  # outside the health liaison's agreement
    unseen = next(p for p in pairs if {p["a"]["source_agency"], p["b"]["source_agency"]} & hidden)
    seen = next(p for p in pairs if not {p["a"]["source_agency"], p["b"]["source_agency"]} & hidden)

    refused = invoke(graph, "resolve", "review", "decide", unseen["pair_id"], "reject",
                     role="health_liaison")  # fmt: skip
    assert refused.exit_code != 0 and "withheld under agreement health_isa" in _said(refused)
    allowed = invoke(graph, "resolve", "review", "decide", seen["pair_id"], "reject",
                     role="health_liaison")  # fmt: skip
    assert allowed.exit_code == 0, allowed.output
    decisions = [(d["kind"], d["pair"], d["decided_by"]) for d in graph.read(DECISIONS)]
    pair = sorted((seen["a"]["record_id"], seen["b"]["record_id"]))
    assert decisions == [("reject", pair, user_for(graph, "health_liaison"))]

    person, members = _person_with_a_record_of(graph, hidden)
    split = ("resolve", "review", "split", person, members[0], "--note", "two children")
    refused_split = invoke(graph, *split, role="health_liaison")
    assert refused_split.exit_code != 0
    assert "a split needs a reviewer who sees every record" in _said(refused_split)
    assert invoke(graph, *split, role="hub_staff").exit_code == 0
    trail = list(AuditLog(graph).entries())[audit_before:]
    audited = [e for e in trail if e["action"].startswith("review_")]
    assert [(e["action"], e["user"]) for e in audited if e["action"] != "review_list"] == [
        ("review_decide", user_for(graph, "health_liaison")),
        ("review_split", user_for(graph, "hub_staff")),
    ]
    assert person in audited[-1]["subjects"] and seen["pair_id"] in audited[-2]["subjects"]


def test_explain_an_unknown_person_says_what_ids_look_like(graph: Graph) -> None:
    result = invoke(graph, "resolve", "explain", "person_nobody", role="hub_staff")
    assert result.exit_code != 0
    assert "person_<20 hex>" in result.output


def _said(result: Result) -> str:
    """The command's output with rich's line wrapping undone."""
    return " ".join(result.output.split())


def _person_with_a_record_of(graph: Graph, agencies: set[str]) -> tuple[str, list[str]]:
    """A person with two or more records, one of them held by one of ``agencies``."""
    row = graph.read_one(PERSON_WITH_AGENCY, agencies=sorted(agencies))
    assert row is not None
    return row["person_id"], row["records"]


def _person_of(graph: Graph, record_id: str) -> str:
    row = graph.read_one(PERSON_OF, record_id=record_id)
    assert row is not None
    return row["person_id"]
