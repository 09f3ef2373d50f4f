"""Signed-in analysts using the workbench, for ``bench/reliability/web_load.py`` (run by locust
in its own virtualenv: this file imports nothing of Touchpoint).

Each simulated user signs in through the real form (GET the form, POST it with its CSRF token,
then the purpose form) and then, with short pauses, searches, opens person pages, draws the
explorer network and opens the flag queue — the calls the browser makes, as Dash callbacks
(``POST /_dash-update-component``) and page loads. Accounts, people and search terms come from
the environment (``TP_LOAD_*``) that web_load.py sets.
"""

from __future__ import annotations

import json
import os
import random
import re
from typing import Any

from locust import HttpUser, between, task

USERS = os.environ["TP_LOAD_USERS"].split(",")
PASSWORD = os.environ["TP_LOAD_PASSWORD"]
PEOPLE = os.environ["TP_LOAD_PEOPLE"].split(",")
TERMS = os.environ["TP_LOAD_TERMS"].split(",")
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
EXPLORER = "explorer-network.data"
_next_user = iter(range(10**9))


class Analyst(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.username = USERS[next(_next_user) % len(USERS)]
        self._form("/auth/sign-in", {"username": self.username, "password": PASSWORD},
                   "sign-in (argon2)")  # fmt: skip
        purpose = {"purpose": "s47_enquiry", "case_reference": "LOAD-1",
                   "reason": "Load test of the workbench"}  # fmt: skip
        self._form("/auth/purpose", purpose, "purpose")
        deps = self.client.get("/_dash-dependencies", name="dash dependencies").json()
        self.deps = {_outputs(d["output"])[0]: d for d in deps}

    @task(3)
    def search(self) -> None:
        term = random.choice(TERMS)
        self._call("search-results.children", {"search-input.value": term},
                   ["search-input.value"], "search callback")  # fmt: skip

    @task(2)
    def person_page(self) -> None:
        path = f"/person/{random.choice(PEOPLE)}"
        self._call("_pages_content.children", {"_pages_location.pathname": path,
                   "_pages_location.search": ""}, ["_pages_location.pathname"],
                   "person page")  # fmt: skip

    @task(1)
    def explorer(self) -> None:
        values = {"explorer-depth.value": 2, "explorer-root.data": random.choice(PEOPLE)}
        self._call(EXPLORER, values, ["explorer-depth.value"], "explorer network")

    @task(1)
    def flag_queue(self) -> None:
        self._call("flag-table.children", {"flag-filter-status.value": "new"},
                   ["flag-filter-status.value"], "flag queue")  # fmt: skip

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="home page (HTML)")

    # ---- protocol --------------------------------------------------------------------------
    def _form(self, path: str, data: dict[str, str], name: str) -> None:
        html = self.client.get(path, name=f"{name} form").text
        match = TOKEN.search(html)
        token = (match[1] or match[2]) if match else ""
        with self.client.post(path, data=data | {"csrf_token": token}, name=name,
                              allow_redirects=False, catch_response=True) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}, expected a redirect")

    def _call(self, first_output: str, values: dict[str, Any], changed: list[str],
              name: str) -> None:  # fmt: skip
        dep = self.deps[first_output]
        outputs = [dict(zip(("id", "property"), o.split("."), strict=True))
                   for o in _outputs(dep["output"])]  # fmt: skip
        payload = {"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
                   "inputs": [_with_value(i, values) for i in dep["inputs"]],
                   "state": [_with_value(s, values) for s in dep["state"]],
                   "changedPropIds": changed}  # fmt: skip
        with self.client.post("/_dash-update-component", data=json.dumps(payload), name=name,
                              headers={"Content-Type": "application/json"},
                              catch_response=True) as response:  # fmt: skip
            if response.status_code not in (200, 204):
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")


def _outputs(spec: str) -> list[str]:
    if spec.startswith(".."):
        return [part for part in spec.strip(".").split("...") if part]
    return [spec]


def _with_value(item: dict[str, str], values: dict[str, Any]) -> dict[str, Any]:
    return item | {"value": values.get(f"{item['id']}.{item['property']}")}
