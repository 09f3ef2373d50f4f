"""The content fingerprint the fault runs compare graphs by: blind to clock times and to a
LoadRun's per-attempt bookkeeping, not blind to any fact."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from reliability_support import load_police, police_row, write_police

from touchpoint.cli.main import cli
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.admin import wipe
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.fingerprint import Fingerprint, fingerprint
from touchpoint.loaders.load import Loader
from touchpoint.loaders.mapping import shipped_mappings
from touchpoint.synth import generate


def test_a_forced_reload_keeps_the_fingerprint_and_one_changed_fact_changes_it(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    rows = [police_row(n) for n in range(1, 21)]
    load_police(graph, tmp_path, write_police(tmp_path, rows))
    first = fingerprint(graph, page_size=7)  # several pages
    again = load_police(graph, tmp_path, write_police(tmp_path, rows), force=True)
    assert again.attempts == 2  # new times, new attempt count: same content
    assert fingerprint(graph) == first
    shown = CliRunner().invoke(cli, ["db", "fingerprint", "--json"], obj={"settings": settings})
    assert json.loads(shown.output)["digest"] == first.digest

    rows[4] = police_row(5, surname="CHANGED")
    load_police(graph, tmp_path, write_police(tmp_path, rows))
    changed = fingerprint(graph)
    assert changed.digest != first.digest
    assert (changed.nodes, changed.relationships) != (0, 0)


def test_order_free_ignores_only_who_reached_a_shared_address_first(
    graph: Graph, tmp_path: Path
) -> None:
    world = tmp_path / "world"
    generate(world, 150, seed=4, scenario_rate=0.1)
    mappings = {m.source: m for m in shipped_mappings()}

    def load(order: list[str]) -> tuple[Fingerprint, Fingerprint]:
        wipe(graph)
        for source in order:
            Loader(graph, tmp_path / "q").load_file(mappings[source], world)
        return fingerprint(graph), fingerprint(graph, order_free=True)

    police_first = load(["police.incidents", "gp.registrations"])
    gp_first = load(["gp.registrations", "police.incidents"])
    assert police_first[0] != gp_first[0]  # shared addresses keep their first loader's provenance
    assert police_first[1] == gp_first[1]  # and that is the only difference
