"""The app fixture graph plus an immigration record and two flags, for access-control tests."""

from __future__ import annotations

from typing import Any

from app_support import load_app_fixture

from touchpoint.graph_model.access.audit import anchor_path
from touchpoint.graph_model.access.context import AccessContext, Purpose
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

EXTRA = Query(
    name="tests/access_extra",
    text="""
MATCH (alice:Person {person_id: 'person_alice'})
CREATE (imm:PersonRecord {record_id: 'rec_alice_imm', source_agency: 'immigration',
        source_record_id: 'HO-1', full_name: 'Alice Smith', dob: date('1990-03-14'),
        postcode: 'LS1 4AB', ni_number: 'QQ999999A'})-[:RESOLVES_TO]->(alice)
CREATE (imm)-[:INVOLVED_IN {role: 'applicant'}]->
       (:Event {event_id: 'ev_imm', category: 'immigration_status', type: 'leave_refused',
                date: date('2022-01-01'), description: 'Appeal pending',
                source_agency: 'immigration'})
CREATE (:PersonRecord {record_id: 'rec_ivan_imm', source_agency: 'immigration',
        source_record_id: 'HO-2', forename: 'Ivan', surname: 'Petrov', full_name: 'Ivan Petrov',
        dob: date('1979-02-02'), postcode: 'LS9 9ZZ'})
WITH alice
MATCH (da:Event {event_id: 'ev_da'}), (assault:Event {event_id: 'ev_assault'})
CREATE (:Flag {flag_id: 'flag_da', pattern_id: 'da_no_school_notification', person_id:
        'person_alice', current: true, status: 'new', severity: 'high', score: 3.0,
        summary: 'DA with child present', last_raised_at: datetime()})-[:EVIDENCED_BY]->(da)
CREATE (:Flag {flag_id: 'flag_assault', pattern_id: 'criminal_exploitation', person_id:
        'person_bob', current: true, status: 'new', severity: 'medium', score: 2.0,
        summary: 'Assault', last_raised_at: datetime()})-[:EVIDENCED_BY]->(assault)
""",
    meta={"params": []},
)

CLEAR_ACCESS = Query(
    name="tests/clear_access",
    text="MATCH (n) WHERE n:AuditEntry OR n:AuditHead OR n:User OR n:BreakGlass OR n:Session "
    "DETACH DELETE n",
    meta={"params": []},
)
PURPOSE = Purpose("s47_enquiry", "MASH-2026-0142", "Strategy discussion for the household")


def clear_access_data(graph: Graph) -> None:
    """Tests only: ``db wipe`` keeps users, sessions and the audit trail by design; tests start
    clean - the audit anchor file outside the graph included, or every later trail would be
    reported as cut."""
    graph.write(CLEAR_ACCESS)
    anchor_path(graph.settings.data_dir).unlink(missing_ok=True)


def load_access_fixture(graph: Graph) -> None:
    clear_access_data(graph)
    load_app_fixture(graph)
    graph.write(EXTRA)


def context(role: str, with_purpose: bool = True, user: str = "tester") -> AccessContext:
    ctx = AccessContext(user=user, role=role)
    return ctx if not with_purpose else AccessContext(user=user, role=role, purpose=PURPOSE)


HEALTH = "health detail withheld under this agreement"  # the agreement's notice (networks)
OTHER = "details withheld under this agreement"
# What the profile says in place of a withheld field: which field, or which kind of event (once
# per event: the other withheld fields of that event stay empty, ``None``).
ALIASES, NHS, NI = "Aliases withheld", "NHS number withheld", "NI number withheld"
DA, AE = "Police incident details withheld", "A&E attendance details withheld"
IMM, REFERRAL = "Immigration status details withheld", "CS referral details withheld"
MASKED = (ALIASES, NHS, NI, DA, AE, IMM, REFERRAL)
ROLES = ("hub_staff", "analyst", "health_liaison", "admin")
# What the profile, explorer and connections say they withheld about Alice: whose records (her
# immigration record and its event, in one unit) and the agreement clause that withholds them.
ANALYST_NOTICE = (
    "Withheld under agreement mash_isa: 2 Immigration records - the agreement does not share "
    "Immigration's records with the analyst role (roles.analyst.agencies)."
)
LIAISON_NOTICE = (
    "Withheld under agreement health_isa: 2 Immigration records - the agreement does not share "
    "Immigration's records with the health_liaison role (roles.health_liaison.agencies)."
)

# The agreements restated for Alice - (item, field): expected per role, in ROLES order.
TABLE: dict[tuple[str, str], tuple[Any, ...]] = {
    ("rec_alice_police", "full_name"): ("Alice Smith",) * 4,
    ("rec_alice_police", "aliases"): ("Ali Smith", ALIASES, ALIASES, ALIASES),
    ("rec_alice_gp", "full_name"): ("Alicia Smith",) * 4,
    ("rec_alice_gp", "nhs_number"): (NHS, NHS, "9434765919", NHS),
    ("rec_alice_sc", "full_name"): ("Alice Smyth",) * 4,
    ("rec_alice_imm", "full_name"): ("Alice Smith", "absent", "absent", "Alice Smith"),
    ("rec_alice_imm", "ni_number"): ("QQ999999A", "absent", "absent", NI),
    ("ev_da", "description"): ("Neighbour reported shouting; victim injured",
                               "Neighbour reported shouting; victim injured", DA, DA),
    ("ev_da", "outcome"): ("suspect arrested", "suspect arrested", "suspect arrested", None),
    ("ev_ae", "description"): (AE, AE, "Facial bruising, says she fell", AE),
    ("ev_wnb", "type"): ("was_not_brought",) * 4,
    ("ev_imm", "description"): ("Appeal pending", "absent", "absent", IMM),
    ("ev_referral", "description"): ("Referral after DA incident",
                                     "Referral after DA incident", REFERRAL, REFERRAL),
}  # fmt: skip
