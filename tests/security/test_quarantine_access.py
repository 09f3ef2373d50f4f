"""Finding 6: raw quarantined rows - every field of a refused extract row, names, dates of birth,
addresses, identifiers - were read through the raw ``Graph``, outside every agreement.

Now they are read through the admin's agreement like any person-level read: a purpose first,
only agencies the agreement shows, the raw text only where the agreement grants the raw-row
detail (never a health agency's to the admin role), and every view and download is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from attacker import Client, Site
from bad_rows import GP_NAME, HOUSING_NAME, quarantine_health_and_housing

from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.store.db import Graph

TABLE = "admin-quarantine-table.data"
DOWNLOAD = "admin-quarantine-download.data"


@pytest.fixture
def quarantined(world: Graph, tmp_path: Path) -> Graph:
    quarantine_health_and_housing(world, tmp_path / "extracts")
    return world


@pytest.fixture
def ann(site: Site, quarantined: Graph) -> Client:
    client = site.client()
    assert client.sign_in("ann").status_code == 302
    return client


def view(client: Client):
    return client.callback(TABLE, {"admin-quarantine-source.value": "__all__"})


def download(client: Client):
    return client.callback(DOWNLOAD, {"admin-quarantine-export.n_clicks": 1,
                                      "admin-quarantine-source.value": "__all__"})  # fmt: skip


def test_raw_rows_need_a_recorded_purpose(ann: Client) -> None:
    assert HOUSING_NAME not in view(ann).text and GP_NAME not in view(ann).text
    assert HOUSING_NAME not in download(ann).text and GP_NAME not in download(ann).text
    page = ann.page("/admin/quarantine")
    assert "/auth/purpose" in page.text.replace("\\u002f", "/")  # sent to the purpose form


def test_with_a_purpose_the_admin_sees_only_the_raw_rows_the_agreement_grants(ann: Client) -> None:
    assert ann.set_purpose("data_quality").status_code == 302
    shown, csv = view(ann).text, download(ann).text
    assert HOUSING_NAME in shown and HOUSING_NAME in csv
    assert GP_NAME not in shown and GP_NAME not in csv  # health rows: no raw-row grant


def test_quarantine_views_and_downloads_are_audited(ann: Client, quarantined: Graph) -> None:
    ann.set_purpose("data_quality")
    view(ann)
    download(ann)
    actions = [e for e in AuditLog(quarantined).entries() if e["user"] == "ann"]
    seen = [e for e in actions if e["action"] == "quarantine_view"]
    exported = [e for e in actions if e["action"] == "export"]
    assert seen and seen[-1]["purpose_code"] == "data_quality" and seen[-1]["result_count"] >= 1
    assert exported and "quarantine" in exported[-1]["terms"]


def test_a_role_other_than_admin_cannot_read_quarantine_rows(site: Site, quarantined) -> None:
    hub = site.client()
    hub.sign_in("hub")
    hub.set_purpose("s47_enquiry")
    assert HOUSING_NAME not in view(hub).text and GP_NAME not in view(hub).text
    assert HOUSING_NAME not in download(hub).text
