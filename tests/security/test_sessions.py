"""Findings 1 (forged cookies), 2 (revoked roles) and 3 (sign-out, replay, idle refresh).

Sessions must be checked on the server on every request: a cookie is only a pointer to a
server-side session record, so a cookie signed with the stolen key but naming no live session
is useless, a revoked role or a sign-out ends the session for every copy of its cookie, and a
replayed cookie cannot keep a session alive for ever nor travel to another browser."""

from __future__ import annotations

import hashlib
import logging
import time

import flask
import pytest
from attacker import BROWSER_UA, Client, Site
from auth_support import PASSWORD
from flask.sessions import SecureCookieSessionInterface

from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

SEARCH = "search-results.children"


def search(client: Client, text: str):
    return client.callback(SEARCH, {"search-input.value": text, "search-button.n_clicks": 1})


def stolen_key(settings: Settings) -> str:
    return (settings.data_dir / "app" / "secret_key").read_text(encoding="utf-8").strip()


def forge(key: str, data: dict) -> str:
    """A session cookie signed with the real key, with any content the attacker likes."""
    forger = flask.Flask("forger")
    forger.secret_key = key
    return SecureCookieSessionInterface().get_signing_serializer(forger).dumps(data)


def flask_login_id(address: str, user_agent: str) -> str:
    """flask-login's "session protection" identifier: public, so an attacker computes it."""
    base = f"{address.encode()}|{user_agent.encode()}"
    return hashlib.sha512(base.encode("utf8")).hexdigest()


def decode(key: str, cookie: str) -> dict:
    forger = flask.Flask("forger")
    forger.secret_key = key
    return dict(SecureCookieSessionInterface().get_signing_serializer(forger).loads(cookie))


def test_a_cookie_forged_with_the_stolen_key_and_no_session_behind_it_is_useless(
    site: Site, settings: Settings
) -> None:
    """The pen test: hal (health liaison) forged into hub_staff with a made-up break-glass."""
    someone = site.client()  # any account of the attacker's own shows the callback map
    assert someone.sign_in("ned").status_code == 302
    someone.deps()
    now = time.time()
    cookie = forge(
        stolen_key(settings),
        {
            "username": "hal", "role": "hub_staff", "sid": "0123456789abcdef", "seen": now,
            "_user_id": "hal", "_fresh": True, "_permanent": True,
            "_id": flask_login_id("10.9.8.7", BROWSER_UA),
            "glass": {"break_glass_id": "bg_madeup", "reason": "forged",
                      "started_at": "2026-01-01T00:00:00+00:00",
                      "expires_at": "2999-01-01T00:00:00+00:00"},
        },
    )  # fmt: skip
    attacker = site.client()
    attacker.http.headers["X-Forwarded-For"] = "10.9.8.7"
    attacker.use_cookie(cookie)
    answer = search(attacker, "QQ999999A")  # an NI number: only hub_staff or break-glass see it
    assert answer.status_code in (401, 403)
    assert "Alice" not in answer.text
    assert attacker.page("/person/person_alice").status_code in (401, 403)


def test_editing_a_real_cookie_with_the_stolen_key_gains_nothing(
    site: Site, settings: Settings
) -> None:
    """hal signs in for real; the attacker re-signs hal's cookie with another role and a
    break-glass that exists nowhere: the server keeps hal's own role and agreement."""
    hal = site.client()
    assert hal.sign_in("hal").status_code == 302
    key = stolen_key(settings)
    data = decode(key, hal.cookie)
    data |= {"role": "hub_staff", "glass": {"break_glass_id": "bg_madeup", "reason": "forged",
             "started_at": "2026-01-01T00:00:00+00:00",
             "expires_at": "2999-01-01T00:00:00+00:00"}}  # fmt: skip
    attacker = site.client()
    attacker.use_cookie(forge(key, data))
    assert attacker.set_purpose("s47_enquiry").status_code in (302, 401, 403)
    answer = search(attacker, "QQ999999A")
    assert "Alice" not in answer.text
    profile = attacker.page("/person/person_alice")
    assert "Appeal pending" not in profile.text and "QQ999999A" not in profile.text


def revoke(admin: Client, username: str, role: str):
    return admin.form(
        "/admin/access/users", {"username": username, "change": "revoke", "role": role}
    )


