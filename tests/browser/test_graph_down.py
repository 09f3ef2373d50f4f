"""When Neo4j is down the workbench says so plainly: a banner and messages, never a traceback."""

from __future__ import annotations

from browser_helpers import type_into, wait_for_text

from app import create_app, ids
from graph_model.settings import load_settings


def test_graph_down_shows_a_banner_and_a_clear_search_error(dash_duo, tmp_path):
    settings = load_settings(data_dir=tmp_path, bolt_port=1, neo4j_password="unused")
    dash_duo.start_server(create_app(settings))
    wait_for_text(dash_duo, f"#{ids.STATUS_BANNER}", "The graph is not answering")
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "alice")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "did not answer")
    assert "Traceback" not in dash_duo.find_element("body").text


def test_graph_down_person_explorer_and_flags_pages_explain_instead_of_failing(dash_duo, tmp_path):
    settings = load_settings(data_dir=tmp_path, bolt_port=1, neo4j_password="unused")
    dash_duo.start_server(create_app(settings))
    for path, where in (
        ("/person/person_alice", "main"),
        ("/explorer/person_alice", f"#{ids.EXPLORER_MESSAGE}"),
        ("/flags", f"#{ids.FLAG_TABLE}"),
    ):
        dash_duo.wait_for_page(f"{dash_duo.server_url}{path}")
        wait_for_text(dash_duo, where, "did not answer")
        assert "Traceback" not in dash_duo.find_element("body").text, path
