"""Every saved pattern finds its hand-built match and stays quiet for the near-misses."""

from __future__ import annotations

import pytest
from pattern_cases import CASES, Case
from small_world import AS_OF, World

from touchpoint.graph_model.patterns.library import get_pattern, list_patterns, run_pattern
from touchpoint.graph_model.store.db import Graph


def test_every_pattern_has_a_hand_built_case() -> None:
    assert {p.id for p in list_patterns()} == {c.pattern_id for c in CASES}
    assert len(list_patterns()) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.pattern_id for c in CASES])
def test_pattern_matches_planted_people_and_not_near_misses(graph: Graph, case: Case) -> None:
    world = World()
    case.build(world)
    world.flush(graph)
    _, hits = run_pattern(graph, get_pattern(case.pattern_id), {"as_of": AS_OF})
    found = {h.person_id for h in hits}
    assert case.must_match <= found, f"missed {case.must_match - found}"
    assert not (case.must_not & found), f"false matches {case.must_not & found}"
    assert found == case.must_match, "nobody else in the small graph matches"
    for hit in hits:
        assert hit.evidence, "every hit carries its evidence"
        assert all(e.agency and e.record_id for e in hit.evidence)
        assert hit.summary and hit.score > 0


def test_family_need_types_lists_the_needs_in_a_stable_order(graph: Graph) -> None:
    """The summary names the family's needs alphabetically, however the graph was walked."""
    world = World()
    next(c for c in CASES if c.pattern_id == "family_need_types").build(world)
    world.flush(graph)
    _, hits = run_pattern(graph, get_pattern("family_need_types"), {"as_of": AS_OF})
    summaries = {h.person_id: h.summary for h in hits}
    assert summaries["needy"].endswith("family of 2: domestic_abuse, education, financial")
    assert summaries["lodgers_kid"].endswith("family of 2: housing, missing, substance_misuse")
