"""The children's histories written as each standard's files, columns exactly as published
(``specs.py``): the SSD's tables, the SSDA903 CSVs, the CIN census tables."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from touchpoint.synth.standards.history import SOURCES, Child
from touchpoint.synth.standards.specs import (
    CIN_CENSUS,
    SSD,
    SSD_ADDRESS_JSON_KEYS,
    SSD_CONTACT_OUTCOME_KEYS,
    SSDA903,
)

Row = dict[str, Any]


def write_tables(folder: Path, spec: dict[str, tuple[str, ...]], rows: dict[str, list[Row]],
                 ) -> dict[str, int]:  # fmt: skip
    """One CSV per table, header exactly the spec's columns; returns file → rows."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, columns in spec.items():
        path = folder / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="raise")
            writer.writeheader()
            for row in rows.get(table, []):
                writer.writerow({k: _text(row.get(k)) for k in columns})
        counts[f"{folder.name}/{path.name}"] = len(rows.get(table, []))
    return counts


def ssd_rows(children: list[Child]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {table: [] for table in SSD}
    for c in children:
        pid = c.child_id
        out["ssd_person"].append({
            "pers_person_id": pid, "pers_forename": c.forename, "pers_surname": c.surname,
            "pers_sex": c.sex, "pers_gender": "01" if c.sex == "M" else "02",
            "pers_ethnicity": "WBRI", "pers_dob": c.dob, "pers_common_child_id": c.nhs_number,
            "pers_legacy_id": pid, "pers_upn_unknown": "", "pers_send_flag": "N",
            "pers_is_mother": "N", "pers_nationality": "United Kingdom"})  # fmt: skip
        out["ssd_family"].append({"fami_table_id": f"F-{pid}", "fami_family_id": c.family_id,
                                  "fami_person_id": pid})  # fmt: skip
        address = dict.fromkeys(SSD_ADDRESS_JSON_KEYS, "") | c.address
        out["ssd_address"].append({
            "addr_table_id": f"A-{pid}", "addr_address_json": json.dumps(address),
            "addr_person_id": pid, "addr_address_type": "Home",
            "addr_address_start_date": c.dob,
            "addr_address_postcode": c.postcode.replace(" ", "")})  # fmt: skip
        for n, r in enumerate(c.referrals, start=1):
            _ssd_referral(out, pid, f"{pid}-R{n}", r)
        for n, (start, end, _legal, _place) in enumerate(c.looked_after, start=1):
            out["ssd_cla_episodes"].append({
                "clae_cla_episode_id": f"{pid}-E{n}", "clae_person_id": pid,
                "clae_cla_episode_start_date": start, "clae_cla_episode_start_reason": "S",
                "clae_cla_primary_need_code": "N1", "clae_cla_episode_ceased_date": end,
                "clae_cla_id": f"{pid}-CLA", "clae_entered_care_date": start})  # fmt: skip
        for n, m in enumerate(c.missing, start=1):
            out["ssd_missing"].append({
                "miss_table_id": f"{pid}-M{n}", "miss_person_id": pid,
                "miss_missing_episode_start_date": m.start,
                "miss_missing_episode_type": "Missing" if m.kind == "M" else "Away",
                "miss_missing_episode_end_date": m.end, "miss_missing_rhi_offered": m.rhi_offered,
                "miss_missing_rhi_accepted": m.rhi_accepted})  # fmt: skip
        if c.care_leaver:
            out["ssd_care_leavers"].append({
                "clea_table_id": f"L-{pid}", "clea_person_id": pid,
                "clea_care_leaver_eligibility": "Relevant", "clea_care_leaver_in_touch": "YES",
                "clea_care_leaver_latest_contact": c.looked_after[0][0],
                "clea_care_leaver_accommodation": "Semi-independent",
                "clea_care_leaver_accom_suitable": "Suitable",
                "clea_care_leaver_activity": "F2"})  # fmt: skip
    return out


def _ssd_referral(out: dict[str, list[Row]], pid: str, ref: str, r: Any) -> None:
    outcome = dict.fromkeys(SSD_CONTACT_OUTCOME_KEYS, "N") | {"NEW_REFERRAL_FLAG": "Y"}
    out["ssd_contacts"].append({
        "cont_contact_id": f"{ref}-C", "cont_person_id": pid, "cont_contact_date": r.date,
        "cont_contact_source_code": r.source, "cont_contact_source_desc": SOURCES[r.source],
        "cont_contact_outcome_json": json.dumps(outcome)})  # fmt: skip
    out["ssd_cin_episodes"].append({
        "cine_referral_id": ref, "cine_person_id": pid, "cine_referral_date": r.date,
        "cine_cin_primary_need_code": r.need, "cine_referral_source_code": r.source,
        "cine_referral_source_desc": SOURCES[r.source], "cine_referral_nfa": "N",
        "cine_close_reason": "RC8" if r.closed else "", "cine_close_date": r.closed})  # fmt: skip
    if r.assessment:
        out["ssd_cin_assessments"].append({
            "cina_assessment_id": f"{ref}-A", "cina_person_id": pid, "cina_referral_id": ref,
            "cina_assessment_start_date": r.assessment[0], "cina_assessment_child_seen": "Y",
            "cina_assessment_auth_date": r.assessment[1],
            "cina_assessment_outcome_nfa": "N"})  # fmt: skip
    if r.s47:
        out["ssd_s47_enquiry"].append({
            "s47e_s47_enquiry_id": f"{ref}-S", "s47e_referral_id": ref, "s47e_person_id": pid,
            "s47e_s47_start_date": r.s47[0], "s47e_s47_end_date": r.s47[1],
            "s47e_s47_nfa": "N"})  # fmt: skip
    for n, plan in enumerate(r.plans, start=1):
        plan_id = f"{ref}-P{n}"
        if plan.kind == "cp":
            out["ssd_cp_plans"].append({
                "cppl_cp_plan_id": plan_id, "cppl_referral_id": ref, "cppl_person_id": pid,
                "cppl_cp_plan_start_date": plan.start, "cppl_cp_plan_end_date": plan.end,
                "cppl_cp_plan_initial_category": plan.category, "cppl_cp_plan_ola": "N",
                "cppl_cp_plan_latest_category": plan.category})  # fmt: skip
        else:
            out["ssd_cin_plans"].append({
                "cinp_cin_plan_id": plan_id, "cinp_referral_id": ref, "cinp_person_id": pid,
                "cinp_cin_plan_start_date": plan.start,
                "cinp_cin_plan_end_date": plan.end})  # fmt: skip
        for v, day in enumerate(plan.visits, start=1):
            if plan.kind == "cp":
                out["ssd_cp_visits"].append({
                    "cppv_cp_visit_id": f"{plan_id}-V{v}", "cppv_person_id": pid,
                    "cppv_cp_plan_id": plan_id, "cppv_cp_visit_date": day,
                    "cppv_cp_visit_seen": "Y", "cppv_cp_visit_seen_alone": "N",
                    "cppv_cp_visit_bedroom": "Y"})  # fmt: skip
            else:
                out["ssd_cin_visits"].append({
                    "cinv_cin_visit_id": f"{plan_id}-V{v}", "cinv_person_id": pid,
                    "cinv_cin_visit_date": day, "cinv_cin_visit_seen": "Y",
                    "cinv_cin_visit_seen_alone": "N", "cinv_cin_visit_bedroom": "N"})  # fmt: skip


def ssda903_rows(children: list[Child]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {table: [] for table in SSDA903}
    for c in children:
        if not c.looked_after:
            continue  # the return covers looked-after children only
        dob = _dmy(c.dob)
        out["header"].append({"CHILD": c.child_id, "SEX": "1" if c.sex == "M" else "2",
                              "DOB": dob, "ETHNIC": "WBRI", "UPN": c.upn})  # fmt: skip
        for start, end, legal, place in c.looked_after:
            out["episodes"].append({
                "CHILD": c.child_id, "DECOM": _dmy(start), "RNE": "S", "LS": legal, "CIN": "N1",
                "PLACE": place, "PLACE_PROVIDER": "PR1", "DEC": _dmy(end),
                "REC": "X1" if end else "", "HOME_POST": c.postcode,
                "URN": "SC123456"})  # fmt: skip
        for m in c.missing:
            out["missing"].append({"CHILD": c.child_id, "DOB": dob, "MISSING": m.kind,
                                   "MIS_START": _dmy(m.start), "MIS_END": _dmy(m.end)})  # fmt: skip
    return out


def cin_census_rows(children: list[Child]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {table: [] for table in CIN_CENSUS}
    for c in children:
        if not c.referrals:
            continue
        cid = c.child_id
        out["ChildIdentifiers"].append({"LAchildID": cid, "UPN": c.upn,
                                        "PersonBirthDate": c.dob, "Sex": c.sex})  # fmt: skip
        out["ChildCharacteristics"].append({"LAchildID": cid, "Ethnicity": "WBRI"})
        for n, r in enumerate(c.referrals, start=1):
            details = f"{n}"
            for row in _cin_referral(cid, details, r):
                out[row.pop("_table")].append(row)
    return out


def _cin_referral(cid: str, details: str, r: Any) -> Iterator[Row]:
    base = {"LAchildID": cid, "CINdetailsID": details}
    yield {"_table": "CINdetails", **base, "CINreferralDate": r.date,
           "ReferralSource": r.source, "PrimaryNeedCode": r.need, "CINclosureDate": r.closed,
           "ReasonForClosure": "RC8" if r.closed else "", "ReferralNFA": "false"}  # fmt: skip
    if r.assessment:
        yield {"_table": "Assessments", **base, "AssessmentID": f"{details}-1",
               "AssessmentActualStartDate": r.assessment[0],
               "AssessmentAuthorisationDate": r.assessment[1],
               "AssessmentFactors": "1C,RB"}  # fmt: skip
    if r.s47:
        yield {"_table": "Section47", **base, "S47ActualStartDate": r.s47[0],
               "InitialCPCtarget": r.s47[1], "ICPCnotRequired": "false"}  # fmt: skip
    for n, plan in enumerate(r.plans, start=1):
        if plan.kind == "cin":
            yield {"_table": "CINplanDates", **base, "CINPlanStartDate": plan.start,
                   "CINPlanEndDate": plan.end}  # fmt: skip
            continue
        cpp = f"{details}-{n}"
        yield {"_table": "ChildProtectionPlans", **base, "CPPID": cpp,
               "CPPstartDate": plan.start, "CPPendDate": plan.end,
               "InitialCategoryOfAbuse": plan.category, "LatestCategoryOfAbuse": plan.category,
               "NumberOfPreviousCPP": "0"}  # fmt: skip


def _dmy(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)
