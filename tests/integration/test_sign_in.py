"""The workbench with ``install_auth``: sign-in required everywhere, expiring sessions, CSRF,
security headers, purpose before a profile, withheld notices, admin pages - all audited."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import dash
import pytest
from access_support import clear_access_data, load_access_fixture
from auth_support import (
    add_people,
    secured_server,
    set_purpose,
    sign_in,
    signed_in_calls,
    token,
)
from click.testing import CliRunner

from touchpoint.app import create_app, state
from touchpoint.cli.main import cli
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.model.settings import load_settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query


@pytest.fixture
def server(graph: Graph):
    load_access_fixture(graph)
    add_people(graph)
    return secured_server(graph)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/explorer/person_bob",
        "/flags",
        "/person/person_alice",
        "/patterns",
        "/connections",
        "/admin/sources",
        "/admin/access/audit",
        "/auth/purpose",
    ],
)
def test_every_route_without_sign_in_goes_to_sign_in(server, path: str) -> None:
    response = server.test_client().get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/sign-in?next=")


def test_no_registered_route_or_page_is_reachable_without_sign_in(server) -> None:
    paths = {re.sub(r"<[^>]+>", "x", rule.rule) for rule in server.url_map.iter_rules()}
    paths |= {page["path"] for page in dash.page_registry.values()}
    client = server.test_client()
    for path in sorted(paths - {"/auth/sign-in"}):
        status = client.get(path).status_code
        expected = 401 if path.startswith("/_dash-") else 302
        assert status in (expected, 405), f"{path} answered {status} without sign-in"


def test_dash_endpoints_without_sign_in_answer_401(server) -> None:
    client = server.test_client()
    assert client.post("/_dash-update-component", json={}).status_code == 401
    assert client.get("/_dash-layout").status_code == 401


def test_sign_in_sets_a_hardened_cookie_and_security_headers(server, graph: Graph) -> None:
    client = server.test_client()
    response = sign_in(client, "ned", next_path="/flags")
    assert (response.status_code, response.headers["Location"]) == (302, "/flags")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/auth/purpose")
    assert page.status_code == 200
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Cache-Control"] == "no-store"  # personal data is never cached
    assert [e["action"] for e in AuditLog(graph).entries()] == ["sign_in"]


def test_under_https_the_cookie_is_secure_and_hsts_is_sent(graph: Graph) -> None:
    load_access_fixture(graph)
    add_people(graph)
    settings = graph.settings.model_copy(update={"https": True})
    client = create_app(settings).server.test_client()
    response = sign_in(client, "ned")
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_when_the_graph_goes_down_admin_pages_say_so_instead_of_failing(server, tmp_path) -> None:
    client = server.test_client()
    sign_in(client, "ann")
    state.install(server, load_settings(data_dir=tmp_path, bolt_port=1, neo4j_password="x"))
    response = client.get("/admin/access/users")
    assert response.status_code == 503
    assert "The graph is not answering" in response.get_data(as_text=True)


def test_a_failed_sign_in_is_refused_and_audited(server, graph: Graph) -> None:
    response = sign_in(server.test_client(), "ned", "not the password")
    assert response.status_code == 401
    assert "Wrong username or password" in response.get_data(as_text=True)
    [entry] = AuditLog(graph).entries()
    assert (entry["action"], entry["user"], entry["outcome"]) == (
        "sign_in_failed", "ned", "bad_credentials"
    )  # fmt: skip


def test_a_form_post_without_its_csrf_token_is_rejected(server) -> None:
    client = server.test_client()
    response = client.post("/auth/sign-in", data={"username": "ned", "password": "x" * 20})
    assert response.status_code == 400


def test_a_cross_site_post_to_dash_is_refused(server) -> None:
    client = server.test_client()
    sign_in(client, "ned")
    response = client.post(
        "/_dash-update-component", json={}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403


IDLE_SESSIONS = Query(
    name="tests/idle_sessions",
    text="MATCH (s:Session) SET s.last_seen = $at",
    meta={"params": ["at"]},
)


def idle_for(graph: Graph, minutes: int) -> None:
    """The server's clock for every session, moved back (sessions live in the graph)."""
    at = datetime.now(UTC) - timedelta(minutes=minutes)
    graph.write(IDLE_SESSIONS, at=at.isoformat(timespec="microseconds"))


def test_an_expired_session_cannot_act(server, graph: Graph) -> None:
    client = server.test_client()
    sign_in(client, "ned")
    idle_for(graph, 31)
    response = client.get("/flags")
    assert response.status_code == 302 and "expired=1" in response.headers["Location"]
    assert client.get("/flags").status_code == 302  # still signed out
    assert client.post("/_dash-update-component", json={}).status_code == 401
    assert "session_expired" in [e["action"] for e in AuditLog(graph).entries()]


def test_an_expired_session_cannot_search_or_open_a_profile(graph: Graph) -> None:
    load_access_fixture(graph)
    add_people(graph)
    calls = signed_in_calls(graph, "ned", purpose="s47_enquiry")
    idle_for(graph, 31)
    with pytest.raises(RuntimeError, match="HTTP 401"):
        calls.call("search-results.children", {"search-input.value": "Alice"}, [])
    with pytest.raises(RuntimeError, match="HTTP 401"):
        calls.page("/person/person_alice")
    actions = [e["action"] for e in AuditLog(graph).entries()]
    assert "session_expired" in actions and "search" not in actions
    assert "person_view" not in actions


