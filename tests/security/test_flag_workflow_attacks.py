"""Issue 16, flag workflow attacked over HTTP: a comment carrying ``<script>`` or a markdown
``javascript:`` link comes back as inert text, and crafted callbacks cannot assign or comment
on a flag the attacker's agreement withholds, nor hand a flag to someone it withholds it from.

The access fixture's ``flag_assault`` rests on a police assault the health agreement withholds
from hal; ``flag_da`` (a domestic abuse incident) it shows him."""

from __future__ import annotations

from typing import Any

from attacker import Client, Site

from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

HOSTILE = "<script>alert(document.cookie)</script> [the letter](javascript:alert(1)) <img src=x>"
WRITTEN = Query(
    "tests/flag_work_written",
    "MATCH (f:Flag {flag_id: $flag_id}) RETURN "
    "COUNT { (f)-[:HAS_ASSIGNMENT]->() } + COUNT { (f)-[:HAS_COMMENT]->() } AS n",
    {"params": ["flag_id"]},
)


def signed_in(site: Site, user: str) -> Client:
    client = site.client()
    assert client.sign_in(user).status_code == 302
    return client


def comment(client: Client, flag_id: str, text: str) -> Any:
    return client.callback(
        "flag-comment-message.children",
        {
            "flag-comment-save.n_clicks": 1,
            "flag-selected.data": flag_id,
            "flag-comment.value": text,
            "flag-form-key.data": "attack-1",
        },
        ["flag-comment-save.n_clicks"],
    )


def assign(client: Client, flag_id: str, assignee: str) -> Any:
    return client.callback(
        "flag-assign-message.children",
        {
            "flag-assign-save.n_clicks": 1,
            "flag-selected.data": flag_id,
            "flag-assignee.value": assignee,
            "flag-due.date": None,
            "flag-form-key.data": "attack-2",
        },
        ["flag-assign-save.n_clicks"],
    )


def components(node: Any):
    """Every Dash component in a callback answer."""
    if isinstance(node, dict):
        if "type" in node and "namespace" in node:
            yield node
        for value in node.values():
            yield from components(value)
    elif isinstance(node, list):
        for item in node:
            yield from components(item)


def written(world: Graph, flag_id: str) -> int:
    return world.read_one(WRITTEN, flag_id=flag_id)["n"]


def test_a_comment_with_script_or_a_markdown_link_is_shown_as_inert_text(
    site: Site, world: Graph
) -> None:
    hub = signed_in(site, "hub")
    saved = comment(hub, "flag_da", HOSTILE)
    assert saved.status_code == 200 and "comment added" in saved.text
    answer = hub.callback("flag-evidence.children", {"flag-selected.data": "flag_da"})
    assert answer.status_code == 200
    found = list(components(answer.json()))
    holders = [c for c in found if c["props"].get("children") == HOSTILE]
    assert holders, "the comment is on screen, as typed"
    assert all(c["namespace"] == "dash_html_components" for c in holders)  # text, not markup
    assert not [c for c in found if c["type"] == "Markdown" and "javascript" in str(c)]
    assert "dangerously_allow_html" not in answer.text


def test_crafted_requests_cannot_assign_or_comment_on_a_flag_the_agreement_withholds(
    site: Site, world: Graph
) -> None:
    hal = signed_in(site, "hal")
    for answer in (comment(hal, "flag_assault", "seen it"), assign(hal, "flag_assault", "hal")):
        assert answer.status_code == 200
        assert "Saved as" not in answer.text
    assert written(world, "flag_assault") == 0
    refused = [
        e
        for e in AuditLog(world).entries()
        if e["user"] == "hal" and e["action"] in ("flag_comment", "flag_assign")
    ]
    assert len(refused) == 2 and all(e["outcome"] != "ok" for e in refused)
    assert all(e["subjects"] == ["flag_assault"] for e in refused)


def test_a_flag_cannot_be_handed_to_someone_whose_agreement_withholds_it(
    site: Site, world: Graph
) -> None:
    hub = signed_in(site, "hub")
    answer = assign(hub, "flag_assault", "hal")
    assert answer.status_code == 200 and "hal cannot be assigned this flag" in answer.text
    assert written(world, "flag_assault") == 0
    assert "Saved as hub: assigned to hal" in assign(hub, "flag_da", "hal").text
    assert written(world, "flag_da") == 1
