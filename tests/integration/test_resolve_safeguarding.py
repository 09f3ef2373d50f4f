"""Safeguarding cases through ``touchpoint resolve`` on a real Neo4j: a child's records from
four agencies with keying errors stay one person; a same-named parent and child never merge;
a same-named record without a date of birth (or postcode) reaches the review queue; a
mapping's extra evidence (town, further identifiers) reaches resolution."""

from __future__ import annotations

import json

import pandas as pd

from touchpoint.graph_model.resolution.service import resolve
from touchpoint.graph_model.resolution.settings import load_resolution_settings
from touchpoint.graph_model.resolution.testdata import make_records, write_records
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

CFG = load_resolution_settings(u_sample_pairs=200_000)
PEOPLE = Query(
    name="tests/safeguarding_people",
    text="MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person) RETURN r.record_id AS record_id, "
    "p.person_id AS person_id, p.display_name AS display_name, p.aliases AS aliases",
)
QUEUE = Query(
    name="tests/safeguarding_queue",
    text="MATCH (q:ReviewPair {status: 'pending'}) "
    "RETURN q.record_a AS a, q.record_b AS b, q.reason AS reason",
)
LAST_RUN = Query(
    name="tests/safeguarding_last_run",
    text="MATCH (run:ResolutionRun) RETURN run {.*} AS run ORDER BY run.started_at DESC LIMIT 1",
)
HOME = {"surname": "Campbell", "postcode": "LS6 2QT", "address": "14 Oakfield Road", "sex": "M"}


def _load(graph: Graph, rows: list[dict]) -> None:
    extra = pd.DataFrame([{**HOME, "source_record_id": r["record_id"], **r} for r in rows])
    extra["person"] = extra["record_id"]
    write_records(graph, pd.concat([make_records(150, seed=17), extra], ignore_index=True))


def _people(graph: Graph) -> pd.DataFrame:
    return pd.DataFrame(graph.read(PEOPLE)).set_index("record_id")


def _queue(graph: Graph) -> dict[frozenset, str]:
    return {frozenset((r["a"], r["b"])): r["reason"] for r in graph.read(QUEUE)}


def test_a_child_known_by_two_names_with_keying_errors_stays_one_person(graph: Graph) -> None:
    child = {"surname": "Whitlock", "dob": "2014-03-07", "sex": "F", "postcode": "LS6 1AB",
             "address": "3 Mill Lane"}  # fmt: skip
    _load(graph, [
        {**child, "record_id": "c_gp", "source_agency": "gp", "forename": "Victoria",
         "middle_names": "Anna", "nhs_number": "9434765919"},
        {**child, "record_id": "c_school", "source_agency": "schools", "forename": "Anna",
         "upn": "B801200005001"},
        {**child, "record_id": "c_school_old", "source_agency": "schools", "forename": "Anna",
         "upn": "B801200005011", "dob": "2014-07-03"},  # UPN typo, day and month swapped
        {**child, "record_id": "c_care", "source_agency": "social_care", "forename": "Whitlock",
         "surname": "Victoria", "nhs_number": "9434765991"},  # names swapped, NHS transposed
        {**child, "record_id": "c_police", "source_agency": "police", "forename": "Vicky",
         "surname": "Whitlok", "postcode": None},
    ])  # fmt: skip
    resolve(graph, CFG, full=True)
    people = _people(graph)
    child_ids = ["c_gp", "c_school", "c_school_old", "c_care", "c_police"]
    assert people.loc[child_ids, "person_id"].nunique() == 1, people.loc[child_ids]
    assert people.loc["c_gp", "display_name"] == "Victoria Whitlock"
    assert "Anna Whitlock" in people.loc["c_gp", "aliases"]


