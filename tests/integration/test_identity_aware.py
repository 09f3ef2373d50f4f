"""Flags and analytics that see through split identities, and centrality that sees places.

A child split in two by entity resolution - the school's half and the GP's half, the pair
waiting in the match review queue - must not raise contradictory absence flags ("missing
education" on one half, "no GP" on the other), must not be scored as two household members
adding points to each other, and every flag on either half must say the other half may exist.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from access_support import context
from cli_support import invoke
from small_world import AS_OF, World, days_ago, years_ago

from touchpoint.app.components.flag_views import pairs_note
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.analytics.algorithms import central_adults
from touchpoint.graph_model.patterns.flags import raise_flags
from touchpoint.graph_model.patterns.library import get_pattern, run_pattern
from touchpoint.graph_model.resolution.review import decide_records
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads.analysis import (
    household_risk,
    person_projection,
    with_missing_places,
)
from touchpoint.services.reads.chronology import build_chronology
from touchpoint.services.reads.flags import flag_detail, flags_for_subject, review_queue
from touchpoint.services.reads.profile import load_profile

HUB = "hub_staff"


def _split_child(w: World, pair: bool = True) -> None:
    """Kai, 8, split in two: the school's half (and the police's) and the GP's half, at one
    address with mum; the school half went missing three times."""
    w.person("kai_school", years_ago(8))
    w.person("kai_gp", years_ago(8))
    w.person("mum", years_ago(34))
    w.enrol("kai_school", "school-1", years_ago(3))
    w.register_gp("kai_gp", start=years_ago(8))
    w.event("kai_gp", "gp", "gp_consultation", "routine", days_ago(20), role="patient")
    for d in (60, 50, 40):
        w.event("kai_school", "police", "police_incident", "missing_person", days_ago(d))
    for pid, agency in (("kai_school", "schools"), ("kai_gp", "gp"), ("mum", "housing")):
        w.lives(pid, "home-1", agency=agency, start=years_ago(5))
    if pair:
        w.pending_pair("kai_school", "schools", "kai_gp", "gp")


def _absence_flags(graph: Graph) -> set[tuple[str, str]]:
    found = set()
    for pattern_id in ("no_gp_registration", "missing_from_education"):
        _, hits = run_pattern(graph, get_pattern(pattern_id), {"as_of": AS_OF})
        found |= {(pattern_id, h.person_id) for h in hits}
    return found


def test_a_split_child_raises_contradictory_absence_flags_only_without_the_pair(
    graph: Graph,
) -> None:
    w = World()
    _split_child(w, pair=False)
    w.flush(graph)
    assert _absence_flags(graph) == {
        ("no_gp_registration", "kai_school"),
        ("missing_from_education", "kai_gp"),
    }


def test_a_pending_pair_explains_both_absences(graph: Graph) -> None:
    w = World()
    _split_child(w)
    w.flush(graph)
    assert _absence_flags(graph) == set()


def test_a_pair_waiting_for_the_agency_still_explains_both_absences(graph: Graph) -> None:
    """'Not sure - ask the agency' is not a decision: the halves may still be one child, so
    no absence flag is raised until someone rejects the pair."""
    w = World()
    _split_child(w)
    w.flush(graph)
    [pair] = w.review_pairs
    records = (pair["record_a"], pair["record_b"])
    decide_records(graph, *records, "unsure", "tester", pair_id=pair["pair_id"])
    assert _absence_flags(graph) == set()
    decide_records(graph, *records, "reject", "tester", pair_id=pair["pair_id"])
    assert _absence_flags(graph) == {
        ("no_gp_registration", "kai_school"),
        ("missing_from_education", "kai_gp"),
    }


def test_flags_on_either_half_show_the_pending_pair_everywhere(graph: Graph) -> None:
    w = World()
    _split_child(w)
    w.flush(graph)
    raise_flags(graph, get_pattern("repeated_missing"), {"as_of": AS_OF})
    viewer = ViewerGraph(graph, context(HUB))

    (queued,) = review_queue(viewer).flags
    assert queued.person_id == "kai_school" and queued.as_row()["pending_pairs"] == 1
    (pair,) = queued.pairs.pairs
    assert pair.other_person_id == "kai_gp" and pair.other["source_agency"] == "gp"
    assert "pending match pair" in queued.identity_note

    detail, _ = flag_detail(viewer, queued.flag_id)
    assert [p.other_person_id for p in detail.pairs.pairs] == ["kai_gp"]
    (on_profile,) = flags_for_subject(viewer, "kai_school").flags
    assert on_profile.pairs.pairs[0].pair_id == pair.pair_id
    profile = load_profile(viewer, "kai_gp")
    assert [p.other_person_id for p in profile.pairs.pairs] == ["kai_school"]

    listed = json.loads(invoke(graph, "patterns", "flags", "--format", "json", role=HUB).stdout)
    assert listed[0]["pending_pairs"][0]["other_person_id"] == "kai_gp"
    shown = invoke(graph, "patterns", "flag", queued.flag_id, role=HUB)
    assert json.loads(shown.stdout)["pending_pairs"][0]["pair_id"] == pair.pair_id
    table = invoke(graph, "patterns", "flags", role=HUB).output
    assert "⚠" in table and "pair-kai_s" in table  # under the summary, however narrow


def test_a_pair_the_agreement_withholds_is_counted_not_shown(graph: Graph) -> None:
    """The analyst does not see immigration records: the pair is counted, its record unseen."""
    w = World()
    w.person("sam", years_ago(15))
    w.person("sam_imm", years_ago(15))
    for d in (60, 50, 40):
        w.event("sam", "police", "police_incident", "missing_person", days_ago(d))
    w.event("sam_imm", "immigration", "immigration_status", "asylum_claim", days_ago(90))
    w.pending_pair("sam", "police", "sam_imm", "immigration")
    w.flush(graph)
    raise_flags(graph, get_pattern("repeated_missing"), {"as_of": AS_OF})
    (flag,) = review_queue(ViewerGraph(graph, context("analyst"))).flags
    assert flag.pairs.pairs == [] and flag.pairs.withheld == 1
    assert "withheld under agreement mash_isa" in flag.pairs.notice()
    assert "HO" not in json.dumps([p.as_dict() for p in flag.pairs.pairs])


def test_a_pair_waiting_for_the_agency_stays_on_the_childs_possible_matches(
    graph: Graph,
) -> None:
    """'Not sure - ask the agency' takes a pair off the list to decide, not off the child: the
    profile, the flags and the CLI still list it, labelled as waiting for the agency (who asked,
    when), apart from the pairs still to decide."""
    w = World()
    _split_child(w)
    w.person("kai_hosp", years_ago(8))
    hospital_pair = w.pending_pair("kai_gp", "gp", "kai_hosp", "hospital", probability=0.7)
    w.flush(graph)
    raise_flags(graph, get_pattern("repeated_missing"), {"as_of": AS_OF})
    school_pair = next(p for p in w.review_pairs if p["pair_id"] != hospital_pair)
    records = (school_pair["record_a"], school_pair["record_b"])
    decide_records(graph, *records, "unsure", "asha", pair_id=school_pair["pair_id"])
    viewer = ViewerGraph(graph, context(HUB))

    pairs = load_profile(viewer, "kai_gp").pairs
    by_other = {p.other_person_id: p for p in pairs.pairs}
    assert set(by_other) == {"kai_school", "kai_hosp"}
    waiting, pending = by_other["kai_school"], by_other["kai_hosp"]
    assert waiting.status == "waiting" and pending.status == "pending"
    today = datetime.now(UTC).date().isoformat()  # the day the graph recorded it
    assert waiting.label() == f"Waiting for the agency (asked by asha on {today})"
    assert pending.label() == "Waiting for a decision"
    assert [p.pair_id for p in pairs.waiting] == [school_pair["pair_id"]]
    assert [p.pair_id for p in pairs.pending] == [hospital_pair]
    assert "1 waiting for the agency" in (pairs.sentence() or "")
    shown = str(pairs_note(pairs))
    assert f"Waiting for the agency (asked by asha on {today})" in shown
    assert "Waiting for a decision" in shown

    story = build_chronology(viewer, "kai_gp", include_possible_matches=True)
    links = {p["person_id"]: p["link"] for p in story.people}
    assert f"Waiting for the agency (asked by asha on {today})" in links["kai_school"]
    assert links["kai_hosp"] == f"possible same person (pending match pair {hospital_pair})"
    (missing, *_) = [e for e in story.entries if e.agency == "police"]
    assert missing.possible_match == (
        f"from a possible match (pair {school_pair['pair_id']}, waiting for the agency)"
    )

    (flag,) = flags_for_subject(viewer, "kai_school").flags  # the other half's flag too
    (on_flag,) = flag.pairs.pairs
    assert on_flag.other_person_id == "kai_gp" and on_flag.status == "waiting"
    listed = json.loads(invoke(graph, "patterns", "flags", "--format", "json", role=HUB).stdout)
    assert listed[0]["pending_pairs"][0]["status"] == "waiting"
    table = invoke(graph, "patterns", "flags", role=HUB).output
    assert "asha" in table and today in table  # who asked and when, however the table wraps

    explained = json.loads(invoke(graph, "resolve", "explain", "kai_gp", "--json", role=HUB).stdout)
    assert explained["pending_pairs"] == [hospital_pair]
    assert explained["waiting_pairs"] == [
        {"pair_id": school_pair["pair_id"], "asked_by": "asha", "asked_on": today}
    ]
    assert (
        "Waiting for the agency" in invoke(graph, "resolve", "explain", "kai_gp", role=HUB).output
    )

    decide_records(graph, *records, "reject", "asha", pair_id=school_pair["pair_id"])
    after = load_profile(viewer, "kai_gp").pairs
    assert [p.pair_id for p in after.pairs] == [hospital_pair]  # decided: off the list


def test_a_waiting_pair_the_agreement_withholds_is_counted_not_shown(graph: Graph) -> None:
    """A pair waiting for the agency whose other record the agreement does not cover is
    withheld exactly as a pending one is: counted, never its record."""
    w = World()
    w.person("sam", years_ago(15))
    w.person("sam_imm", years_ago(15))
    w.event("sam", "police", "police_incident", "missing_person", days_ago(60))
    pair_id = w.pending_pair("sam", "police", "sam_imm", "immigration")
    w.flush(graph)
    [pair] = w.review_pairs
    decide_records(graph, pair["record_a"], pair["record_b"], "unsure", "asha", pair_id=pair_id)
    pairs = load_profile(ViewerGraph(graph, context("analyst")), "sam").pairs
    assert pairs.pairs == [] and pairs.withheld == 1
    assert "withheld under agreement mash_isa" in (pairs.notice() or "")
    explained = invoke(graph, "resolve", "explain", "sam", "--json", role="analyst").stdout
    assert json.loads(explained)["waiting_pairs"] == [] and "HO" not in explained
    seen = load_profile(ViewerGraph(graph, context(HUB)), "sam").pairs
    assert [(p.pair_id, p.status) for p in seen.pairs] == [(pair_id, "waiting")]


def test_explain_lists_no_pending_pair_whose_other_record_the_agreement_withholds(
    graph: Graph,
) -> None:
    """`resolve explain` named every pending pair of the person, even one with an Immigration
    record the analyst's agreement does not share; only the pairs it shows whole are named."""
    w = World()
    w.person("sam", years_ago(15))
    w.person("sam_imm", years_ago(15))
    w.person("sam_school", years_ago(15))
    hidden = w.pending_pair("sam", "police", "sam_imm", "immigration")
    shown = w.pending_pair("sam", "police", "sam_school", "schools")
    w.flush(graph)

    explained = invoke(graph, "resolve", "explain", "sam", "--json", role="analyst").stdout
    assert json.loads(explained)["pending_pairs"] == [shown] and hidden not in explained
    as_hub = invoke(graph, "resolve", "explain", "sam", "--json", role=HUB).stdout
    assert sorted(json.loads(as_hub)["pending_pairs"]) == sorted([hidden, shown])


