"""The workbench (sign-in always on), driven through Flask's test client (real Neo4j)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import flask
from flask.testing import FlaskClient

from touchpoint.app import create_app
from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.users import add_user
from touchpoint.graph_model.store.db import Graph

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from dash_calls import DashCalls  # the benchmark's Dash callback client

PASSWORD = "correct horse battery staple"
_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                    r'type="hidden" name="csrf_token" value="([^"]+)"')  # fmt: skip


def secured_server(graph: Graph) -> flask.Flask:
    settings = graph.settings.model_copy(update={"session_minutes": 30})
    server = create_app(settings).server
    server.config["TESTING"] = True
    return server


def signed_in_calls(graph: Graph, username: str, purpose: str | None = None) -> DashCalls:
    """The app's Dash callbacks and pages, called through Flask's test client as ``username``
    (signed in through the real form; with ``purpose``, a purpose recorded too)."""
    calls = DashCalls(create_app(graph.settings))
    calls.client.application.config["TESTING"] = True
    assert sign_in(calls.client, username).status_code == 302
    if purpose:
        assert set_purpose(calls.client, purpose).status_code == 302
    calls.load_dependencies()
    return calls


USER_OF_ROLE = {"admin": "ann", "health_liaison": "hal", "analyst": "ned", "hub_staff": "hub"}


def add_people(graph: Graph) -> None:
    agreements = load_agreements()
    for role, name in USER_OF_ROLE.items():
        add_user(graph, name, PASSWORD, [role], agreements)


def token(client: FlaskClient, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD, next_path: str = "/"):
    return client.post(
        f"/auth/sign-in?next={next_path}",
        data={
            "username": username,
            "password": password,
            "csrf_token": token(client, "/auth/sign-in"),
        },
    )


def set_purpose(client: FlaskClient, code: str, next_path: str = "/"):
    return client.post(
        f"/auth/purpose?next={next_path}",
        data={
            "purpose": code,
            "case_reference": "MASH-2026-0142",
            "reason": "Strategy discussion tomorrow",
            "csrf_token": token(client, "/auth/purpose"),
        },
    )
