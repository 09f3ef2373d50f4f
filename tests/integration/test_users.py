"""User accounts: argon2 hashes, roles from agreements, lock-out with back-off, audited admin."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from access_support import clear_access_data
from click.testing import CliRunner

from touchpoint.cli.main import cli
from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.users import (
    FIRST_RUN_HINT,
    LOCK_AFTER,
    add_user,
    first_run_hint,
    get_user,
    lock_minutes,
    sign_in,
)
from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.store.db import Graph

PASSWORD = "correct horse battery staple"


@pytest.fixture
def graph(graph: Graph) -> Graph:
    """The wiped test graph without users or audit entries (which ``db wipe`` keeps)."""
    clear_access_data(graph)
    return graph


def _cli(graph: Graph, *args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), obj={"settings": graph.settings}, input=stdin)


def test_the_first_run_says_how_to_create_an_admin_and_there_is_no_default_account(
    graph: Graph,
) -> None:
    assert first_run_hint(graph) == FIRST_RUN_HINT
    assert not sign_in(graph, "admin", "admin").ok
    listed = _cli(graph, "users", "list")
    assert "touchpoint users add <your-name> --role admin" in listed.output


def test_cli_manages_accounts_and_every_change_is_audited(graph: Graph) -> None:
    added = _cli(graph, "users", "add", "asha", "--role", "admin", "--password-stdin",
                 stdin=PASSWORD + "\n")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert first_run_hint(graph) is None
    stored = get_user(graph, "asha")
    assert stored is not None and stored["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in json.dumps(stored)
    assert _cli(graph, "users", "grant", "asha", "health_liaison").exit_code == 0
    assert _cli(graph, "users", "grant", "asha", "spy").exit_code == 1
    assert _cli(graph, "users", "disable", "asha").exit_code == 0
    assert sign_in(graph, "asha", PASSWORD).reason == "disabled"
    assert _cli(graph, "users", "disable", "asha", "--enable").exit_code == 0
    new = "a different long passphrase"
    assert _cli(graph, "users", "reset-password", "asha", "--password-stdin",
                stdin=new + "\n").exit_code == 0  # fmt: skip
    assert sign_in(graph, "asha", new).ok and not sign_in(graph, "asha", PASSWORD).ok
    listed = json.loads(_cli(graph, "users", "list", "--format", "json").output)
    assert [(u["username"], u["roles"]) for u in listed] == [("asha", ["admin", "health_liaison"])]
    assert "password_hash" not in listed[0]
    actions = [e["action"] for e in AuditLog(graph).entries()]
    assert actions == ["user_add", "user_grant", "user_disable", "user_enable",
                       "user_reset_password"]  # fmt: skip


def test_weak_passwords_unknown_roles_and_duplicate_names_are_refused(graph: Graph) -> None:
    agreements = load_agreements()
    with pytest.raises(ConfigError, match="12 to 256 characters"):
        add_user(graph, "bob", "short", ["analyst"], agreements)
    with pytest.raises(ConfigError, match="governed by no sharing agreement"):
        add_user(graph, "bob", PASSWORD, ["wizard"], agreements)
    add_user(graph, "bob", PASSWORD, ["analyst"], agreements)
    with pytest.raises(ConfigError, match="already exists"):
        add_user(graph, "bob", PASSWORD, ["analyst"], agreements)


def test_repeated_failures_lock_the_account_with_growing_back_off(graph: Graph) -> None:
    add_user(graph, "cara", PASSWORD, ["hub_staff"], load_agreements())
    start = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    for _ in range(LOCK_AFTER):
        assert sign_in(graph, "cara", "wrong password!", now=start).reason == "bad_credentials"
    assert sign_in(graph, "cara", PASSWORD, now=start).reason == "locked"  # even when right
    later = start + timedelta(minutes=lock_minutes(LOCK_AFTER) + 1)
    assert sign_in(graph, "cara", "wrong again!!", now=later).reason == "bad_credentials"
    user = get_user(graph, "cara")
    assert user is not None
    locked_for = datetime.fromisoformat(user["locked_until"]) - later
    assert locked_for == timedelta(minutes=lock_minutes(LOCK_AFTER + 1)) == timedelta(minutes=2)
    much_later = later + timedelta(minutes=5)
    assert sign_in(graph, "cara", PASSWORD, now=much_later).ok
    assert get_user(graph, "cara")["failed_attempts"] == 0  # type: ignore[index]


def test_an_unknown_username_gets_the_same_answer_as_a_wrong_password(graph: Graph) -> None:
    add_user(graph, "dee", PASSWORD, ["analyst"], load_agreements())
    assert sign_in(graph, "nobody", PASSWORD).reason == sign_in(graph, "dee", "nope").reason


def test_back_off_doubles_and_is_capped() -> None:
    assert [lock_minutes(n) for n in range(LOCK_AFTER - 1, LOCK_AFTER + 3)] == [0, 1, 2, 4]
    assert lock_minutes(100) == 60
