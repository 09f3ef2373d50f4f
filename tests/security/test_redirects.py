"""Finding 10: ``/auth/sign-in?next=/%09/evil.example`` answered ``Location: //evil.example``
(browsers drop the tab), and CR/LF in ``next`` gave a 500 after sign-in. ``next`` may only be
a same-origin relative path; anything else goes home."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from attacker import Site

HOSTILE_NEXT = [
    "/%09/evil.example",
    "/%09%09/evil.example",
    "//evil.example",
    "/%2F/evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "/%0d%0aSet-Cookie:%20pwned=1",
    "/%0a/evil.example",
    "/ /evil.example",
    "/%E3%80%82/evil.example",
    "\t//evil.example",
]


def browser_target(base: str, location: str) -> str:
    """Where a browser goes: it strips tabs and newlines and reads \\ as / in http URLs."""
    cleaned = location.replace("\t", "").replace("\r", "").replace("\n", "").replace("\\", "/")
    return urljoin(base + "/auth/sign-in", cleaned)


@pytest.mark.parametrize("next_path", HOSTILE_NEXT)
def test_sign_in_only_redirects_within_the_workbench(site: Site, next_path: str) -> None:
    client = site.client()
    answer = client.form(
        f"/auth/sign-in?next={next_path}", {"username": "ned", "password": "correct horse "
        "battery staple"}, token_from="/auth/sign-in",
    )  # fmt: skip
    assert answer.status_code == 302, answer.status_code
    location = answer.headers["Location"]
    assert not any(ch in location for ch in "\r\n\t\\")
    target = urlsplit(browser_target(site.base, location))
    assert target.netloc == urlsplit(site.base).netloc, location
    assert not target.path.startswith("//")


@pytest.mark.parametrize("next_path", ["/%09/evil.example", "/%0d%0aX:1", "//evil.example"])
def test_the_purpose_form_only_redirects_within_the_workbench(site: Site, next_path: str) -> None:
    client = site.client()
    client.sign_in("ned")
    answer = client.form(
        f"/auth/purpose?next={next_path}",
        {"purpose": "s47_enquiry", "case_reference": "MASH-1", "reason": "Strategy meeting"},
        token_from="/auth/purpose",
    )
    assert answer.status_code == 302
    target = urlsplit(browser_target(site.base, answer.headers["Location"]))
    assert target.netloc == urlsplit(site.base).netloc


def test_a_legitimate_next_path_is_kept(site: Site) -> None:
    client = site.client()
    answer = client.sign_in("ned", next_path="/person/person_alice%3Ftab%3D1")
    assert answer.headers["Location"].startswith("/person/person_alice")
