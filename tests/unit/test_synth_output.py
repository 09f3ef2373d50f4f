"""The generator writes every agency extract, readable, deterministic and fully labelled."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from collections import Counter
from contextlib import closing
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from touchpoint.synth import AS_OF, SynthSummary, generate
from touchpoint.synth.catalog import SOURCES, read_extract, record_key
from touchpoint.synth.ids import nhs_check_digit, upn_check_letter
from touchpoint.synth.sources.police import OTHER_OUTCOMES, OUTCOMES, incident_outcome


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthSummary]:
    out = tmp_path_factory.mktemp("synth")
    calls: list[int] = []
    summary = generate(
        out, 1500, seed=3, scenario_rate=0.2, progress=calls.append, progress_every=200
    )
    assert sum(calls) == 1500
    return out, summary


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_byte_identical_files_and_other_seed_differs(tmp_path: Path) -> None:
    generate(tmp_path / "a", 300, seed=11)
    generate(tmp_path / "b", 300, seed=11)
    generate(tmp_path / "c", 300, seed=12)
    a, b, c = (_digests(tmp_path / x) for x in "abc")
    assert a == b
    assert len(a) >= 20
    assert a["labels/people.csv"] != c["labels/people.csv"]


def test_summary_counts_people_households_and_rows(run: tuple[Path, SynthSummary]) -> None:
    out, s = run
    assert s.people == 1500
    people = list(csv.DictReader((out / "labels/people.csv").open()))
    assert len(people) == 1500
    assert len({p["household_id"] for p in people}) == s.households
    for name, ex in SOURCES.items():
        key = ex.path + (f"#{ex.table}" if ex.table else "")
        assert s.files[key] == len(read_extract(out, name)), name


def test_every_source_file_is_written_in_its_own_format(run: tuple[Path, SynthSummary]) -> None:
    out, _ = run
    for rel in (
        "police/incidents.csv",
        "police/encompass_notifications.csv",
        "gp/registrations.csv",
        "gp/consultations.csv",
        "schools/roll.csv",
        "schools/attendance.csv",
        "schools/exclusions.csv",
        "housing/tenancies.csv",
        "housing/evictions.csv",
        "housing/homelessness.csv",
    ):
        with (out / rel).open(newline="") as fh:
            rows = list(csv.reader(fh))
        assert len(rows) >= 1 and all(len(r) == len(rows[0]) for r in rows), rel
    for rel in ("hospital/ae_attendances.jsonl", "immigration/status_events.jsonl"):
        lines = (out / rel).read_text().splitlines()
        assert lines and all(isinstance(json.loads(x), dict) for x in lines)
    for rel in (
        "benefits/claims.parquet",
        "benefits/sanctions.parquet",
        "benefits/address_changes.parquet",
    ):
        assert pq.read_table(out / rel).num_rows > 0
    with closing(sqlite3.connect(out / "social_care/csc.sqlite")) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "person",
        "family_case",
        "case_member",
        "referral",
        "assessment",
        "cp_plan",
        "visit",
        "return_interview",
    } <= tables


def test_every_main_extract_has_rows(run: tuple[Path, SynthSummary]) -> None:
    out, _ = run
    empty = [n for n in SOURCES if n != "housing.evictions" and not read_extract(out, n)]
    assert empty == []


def test_labels_cover_every_record_exactly_once(run: tuple[Path, SynthSummary]) -> None:
    out, _ = run
    with (out / "labels/records.csv").open(newline="") as fh:
        labels = list(csv.DictReader(fh))
    people = {r["person_id"] for r in csv.DictReader((out / "labels/people.csv").open())}
    by_source: dict[str, list[str]] = {}
    for r in labels:
        by_source.setdefault(r["source"], []).append(r["record_key"])
        assert r["person_id"] in people
    assert set(by_source) == set(SOURCES)
    for name in SOURCES:
        keys = [record_key(name, row) for row in read_extract(out, name)]
        assert len(set(keys)) == len(keys), f"{name}: key columns not unique"
        assert Counter(keys) == Counter(by_source[name]), name


def test_identifiers_only_where_agencies_hold_them(run: tuple[Path, SynthSummary]) -> None:
    out, _ = run
    police = read_extract(out, "police.incidents")
    assert not any(k for k in police[0] if "nhs" in k.lower() or "nino" in k.lower())
    for name in ("gp.registrations", "hospital.ae_attendances"):
        field = "nhs_number" if name.startswith("gp") else "nhsNumber"
        values = [r[field] for r in read_extract(out, name)]
        present = [v.replace(" ", "") for v in values if v]
        assert 0.85 < len(present) / len(values) < 1.0
        assert all(nhs_check_digit(v[:9]) == int(v[9]) for v in present)
    upns = [r["UPN"] for r in read_extract(out, "schools.roll")]
    assert all(upn_check_letter(u[1:]) == u[0] for u in upns)
    claims = read_extract(out, "benefits.claims")
    assert all(r["NINO"] for r in claims)
    dobs = {
        r["person_id"]: date.fromisoformat(r["date_of_birth"])
        for r in csv.DictReader((out / "labels/people.csv").open())
    }
    nino_people = {
        r["person_id"] for r in csv.DictReader((out / "labels/people.csv").open()) if r["ni_number"]
    }
    assert all((AS_OF - dobs[p]).days >= 16 * 365 for p in nino_people)
    imm = read_extract(out, "immigration.status_events")
    assert not any("nhs" in k for k in imm[0])


def test_every_incident_carries_one_outcome_fixed_by_its_reference(
    run: tuple[Path, SynthSummary],
) -> None:
    """The police outcome (issue 16) comes from a stable hash of the incident reference, not
    from the shared random stream: the same on every row of an incident, the same whatever
    else was generated, and one the incident's kind can have."""
    out, _ = run
    rows = read_extract(out, "police.incidents")
    by_incident: dict[str, set[str]] = {}
    for r in rows:
        by_incident.setdefault(r["IncidentRef"], set()).add(r["Outcome"])
        assert r["Outcome"] == incident_outcome(r["IncidentRef"], r["IncidentType"])
        assert r["Outcome"] in OUTCOMES.get(r["IncidentType"], OTHER_OUTCOMES)
    assert all(len(found) == 1 for found in by_incident.values())
    outcomes = Counter(next(iter(found)) for found in by_incident.values())
    assert len(outcomes) >= 5  # a realistic spread, not one value
    assert {"Non-crime incident recorded", "Outcome 1: Charged/Summonsed"} <= set(outcomes)


def test_an_incident_outcome_depends_on_its_reference_and_kind_only() -> None:
    assert incident_outcome("WY-2024-0000001", "ASSAULT") == incident_outcome(
        "WY-2024-0000001", "ASSAULT"
    )
    assert incident_outcome("WY-2024-0000002", "MISSING PERSON") == "Non-crime incident recorded"
    spread = {incident_outcome(f"WY-2024-{n:07d}", "DOMESTIC ABUSE") for n in range(200)}
    assert spread == set(OUTCOMES["DOMESTIC ABUSE"])
