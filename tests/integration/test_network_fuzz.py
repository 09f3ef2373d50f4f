"""Property-based fuzzing of the pattern and flag inputs a user types: pattern parameters (names
and values) and the flag-review reason and flag id. Whatever the text: no server error (only a
plain TouchpointError), no Cypher injection (nothing but flags, reviews and audit entries is
ever written) and no escape from the agreement."""

from __future__ import annotations

import pytest
from access_support import context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from network_access_support import load_network_fixture

from touchpoint.graph_model.access.context import AccessDenied
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.graph_model.store.admin import graph_counts
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads import flags as flag_service
from touchpoint.services.reads import patterns as pattern_service

NASTY = st.one_of(
    st.text(max_size=60),
    st.sampled_from([
        "' OR 1=1 //", "}) MATCH (n) DETACH DELETE n //", "$as_of", "2026-02-30", "-1", "1e9",
        "3650", "0", "today", "TODAY", "\x00", "<script>alert(1)</script>", "a" * 400, "NaN",
        "1; MATCH (n) DETACH DELETE n", "flag_assault", "rec_yusuf_imm", " ", "",
    ]),
)  # fmt: skip
FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
WRITTEN = ("AuditEntry", "AuditHead", "Flag", "FlagReview", "PatternRun")


@pytest.fixture
def fuzz_graph(graph: Graph) -> Graph:
    load_network_fixture(graph)
    return graph


def _counts(graph: Graph) -> dict[str, int]:
    return {k: n for k, n in graph_counts(graph).labels.items() if k not in WRITTEN}


@FUZZ
@given(
    pattern=st.sampled_from(["immigration_only", "repeated_missing", "no_gp_registration"]),
    name=st.one_of(st.sampled_from(["as_of", "window_days", "lookback_days"]), NASTY),
    value=NASTY,
)
def test_pattern_parameters_never_error_inject_or_escape_the_agreement(
    fuzz_graph: Graph, pattern: str, name: str, value: str
) -> None:
    before = _counts(fuzz_graph)
    viewer = ViewerGraph(fuzz_graph, context("analyst"))
    try:
        run = pattern_service.run(viewer, pattern, {name: value})
    except TouchpointError:
        run = None
    if run is not None:
        assert "person_yusuf" not in {row["person_id"] for row in run.rows}
    assert _counts(fuzz_graph) == before


@FUZZ
@given(reason=NASTY)
def test_a_flag_review_reason_is_stored_as_typed_and_never_injects(
    fuzz_graph: Graph, reason: str
) -> None:
    before = _counts(fuzz_graph)
    viewer = ViewerGraph(fuzz_graph, context("hub_staff", user="hana"))
    flag, _ = flag_service.flag_detail(viewer, "flag_da")
    to = flag_service.allowed_next(flag.status)[-1]  # the flag's state carries over examples
    needs_reason = to == "dismissed" or flag.status in ("actioned", "dismissed")
    try:
        changed = flag_service.change_status(viewer, "flag_da", to, reason)
    except TouchpointError:
        assert needs_reason and not reason.strip()  # refused only for want of a reason
    else:
        assert changed.status == to
        _, history = flag_service.flag_detail(viewer, "flag_da")
        stored = (history[-1].get("reason"), history[-1]["who"])
        assert stored == (reason.strip() or None, "hana")
    assert _counts(fuzz_graph) == before


@FUZZ
@given(flag_id=NASTY, to=st.sampled_from(["in_review", "actioned", "dismissed", "new"]))
def test_no_flag_id_reviews_a_flag_outside_the_agreement(
    fuzz_graph: Graph, flag_id: str, to: str
) -> None:
    viewer = ViewerGraph(fuzz_graph, context("health_liaison"))
    with pytest.raises(AccessDenied):
        flag_service.change_status(viewer, flag_id, to, "looked at it")
    hub = ViewerGraph(fuzz_graph, context("hub_staff"))
    assert flag_service.flag_detail(hub, "flag_assault")[0].status == "new"
