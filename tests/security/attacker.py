"""The attacker's tools: the workbench served over real HTTP (waitress on a free port), and a
browser-less client that speaks its forms and Dash's callback protocol the way a script would.

Nothing here reaches into the app's Python objects: every attack goes over the socket (crafted
``/_dash-update-component`` POSTs, replayed and forged cookies, hand-made redirects), through
the CLI, or straight into Neo4j with the database password, as the threat model's actors would.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from waitress.server import create_server

from touchpoint.app import create_app
from touchpoint.graph_model.model.settings import Settings

PASSWORD = "correct horse battery staple"
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
COOKIE = "touchpoint_session"
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class Site:
    """The served workbench: its base URL, and clients that talk to it."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.known_deps: list[dict[str, Any]] | None = None  # the callback map is no secret
        self.clients: list[Client] = []

    def client(self, user_agent: str = BROWSER_UA) -> Client:
        client = Client(self.base, user_agent, self)
        self.clients.append(client)
        return client

    def hang_up(self) -> None:
        """Close every client's kept-alive connections, as browsers closing would."""
        for client in self.clients:
            client.http.close()


class Client:
    """One browser (cookie jar + User-Agent) - or an attacker's script pretending to be one."""

    def __init__(self, base: str, user_agent: str, site: Site | None = None) -> None:
        self.base = base
        self.site = site
        self.http = requests.Session()
        self.http.headers["User-Agent"] = user_agent
        self._deps: list[dict[str, Any]] | None = None

    # ---- plain HTTP -------------------------------------------------------------------------
    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.base + path, allow_redirects=False, timeout=60, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.post(self.base + path, allow_redirects=False, timeout=60, **kwargs)

    def token(self, path: str) -> str:
        html = self.get(path).text
        match = _TOKEN.search(html)
        assert match, f"no form token on {path}"
        return match.group(1) or match.group(2)

    def form(self, path: str, data: dict[str, str], token_from: str | None = None):
        """POST a server-rendered form with the CSRF token its page hands out."""
        token = self.token(token_from or path.split("?")[0])
        return self.post(path, data={**data, "csrf_token": token})

    def sign_in(self, username: str, password: str = PASSWORD, next_path: str = "/"):
        return self.form(
            f"/auth/sign-in?next={next_path}",
            {"username": username, "password": password},
            token_from="/auth/sign-in",
        )

    def set_purpose(self, code: str = "s47_enquiry", case: str = "MASH-2026-0142"):
        return self.form(
            "/auth/purpose",
            {"purpose": code, "case_reference": case, "reason": "Strategy discussion tomorrow"},
        )

    def sign_out(self) -> requests.Response:
        return self.form("/auth/sign-out", {}, token_from="/auth/purpose")

    @property
    def cookie(self) -> str | None:
        return self.http.cookies.get(COOKIE)

    def use_cookie(self, value: str) -> None:
        self.http.cookies.clear()
        host = self.base.split("//", 1)[1].split(":")[0]
        self.http.cookies.set(COOKIE, value, domain=host, path="/")

    # ---- Dash's callback protocol -----------------------------------------------------------
    def deps(self) -> list[dict[str, Any]]:
        """The callback map: fetched when signed in, else the one another client learnt (an
        attacker reads it from the JavaScript bundle or any account of their own)."""
        if self._deps is None:
            response = self.get("/_dash-dependencies")
            if response.status_code == 200:
                self._deps = response.json()
                if self.site is not None:
                    self.site.known_deps = self._deps
            elif self.site is not None and self.site.known_deps is not None:
                return self.site.known_deps
            else:
                raise AssertionError(f"no callback map: HTTP {response.status_code}")
        return self._deps

    def dependency(self, trigger: str) -> dict[str, Any]:
        """The server callback whose first output - or, failing that, one of whose inputs -
        is ``trigger`` (``component.property``). Clientside callbacks run in the browser and
        are never POSTed, so one sharing an output (the explorer's undo) is not it."""
        deps = [dep for dep in self.deps() if not dep.get("clientside_function")]
        for dep in deps:
            if _outputs(dep["output"])[0].split("@")[0] == trigger:
                return dep
        for dep in deps:
            if any(f"{i['id']}.{i['property']}" == trigger for i in dep["inputs"]):
                return dep
        raise KeyError(trigger)

    def callback(
        self, trigger: str, values: dict[str, Any], changed: list[str] | None = None
    ) -> requests.Response:
        """POST one crafted callback request; ``values`` fill inputs and states by
        ``component.property`` (the rest are sent as null, as the renderer does)."""
        dep = self.dependency(trigger)
        outputs = [dict(zip(("id", "property"), o.split(".", 1), strict=True))
                   for o in _outputs(dep["output"])]  # fmt: skip
        payload = {
            "output": dep["output"],
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [_with_value(i, values) for i in dep["inputs"]],
            "state": [_with_value(s, values) for s in dep["state"]],
            "changedPropIds": changed if changed is not None else [trigger],
        }
        return self.post("/_dash-update-component", json=payload)

    def page(self, path: str, search: str = "") -> requests.Response:
        """Render a page the way the pages router asks for it."""
        return self.callback(
            "_pages_content.children",
            {"_pages_location.pathname": path, "_pages_location.search": search},
            ["_pages_location.pathname"],
        )


def _outputs(spec: str) -> list[str]:
    if spec.startswith(".."):
        return [part for part in spec.strip(".").split("...") if part]
    return [spec]


def _with_value(item: dict[str, str], values: dict[str, Any]) -> dict[str, Any]:
    return item | {"value": values.get(f"{item['id']}.{item['property']}")}


@contextmanager
def serving(settings: Settings) -> Iterator[Site]:
    """The workbench built by ``create_app`` and served by waitress on a free local port."""
    app = create_app(settings)
    server = create_server(app.server, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="attack-target", daemon=True)
    thread.start()
    site = Site(f"http://127.0.0.1:{server.effective_port}")
    try:
        yield site
    finally:
        # waitress serves until its last connection closes: a client's kept-alive one would
        # hold the loop (and each test's teardown) until the join below gave up after 10 s
        site.hang_up()
        server.close()
        server.task_dispatcher.shutdown()
        thread.join(timeout=10)
