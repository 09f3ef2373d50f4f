"""A workbench with sign-in installed, driven through Flask's test client (real Neo4j)."""

from __future__ import annotations

import re

import flask
from flask.testing import FlaskClient

from app import create_app
from app.auth import install_auth
from graph_model.access.agreements import load_agreements
from graph_model.access.users import add_user
from graph_model.db import Graph

PASSWORD = "correct horse battery staple"
_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                    r'type="hidden" name="csrf_token" value="([^"]+)"')  # fmt: skip


def secured_server(graph: Graph) -> flask.Flask:
    settings = graph.settings.model_copy(update={"session_minutes": 30})
    server = install_auth(create_app(settings), settings)
    server.config["TESTING"] = True
    return server


def add_people(graph: Graph) -> None:
    agreements = load_agreements()
    for name, role in (("ann", "admin"), ("hal", "health_liaison"), ("ned", "analyst")):
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
