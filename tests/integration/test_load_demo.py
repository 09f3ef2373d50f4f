"""``touchpoint run`` on an empty graph: a demo population is generated, loaded, resolved and
checked by every saved pattern - one recorded run of the pipeline the scheduler runs - so the
workbench opens on people with flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchpoint.cli.demo import ensure_demo
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.pipeline.flows import DEMO_PEOPLE
from touchpoint.services.pipeline.operations import history, run_detail


def test_an_empty_graph_gets_a_resolved_and_flagged_demo_population_once(
    graph: Graph, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = settings.model_copy(update={"data_dir": tmp_path})  # demo files go to tmp_path

    results = ensure_demo(graph, local)

    assert results, "an empty graph must get the demo population"
    assert {r.status for r in results} == {"completed"}
    assert all(r.rows_read == r.rows_loaded + r.rows_quarantined for r in results)
    assert sum(r.rows_quarantined for r in results) == 0  # the synthetic extracts are clean
    records = graph.read_one("admin/count_label", label="PersonRecord")["count"]
    assert records > DEMO_PEOPLE  # each person is known to several agencies
    assert (tmp_path / "demo" / "labels" / "people.csv").is_file()  # truth kept apart
    output = capsys.readouterr().out
    assert f"Generating {DEMO_PEOPLE:,} synthetic people" in output
    assert "Load summary" in output and "total" in output
    people = graph.read_one("admin/count_label", label="Person")["count"]
    assert 0 < people < records  # records of one person across agencies are joined
    assert graph.read_one("admin/count_label", label="Flag")["count"] > 0  # planted scenarios
    assert "flags to review" in output
    [run] = history(graph, "demo")  # one recorded run of the one pipeline runner
    assert (run["status"], run["trigger"]) == ("succeeded", "demo")
    steps = run_detail(graph, run["run_id"])["steps"]
    assert [s["name"] for s in steps] == ["synthesise", "load", "resolve", "patterns", "flags"]

    assert ensure_demo(graph, local) is None  # never twice, never over real data
    assert graph.read_one("admin/count_label", label="PersonRecord")["count"] == records
    _flagged_children_have_a_chronology(graph)


def _flagged_children_have_a_chronology(graph: Graph) -> None:
    """The demo's flagged people open as a chronology, as PDF and as DOCX, each flag's evidence
    marked significant."""
    from access_support import context

    from touchpoint.graph_model.access.viewer import ViewerGraph
    from touchpoint.graph_model.patterns.flags import list_flags
    from touchpoint.services.reads.chronology import build_chronology
    from touchpoint.services.reads.chronology_documents import export_chronology

    viewer = ViewerGraph(graph, context("hub_staff"))
    flags = list_flags(graph, limit=5)
    assert flags
    for row in flags:
        flag = row["flag"]
        c = build_chronology(viewer, flag["person_id"])
        marked = {e.event_id for e in c.entries if e.significant}
        assert set(flag.get("event_ids") or []) <= marked, flag["pattern_id"]
        pdf, _ = export_chronology(viewer, flag["person_id"], "pdf")
        docx, _ = export_chronology(viewer, flag["person_id"], "docx")
        assert pdf.startswith(b"%PDF") and docx.startswith(b"PK")
