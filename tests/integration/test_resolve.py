"""``touchpoint resolve`` against a real Neo4j: links, explanations, decisions, identities."""

from __future__ import annotations

import itertools
import json
from collections import Counter

import pandas as pd
import pytest
from access_support import context

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.resolution.explain import explain_person
from touchpoint.graph_model.resolution.review import decide_records, list_pairs, split_person
from touchpoint.graph_model.resolution.service import resolve
from touchpoint.graph_model.resolution.settings import load_resolution_settings
from touchpoint.graph_model.resolution.testdata import make_records, write_records
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

CFG = load_resolution_settings(u_sample_pairs=200_000)
ASSIGNMENTS = Query(
    name="tests/resolution_assignments",
    text="MATCH (r:PersonRecord)-[l:RESOLVES_TO]->(p:Person) "
    "RETURN r.record_id AS record_id, p.person_id AS person_id, l.method AS method, "
    "l.probability AS probability, l.evidence AS evidence",
)
RECORDS = Query(
    name="tests/resolution_record_properties",
    text="MATCH (r:PersonRecord) RETURN r.record_id AS record_id, properties(r) AS props, "
    "count { (r)--() } - count { (r)-[:RESOLVES_TO]-() } - count { (r)<-[:CANDIDATE]-() } "
    "AS source_rels ORDER BY record_id",
)
PERSON = Query(
    name="tests/resolution_person",
    text="MATCH (p:Person {person_id: $person_id}) RETURN p {.*} AS person",
)

STORY = [  # the child: Victoria to the hospital, Anna to the school, police mistakes
    {"record_id": "story_hospital", "source_agency": "hospital", "forename": "Victoria",
     "middle_names": "Anna", "surname": "Whitlock", "dob": "2014-03-07", "sex": "F",
     "nhs_number": "4857773456", "postcode": "LS6 2QT", "address": "14 Oakfield Road"},
    {"record_id": "story_school", "source_agency": "schools", "forename": "Anna",
     "middle_names": None, "surname": "Whitlock", "dob": "2014-03-07", "sex": "F",
     "upn": "A123456789012", "postcode": "LS6 2QT", "address": "14 Oakfield Rd"},
    {"record_id": "story_police", "source_agency": "police", "forename": "Victoria",
     "middle_names": None, "surname": "Whitlok", "dob": "2014-07-03", "sex": "F",
     "postcode": "ls62qt", "address": "14 OAKFIELD ROAD"},
]  # fmt: skip


def _story() -> pd.DataFrame:
    frame = pd.DataFrame(STORY)
    frame["source_record_id"] = frame["record_id"]
    frame["person"] = "STORY"
    return frame


def _queued(graph: Graph) -> set[tuple[str, str]]:
    """Record-id pairs in the review queue (as hub_staff, who sees every agency)."""
    pairs, _ = list_pairs(ViewerGraph(graph, context("hub_staff")), limit=1000)
    return {(p["a"]["record_id"], p["b"]["record_id"]) for p in pairs}


def _assignments(graph: Graph) -> pd.DataFrame:
    return pd.DataFrame(graph.read(ASSIGNMENTS))


def _partition(frame: pd.DataFrame) -> set[frozenset[str]]:
    return {frozenset(g["record_id"]) for _, g in frame.groupby("person_id")}


def _pairs(groups: pd.Series) -> set[tuple[str, str]]:
    return {
        pair
        for members in groups.groupby(groups).groups.values()
        for pair in itertools.combinations(sorted(members), 2)
    }


@pytest.fixture
def population(graph: Graph) -> pd.DataFrame:
    records = pd.concat([make_records(250, seed=11), _story()], ignore_index=True)
    write_records(graph, records)
    return records


