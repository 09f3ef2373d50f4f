"""Planted scenarios are labelled and really visible in the agency extracts."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from touchpoint.synth import AS_OF, generate
from touchpoint.synth.catalog import SOURCES, read_extract, record_key
from touchpoint.synth.scenarios import SCENARIOS


class Data:
    """Extract rows grouped by true person, via labels/records.csv."""

    def __init__(self, root: Path) -> None:
        self.root = root
        owner = {
            (r["source"], r["record_key"]): r["person_id"]
            for r in csv.DictReader((root / "labels/records.csv").open())
        }
        self.rows: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for name in SOURCES:
            for row in read_extract(root, name):
                self.rows[name][owner[(name, record_key(name, row))]].append(row)
        self.scenarios: dict[str, set[str]] = defaultdict(set)
        for r in csv.DictReader((root / "labels/scenarios.csv").open()):
            self.scenarios[r["scenario"]].add(r["person_id"])

    def of(self, source: str, pid: str) -> list[dict[str, Any]]:
        return self.rows[source].get(pid, [])


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Data:
    out = tmp_path_factory.mktemp("synth_scen")
    generate(out, 2500, seed=5, scenario_rate=0.25)
    return Data(out)


def _police_dt(s: str) -> datetime:
    return datetime.strptime(s, "%d/%m/%Y %H:%M")


def test_every_scenario_kind_is_planted_and_labelled(data: Data) -> None:
    assert {s.name for s in SCENARIOS} <= set(data.scenarios)


def test_missing_from_education_child_is_on_no_roll_but_known_elsewhere(data: Data) -> None:
    for pid in data.scenarios["missing_from_education"]:
        assert data.of("schools.roll", pid) == []
        assert data.of("schools.attendance", pid) == []
        known = sum(len(data.of(s, pid)) for s in SOURCES if not s.startswith("schools"))
        assert known > 0


def test_no_gp_and_immigration_only_children_have_no_health_records(data: Data) -> None:
    for pid in data.scenarios["no_gp_registration"]:
        assert data.of("gp.registrations", pid) == []
    for pid in data.scenarios["immigration_only"]:
        assert data.of("immigration.status_events", pid)
        for s in (
            "gp.registrations",
            "gp.consultations",
            "hospital.ae_attendances",
            "schools.roll",
        ):
            assert data.of(s, pid) == [], s


def test_child_withdrawn_to_ehe_while_cp_plan_open(data: Data) -> None:
    for pid in data.scenarios["ehe_during_cp"]:
        ehe = [r for r in data.of("schools.roll", pid) if r["EHE"] == "Y"]
        left = datetime.strptime(ehe[0]["LeavingDate"], "%d-%b-%Y").date()
        plans = data.of("social_care.cp_plan", pid)
        assert any(date.fromisoformat(p["start_date"]) < left and not p["end_date"] for p in plans)


def test_open_cp_plan_without_visit_for_over_60_days(data: Data) -> None:
    for pid in data.scenarios["cp_plan_no_visit"]:
        open_plans = [p for p in data.of("social_care.cp_plan", pid) if not p["end_date"]]
        visits = [
            v
            for v in data.of("social_care.visit", pid)
            if v["plan_id"] in {p["plan_id"] for p in open_plans}
        ]
        last = max(date.fromisoformat(v["visit_date"]) for v in visits)
        assert (AS_OF - last).days > 60


def test_domestic_abuse_with_child_present_has_no_school_notification(data: Data) -> None:
    notified = {
        (r["IncidentRef"])
        for rows in data.rows["police.encompass_notifications"].values()
        for r in rows
    }
    for pid in data.scenarios["da_no_notification"]:
        da = [
            r
            for r in data.of("police.incidents", pid)
            if r["IncidentType"] == "DOMESTIC ABUSE" and r["Role"] == "CHILD PRESENT"
        ]
        assert any(r["IncidentRef"] not in notified for r in da)


def test_repeated_missing_three_episodes_in_30_days(data: Data) -> None:
    for pid in data.scenarios["repeated_missing"]:
        times = sorted(
            _police_dt(r["ReportedDateTime"])
            for r in data.of("police.incidents", pid)
            if r["IncidentType"] == "MISSING PERSON"
        )
        assert any(b - a <= timedelta(days=30) for a, b in zip(times, times[2:], strict=False))


def test_missing_episode_without_timely_return_interview(data: Data) -> None:
    for pid in data.scenarios["missing_no_return_interview"]:
        ris = data.of("social_care.return_interview", pid)
        assert any(
            r["interview_date"] is None
            or (
                date.fromisoformat(r["interview_date"]) - date.fromisoformat(r["missing_date"])
            ).days
            > 3
            for r in ris
        )


def test_criminal_exploitation_links_child_to_drug_supply_adult(data: Data) -> None:
    suppliers = {
        pid
        for pid, rows in data.rows["police.incidents"].items()
        if any(r["IncidentType"] == "DRUGS - SUPPLY" and r["Role"] == "SUSPECT" for r in rows)
    }
    by_incident: dict[str, set[str]] = defaultdict(set)
    for pid, rows in data.rows["police.incidents"].items():
        for r in rows:
            by_incident[r["IncidentRef"]].add(pid)
    for pid in data.scenarios["criminal_exploitation"]:
        rows = data.of("police.incidents", pid)
        assert any(r["IncidentType"] == "MISSING PERSON" for r in rows)
        assert data.of("schools.exclusions", pid)
        linked = set().union(*(by_incident[r["IncidentRef"]] for r in rows)) - {pid}
        assert linked & suppliers


def test_under_five_with_three_injury_attendances_in_a_year(data: Data) -> None:
    for pid in data.scenarios["ae_injuries_under5"]:
        inj = sorted(
            datetime.fromisoformat(r["arrivalDateTime"])
            for r in data.of("hospital.ae_attendances", pid)
            if r["attendanceCategory"] == "injury"
        )
        assert any(c - a <= timedelta(days=365) for a, c in zip(inj, inj[2:], strict=False))


def test_background_rarely_but_possibly_leaves_school_age_children_unrolled(data: Data) -> None:
    people = list(csv.DictReader((data.root / "labels/people.csv").open()))
    planted = set().union(*data.scenarios.values())
    school_age = [
        p["person_id"]
        for p in people
        if p["household_role"] == "child"
        and 6 <= (AS_OF - date.fromisoformat(p["date_of_birth"])).days // 365 <= 15
        and p["person_id"] not in planted
    ]
    unrolled = [pid for pid in school_age if not data.of("schools.roll", pid)]
    assert len(unrolled) / len(school_age) < 0.01


def test_frequent_movers_were_born_before_three_household_moves_in_a_year(data: Data) -> None:
    people = {r["person_id"]: r for r in csv.DictReader((data.root / "labels/people.csv").open())}
    starts: dict[str, list[date]] = defaultdict(list)
    for r in csv.DictReader((data.root / "labels/residences.csv").open()):
        starts[r["household_id"]].append(date.fromisoformat(r["from_date"]))
    assert data.scenarios["frequent_moves"]
    for pid in data.scenarios["frequent_moves"]:
        person = people[pid]
        born = date.fromisoformat(person["date_of_birth"])
        moves = sorted(s for s in starts[person["household_id"]][1:] if s > born)
        in_a_year = [moves[i + 2] - moves[i] <= timedelta(days=365) for i in range(len(moves) - 2)]
        assert any(in_a_year), pid


def test_issue_17_scenarios_and_near_misses_are_visible_in_the_extracts(data: Data) -> None:
    from touchpoint.synth.scenarios_more import MORE_SCENARIOS

    assert {s.name for s in MORE_SCENARIOS} <= set(data.scenarios)
    contacts = lambda pid: data.of("community_health.contacts", pid)  # noqa: E731
    for pid in data.scenarios["injury_concerns_under_two"]:
        notes = [r["Notes"] for r in contacts(pid) if r["ContactType"] == "CONTACT"]
        assert any("bruis" in n.lower() for n in notes)
        assert any(r["clinicalNotes"] for r in data.of("hospital.ae_attendances", pid))
    for pid in data.scenarios["missing_linked_to_exploitation"]:
        rows = data.of("police.incidents", pid)
        found = [r for r in rows if r["IncidentType"] == "FOUND MISSING PERSON"]
        missing = [r for r in rows if r["IncidentType"] == "MISSING PERSON"]
        assert found and missing and found[0]["EpisodeRef"] == missing[0]["EpisodeRef"]
    told = {"da_under_five_no_health_visiting": False,
            "nearmiss_da_under_five_no_health_visiting": True}  # fmt: skip
    for scenario, notified in told.items():
        for pid in data.scenarios[scenario]:
            ref = next(r for r in data.of("police.incidents", pid)
                       if r["IncidentType"] == "DOMESTIC ABUSE")["IncidentRef"]  # fmt: skip
            said = [r for r in contacts(pid) if r["Notes"] == f"Police notification {ref}"]
            assert bool(said) is notified, (scenario, pid)
