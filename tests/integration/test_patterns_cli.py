"""The ``touchpoint patterns`` and ``touchpoint analyse`` commands end to end."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner
from small_world import AS_OF, World, days_ago, years_ago

from cli.main import cli
from graph_model.db import Graph


def _invoke(graph: Graph, *args: str):
    return CliRunner().invoke(cli, list(args), obj={"settings": graph.settings})


def _world(graph: Graph) -> None:
    w = World()
    w.person("runner", years_ago(14))
    w.person("mum", years_ago(40))
    w.lives("runner", "home-1", start=years_ago(5))
    w.lives("mum", "home-1", start=years_ago(5))
    for d in (100, 90, 75):
        w.event(
            [("runner", "missing_person"), ("mum", "reporter")],
            "police",
            "police_incident",
            "missing_person",
            days_ago(d),
        )
    w.flush(graph)


def test_run_writes_flags_once_and_prints_evidence_as_csv(graph: Graph) -> None:
    _world(graph)
    args = ["patterns", "run", "repeated_missing", "--param", f"as_of={AS_OF}"]
    first = _invoke(graph, *args, "--format", "csv")
    assert first.exit_code == 0, first.output
    rows = list(csv.DictReader(io.StringIO(first.output)))
    assert {r["person_id"] for r in rows} == {"runner"}
    assert len(rows) == 3 and {r["evidence_agency"] for r in rows} == {"police"}
    again = _invoke(graph, *args)
    assert "0 new flag(s), 1 already raised" in again.output
    flags = json.loads(_invoke(graph, "patterns", "flags", "--format", "json").output)
    assert len(flags) == 1 and flags[0]["status"] == "new"


def test_review_and_accuracy_from_the_command_line(graph: Graph) -> None:
    _world(graph)
    _invoke(graph, "patterns", "run", "repeated_missing", "--param", f"as_of={AS_OF}")
    (flag,) = json.loads(_invoke(graph, "patterns", "flags", "--format", "json").output)
    refused = _invoke(
        graph, "patterns", "review", flag["flag_id"], "--to", "dismissed", "--who", "hub"
    )
    assert refused.exit_code == 1 and "reason is required" in refused.output
    ok = _invoke(graph, "patterns", "review", flag["flag_id"], "--to", "actioned", "--who", "hub")
    assert ok.exit_code == 0 and "actioned" in ok.output
    (acc,) = [
        r
        for r in json.loads(_invoke(graph, "patterns", "accuracy", "--format", "json").output)
        if r["pattern_id"] == "repeated_missing"
    ]
    assert acc["actioned"] == 1 and acc["actioned_share"] == 1.0


def test_bad_parameters_are_one_clear_line(graph: Graph) -> None:
    result = _invoke(graph, "patterns", "run", "repeated_missing", "--param", "window_days=x")
    assert result.exit_code == 1
    assert "Parameter window_days='x' is not a valid int" in result.output


def test_analyse_ego_and_risk_print_people(graph: Graph) -> None:
    _world(graph)
    ego = json.loads(_invoke(graph, "analyse", "ego", "runner", "--format", "json").output)
    assert {n["id"] for n in ego["nodes"] if n["kind"] == "person"} == {"runner", "mum"}
    _invoke(graph, "patterns", "run", "repeated_missing", "--param", f"as_of={AS_OF}")
    risk = json.loads(
        _invoke(graph, "analyse", "risk", "mum", "--as-of", str(AS_OF), "--format", "json").output
    )
    assert [(r["person_id"], r["total"]) for r in risk] == [("runner", 3.0), ("mum", 1.5)]