def test_a_profile_asks_for_a_purpose_then_shows_what_is_withheld(graph: Graph) -> None:
    load_access_fixture(graph)
    add_people(graph)
    calls = signed_in_calls(graph, "ned")
    first = json.dumps(calls.page("/person/person_alice"))
    assert "/auth/purpose?next=%2Fperson%2Fperson_alice" in first and "Alicia" not in first
    set_purpose(calls.client, "s47_enquiry", "/person/person_alice")
    html = json.dumps(calls.page("/person/person_alice"))
    assert "2 Immigration records - the agreement does not share" in html
    assert "NHS number withheld" in html and "A&E attendance details withheld" in html
    assert "Facial bruising" not in html and "QQ999999A" not in html
    view = [e for e in AuditLog(graph).entries() if e["action"] == "person_view"]
    assert view[0]["case_reference"] == "MASH-2026-0142" and view[0]["user"] == "ned"


def test_a_purpose_outside_the_agreement_is_refused(server) -> None:
    client = server.test_client()
    sign_in(client, "hal")
    response = set_purpose(client, "mash_triage")  # a MASH purpose, not a health one
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)


def test_break_glass_widens_the_view_and_is_flagged(server, graph: Graph) -> None:
    calls = signed_in_calls(graph, "hal")  # the health liaison's agreement allows it
    client = calls.client
    client.post("/auth/break-glass", data={
        "purpose": "s47_enquiry", "case_reference": "MASH-2026-0142",
        "reason": "Child missing overnight, need the immigration record", "minutes": "15",
        "csrf_token": token(client, "/auth/break-glass")})  # fmt: skip
    assert "BREAK-GLASS active" in client.get("/_dash-layout").get_data(as_text=True)
    assert "QQ999999A" in json.dumps(calls.page("/person/person_alice"))
    [session] = AuditLog(graph).break_glass_sessions()
    # opening it, its view and its flags (pattern results) are all counted for review
    assert (session["user"], session["actions"]) == ("hal", 3)


def test_admin_pages_are_for_admins_and_audit_search_finds_entries(server) -> None:
    analyst = server.test_client()
    sign_in(analyst, "ned")
    assert analyst.get("/admin/access/users").status_code == 403
    admin = server.test_client()
    sign_in(admin, "ann")
    assert "health_liaison" in admin.get("/admin/access/agreements").get_data(as_text=True)
    assert "hal" in admin.get("/admin/access/users").get_data(as_text=True)
    found = admin.get("/admin/access/audit?user=ned&since=1h").get_data(as_text=True)
    assert "sign_in" in found and 'id="audit-results"' in found


def test_signing_out_ends_the_session(server, graph: Graph) -> None:
    client = server.test_client()
    sign_in(client, "ned")
    client.post("/auth/sign-out", data={"csrf_token": token(client, "/auth/purpose")})
    assert client.get("/flags").status_code == 302
    assert [e["action"] for e in AuditLog(graph).entries()][-1] == "sign_out"


def test_a_fresh_install_says_how_to_create_the_first_admin(graph: Graph) -> None:
    clear_access_data(graph)
    html = secured_server(graph).test_client().get("/auth/sign-in").get_data(as_text=True)
    assert "touchpoint users add &lt;your-name&gt; --role admin" in html


@pytest.mark.parametrize("command", ["app", "run"])
def test_serving_on_a_fresh_install_prints_how_to_create_the_first_admin(
    graph: Graph, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    clear_access_data(graph)
    served: list[object] = []
    monkeypatch.setattr(
        "touchpoint.app.server.serve", lambda settings, **kw: served.append(settings)
    )
    monkeypatch.setattr(
        "touchpoint.cli.main.ensure_demo", lambda graph, settings, people: None
    )  # not the point
    result = CliRunner().invoke(cli, [command], obj={"settings": graph.settings})
    assert result.exit_code == 0, result.output
    assert "touchpoint users add <your-name> --role admin" in result.output
    assert "sign-in required" in result.output and served == [graph.settings]
    add_people(graph)
    again = CliRunner().invoke(cli, [command], obj={"settings": graph.settings})
    assert "touchpoint users add" not in again.output  # an admin exists: no hint


def test_an_admin_disables_and_grants_in_the_app_and_it_is_audited(server, graph: Graph) -> None:
    admin = server.test_client()
    sign_in(admin, "ann")
    for change, role in (("grant", "hub_staff"), ("disable", "")):
        response = admin.post("/admin/access/users", data={
            "username": "ned", "change": change, "role": role,
            "csrf_token": token(admin, "/admin/access/users")})  # fmt: skip
        assert response.status_code == 200
    html = admin.get("/admin/access/users").get_data(as_text=True)
    assert "analyst, hub_staff" in html
    assert sign_in(server.test_client(), "ned").status_code == 401  # disabled
    actions = [(e["action"], e["user"]) for e in AuditLog(graph).entries()]
    assert ("user_grant", "ann") in actions and ("user_disable", "ann") in actions
