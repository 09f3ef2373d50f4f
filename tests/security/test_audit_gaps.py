"""Finding 5: actions that left no trace in the audit trail - the admin's source changes and
runs, opening a flag's evidence, attempts to open ids outside the agreement, the connections
page's summary of a client-supplied id - and export entries that recorded whatever subjects the
*browser* sent (so a user could "export" a person outside their agreement into ``audit
person``). Each is done here over HTTP and the trail is read back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from attacker import Client, Site

from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.store.db import Graph


def entries(graph: Graph, user: str) -> list[dict]:
    return [e for e in AuditLog(graph).entries() if e["user"] == user]


def signed_in(site: Site, user: str, purpose: str | None = "s47_enquiry") -> Client:
    client = site.client()
    assert client.sign_in(user).status_code == 302
    if purpose:
        assert client.set_purpose(purpose).status_code == 302
    return client


def test_source_changes_and_runs_are_audited(
    serve: Callable[..., Site], world: Graph, incoming: Path, tmp_path: Path
) -> None:
    site = serve(sources=tmp_path / "sources.yml")  # its own registry, fresh every run
    ann = signed_in(site, "ann", purpose=None)
    ann.callback("admin-add-button.n_clicks", {
        "admin-add-name.value": "police", "admin-add-mapping.value": "police_incidents",
        "admin-add-location-kind.value": "folder", "admin-add-path.value": str(incoming),
        "admin-add-glob.value": "*.csv", "admin-add-schedule-kind.value": "every",
        "admin-add-schedule.value": "1d", "admin-add-enabled.value": ["on"],
        "admin-add-replace.value": [], "admin-add-button.n_clicks": 1})  # fmt: skip
    selected = {"admin-source-table-table.selected_rows": [0],
                "admin-source-table-table.data": [{"name": "police"}]}  # fmt: skip
    for button in ("pause", "resume", "run-now", "remove"):
        trigger = f"admin-source-{button}.n_clicks"
        ann.callback(trigger, {**selected, trigger: 1}, [trigger])
    actions = [e["action"] for e in entries(world, "ann")]
    for action in ("source_add", "source_pause", "source_resume", "source_run_now",
                   "source_remove"):  # fmt: skip
        assert action in actions, actions
    added = next(e for e in entries(world, "ann") if e["action"] == "source_add")
    assert added["subjects"] == ["police"]


def test_opening_a_flags_evidence_is_audited(site: Site, world: Graph) -> None:
    hub = signed_in(site, "hub", purpose=None)
    answer = hub.callback("flag-evidence.children", {"flag-selected.data": "flag_da"})
    assert "DA with child present" in answer.text
    opened = [e for e in entries(world, "hub") if e["action"] == "flag_view"]
    assert opened and {"flag_da", "person_alice"} <= set(opened[-1]["subjects"])


@pytest.mark.parametrize(
    ("user", "how", "key"),
    [
        ("ned", "person", "rec_alice_imm"),  # an immigration record: not in the analyst's
        ("ned", "explorer", "rec_ivan_imm"),
        ("hal", "flag", "flag_assault"),  # a police assault: not in the health agreement
    ],
)
def test_attempts_to_open_ids_outside_the_agreement_are_audited(
    site: Site, world: Graph, user: str, how: str, key: str
) -> None:
    client = signed_in(site, user, "s47_enquiry")
    if how == "person":
        answer = client.page(f"/person/{key}")
    elif how == "explorer":
        answer = client.callback(
            "explorer-network.data",
            {"explorer-depth.value": 2, "explorer-root.data": key},
            ["explorer-depth.value"],
        )
    else:
        answer = client.callback("flag-evidence.children", {"flag-selected.data": key})
    assert answer.status_code == 200
    refused = [e for e in entries(world, user) if key in (e.get("subjects") or [])]
    assert refused, f"no audit entry names {key}"
    assert refused[-1]["outcome"] != "ok"


def test_the_connections_summary_of_a_client_supplied_id_is_audited(
    site: Site, world: Graph
) -> None:
    hub = signed_in(site, "hub")
    answer = hub.page("/connections", "?a=person_frank")
    assert "Frank Green" in answer.text
    shown = [e for e in entries(world, "hub") if "person_frank" in (e.get("subjects") or [])]
    assert shown, "the dropdown named Frank Green and nothing was audited"


def test_an_export_records_what_the_server_exported_not_what_the_browser_sent(
    site: Site, world: Graph
) -> None:
    ned = signed_in(site, "ned")
    loaded = ned.callback(
        "explorer-network.data",
        {"explorer-depth.value": 1, "explorer-root.data": "person_alice"},
        ["explorer-depth.value"],
    )
    elements = loaded.json()["response"]["explorer-network"]["data"]["elements"]
    forged = [
        {"data": {"id": "rec_ivan_imm", "kind": "person", "label": "Ivan Petrov"}},
        {"data": {"id": "person_nobody", "kind": "person", "label": '=HYPERLINK("x")'}},
    ]
    answer = ned.callback(
        "explorer-download.data",
        {
            "explorer-export-nodes.n_clicks": 1,
            "explorer-graph.elements": elements + forged,
            "explorer-root.data": "person_alice",
        },
        ["explorer-export-nodes.n_clicks"],
    )
    assert answer.status_code == 200
    assert "Ivan" not in answer.text and "person_nobody" not in answer.text
    [export] = [e for e in entries(world, "ned") if e["action"] == "export"]
    assert "rec_ivan_imm" not in export["subjects"] and "person_nobody" not in export["subjects"]
    assert "person_alice" in export["subjects"]
