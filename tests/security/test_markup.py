"""Finding 11: HTML in agency data became live markup - an A&E diagnosis ``<a href=…>`` turned
into a link in the Plotly timeline hover. Data shown in hovers (and in markdown table cells)
is escaped, so it reads as the text it is."""

from __future__ import annotations

import json
import re

from attacker import Site

from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

LINK = '<a href="http://evil.example/login">Open the discharge letter</a>'
HOSTILE = Query(
    name="tests/html_in_data",
    text="""
MATCH (e:Event {event_id: 'ev_ae'}) SET e.description = $link
WITH count(*) AS _
MATCH (p:Person {person_id: 'person_alice'}) SET p.display_name = $md
WITH count(*) AS _
MATCH (r:PersonRecord) WHERE r.record_id STARTS WITH 'rec_alice' SET r.full_name = $md
WITH count(*) AS _
MATCH (f:Flag {flag_id: 'flag_da'}), (p:Person {person_id: 'person_alice'})
MERGE (f)-[:ABOUT]->(p)
""",
    meta={"params": ["link", "md"]},
)
MARKDOWN = "Alice](javascript:alert(document.cookie)) [x"


def hover_texts(figure_json: str) -> list[str]:
    texts: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("hovertext", "text", "hovertemplate"):
                    texts.extend(value if isinstance(value, list) else [value])
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(figure_json))
    return [t for t in texts if isinstance(t, str)]


def test_html_in_an_event_is_escaped_in_the_timeline_hover(site: Site, world: Graph) -> None:
    world.write(HOSTILE, link=LINK, md=MARKDOWN)
    hal = site.client()  # the health liaison sees the A&E description
    assert hal.sign_in("hal").status_code == 302
    hal.set_purpose("health_advice")
    page = hal.page("/person/person_alice")
    texts = [t for t in hover_texts(page.text) if "discharge letter" in t]
    assert texts, "the A&E event is on the timeline"
    assert all("<a " not in t and "&lt;a href" in t for t in texts), texts


def test_markdown_in_a_name_is_not_a_link_in_the_flag_queue(site: Site, world: Graph) -> None:
    world.write(HOSTILE, link=LINK, md=MARKDOWN)
    hub = site.client()
    hub.sign_in("hub")
    answer = hub.callback("flag-table.children", {"flag-filter-status.value": None})
    assert answer.status_code == 200
    cells = [v for k, v in _pairs(answer.json()) if k == "person" and isinstance(v, str)]
    assert any("Alice" in cell for cell in cells), cells
    for cell in cells:  # every live link in a cell goes to a profile, nowhere else
        targets = re.findall(r"(?<!\\)\]\(([^)]*)\)", cell)
        assert all(t.startswith("/person/") for t in targets), cell


def _pairs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _pairs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _pairs(item)
