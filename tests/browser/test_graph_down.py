"""When Neo4j is down the workbench says so plainly: a banner and messages, never a traceback.

Sign-in needs the graph (accounts live there), so a user signs in while it answers and the
app's graph is then pointed at a port where nothing listens - the graph "goes down" under a
signed-in session, which stands (there is nothing to read) while the pages explain."""

from __future__ import annotations

from browser_helpers import text_of, type_into, wait_for_text

from touchpoint.app import create_app, ids, state
from touchpoint.graph_model.model.settings import Settings, load_settings


def _graph_goes_down(app, tmp_path) -> None:
    dead = load_settings(data_dir=tmp_path, bolt_port=1, neo4j_password="unused")
    state.install(app.server, dead)


def test_graph_down_shows_a_banner_and_a_clear_search_error(
    dash_duo, signed_in, neo4j_server: Settings, tmp_path
):
    app = create_app(neo4j_server)
    signed_in(app)
    _graph_goes_down(app, tmp_path)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/")
    wait_for_text(dash_duo, f"#{ids.STATUS_BANNER}", "The graph is not answering")
    type_into(dash_duo, f"#{ids.SEARCH_INPUT}", "alice")
    wait_for_text(dash_duo, f"#{ids.SEARCH_RESULTS}", "did not answer")
    assert "Traceback" not in text_of(dash_duo, "body")


def test_graph_down_person_explorer_and_flags_pages_explain_instead_of_failing(
    dash_duo, signed_in, neo4j_server: Settings, tmp_path
):
    app = create_app(neo4j_server)
    signed_in(app, purpose="s47_enquiry")
    _graph_goes_down(app, tmp_path)
    for path, where in (
        ("/person/person_alice", "main"),
        ("/explorer/person_alice", f"#{ids.EXPLORER_MESSAGE}"),
        ("/flags", f"#{ids.FLAG_TABLE}"),
        ("/review", f"#{ids.REVIEW_TABLE}"),
    ):
        dash_duo.wait_for_page(f"{dash_duo.server_url}{path}")
        wait_for_text(dash_duo, where, "did not answer")
        assert "Traceback" not in text_of(dash_duo, "body"), path


def test_with_the_graph_down_the_sign_in_page_says_so_instead_of_failing(dash_duo, tmp_path):
    settings = load_settings(data_dir=tmp_path, bolt_port=1, neo4j_password="unused")
    dash_duo.start_server(create_app(settings), navigate=False)
    dash_duo.driver.get(f"{dash_duo.server.url.rstrip('/')}/person/person_alice")
    wait_for_text(dash_duo, "#auth-message", "The graph is not answering")
    assert "Traceback" not in text_of(dash_duo, "body")
