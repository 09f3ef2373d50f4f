"""Where each labelled record lives and which columns identify it.

`records.csv` keys are these columns' values joined with "|", exactly as written in the
file; loaders and tests use this table to join extracts back to the ground truth.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow.parquet as pq


class Extract(NamedTuple):
    path: str  # relative to the output directory
    table: str | None  # SQLite table, else None
    key: tuple[str, ...]  # columns whose values, joined by "|", form record_key


SOURCES: dict[str, Extract] = {
    "police.incidents": Extract("police/incidents.csv", None, ("IncidentRef", "PersonSeq")),
    "police.encompass_notifications": Extract(
        "police/encompass_notifications.csv", None, ("NotificationRef",)
    ),
    "gp.registrations": Extract("gp/registrations.csv", None, ("registration_id",)),
    "gp.consultations": Extract("gp/consultations.csv", None, ("consultation_id",)),
    "hospital.ae_attendances": Extract("hospital/ae_attendances.jsonl", None, ("attendanceId",)),
    "schools.roll": Extract("schools/roll.csv", None, ("URN", "UPN", "EntryDate")),
    "schools.attendance": Extract(
        "schools/attendance.csv", None, ("URN", "UPN", "EntryDate", "AcademicYear", "Term")
    ),
    "schools.exclusions": Extract("schools/exclusions.csv", None, ("ExclusionID",)),
    "social_care.person": Extract("social_care/csc.sqlite", "person", ("person_id",)),
    "social_care.case_member": Extract(
        "social_care/csc.sqlite", "case_member", ("case_id", "person_id")
    ),
    "social_care.referral": Extract("social_care/csc.sqlite", "referral", ("referral_id",)),
    "social_care.assessment": Extract("social_care/csc.sqlite", "assessment", ("assessment_id",)),
    "social_care.cp_plan": Extract("social_care/csc.sqlite", "cp_plan", ("plan_id",)),
    "social_care.visit": Extract("social_care/csc.sqlite", "visit", ("visit_id",)),
    "social_care.return_interview": Extract(
        "social_care/csc.sqlite", "return_interview", ("interview_id",)
    ),
    "benefits.claims": Extract("benefits/claims.parquet", None, ("CLAIM_REF", "CLAIM_ROLE")),
    "benefits.sanctions": Extract("benefits/sanctions.parquet", None, ("SANCTION_ID",)),
    "benefits.address_changes": Extract("benefits/address_changes.parquet", None, ("CHANGE_ID",)),
    "immigration.status_events": Extract("immigration/status_events.jsonl", None, ("event_id",)),
    "housing.tenancies": Extract("housing/tenancies.csv", None, ("Tenancy Ref", "Person No")),
    "housing.evictions": Extract("housing/evictions.csv", None, ("Case Ref",)),
    "housing.homelessness": Extract(
        "housing/homelessness.csv", None, ("Application Ref", "Person No")
    ),
    "community_health.contacts": Extract("community_health/contacts.csv", None, ("ContactId",)),
}
"""Label source name -> extract location and key columns (every person-record row)."""


def read_extract(root: Path | str, source: str) -> list[dict[str, Any]]:
    """Read one extract as a list of dicts (all formats); for tests and quick inspection."""
    ex = SOURCES[source]
    path = Path(root) / ex.path
    if ex.table is not None:
        with closing(sqlite3.connect(path)) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute(f"SELECT * FROM {ex.table}")]
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh]
    return pq.read_table(path).to_pylist()


def record_key(source: str, row: dict[str, Any]) -> str:
    """The records.csv key of a row read with :func:`read_extract`."""
    return "|".join("" if row[c] is None else str(row[c]) for c in SOURCES[source].key)
