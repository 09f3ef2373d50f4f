"""Warm start (issue 19, item 3) against a real Neo4j: the warm-up reads what the pages and
patterns read, reports it, and writes nothing (no node, relationship or audit entry)."""

from __future__ import annotations

import json
import threading
from collections import Counter

from app_support import load_app_fixture
from click.testing import CliRunner

from touchpoint.cli.main import cli
from touchpoint.graph_model.patterns.library import list_patterns
from touchpoint.graph_model.store.admin import graph_counts
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.fingerprint import fingerprint
from touchpoint.services.reads.warm import (
    FIRST_SAMPLES,
    LABELS,
    RELATIONSHIP_TYPES,
    SAMPLES,
    start_in_background,
    warm_up,
)


def test_the_warm_up_reads_every_store_and_index_and_plans_the_pages_writing_nothing(
    graph: Graph,
) -> None:
    load_app_fixture(graph)
    counts, before = graph_counts(graph), fingerprint(graph)
    seen = []

    report = warm_up(graph, on_step=seen.append)

    assert [(s.name, s.error) for s in report.steps if s.error] == []
    assert seen == report.steps  # each step reported as it finished
    assert graph_counts(graph) == counts  # read only: no node, relationship or audit entry
    assert fingerprint(graph) == before
    for label in LABELS:
        step = report.step(f"nodes {label}")
        assert step is not None and step.touched["nodes"] == counts.labels.get(label, 0)
    for rel_type in RELATIONSHIP_TYPES:
        step = report.step(f"rels {rel_type}")
        assert step.touched["relationships"] == counts.relationships.get(rel_type, 0)
    assert report.step("nodes PersonRecord").touched["properties"] > 0
    records = report.step("index person_record").touched
    assert records["record_id"] == counts.labels["PersonRecord"] and records["surname"] > 0
    assert report.step("index event").touched["event_id"] == counts.labels["Event"]
    assert report.step("index other").touched["person_id"] == counts.labels["Person"]
    pages = report.step("plans pages").touched
    assert pages["plans"] >= 5 and pages["network_nodes"] > 1
    patterns = list_patterns()  # a scoped pattern is planned for everyone and for a scope
    expected = len(patterns) + sum(1 for p in patterns if p.scoped)
    assert report.step("plans patterns").touched["plans"] == expected
    assert "Warmed" in report.summary() and "query plan(s)" in report.summary()


def _count_reads(graph: Graph, monkeypatch) -> Counter[str]:
    """How many times each saved query is read through ``graph`` from now on."""
    ran: Counter[str] = Counter()
    read = graph.read

    def spy(query, **params):
        ran[getattr(query, "name", query)] += 1
        return read(query, **params)

    monkeypatch.setattr(graph, "read", spy)
    return ran


def test_the_warm_up_opens_several_peoples_pages_household_included(
    graph: Graph, monkeypatch
) -> None:
    """One pass planned a query but left it cold (the first explorer after a warm-up still paid
    ~0.4 s on its hop query), and the profile's household read was not warmed at all."""
    load_app_fixture(graph)
    ran = _count_reads(graph, monkeypatch)

    report = warm_up(graph)
    first, pages = report.step("plans first pages"), report.step("plans pages")
    assert report.steps[0] is first  # before the store scans: the first analyst needs them
    assert first.touched["people"] == FIRST_SAMPLES
    assert 1 < pages.touched["people"] <= SAMPLES
    opened = first.touched["people"] + pages.touched["people"]
    assert ran["access/person_household"] == opened
    assert ran["access/hop_from_people"] >= opened


def test_the_warm_up_runs_each_pattern_while_its_budget_lasts_and_plans_the_rest(
    graph: Graph, monkeypatch
) -> None:
    """A pattern only planned ran at 2.0x its warm time straight after a restart; within
    ``warm_pattern_seconds`` the warm-up runs it (read only), after that it plans it."""
    load_app_fixture(graph)
    counts, before = graph_counts(graph), fingerprint(graph)
    ran = _count_reads(graph, monkeypatch)
    patterns = list_patterns()
    names = {p.query.name for p in patterns}

    generous = warm_up(graph, pattern_seconds=600).step("plans patterns").touched
    assert generous["runs"] == len(patterns)
    assert {name for name in ran if name in names} == names  # each one run for real
    assert all(ran[p.query.name] == 1 for p in patterns)
    assert ran.total() and graph_counts(graph) == counts and fingerprint(graph) == before

    ran.clear()
    planned_only = warm_up(graph, pattern_seconds=0).step("plans patterns").touched
    assert planned_only["runs"] == 0 and planned_only["plans"] == generous["plans"]
    assert not any(name in names for name in ran)
    assert any(name.endswith(" (plan)") for name in ran)


def test_a_stopped_warm_up_starts_no_further_step(graph: Graph) -> None:
    """Ctrl+C on `touchpoint app` sets the stop: the warm-up ends between steps instead of
    reading on while the process exits."""
    load_app_fixture(graph)
    stop = threading.Event()

    report = warm_up(graph, on_step=lambda step: stop.set(), stop=stop)

    assert [step.name for step in report.steps] == ["plans first pages"]


def test_a_background_warm_up_finishes_promptly_when_the_server_stops(graph: Graph) -> None:
    load_app_fixture(graph)
    done: list[object] = []
    warming = start_in_background(graph.settings.model_copy(update={"warm_on_start": True}),
                                  on_done=done.append)  # fmt: skip
    assert warming is not None

    warming.finish(timeout=30)

    assert not warming.is_alive() and done == []  # stopped: no "Warmed ..." after the stop


def test_an_empty_graph_warms_without_a_sample_person(graph: Graph) -> None:
    report = warm_up(graph)
    assert report.failed == []
    assert report.step("nodes Person").touched["nodes"] == 0
    assert report.step("plans pages").touched == {"plans": 0}


def test_db_warm_prints_each_step_and_its_time(graph: Graph, monkeypatch) -> None:
    load_app_fixture(graph)
    settings = graph.settings
    monkeypatch.setenv("TOUCHPOINT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TOUCHPOINT_BOLT_PORT", str(settings.bolt_port))
    if settings.neo4j_uri:
        monkeypatch.setenv("NEO4J_URI", settings.neo4j_uri)
    counts = graph_counts(graph)

    result = CliRunner().invoke(cli, ["db", "warm", "--json"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    names = [step["name"] for step in report["steps"]]
    assert "nodes Person" in names and "plans pages" in names
    assert all(step["error"] is None for step in report["steps"])
    assert graph_counts(graph) == counts
