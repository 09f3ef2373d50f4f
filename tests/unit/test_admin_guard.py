"""The admin pages' guard: with a roles header configured, only the admin role gets in."""

from __future__ import annotations

import flask
import pytest

from app.auth.session import EXTENSION as AUTH_EXTENSION
from app.pages.admin_common import ADMIN_ROLE_ENV, ROLES_HEADER_ENV, admin_page, is_admin


@pytest.fixture
def server() -> flask.Flask:
    return flask.Flask(__name__)


def test_without_a_roles_header_the_local_user_is_the_administrator(
    server: flask.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ROLES_HEADER_ENV, raising=False)
    with server.test_request_context("/admin/sources"):
        assert is_admin() is True


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [("analyst", False), ("", False), ("analyst, Admin", True), ("ops;admin", True)],
)
def test_with_a_roles_header_only_the_admin_role_is_let_in(
    server: flask.Flask, monkeypatch: pytest.MonkeyPatch, roles: str, allowed: bool
) -> None:
    monkeypatch.setenv(ROLES_HEADER_ENV, "X-Forwarded-Groups")
    monkeypatch.delenv(ADMIN_ROLE_ENV, raising=False)
    with server.test_request_context("/admin/runs", headers={"X-Forwarded-Groups": roles}):
        assert is_admin() is allowed
        page = admin_page("Run history", "lead", current="/admin/runs")
        assert (getattr(page, "id", None) == "admin-denied") is (not allowed)


@pytest.mark.parametrize(("role", "allowed"), [(None, False), ("analyst", False), ("admin", True)])
def test_with_sign_in_installed_the_session_role_decides_not_the_header(
    server: flask.Flask, monkeypatch: pytest.MonkeyPatch, role: str | None, allowed: bool
) -> None:
    server.secret_key = "test-only"
    server.extensions[AUTH_EXTENSION] = object()  # what install_auth registers
    monkeypatch.setenv(ROLES_HEADER_ENV, "X-Forwarded-Groups")
    monkeypatch.delenv(ADMIN_ROLE_ENV, raising=False)
    headers = {"X-Forwarded-Groups": "admin"}  # a forged header must not let anyone in
    with server.test_request_context("/admin/health", headers=headers):
        if role is not None:
            flask.session["role"] = role
        assert is_admin() is allowed
