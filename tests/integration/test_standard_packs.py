"""The published-standard packs load files generated from the published field lists, and the
saved patterns fire on the planted cases (and stay quiet on the near misses)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from load_support import loader

from touchpoint.graph_model.patterns.library import get_pattern, run_pattern
from touchpoint.graph_model.resolution.service import resolve
from touchpoint.graph_model.resolution.settings import load_resolution_settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query
from touchpoint.loaders.mapping import pack_mappings
from touchpoint.synth.standards import generate_standard
from touchpoint.synth.standards.specs import STANDARDS

AS_OF = date.today()
PERSON_OF_RECORD = Query(
    name="tests/person_of_record",
    text="MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person) "
    "RETURN r.source_record_id AS record, p.person_id AS person_id",
)
# What each pack can show: the SSDA903 return holds no return interviews and the CIN census
# no visits, so there the near misses that need them are raised too (that is the truth of
# those files alone); an "away" episode and an ended plan are never raised.
MISSING, NO_VISIT = "missing_no_return_interview", "cp_plan_no_visit"
EXPECTED = {
    "ssd": {MISSING: ({"missing_no_rhi"}, {"missing_with_rhi", "away_no_rhi"}),
            NO_VISIT: ({"cp_no_visit"}, {"cp_visited", "cp_ended"})},
    "ssda903": {MISSING: ({"missing_no_rhi", "missing_with_rhi"}, {"away_no_rhi"})},
    "cin_census": {NO_VISIT: ({"cp_no_visit", "cp_visited"}, {"cp_ended"})},
}  # fmt: skip


@pytest.mark.parametrize("standard", list(STANDARDS))
def test_each_pack_loads_its_standards_files_and_the_patterns_fire_on_planted_cases(
    graph: Graph, tmp_path: Path, standard: str
) -> None:
    done = generate_standard(standard, tmp_path / "in", children=40, seed=11, as_of=AS_OF)
    for name in done.files:  # the generator wrote exactly the published columns
        with (tmp_path / "in" / name).open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert tuple(header) == STANDARDS[standard][Path(name).stem]

    results = loader(graph, tmp_path).load_directory(tmp_path / "in", pack_mappings(standard))
    assert {r.source.split(".")[1] for r in results} == {
        m.source.split(".")[1] for m in pack_mappings(standard)
        if (tmp_path / "in" / m.reader.path).is_file()
    }  # fmt: skip
    for r in results:
        assert r.status == "completed", (r.source, r.error)
        assert (r.rows_read, r.rows_quarantined) == (done.files[r.file.split("in/")[1]], 0), (
            r.source
        )
    resolve(graph, load_resolution_settings(u_sample_pairs=50_000), full=True)
    person_of = {row["record"]: row["person_id"] for row in graph.read(PERSON_OF_RECORD)}
    for pattern_id, (fire, quiet) in EXPECTED[standard].items():
        _, hits = run_pattern(graph, get_pattern(pattern_id), {"as_of": AS_OF})
        raised = {h.person_id for h in hits}
        for case in fire:
            assert person_of[done.planted[case]] in raised, (pattern_id, case)
        for case in quiet:
            assert person_of[done.planted[case]] not in raised, (pattern_id, case)


def test_the_cli_loads_a_pack_and_synthesises_a_standard(
    graph: Graph, settings, tmp_path: Path
) -> None:
    import json

    from click.testing import CliRunner

    from touchpoint.cli.main import cli

    runner = CliRunner()
    made = runner.invoke(cli, ["synth", "--standard", "ssda903", "--out", str(tmp_path),
                               "--people", "12", "--seed", "2"])  # fmt: skip
    assert made.exit_code == 0, made.output
    args = ["load", str(tmp_path), "--pack", "ssda903", "--json"]
    loaded = runner.invoke(cli, args, obj={"settings": settings})
    assert loaded.exit_code == 0, loaded.output
    results = json.loads(loaded.output)["results"]  # load --json prints one object
    assert {r["source"] for r in results} == {"social_care.ssda903_header",
                                              "social_care.ssda903_episodes",
                                              "social_care.ssda903_missing"}  # fmt: skip
    assert all(r["rows_read"] == r["rows_loaded"] > 0 for r in results)
