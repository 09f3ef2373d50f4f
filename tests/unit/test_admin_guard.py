"""The admin pages' guard: the signed-in session's role decides; no header ever does."""

from __future__ import annotations

import flask
import pytest

from touchpoint.app.pages.admin_common import ADMIN_ROLE_ENV, admin_page, is_admin


@pytest.fixture
def server() -> flask.Flask:
    app = flask.Flask(__name__)
    app.secret_key = "test-only"
    return app


@pytest.mark.parametrize(
    ("role", "allowed"), [(None, False), ("", False), ("analyst", False), ("admin", True)]
)
def test_only_a_session_with_the_admin_role_gets_in_and_a_header_never_does(
    server: flask.Flask, monkeypatch: pytest.MonkeyPatch, role: str | None, allowed: bool
) -> None:
    monkeypatch.delenv(ADMIN_ROLE_ENV, raising=False)
    headers = {"X-Forwarded-Groups": "admin", "X-Roles": "admin"}  # forged: must not count
    with server.test_request_context("/admin/health", headers=headers):
        if role is not None:
            flask.session["role"] = role
        assert is_admin() is allowed
        page = admin_page("Run history", "lead", current="/admin/runs")
        assert (getattr(page, "id", None) == "admin-denied") is (not allowed)


def test_a_signed_out_loopback_request_is_not_an_administrator(server: flask.Flask) -> None:
    with server.test_request_context("/admin/sources", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        assert is_admin() is False


def test_the_admin_role_name_can_be_configured(
    server: flask.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ADMIN_ROLE_ENV, "Ops")
    with server.test_request_context("/admin/runs"):
        flask.session["role"] = "ops"
        assert is_admin() is True