def test_household_risk_scores_the_halves_as_one_person(graph: Graph) -> None:
    w = World()
    _split_child(w)
    w.flush(graph)
    raise_flags(graph, get_pattern("repeated_missing"), {"as_of": AS_OF})
    _, scores = household_risk(ViewerGraph(graph, context("hub_staff")), "mum", AS_OF)
    kai_gp, kai_school, mum = scores["kai_gp"], scores["kai_school"], scores["mum"]
    assert kai_gp.same_as == ("kai_school",) and kai_gp.household == 0
    assert kai_gp.own == kai_school.own == 3.0
    assert mum.household == 1.5  # one child's flag, shared once


def test_household_risk_brings_in_a_half_who_lives_elsewhere(graph: Graph) -> None:
    w = World()
    _split_child(w, pair=False)
    w.person("kai_hospital", years_ago(8))
    w.event("kai_hospital", "hospital", "ae_attendance", "injury", days_ago(10))
    w.pending_pair("kai_school", "schools", "kai_hospital", "hospital")
    w.flush(graph)
    household, scores = household_risk(
        ViewerGraph(graph, context("hub_staff")), "kai_school", AS_OF
    )
    assert household.nodes["kai_hospital"]["possible_same_person"] is True
    assert scores["kai_hospital"].same_as == ("kai_school",)
    assert scores["kai_gp"].same_as == ()  # no pair: a separate household member


