"""Finding 13: weak passwords accepted (``password1234``, ``123456789012``); wrong input types in
callbacks answered 500; search text had no length cap and was stored whole in the audit; three
admin-role checks disagreed (one honoured an environment variable, two the literal)."""

from __future__ import annotations

import pytest
from attacker import Client, Site
from click.testing import CliRunner

from touchpoint.cli.main import cli
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.store.db import Graph


@pytest.mark.parametrize(
    "password",
    [
        "password1234",
        "123456789012",
        "qwertyuiop12",
        "aaaaaaaaaaaa1",
        "touchpoint2026",
        "Password123!",
    ],
)
def test_weak_passwords_are_refused(world: Graph, password: str) -> None:
    for args in (["users", "add", "weakling", "--role", "analyst", "--password-stdin"],
                 ["users", "reset-password", "ned", "--password-stdin"]):  # fmt: skip
        result = CliRunner().invoke(cli, args, obj={"settings": world.settings},
                                    input=f"{password}\n")  # fmt: skip
        assert result.exit_code != 0, (args, result.output)
        assert "password" in result.output.lower()


def test_a_strong_password_is_accepted(world: Graph) -> None:
    result = CliRunner().invoke(
        cli, ["users", "add", "newbie", "--role", "analyst", "--password-stdin"],
        obj={"settings": world.settings}, input="violet tractor on the moor at dawn\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def signed_in(site: Site, user: str = "ned") -> Client:
    client = site.client()
    assert client.sign_in(user).status_code == 302
    client.set_purpose()
    return client


@pytest.mark.parametrize(
    ("trigger", "values"),
    [
        ("search-results.children", {"search-input.value": {"$ne": None}}),
        ("search-results.children", {"search-input.value": ["Alice", "Bob"]}),
        ("search-results.children", {"search-input.value": 12345}),
        ("explorer-network.data", {"explorer-depth.value": "deep", "explorer-root.data": 7}),
        ("explorer-network.data", {"explorer-depth.value": 2, "explorer-root.data": ["a"]}),
        ("flag-evidence.children", {"flag-selected.data": {"flag_id": "flag_da"}}),
        (
            "connections-graph.elements",
            {
                "connections-find.n_clicks": 1,
                "connections-a.value": {"x": 1},
                "connections-b.value": ["person_bob"],
            },
        ),
        (
            "explorer-download.data",
            {"explorer-export-nodes.n_clicks": 1, "explorer-graph.elements": "not a list"},
        ),
        ("pattern-download.data", {"pattern-export.n_clicks": 1, "pattern-store.data": [1, 2]}),
    ],
)
def test_wrong_input_types_get_a_plain_4xx(site: Site, trigger: str, values: dict) -> None:
    client = signed_in(site)
    answer = client.callback(trigger, values)
    assert answer.status_code < 500, answer.text[:500]
    assert "Traceback" not in answer.text


def test_a_malformed_callback_request_gets_a_plain_4xx(site: Site) -> None:
    client = signed_in(site)
    for body in ({}, {"output": "search-results.children"}, {"output": 1, "inputs": "x"}):
        answer = client.post("/_dash-update-component", json=body)
        assert 400 <= answer.status_code < 500, (body, answer.status_code)
        assert "Traceback" not in answer.text
    answer = client.post("/_dash-update-component", data="{not json",
                         headers={"Content-Type": "application/json"})  # fmt: skip
    assert 400 <= answer.status_code < 500


def test_search_text_is_capped_and_stored_capped_in_the_audit(site: Site, world: Graph) -> None:
    client = signed_in(site)
    huge = "QQ" + "1" * 50_000  # shaped like an identifier: searched, and audited with its terms
    answer = client.callback("search-results.children", {"search-input.value": huge})
    assert answer.status_code < 500
    searches = [e for e in AuditLog(world).entries() if e["action"] == "search"]
    assert searches, "the search was not audited"
    assert all(len(e["terms"]) < 1000 for e in searches)


def admin_everywhere(site: Site, user: str) -> tuple[bool, bool, bool]:
    """Can ``user`` reach the access admin pages, the workbench admin pages, and their data?"""
    client = site.client()
    client.sign_in(user)
    server_page = client.get("/admin/access/users").status_code == 200
    dash_page = "Administrators only" not in client.page("/admin/sources").text
    dash_data = "Administrators only" not in client.callback("admin-source-table.children", {}).text
    return server_page, dash_page, dash_data


def test_one_admin_role_check_everywhere(serve, monkeypatch: pytest.MonkeyPatch) -> None:
    """The administrator role is one setting; every admin surface asks the same question."""
    monkeypatch.setenv("TOUCHPOINT_ADMIN_ROLE", "analyst")
    site = serve()
    for user in ("ann", "ned", "hub"):
        answers = admin_everywhere(site, user)
        assert len(set(answers)) == 1, (user, answers)
