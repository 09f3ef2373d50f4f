"""The admin pages' guard: the server-side session's role decides, against the one configured
administrator role (``Settings.admin_role``); no header ever does."""

from __future__ import annotations

import flask
import pytest

from touchpoint.app.auth.session import EXTENSION, AuthState
from touchpoint.app.pages.admin_common import admin_page, is_admin
from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.context import AccessContext
from touchpoint.graph_model.access.sessions import SessionCheck
from touchpoint.graph_model.model.settings import load_settings


def server(admin_role: str = "admin") -> flask.Flask:
    app = flask.Flask(__name__)
    app.secret_key = "test-only"
    app.extensions[EXTENSION] = AuthState(load_agreements(), load_settings(admin_role=admin_role))
    return app


def signed_in_as(role: str | None) -> None:
    """What the before-request check leaves for the request once the session record passed."""
    flask.g.touchpoint_session = (
        SessionCheck("ok", context=AccessContext("someone", role)) if role is not None
        else SessionCheck("no_session")
    )  # fmt: skip


@pytest.mark.parametrize(
    ("role", "allowed"), [(None, False), ("", False), ("analyst", False), ("admin", True)]
)
def test_only_a_session_with_the_admin_role_gets_in_and_a_header_never_does(
    role: str | None, allowed: bool
) -> None:
    headers = {"X-Forwarded-Groups": "admin", "X-Roles": "admin"}  # forged: must not count
    with server().test_request_context("/admin/health", headers=headers):
        signed_in_as(role)
        assert is_admin() is allowed
        page = admin_page("Run history", "lead", current="/admin/runs")
        assert (getattr(page, "id", None) == "admin-denied") is (not allowed)


def test_a_signed_out_loopback_request_is_not_an_administrator() -> None:
    app = server()
    with app.test_request_context("/admin/sources", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        signed_in_as(None)
        assert is_admin() is False


def test_the_admin_role_is_one_setting() -> None:
    with server(admin_role="hub_staff").test_request_context("/admin/runs"):
        signed_in_as("hub_staff")
        assert is_admin() is True
    with server(admin_role="hub_staff").test_request_context("/admin/runs"):
        signed_in_as("admin")
        assert is_admin() is False
