"""A possible twin for the Matches page's tests, on top of the app fixture graph (synthetic).

Charlie Smith (school record, UPN) and Charley Smith (hospital record, NHS number): same
surname, date of birth, sex and home, different first names and identifiers - the same child
or twins? Each half has an open flag ("No GP registration" on Charlie, "Missing from
education" on Charley) that a merge would bring together; Charley also has a dismissed flag,
which no decision changes.
"""

from __future__ import annotations

from app_support import queue_review_pairs

from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

TWIN = "pair_charlie_charley"
CHARLEY_NHS = "4857773457"
CHARLIE_UPN = "A123456789012"

CHARLEY = Query(
    name="tests/review_twin",
    text="""
MATCH (home:Address {address_id: 'addr_home'}), (hosp:Agency {agency_id: 'hospital'})
MATCH (charlie:Person {person_id: 'person_charlie'})
MATCH (school_rec:PersonRecord {record_id: 'rec_charlie_school'})
CREATE (p:Person {person_id: 'person_charley', display_name: 'Charley Smith',
                  dob: date('2016-09-09'), sex: 'M'})
CREATE (r:PersonRecord {record_id: 'rec_charley_hosp', source_agency: 'hospital',
        source_record_id: 'MRN-4410', forename: 'Charley', surname: 'Smith',
        full_name: 'Charley Smith', dob: date('2016-09-09'), sex: 'M',
        nhs_number: $nhs, postcode: 'LS1 4AB'})-[:RESOLVES_TO {probability: 1.0,
        method: 'identifier', evidence: '{}'}]->(p)
CREATE (r)-[:RECORDED_BY]->(hosp)
CREATE (r)-[:LIVES_AT {from: date('2016-09-09'), source_agency: 'hospital'}]->(home)
CREATE (:Flag {flag_id: 'flag_charlie_no_gp', pattern_id: 'no_gp_registration',
        title: 'No GP registration', person_id: 'person_charlie', current: true,
        status: 'new', severity: 'medium', summary: 'On a school roll, no GP record',
        last_raised_at: datetime()})-[:EVIDENCED_BY]->(school_rec)
CREATE (:Flag {flag_id: 'flag_charley_mfe', pattern_id: 'missing_from_education',
        title: 'Missing from education', person_id: 'person_charley', current: true,
        status: 'in_review', severity: 'high', summary: 'School age, on no school roll',
        last_raised_at: datetime()})-[:EVIDENCED_BY]->(r)
CREATE (:Flag {flag_id: 'flag_charley_old', pattern_id: 'frequent_ae', title: 'Frequent A&E',
        person_id: 'person_charley', current: true, status: 'dismissed', severity: 'low',
        summary: 'Dismissed long ago', last_raised_at: datetime()})-[:EVIDENCED_BY]->(r)
""",
    meta={"params": ["nhs"]},
)
REASON = Query(
    name="tests/review_reason",
    text="MATCH (q:ReviewPair {pair_id: $pair_id}) SET q.reason = $reason",
    meta={"params": ["pair_id", "reason"]},
)


def add_twin(graph: Graph, probability: float = 0.93) -> None:
    """Charley Smith and his flags, and the pair (Charlie's school record, Charley's hospital
    record) queued for review, held back as possible twins."""
    graph.write(CHARLEY, nhs=CHARLEY_NHS)
    queue_review_pairs(graph, (TWIN, "rec_charlie_school", "rec_charley_hosp", probability))
    graph.write(REASON, pair_id=TWIN, reason="twin")
