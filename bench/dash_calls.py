"""Call a Dash app's callbacks the way the browser does: POST /_dash-update-component.

The workbench benchmark times what a user waits for after a click - the callback's request,
the graph round trips, building the components and serialising them to JSON - without a
browser. Callbacks are found by their first output (``"explorer-network.data"``); inputs and
states are given as ``{"component-id.property": value}``; the rest are sent as None, like a
component whose property is not set yet.
"""

from __future__ import annotations

from typing import Any

import dash


class DashCalls:
    """A Flask test client over a Dash app, speaking the callback protocol."""

    def __init__(self, app: dash.Dash) -> None:
        self.client = app.server.test_client()
        self.client.get("/")  # first request: Dash finalises its callback map
        self.deps = self.client.get("/_dash-dependencies").get_json()

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