def test_household_risk_weighs_a_pair_waiting_for_the_agency_as_one_person(
    graph: Graph,
) -> None:
    """A reviewer who could not tell the halves apart asked the agency: until it answers, the
    halves are still scored as one person (their flags shared), not as two members."""
    w = World()
    _split_child(w, pair=False)
    w.person("kai_hospital", years_ago(8))
    w.event("kai_hospital", "hospital", "ae_attendance", "injury", days_ago(10))
    pair = w.pending_pair("kai_school", "schools", "kai_hospital", "hospital")
    w.flush(graph)
    records = (w.record("kai_school", "schools"), w.record("kai_hospital", "hospital"))
    decide_records(graph, *records, "unsure", "asha", pair_id=pair)
    household, scores = household_risk(
        ViewerGraph(graph, context("hub_staff")), "kai_school", AS_OF
    )
    assert household.nodes["kai_hospital"]["possible_same_person"] is True
    assert household.edges["kai_school", "kai_hospital"]["types"] == ["waiting_match_pair"]
    assert scores["kai_hospital"].same_as == ("kai_school",)


def _trap_house(w: World) -> None:
    """The held-out shape: a child found at an address where a drug-supply raid named an adult
    suspect; nobody shares an event or a home with anybody."""
    w.person("ellie", years_ago(14))
    w.person("dealer", years_ago(31))
    w.person("neighbour", years_ago(50))
    w.lives("ellie", "ellie-home", start=years_ago(5))
    w.lives("neighbour", "next-door", start=years_ago(5))
    for d in (71, 50, 20):
        w.event("ellie", "police", "police_incident", "missing_person", days_ago(d))
    found = w.event("ellie", "police", "police_incident", "found_missing_person", days_ago(19))
    w.at(found, "65-manor-road")
    raid = w.event("dealer", "police", "police_incident", "drugs_supply", days_ago(120),
                   role="suspect")  # fmt: skip
    w.at(raid, "65-manor-road")


def test_central_finds_the_adult_at_the_place_a_missing_child_was_found(graph: Graph) -> None:
    w = World()
    _trap_house(w)
    w.flush(graph)
    hub = ViewerGraph(graph, context("hub_staff"))
    projection = person_projection(hub)
    assert central_adults(projection, AS_OF) == []  # the projection alone sees no link
    ranked = central_adults(with_missing_places(hub, projection), AS_OF)
    assert [a.person_id for a in ranked] == ["dealer"]
    assert ranked[0].children_near == ("ellie",)
    result = invoke(
        graph, "analyse", "central", "--as-of", str(AS_OF), "--format", "json", role=HUB
    )
    assert [a["person_id"] for a in json.loads(result.stdout)] == ["dealer"]
