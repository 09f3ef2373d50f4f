"""``touchpoint resolve``, ``resolve review`` and ``resolve explain`` end to end."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from cli_support import invoke
from click.testing import CliRunner

from cli.main import cli
from graph_model.db import Graph
from graph_model.queries import Query
from graph_model.resolution.testdata import make_records, write_records

PERSON_OF = Query(
    name="tests/resolution_person_of",
    text="MATCH (:PersonRecord {record_id: $record_id})-[:RESOLVES_TO]->(p:Person) "
    "RETURN p.person_id AS person_id",
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
    decided = _invoke(graph, "resolve", "review", "decide", pair["pair_id"], "confirm", "--by", "t")
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


def test_explain_an_unknown_person_says_what_ids_look_like(graph: Graph) -> None:
    result = invoke(graph, "resolve", "explain", "person_nobody", role="hub_staff")
    assert result.exit_code != 0
    assert "person_<20 hex>" in result.output


def _person_of(graph: Graph, record_id: str) -> str:
    row = graph.read_one(PERSON_OF, record_id=record_id)
    assert row is not None
    return row["person_id"]
