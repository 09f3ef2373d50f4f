"""Children's social care case-management export: a SQLite database, ISO dates as TEXT.

CSC knows whole families: every referral opens a case whose members (with their
relationship to the subject child) are persons in the `person` table. Duplicate person
records are a well-known CSC data-quality problem, so they occur here too.
"""

from __future__ import annotations

from touchpoint.synth.config import AS_OF, iso
from touchpoint.synth.population import Household, Person, relationship
from touchpoint.synth.sources import Source
from touchpoint.synth.writers import Sink, SqliteDb

DDL = """
CREATE TABLE person (person_id TEXT PRIMARY KEY, forename TEXT, middle_names TEXT,
  surname TEXT, dob TEXT, gender TEXT, nhs_number TEXT, upn TEXT, address TEXT,
  postcode TEXT);
CREATE TABLE family_case (case_id TEXT PRIMARY KEY, opened_date TEXT, closed_date TEXT);
CREATE TABLE case_member (case_id TEXT, person_id TEXT, relationship TEXT,
  is_subject INTEGER, PRIMARY KEY (case_id, person_id));
CREATE TABLE referral (referral_id TEXT PRIMARY KEY, case_id TEXT, child_person_id TEXT,
  referral_date TEXT, referral_source TEXT, primary_reason TEXT, outcome TEXT);
CREATE TABLE assessment (assessment_id TEXT PRIMARY KEY, referral_id TEXT,
  child_person_id TEXT, assessment_type TEXT, start_date TEXT, completed_date TEXT);
CREATE TABLE cp_plan (plan_id TEXT PRIMARY KEY, referral_id TEXT, child_person_id TEXT,
  start_date TEXT, end_date TEXT, category TEXT);
CREATE TABLE visit (visit_id TEXT PRIMARY KEY, plan_id TEXT, child_person_id TEXT,
  visit_date TEXT, seen_alone INTEGER);
CREATE TABLE return_interview (interview_id TEXT PRIMARY KEY, child_person_id TEXT,
  police_ref TEXT, missing_date TEXT, interview_date TEXT, status TEXT);
"""
_REL = {"parent": "parent", "sibling": "sibling", "carer": "partner", "grandparent": "carer"}


class SocialCareSource(Source):
    def open(self) -> list[Sink]:
        self.db = SqliteDb(self.root, "social_care/csc.sqlite", DDL)
        t = self.db.table
        self.person = t(
            "person",
            (
                "person_id",
                "forename",
                "middle_names",
                "surname",
                "dob",
                "gender",
                "nhs_number",
                "upn",
                "address",
                "postcode",
            ),
        )
        self.case = t("family_case", ("case_id", "opened_date", "closed_date"))
        self.member = t("case_member", ("case_id", "person_id", "relationship", "is_subject"))
        self.referral = t(
            "referral",
            (
                "referral_id",
                "case_id",
                "child_person_id",
                "referral_date",
                "referral_source",
                "primary_reason",
                "outcome",
            ),
        )
        self.assessment = t(
            "assessment",
            (
                "assessment_id",
                "referral_id",
                "child_person_id",
                "assessment_type",
                "start_date",
                "completed_date",
            ),
        )
        self.plan = t(
            "cp_plan",
            ("plan_id", "referral_id", "child_person_id", "start_date", "end_date", "category"),
        )
        self.visit = t(
            "visit", ("visit_id", "plan_id", "child_person_id", "visit_date", "seen_alone")
        )
        self.ri = t(
            "return_interview",
            (
                "interview_id",
                "child_person_id",
                "police_ref",
                "missing_date",
                "interview_date",
                "status",
            ),
        )
        return [self.db]

    def _pid(self, hh: Household, p: Person, written: set[str]) -> str:
        """CSC person id for `p`, writing the person row(s) the first time."""
        recs = self.local_id("csc", p, "LCS", 6)
        if p.pid not in written:
            written.add(p.pid)
            noise = self.noise
            addr = hh.address_on(AS_OF) if p.hid == hh.hid else None
            for pid, v in recs:
                nhs = p.nhs if self.world.rng.random() < 0.5 else None
                upn = p.upn if self.world.rng.random() < 0.4 else None
                self.person.add(
                    (
                        pid,
                        v.first,
                        v.middle,
                        noise.surname(p, v, AS_OF),
                        iso(v.dob),
                        "Male" if p.sex == "M" else "Female",
                        nhs,
                        upn,
                        noise.address_line(addr) if addr else None,
                        noise.postcode(addr.postcode) if addr else None,
                    )
                )
                self.label("social_care.person", pid, p)
        return self.noise.pick(recs)[0]

    def emit(self, hh: Household) -> None:
        assert hh.facts is not None
        nid, rng = self.world.next_id, self.world.rng
        written: set[str] = set()
        for r in sorted(hh.facts.referrals, key=lambda x: (x.when, x.child.serial)):
            child = self._pid(hh, r.child, written)
            case_id = f"CASE{nid('case'):07d}"
            closed = r.plan_end or r.assess_end or r.when
            still_open = r.plan_start is not None and r.plan_end is None
            self.case.add((case_id, iso(r.when), None if still_open else iso(closed)))
            for m in r.members:
                mid = child if m is r.child else self._pid(hh, m, written)
                rel = "child" if m is r.child else _REL.get(relationship(r.child, m), "other")
                self.member.add((case_id, mid, rel, int(m is r.child)))
                self.label("social_care.case_member", f"{case_id}|{mid}", m)
            ref_id = f"REF{nid('referral'):07d}"
            self.referral.add((ref_id, case_id, child, iso(r.when), r.source, r.reason, r.outcome))
            self.label("social_care.referral", ref_id, r.child)
            if r.assessment:
                aid = f"ASM{nid('assessment'):07d}"
                self.assessment.add(
                    (aid, ref_id, child, r.assessment, iso(r.assess_start), iso(r.assess_end))
                )
                self.label("social_care.assessment", aid, r.child)
            if r.plan_start:
                plan_id = f"CPP{nid('plan'):07d}"
                self.plan.add(
                    (plan_id, ref_id, child, iso(r.plan_start), iso(r.plan_end), r.category)
                )
                self.label("social_care.cp_plan", plan_id, r.child)
                for d in r.visits:
                    vid = f"VIS{nid('visit'):08d}"
                    self.visit.add((vid, plan_id, child, iso(d), int(rng.random() < 0.7)))
                    self.label("social_care.visit", vid, r.child)
        for ri in hh.facts.returns:
            child = self._pid(hh, ri.child, written)
            rid = f"RHI{nid('return'):07d}"
            self.ri.add(
                (
                    rid,
                    child,
                    ri.incident.ref,
                    iso(ri.incident.when.date()),
                    iso(ri.interview),
                    ri.status,
                )
            )
            self.label("social_care.return_interview", rid, ri.child)
