"""Issue 16, item 5: purpose belongs to the case, not to the session.

A purpose recorded for case A while opening Alice used to cover everything the session opened
afterwards, so Bob's profile - another child, another case - went into the audit trail under
case A. Now each case covers the people it was opened for; opening anyone else sends the
browser to the purpose page (add them to the current case with a reason, or give their case),
and every person-level read is audited under the case that covers that person - crafted
callbacks included. Driven over HTTP against the served workbench."""

from __future__ import annotations

from attacker import Client, Site

from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.store.db import Graph

CASE_A, CASE_B = "MASH-2026-0001", "MASH-2026-0002"
PERSON_LEVEL = ("person_view", "network_expand", "chronology_view", "connections")


def reads(graph: Graph, user: str, person: str) -> list[dict]:
    """The person-level audit entries of ``user`` that name ``person``."""
    return [
        e
        for e in AuditLog(graph).entries()
        if e["user"] == user and e["action"] in PERSON_LEVEL and person in (e.get("subjects") or [])
    ]


def give_purpose(client: Client, next_path: str, case: str, reason: str = "Strategy meeting"):
    return client.form(
        f"/auth/purpose?next={next_path}",
        {"purpose": "s47_enquiry", "case_reference": case, "reason": reason},
        token_from="/auth/purpose",
    )


def on_alices_case(site: Site) -> Client:
    """Ned, signed in, with Alice's profile opened under case A (so case A covers her)."""
    ned = site.client()
    assert ned.sign_in("ned").status_code == 302
    assert give_purpose(ned, "/person/person_alice", CASE_A).status_code == 302
    assert "Alicia Smith" in ned.page("/person/person_alice").text
    return ned


def unslashed(text: str) -> str:
    return text.replace("\\u002f", "/").replace("\\/", "/")


def test_a_second_person_needs_their_own_case_and_each_is_audited_under_theirs(
    site: Site, world: Graph
) -> None:
    ned = site.client()
    assert ned.sign_in("ned").status_code == 302
    first = ned.page("/person/person_alice")
    assert "/auth/purpose?next=%2Fperson%2Fperson_alice" in unslashed(first.text)
    answer = give_purpose(ned, "/person/person_alice", CASE_A)
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/person/person_alice")
    assert "Alicia Smith" in ned.page("/person/person_alice").text

    # Bob is not part of case A: the page asks for his case and shows nothing of him.
    bob = ned.page("/person/person_bob")
    assert "/auth/purpose?next=%2Fperson%2Fperson_bob" in unslashed(bob.text)
    assert "Robert Smith" not in bob.text
    assert reads(world, "ned", "person_bob") == []
    # The purpose page says so, offers case A (pre-filled) and a new reference.
    form = ned.get("/auth/purpose?next=/person/person_bob").text
    assert "person_bob" in form and CASE_A in form

    assert give_purpose(ned, "/person/person_bob", CASE_B).status_code == 302
    assert "Robert Smith" in ned.page("/person/person_bob").text
    # Back to Alice: her case is A again, without asking.
    assert "Alicia Smith" in ned.page("/person/person_alice").text

    alice = reads(world, "ned", "person_alice")
    bob_reads = reads(world, "ned", "person_bob")
    assert alice and {e["case_reference"] for e in alice} == {CASE_A}
    assert bob_reads and {e["case_reference"] for e in bob_reads} == {CASE_B}
    assert ned.get("/").status_code == 200


def test_a_crafted_request_for_someone_outside_every_case_is_not_audited_under_one(
    site: Site, world: Graph
) -> None:
    ned = on_alices_case(site)

    page = ned.page("/person/person_charlie")
    assert "Charlie Smith" not in page.text
    network = ned.callback(
        "explorer-network.data",
        {"explorer-depth.value": 1, "explorer-root.data": "person_charlie"},
        ["explorer-depth.value"],
    )
    assert network.status_code == 200 and "Charlie Smith" not in network.text
    chronology = ned.page("/chronology/person_charlie")
    assert "Charlie Smith" not in chronology.text
    assert reads(world, "ned", "person_charlie") == []


def test_adding_a_person_to_the_current_case_is_audited_with_its_reason(
    site: Site, world: Graph
) -> None:
    ned = on_alices_case(site)
    added = give_purpose(ned, "/person/person_bob", CASE_A, reason="Alice's partner, same address")
    assert added.status_code == 302
    assert "Robert Smith" in ned.page("/person/person_bob").text
    assert {e["case_reference"] for e in reads(world, "ned", "person_bob")} == {CASE_A}
    [entry] = [e for e in AuditLog(world).entries() if e["action"] == "case_person_added"]
    assert entry["subjects"] == ["person_bob"] and entry["case_reference"] == CASE_A
    assert "same address" in entry["terms"]


def test_the_session_strip_switches_among_the_cases_of_this_session(
    site: Site, world: Graph
) -> None:
    ned = on_alices_case(site)
    assert give_purpose(ned, "/person/person_bob", CASE_B).status_code == 302
    ned.page("/person/person_bob")
    switched = ned.form("/auth/case?next=/", {"case_reference": CASE_A}, token_from="/auth/purpose")
    assert switched.status_code == 302
    assert f"case {CASE_A}" in ned.get("/auth/purpose").text
    # A case this session never used cannot be switched to.
    refused = ned.form("/auth/case?next=/", {"case_reference": "MASH-1999-9"},
                       token_from="/auth/purpose")  # fmt: skip
    assert refused.status_code == 400
