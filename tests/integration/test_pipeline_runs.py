"""One pipeline run against the real graph: records, new-file detection, retries, convergence."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from load_support import loader
from pipeline_support import (
    CsvLoadStep,
    MarkStep,
    count,
    folder_source,
    mark_runs,
    unavailable,
    write_csv,
)
from small_world import World, days_ago, years_ago

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.patterns.library import list_patterns
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.mapping import shipped_mappings
from touchpoint.services.pipeline.adapters import FlagsStep, PatternsStep, PickUpStep
from touchpoint.services.pipeline.operations import history, quarantined_rows, run_detail
from touchpoint.services.pipeline.runner import PipelineOptions, RetryPolicy, run_pipeline

FAST = RetryPolicy(attempts=3, base_seconds=0.01, max_seconds=0.05)


def _run(settings: Settings, graph: Graph, source, steps, **options):
    return run_pipeline(settings, graph, source, steps, PipelineOptions(retry=FAST, **options))


def test_a_run_records_every_step_with_counts_and_links_its_load_runs(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    write_csv(tmp_path, "a.csv", ["Ann Smith,2001-02-03", ",2002-01-01"])
    write_csv(tmp_path, "b.csv", ["Bob Jones,1999-09-09"])
    source = folder_source(tmp_path)

    summary = _run(settings, graph, source, [PickUpStep(), CsvLoadStep(), MarkStep("resolve")])

    assert summary.status == "succeeded"
    [run] = history(graph, "police")
    assert run["run_id"] == summary.run_id
    assert (run["status"], run["files_new"], run["files_seen"]) == ("succeeded", 2, 2)
    assert (run["rows_read"], run["rows_loaded"], run["rows_quarantined"]) == (3, 2, 1)
    detail = run_detail(graph, summary.run_id)
    assert [s["name"] for s in detail["steps"]] == ["pick_up", "load", "resolve"]
    assert all(s["status"] == "succeeded" and s["duration_ms"] >= 0 for s in detail["steps"])
    assert detail["steps"][1]["counts"] == {"rows_loaded": 2, "rows_quarantined": 1, "rows_read": 3}
    assert sorted(Path(lr["file"]).name for lr in detail["load_runs"]) == ["a.csv", "b.csv"]
    [bad] = quarantined_rows(graph, source="police")
    assert (bad["reason"], bad["line"], Path(bad["file"]).name) == ("name is blank", 3, "a.csv")


def test_the_quarantine_browser_also_shows_rows_of_a_load_run_by_hand(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    write_csv(tmp_path / "drop", "a.csv", [",2002-01-01"])
    _run(settings, graph, folder_source(tmp_path / "drop"), [PickUpStep(), CsvLoadStep()])
    folder = tmp_path / "by_hand" / "hospital"
    folder.mkdir(parents=True)
    (folder / "ae_attendances.jsonl").write_text('{"attendanceId": "RX1-1", \n', "utf-8")
    (mapping,) = [m for m in shipped_mappings() if m.source == "hospital.ae_attendances"]
    by_hand = loader(graph, tmp_path).load_file(mapping, tmp_path / "by_hand")
    assert by_hand.rows_quarantined == 1

    rows = {row["source"]: row for row in quarantined_rows(graph)}
    assert set(rows) == {"police", "hospital.ae_attendances (touchpoint load)"}
    manual = rows["hospital.ae_attendances (touchpoint load)"]
    assert (manual["load_run_id"], manual["pipeline_run_id"]) == (by_hand.run_id, None)
    assert manual["reason"].startswith("not valid JSON")
    assert [r["row_id"] for r in quarantined_rows(graph, run_id=by_hand.run_id)] == [
        manual["row_id"]
    ]
    assert [r["source"] for r in quarantined_rows(graph, source="police")] == ["police"]


def test_only_new_or_changed_files_are_loaded(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    write_csv(tmp_path, "a.csv", ["Ann Smith,2001-02-03"])
    source = folder_source(tmp_path)
    first = CsvLoadStep()
    _run(settings, graph, source, [PickUpStep(), first])

    unchanged = CsvLoadStep()
    second = _run(settings, graph, source, [PickUpStep(), unchanged, MarkStep("resolve")])
    assert second.status == "no_changes" and unchanged.loaded == []
    assert [s.name for s in second.steps] == ["pick_up"]

    write_csv(tmp_path, "b.csv", ["Bob Jones,1999-09-09"])
    write_csv(tmp_path, "a.csv", ["Ann Smith,2001-02-03", "Ann Smyth,2001-02-03"])  # redelivered
    third_load = CsvLoadStep()
    third = _run(settings, graph, source, [PickUpStep(), third_load])
    assert third.status == "succeeded"
    assert sorted(third_load.loaded) == ["a.csv", "b.csv"]
    fourth_load = CsvLoadStep()
    _run(settings, graph, source, [PickUpStep(), fourth_load])
    assert fourth_load.loaded == []
    assert count(graph, "SourceFile") == 2


def test_a_transient_failure_is_retried_with_back_off_and_the_run_succeeds(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    write_csv(tmp_path, "a.csv", ["Ann Smith,2001-02-03"])
    flaky = MarkStep("resolve", failures=unavailable(2))

    summary = _run(settings, graph, folder_source(tmp_path), [PickUpStep(), CsvLoadStep(), flaky])

    assert summary.status == "succeeded"
    steps = {s["name"]: s for s in run_detail(graph, summary.run_id)["steps"]}
    assert steps["resolve"]["attempts"] == 3 and steps["resolve"]["status"] == "succeeded"
    assert flaky.calls == 3


def test_a_step_failing_past_its_retries_is_recorded_as_failed_and_stops_the_run(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    write_csv(tmp_path, "a.csv", ["Ann Smith,2001-02-03"])
    broken = MarkStep("resolve", failures=unavailable(5))
    after = MarkStep("patterns")

    summary = _run(
        settings, graph, folder_source(tmp_path), [PickUpStep(), CsvLoadStep(), broken, after]
    )

    assert summary.status == "failed" and summary.failed_step == "resolve"
    [run] = history(graph, "police")
    assert run["status"] == "failed" and run["failed_step"] == "resolve"
    assert "did not answer" in run["error"]
    steps = {s["name"]: s for s in run_detail(graph, summary.run_id)["steps"]}
    assert steps["resolve"]["status"] == "failed" and steps["resolve"]["attempts"] == FAST.attempts
    assert "patterns" not in steps and after.calls == 0


def test_a_non_transient_error_is_not_retried(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    write_csv(tmp_path, "a.csv", ["Ann Smith,2001-02-03"])
    summary = _run(
        settings, graph, folder_source(tmp_path), [PickUpStep(), CsvLoadStep(fail_on="a.csv")]
    )
    steps = {s["name"]: s for s in run_detail(graph, summary.run_id)["steps"]}
    assert steps["load"]["attempts"] == 1
    assert steps["load"]["error"] == "ValueError: a.csv: line 2 has 3 columns, header has 2"


def test_the_run_after_a_failed_one_completes_it_and_the_graph_converges(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    write_csv(tmp_path, "a.csv", ["Ann Smith,2001-02-03"])
    write_csv(tmp_path, "b.csv", ["Bob Jones,1999-09-09"])
    source = folder_source(tmp_path)
    failed = _run(
        settings, graph, source, [PickUpStep(), CsvLoadStep(fail_on="b.csv"), MarkStep("resolve")]
    )
    assert failed.status == "failed" and count(graph, "TestMark") == 0

    retry_load = CsvLoadStep()
    completed = _run(settings, graph, source, [PickUpStep(), retry_load, MarkStep("resolve")])
    assert completed.status == "succeeded"
    assert retry_load.loaded == ["b.csv"]  # a.csv was remembered as loaded by the failed run
    assert (count(graph, "LoadRun"), count(graph, "SourceFile")) == (2, 2)

    # nothing new, but the failed-then-completed history means the next run is a no-op
    assert (
        _run(settings, graph, source, [PickUpStep(), CsvLoadStep(), MarkStep("resolve")]).status
        == "no_changes"
    )
    assert mark_runs(graph, "resolve") == 1


def test_downstream_steps_rerun_when_the_previous_run_failed_after_loading(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    write_csv(tmp_path, "a.csv", ["Ann Smith,2001-02-03"])
    source = folder_source(tmp_path)
    first = _run(
        settings,
        graph,
        source,
        [PickUpStep(), CsvLoadStep(), MarkStep("resolve", [RuntimeError("boom")])],
    )
    assert first.status == "failed"

    resolve = MarkStep("resolve")
    second = _run(settings, graph, source, [PickUpStep(), CsvLoadStep(), resolve])
    assert second.status == "succeeded" and resolve.calls == 1
    pick_up = run_detail(graph, second.run_id)["steps"][0]
    assert "finishing the steps of the failed run" in pick_up["message"]


def test_a_run_runs_each_pattern_once_and_keeps_its_hits_as_flags(
    graph: Graph, settings: Settings, tmp_path: Path, monkeypatch
) -> None:
    """The patterns step's hits are what the flags step keeps: no pattern is run twice."""
    world = World()
    world.person("runner", years_ago(14))
    for d in (100, 90, 75):
        world.event("runner", "police", "police_incident", "missing_person", days_ago(d))
    world.flush(graph)
    ran: Counter[str] = Counter()
    read = graph.read

    def counting(query, **params):
        name = getattr(query, "name", query)
        if str(name).startswith("patterns/"):
            ran[str(name)] += 1
        return read(query, **params)

    monkeypatch.setattr(graph, "read", counting)
    summary = _run(settings, graph, folder_source(tmp_path), [PatternsStep(), FlagsStep()])

    assert summary.status == "succeeded"
    assert set(ran) == {f"patterns/{p.id}" for p in list_patterns()}
    assert set(ran.values()) == {1}, ran
    found, kept = (step.result.counts for step in summary.steps)
    assert kept["patterns"] == found["patterns"] == len(list_patterns())
    assert kept["hits"] == found["hits"] > 0 and kept["flags_created"] == count(graph, "Flag")