def test_same_named_parent_and_child_stay_apart_and_a_dateless_namesake_is_reviewed(
    graph: Graph,
) -> None:
    _load(graph, [
        {"record_id": "dad_gp", "source_agency": "gp", "forename": "Andrew",
         "dob": "1982-04-11", "nhs_number": "4857773457"},
        {"record_id": "dad_benefits", "source_agency": "benefits", "forename": "Andrew",
         "dob": "1982-04-11", "ni_number": "AB123456C"},
        {"record_id": "son_gp", "source_agency": "gp", "forename": "Andrew",
         "dob": "2011-09-30", "nhs_number": "9434765919"},
        {"record_id": "son_school", "source_agency": "schools", "forename": "Andrew",
         "dob": "2011-09-30", "upn": "B801200005001"},
        # a police record: same name and address line, no date of birth, no postcode
        {"record_id": "police", "source_agency": "police", "forename": "Andrew",
         "dob": None, "postcode": None},
    ])  # fmt: skip
    report = resolve(graph, CFG, full=True)
    people = _people(graph)["person_id"]
    assert people["dad_gp"] == people["dad_benefits"]
    assert people["son_gp"] == people["son_school"]
    assert people["dad_gp"] != people["son_gp"]
    assert people["police"] not in (people["dad_gp"], people["son_gp"])
    # one queued pair per two people: the police record against the father, and the son
    queue = _queue(graph)
    against = {
        who: [reason for pair, reason in queue.items()
              if "police" in pair and pair & {f"{who}_gp", f"{who}_benefits", f"{who}_school"}]
        for who in ("dad", "son")
    }  # fmt: skip
    assert against == {"dad": ["dob_missing"], "son": ["dob_missing"]}
    assert report.review_reasons["dob_missing"] >= 2
    run = graph.read_one(LAST_RUN)["run"]
    assert json.loads(run["review_reasons_json"]) == report.review_reasons


def test_a_mappings_town_and_further_identifier_reach_resolution(graph: Graph) -> None:
    person = {"forename": "Henry", "surname": "McCarthy", "dob": "1990-01-15", "place": "Leeds"}
    _load(graph, [
        {**person, "record_id": "h_police", "source_agency": "police",
         "match_ids": {"match_id_ssn": "8812345"}},
        # moved within Leeds, names swapped with a typo, one digit of the ssn slipped
        {**person, "record_id": "h_housing", "source_agency": "housing", "forename": "McCarwthy",
         "surname": "Henry", "postcode": "LS9 8AA", "address": "2 Elm Court",
         "match_ids": {"match_id_ssn": "8812346"}},
    ])  # fmt: skip
    report = resolve(graph, CFG, full=True)
    people = _people(graph)["person_id"]
    assert report.identifier_checks["sid_ssn"]["use"] == "soft"
    assert people["h_police"] == people["h_housing"] or frozenset(
        ("h_housing", "h_police")
    ) in _queue(graph)


def test_a_person_is_shown_by_the_name_most_agencies_give_not_one_agencys_typo(
    graph: Graph,
) -> None:
    child = {"forename": "Victoria", "surname": "Whitlock", "dob": "2014-03-07", "sex": "F",
             "postcode": "LS6 1AB", "address": "3 Mill Lane"}  # fmt: skip
    _load(graph, [
        {**child, "record_id": "v_gp", "source_agency": "gp", "surname": "Whitlokc",
         "nhs_number": "9434765919"},  # the most authoritative agency, with a typo
        {**child, "record_id": "v_school", "source_agency": "schools", "upn": "B801200005001"},
        {**child, "record_id": "v_care", "source_agency": "social_care"},
        {**child, "record_id": "v_police", "source_agency": "police"},
    ])  # fmt: skip
    resolve(graph, CFG, full=True)
    people = _people(graph)
    ids = ["v_gp", "v_school", "v_care", "v_police"]
    assert people.loc[ids, "person_id"].nunique() == 1, people.loc[ids]
    assert people.loc["v_gp", "display_name"] == "Victoria Whitlock"
    assert "Victoria Whitlokc" in people.loc["v_gp", "aliases"]
