"""Call a Dash app's callbacks the way the browser does: POST /_dash-update-component.

The workbench benchmark times what a user waits for after a click - the callback's request,
the graph round trips, building the components and serialising them to JSON - without a
browser. Callbacks are found by their first output (``"explorer-network.data"``); inputs and
states are given as ``{"component-id.property": value}``; the rest are sent as None, like a
component whose property is not set yet. The workbench always requires sign-in:
``sign_in(graph, role)`` signs the client in as a bench user of that role (created on first
use, with a random password) and records a purpose, through the real forms.
"""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import quote

import dash
from flask.testing import FlaskClient

from touchpoint.graph_model.access.agreements import load_agreements
from touchpoint.graph_model.access.users import add_user, get_user, reset_password
from touchpoint.graph_model.store.db import Graph

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class DashCalls:
    """A Flask test client over a Dash app, speaking the callback protocol."""

    def __init__(self, app: dash.Dash) -> None:
        self.client = app.server.test_client()
        self.client.get("/")  # first request: Dash finalises its callback map
        self.deps: list[dict[str, Any]] = []

    @classmethod
    def over(cls, client: FlaskClient) -> DashCalls:
        """Callbacks through an existing (signed-in) test client."""
        calls = cls.__new__(cls)
        calls.client = client
        calls.load_dependencies()
        return calls

    def load_dependencies(self) -> None:
        """The callback map (needs a signed-in client)."""
        self.deps = self.client.get("/_dash-dependencies").get_json()

    def sign_in(self, graph: Graph, role: str = "hub_staff") -> None:
        """Sign in as ``bench-<role>`` and record a purpose (both forms carry CSRF tokens)."""
        username, password = f"bench-{role.replace('_', '-')}", secrets.token_urlsafe(18)
        if get_user(graph, username) is None:
            add_user(graph, username, password, [role], load_agreements())
        else:
            reset_password(graph, username, password)
        self._post("/auth/sign-in", {"username": username, "password": password})
        purpose = {"purpose": "s47_enquiry", "case_reference": "BENCH-1",
                   "reason": "Measuring workbench latency"}  # fmt: skip
        self._post("/auth/purpose", purpose)

    def open_case(self, key: str) -> None:
        """Record a purpose for a case about ``key``, as the purpose page asks before a person
        no case of this session covers is opened (a purpose belongs to the case, issue 16)."""
        purpose = {"purpose": "s47_enquiry", "case_reference": f"BENCH-{key}"[:60],
                   "reason": "Measuring workbench latency"}  # fmt: skip
        self._post(f"/auth/purpose?next=/person/{quote(key)}", purpose)

    def _post(self, path: str, data: dict[str, str]) -> None:
        html = self.client.get(path).get_data(as_text=True)
        match = _TOKEN.search(html)
        if match is None:
            raise RuntimeError(f"No form on {path}")
        response = self.client.post(path, data=data | {"csrf_token": match[1] or match[2]})
        if response.status_code != 302:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")

    def dependency(self, first_output: str) -> dict[str, Any]:
        for dep in self.deps:
            if _outputs(dep["output"])[0] == first_output:
                return dep
        raise KeyError(f"No callback has the first output {first_output}")

    def call(self, first_output: str, values: dict[str, Any], changed: list[str]) -> dict[str, Any]:
        """Run one callback; returns the response's ``{component: {property: value}}``."""
        dep = self.dependency(first_output)
        outputs = [
            dict(zip(("id", "property"), o.split("."), strict=True))
            for o in _outputs(dep["output"])
        ]
        payload = {
            "output": dep["output"],
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [_with_value(i, values) for i in dep["inputs"]],
            "state": [_with_value(s, values) for s in dep["state"]],
            "changedPropIds": changed,
        }
        response = self.client.post("/_dash-update-component", json=payload)
        if response.status_code == 204:  # PreventUpdate
            return {}
        if response.status_code != 200:
            raise RuntimeError(f"{first_output}: HTTP {response.status_code} {response.text[:300]}")
        return response.get_json()["response"]

    def page(self, path: str, search: str = "") -> dict[str, Any]:
        """Render a page the way ``dcc.Location`` asks Dash pages' router for it."""
        return self.call(
            "_pages_content.children",
            {"_pages_location.pathname": path, "_pages_location.search": search},
            ["_pages_location.pathname"],
        )


def _outputs(spec: str) -> list[str]:
    """``..a.children...b.data..`` (several outputs) or ``a.children`` (one)."""
    if spec.startswith(".."):
        return [part for part in spec.strip(".").split("...") if part]
    return [spec]


def _with_value(item: dict[str, str], values: dict[str, Any]) -> dict[str, Any]:
    return item | {"value": values.get(f"{item['id']}.{item['property']}")}
