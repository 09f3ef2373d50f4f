"""View helpers: share links, URL parsing, the stylesheet, the timeline and queries' headers."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from touchpoint.app.components.explorer_parts import explorer_href, parse_list, parse_years
from touchpoint.app.components.graph_style import stylesheet
from touchpoint.app.components.palette import AGENCY_COLOURS, KIND_STYLE, REL_STYLE
from touchpoint.app.components.timeline import timeline_figure
from touchpoint.graph_model.model.vocabulary import vocabulary
from touchpoint.graph_model.store.queries import list_queries
from touchpoint.services.reads.common import plain, risk_level
from touchpoint.services.reads.profile import TimelineEvent, parse_evidence


def test_share_link_carries_only_filters_that_differ_from_all():
    href = explorer_href("person_a", 2, "cose", list(REL_STYLE), None, [2019, 2024])
    query = parse_qs(urlparse(href).query)
    assert urlparse(href).path == "/explorer/person_a"
    assert query == {"depth": ["2"], "layout": ["cose"], "years": ["2019-2024"]}
    narrowed = explorer_href("person_a", 1, "grid", ["LIVES_AT"], ["police"], None)
    query = parse_qs(urlparse(narrowed).query)
    assert query["rels"] == ["LIVES_AT"] and query["agencies"] == ["police"]


def test_url_lists_and_years_are_validated():
    assert parse_list(None, ["a", "b"]) == ["a", "b"]
    assert parse_list("b,zzz", ["a", "b"]) == ["b"]
    assert parse_years("2019-2024") == [2019, 2024]
    assert parse_years("2024-2019") is None
    assert parse_years("nonsense") is None


def test_stylesheet_covers_every_kind_agency_and_relationship():
    selectors = {rule["selector"] for rule in stylesheet()}
    assert {f".kind-{k}" for k in KIND_STYLE} <= selectors
    assert {f".rel-{r}" for r in REL_STYLE} <= selectors
    assert set(AGENCY_COLOURS) == set(vocabulary().agencies)


def test_timeline_has_one_row_per_agency_and_marks_concerns():
    events = [
        TimelineEvent(
            "e1",
            "2023-11-04",
            None,
            "police_incident",
            "domestic_abuse",
            "police",
            None,
            None,
            ["victim"],
            "INC-1",
            None,
            True,
        ),
        TimelineEvent(
            "e2",
            "2023-11-05",
            None,
            "ae_attendance",
            "other",
            "hospital",
            None,
            None,
            [],
            None,
            None,
            False,
        ),
        TimelineEvent(
            "e3",
            None,
            None,
            "cs_referral",
            "referral",
            "social_care",
            None,
            None,
            [],
            None,
            None,
            False,
        ),
    ]
    figure = timeline_figure(events)
    assert [trace.name for trace in figure.data] == ["Hospital (A&E)", "Police"]
    police = figure.data[1]
    assert list(police.marker.symbol) == ["diamond"]


def test_risk_levels_weigh_flags_above_concerns():
    assert risk_level(0) == "none"
    assert risk_level(1) == "low"
    assert risk_level(0, open_flags=1) == "medium"
    assert risk_level(6) == "high"
    assert risk_level(2, open_flags=1, top_flag="high") == "high"  # the flag's own severity
    assert risk_level(6, open_flags=1, top_flag="low") == "high"  # concerns can raise it


def test_plain_turns_dates_into_iso_text_recursively():
    from datetime import date

    assert plain({"d": date(2020, 1, 2), "xs": [date(2021, 3, 4)]}) == {
        "d": "2020-01-02",
        "xs": ["2021-03-04"],
    }


def test_resolution_evidence_json_is_shown_as_a_mapping():
    assert parse_evidence('{"dob": "exact"}') == {"dob": "exact"}
    assert parse_evidence("not json") == "not json"
    assert parse_evidence(None) is None


def test_every_app_query_declares_its_parameters():
    queries = list_queries("app")
    assert queries, "cypher/app/ is empty"
    for query in queries:
        assert "description" in query.meta and "params" in query.meta, query.name
        for param in query.params:
            assert f"${param}" in query.text, f"{query.name} declares unused {param}"