def test_known_pairs_link_and_non_pairs_do_not(graph: Graph, population: pd.DataFrame) -> None:
    resolve(graph, CFG, full=True)
    found = _assignments(graph).set_index("record_id")["person_id"]
    truth = population.set_index("record_id")["person"]
    predicted, true = _pairs(found), _pairs(truth)
    precision = len(predicted & true) / len(predicted)
    recall = len(predicted & true) / len(true)
    assert precision >= 0.97, precision
    assert recall >= 0.9, recall
    story = found.loc[["story_hospital", "story_school", "story_police"]]
    assert story.nunique() == 1


def test_every_link_carries_its_explanation(graph: Graph, population: pd.DataFrame) -> None:
    resolve(graph, CFG, full=True)
    links = _assignments(graph)
    assert len(links) == len(population)
    assert links["method"].isin(["identifier", "probabilistic", "human", "singleton"]).all()
    assert links["probability"].between(0, 1).all()
    assert links["evidence"].map(lambda e: bool(json.loads(e))).all()
    person_id = links.set_index("record_id").loc["story_police", "person_id"]
    explained = explain_person(ViewerGraph(graph, context("hub_staff")), person_id)
    police = next(r for r in explained["records"] if r["record_id"] == "story_police")
    assert police["evidence"]["dob"]["level"] == "day and month swapped"
    assert any("day and month swapped" in reason for reason in police["reasons"])


REVIEW_REASONS = Query(
    name="tests/resolution_review_reasons",
    text="MATCH (q:ReviewPair {status: 'pending'}) "
    "RETURN q.record_a AS a, q.record_b AS b, q.reason AS reason",
)


def _gp_pair(graph: Graph, nhs_a: str, nhs_b: str) -> None:
    pair = _story().iloc[[0, 0]].reset_index(drop=True)
    pair["record_id"] = ["gp_a", "gp_b"]
    pair["source_agency"] = "gp"
    pair["nhs_number"] = [nhs_a, nhs_b]
    write_records(graph, pd.concat([make_records(120, seed=3), pair], ignore_index=True))


def test_two_valid_different_nhs_numbers_veto_the_link_and_the_pair_is_reviewed(
    graph: Graph,
) -> None:
    _gp_pair(graph, "9434765919", "4857773457")  # both pass the modulus-11 check
    report = resolve(graph, CFG, full=True)
    found = _assignments(graph).set_index("record_id")["person_id"]
    assert found["gp_a"] != found["gp_b"]
    reasons = {(r["a"], r["b"]): r["reason"] for r in graph.read(REVIEW_REASONS)}
    assert reasons[("gp_a", "gp_b")] == "identifier_conflict"  # everything else agrees
    assert report.blocked_by_conflict >= 1 and report.conflict_reviews >= 1
    assert report.review_reasons["identifier_conflict"] == report.conflict_reviews


def test_an_nhs_number_with_a_typo_is_unknown_not_a_conflict(graph: Graph) -> None:
    _gp_pair(graph, "9434765919", "9434765819")  # one digit slipped: fails its check
    report = resolve(graph, CFG, full=True)
    found = _assignments(graph).set_index("record_id")["person_id"]
    assert found["gp_a"] == found["gp_b"]
    assert report.identifier_checks["nhs_number"]["failing_check"] >= 1


def test_review_pairs_a_role_may_not_see_are_withheld_and_counted(
    graph: Graph, population: pd.DataFrame
) -> None:
    resolve(graph, CFG.model_copy(update={"upper_threshold": 0.9999}), full=True)
    everyone, none_withheld = list_pairs(ViewerGraph(graph, context("hub_staff")), limit=1000)
    liaison, withheld = list_pairs(ViewerGraph(graph, context("health_liaison")), limit=1000)
    sees = {"gp", "hospital", "police", "social_care", "schools"}  # health.yml's agencies
    hidden = [p for p in everyone if not {p["a"]["source_agency"], p["b"]["source_agency"]} <= sees]
    assert everyone and hidden and none_withheld == 0
    assert withheld == len(hidden) and len(liaison) == len(everyone) - len(hidden)
    assert all({p["a"]["source_agency"], p["b"]["source_agency"]} <= sees for p in liaison)