def test_revoking_the_admin_role_reaches_a_live_session(site: Site) -> None:
    ada = site.client()
    assert ada.sign_in("ada").status_code == 302  # admin + analyst, acting as admin
    assert ada.get("/admin/access/users").status_code == 200
    ada.deps()
    ann = site.client()
    assert ann.sign_in("ann").status_code == 302
    assert "now has role(s): analyst" in revoke(ann, "ada", "admin").text
    assert ada.get("/admin/access/users").status_code in (302, 401, 403)
    regrant = ada.post("/admin/access/users", data={"username": "ada", "change": "grant",
                                                   "role": "admin"})  # fmt: skip
    assert regrant.status_code in (302, 400, 401, 403)
    disable = ada.post("/admin/access/users", data={"username": "ann", "change": "disable",
                                                   "role": ""})  # fmt: skip
    assert disable.status_code in (302, 400, 401, 403)
    denied = ada.page("/admin/sources")
    assert denied.status_code in (401, 403) or "Administrators only" in denied.text
    check = ann.get("/admin/access/users").text
    assert "ada" in check and "ann" in check
    assert ann.get("/admin/access/users").status_code == 200  # ann was not disabled


def test_revoking_hub_staff_reaches_a_live_session(site: Site) -> None:
    hana = site.client()
    assert hana.sign_in("hana").status_code == 302  # hub_staff first: sees NI numbers
    assert "Alice" in search(hana, "QQ999999A").text
    ann = site.client()
    ann.sign_in("ann")
    revoke(ann, "hana", "hub_staff")
    answer = search(hana, "QQ999999A")
    assert answer.status_code in (401, 403) or "Alice" not in answer.text


def test_a_cookie_replayed_after_sign_out_is_refused(site: Site) -> None:
    ned = site.client()
    assert ned.sign_in("ned").status_code == 302
    ned.set_purpose()
    saved = ned.cookie
    assert "Alice" in search(ned, "Alice").text
    assert ned.sign_out().status_code == 302
    replay = site.client()
    replay.use_cookie(saved)
    assert search(replay, "Alice").status_code == 401
    assert replay.page("/person/person_alice").status_code == 401
    assert replay.get("/flags").status_code == 302


def test_a_cookie_is_bound_to_the_browser_that_signed_in(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    ned = site.client()
    assert ned.sign_in("ned").status_code == 302
    ned.deps()
    thief = site.client(user_agent="curl/8.5.0")
    thief.use_cookie(ned.cookie)
    with caplog.at_level(logging.WARNING, logger="touchpoint.app.auth"):
        assert search(thief, "Alice").status_code == 401
    assert ": session browser_changed" in caplog.text  # why, in the server log
    assert "Alice" in search(ned, "Alice").text or search(ned, "Alice").status_code == 401


AGE_SESSIONS = Query(
    name="tests/age_sessions",
    text="""MATCH (s:Session) SET s.created_at = $created, s.last_seen = $seen""",
    meta={"params": ["created", "seen"]},
)


@pytest.mark.parametrize("aged", ["idle", "absolute"])
def test_replaying_a_cookie_cannot_keep_a_session_alive_for_ever(
    site: Site, world: Graph, aged: str
) -> None:
    """The attacker replays the freshest cookie every few seconds, for what the server's
    clock says is 31 idle minutes (idle) or a whole day of activity (absolute lifetime)."""
    ned = site.client()
    assert ned.sign_in("ned").status_code == 302
    for _ in range(3):  # keep refreshing, as the replay script did
        assert search(ned, "Alice").status_code == 200
    now = time.time()
    idle = aged == "idle"
    created = now - (31 * 60 if idle else 24 * 3600)
    seen = now - 31 * 60 if idle else now - 5
    world.write(AGE_SESSIONS, created=_iso(created), seen=_iso(seen))
    replay = site.client()
    replay.use_cookie(ned.cookie)
    assert search(replay, "Alice").status_code == 401


def _iso(epoch: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="microseconds")


def test_the_browsers_own_requests_before_sign_in_do_not_void_the_sign_in_form(site: Site) -> None:
    """A browser fetches /favicon.ico (any page it is not yet signed in for) while the sign-in
    form is open; that refusal must not clear the visitor's CSRF token, or the form's POST
    answers 400 and no one can sign in from a real browser."""
    visitor = site.client()
    token = visitor.token("/auth/sign-in")
    assert visitor.get("/favicon.ico").status_code == 302  # to the sign-in page
    sent = visitor.post(
        "/auth/sign-in?next=/", data={"username": "ned", "password": PASSWORD, "csrf_token": token}
    )
    assert sent.status_code == 302 and "/auth/" not in sent.headers["Location"]