def test_person_ids_are_stable_across_reruns(graph: Graph, population: pd.DataFrame) -> None:
    resolve(graph, CFG, full=True)
    first = _assignments(graph).set_index("record_id")["person_id"]
    resolve(graph, CFG, full=True)
    second = _assignments(graph).set_index("record_id")["person_id"]
    assert first.sort_index().equals(second.sort_index())


def test_review_decisions_survive_a_rerun(graph: Graph, population: pd.DataFrame) -> None:
    resolve(graph, CFG, full=True)
    found = _assignments(graph).set_index("record_id")["person_id"]
    sizes = Counter(found)
    person = next(p for p, n in sizes.items() if n >= 3)
    members = sorted(found[found == person].index)
    lonely = sorted(p for p, n in sizes.items() if n == 1)
    outsider = found[found == lonely[0]].index[0]
    decide_records(graph, members[0], members[1], "reject", "tester")
    decide_records(graph, members[2], outsider, "confirm", "tester")
    split_person(graph, person, [members[-1]], "tester") if len(members) > 3 else None

    for full in (False, True):
        resolve(graph, CFG, full=full)
        now = _assignments(graph).set_index("record_id")["person_id"]
        assert now[members[0]] != now[members[1]]
        assert now[members[2]] == now[outsider]
        queued = {
            (p["a"]["record_id"], p["b"]["record_id"])
            for p in list_pairs(ViewerGraph(graph, context("hub_staff")), limit=999)[0]
        }
        assert tuple(members[:2]) not in queued


def test_incremental_run_equals_a_full_run(graph: Graph) -> None:
    records = pd.concat([make_records(250, seed=5), _story()], ignore_index=True)
    late = records["record_id"].isin(records["record_id"].sample(frac=0.2, random_state=1))
    write_records(graph, records[~late])
    resolve(graph, CFG, full=True)
    before = _assignments(graph).set_index("record_id")["person_id"]

    write_records(graph, records[late])
    report = resolve(graph, CFG)
    assert report.mode == "incremental"
    assert report.scored_records == int(late.sum())
    incremental = _assignments(graph)
    kept = incremental.set_index("record_id")["person_id"].loc[before.index]
    assert (kept == before).mean() > 0.95  # people keep their ids when new records join

    resolve(graph, CFG, full=True)
    assert _partition(_assignments(graph)) == _partition(incremental)


def test_split_records_where_the_old_id_went(graph: Graph, population: pd.DataFrame) -> None:
    resolve(graph, CFG, full=True)
    found = _assignments(graph).set_index("record_id")["person_id"]
    person = found["story_hospital"]
    split_person(graph, person, ["story_police"], "tester")
    resolve(graph, CFG)
    now = _assignments(graph).set_index("record_id")["person_id"]
    assert now["story_hospital"] == person
    assert now["story_police"] != person
    history = graph.read_one(PERSON, person_id=person)["person"]
    assert history["split_into"] == [now["story_police"]]


def test_source_records_are_never_altered(graph: Graph, population: pd.DataFrame) -> None:
    before = graph.read(RECORDS)
    resolve(graph, CFG, full=True)
    found = _assignments(graph).set_index("record_id")["person_id"]
    split_person(graph, found["story_hospital"], ["story_police"], "tester")
    resolve(graph, CFG)
    assert graph.read(RECORDS) == before


def test_many_small_pages_and_batches_in_parallel_give_the_same_links(
    graph: Graph, population: pd.DataFrame
) -> None:
    small = load_resolution_settings(
        u_sample_pairs=200_000, page_size=100, write_batch_size=100, io_threads=3
    )
    report = resolve(graph, small, full=True)
    assert report.records == len(population)  # every range page was read, none twice
    parallel = _assignments(graph).sort_values("record_id").reset_index(drop=True)
    assert len(parallel) == len(population)

    resolve(graph, load_resolution_settings(u_sample_pairs=200_000, io_threads=1), full=True)
    sequential = _assignments(graph).sort_values("record_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(parallel, sequential)
