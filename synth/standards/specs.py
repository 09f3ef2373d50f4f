"""Field lists of the published children's social care data standards, transcribed in order.

Each generator writes exactly these columns and each pack mapping (loaders/packs/) reads only
these, so a council's real returns and our synthetic ones have one shape. Sources (public
repositories, read at the commits given):

* **Standard Safeguarding Dataset (SSD)** — ``data-to-insight/ssd-data-model``,
  ``docs/admin/data_objects_specification.csv`` (last changed in commit
  f90b28d3e1ecec0c20eb53b1aaab2ac7c05aefec, 2025-08-18; repository HEAD read:
  4987c73f5369395fa873397277fb8a66e9aa5243). Columns ``object_name``, ``field_name``,
  ``item_ref``; JSON structures (``addr_address_json``, ``*_outcome_json``) from its
  ``guidance`` column. Missing-episode RHI codes Y/N/NA from ``expected_data``.
* **SSDA903 (children looked after return)** — ``data-to-insight/csc-validator-be-903``,
  ``lac_validator/config.py`` ``column_names`` (commit
  10ad07c513aa07bd8fffc928d57ae9918a70ae07), which the DfE-format CSVs are checked against;
  the same headers are in ssd-data-model
  ``admin/tools-ssd_dfe_returns/ssda903_sqlserver-ON_HOLD.sql`` (DfE technical specification
  CLA_SSDA903_2023-24 v1.1). Dates dd/mm/yyyy, SEX 1 = male, 2 = female, MISSING M / A.
* **Children in need census** — ``data-to-insight/csc-validator-be-cin``,
  ``cin_validator/ingress.py`` ``XMLtoCSV`` tables (commit
  1bf6f22e7ca906e72a7f3213e8e04d49d34d787f): the census XML as the tables the DfE validator's
  ``xmltocsv`` writes, ISO dates, categories of abuse NEG/PHY/SAB/EMO/MUL.
"""

from __future__ import annotations

SSD_VERSION = "ssd-data-model docs/admin/data_objects_specification.csv @ f90b28d3"
SSDA903_VERSION = "csc-validator-be-903 lac_validator/config.py @ 10ad07c5"
CIN_VERSION = "csc-validator-be-cin cin_validator/ingress.py @ 1bf6f22e"

SSD: dict[str, tuple[str, ...]] = {
    "ssd_person": ("pers_person_id", "pers_forename", "pers_surname", "pers_sex", "pers_gender",
                   "pers_ethnicity", "pers_dob", "pers_common_child_id", "pers_legacy_id",
                   "pers_upn_unknown", "pers_send_flag", "pers_expected_dob", "pers_death_date",
                   "pers_is_mother", "pers_nationality"),
    "ssd_family": ("fami_table_id", "fami_family_id", "fami_person_id"),
    "ssd_address": ("addr_table_id", "addr_address_json", "addr_person_id", "addr_address_type",
                    "addr_address_start_date", "addr_address_end_date", "addr_address_postcode"),
    "ssd_contacts": ("cont_contact_id", "cont_person_id", "cont_contact_date",
                     "cont_contact_source_code", "cont_contact_source_desc",
                     "cont_contact_outcome_json"),
    "ssd_cin_episodes": ("cine_referral_id", "cine_person_id", "cine_referral_date",
                         "cine_cin_primary_need_code", "cine_referral_source_code",
                         "cine_referral_source_desc", "cine_referral_outcome_json",
                         "cine_referral_nfa", "cine_close_reason", "cine_close_date",
                         "cine_referral_team", "cine_referral_worker_id"),
    "ssd_cin_assessments": ("cina_assessment_id", "cina_person_id", "cina_referral_id",
                            "cina_assessment_start_date", "cina_assessment_child_seen",
                            "cina_assessment_auth_date", "cina_assessment_outcome_json",
                            "cina_assessment_outcome_nfa", "cina_assessment_team",
                            "cina_assessment_worker_id"),
    "ssd_cin_plans": ("cinp_cin_plan_id", "cinp_referral_id", "cinp_person_id",
                      "cinp_cin_plan_start_date", "cinp_cin_plan_end_date", "cinp_cin_plan_team",
                      "cinp_cin_plan_worker_id"),
    "ssd_cin_visits": ("cinv_cin_visit_id", "cinv_person_id", "cinv_cin_visit_date",
                       "cinv_cin_visit_seen", "cinv_cin_visit_seen_alone",
                       "cinv_cin_visit_bedroom"),
    "ssd_s47_enquiry": ("s47e_s47_enquiry_id", "s47e_referral_id", "s47e_person_id",
                        "s47e_s47_start_date", "s47e_s47_end_date", "s47e_s47_nfa",
                        "s47e_s47_outcome_json", "s47e_s47_completed_by_worker_id",
                        "s47e_s47_completed_by_team"),
    "ssd_cp_plans": ("cppl_cp_plan_id", "cppl_referral_id", "cppl_icpc_id", "cppl_person_id",
                     "cppl_cp_plan_start_date", "cppl_cp_plan_end_date",
                     "cppl_cp_plan_initial_category", "cppl_cp_plan_ola",
                     "cppl_cp_plan_latest_category"),
    "ssd_cp_visits": ("cppv_cp_visit_id", "cppv_person_id", "cppv_cp_plan_id",
                      "cppv_cp_visit_date", "cppv_cp_visit_seen", "cppv_cp_visit_seen_alone",
                      "cppv_cp_visit_bedroom"),
    "ssd_cla_episodes": ("clae_cla_episode_id", "clae_person_id", "clae_cla_episode_start_date",
                         "clae_cla_episode_start_reason", "clae_cla_primary_need_code",
                         "clae_cla_episode_ceased_date", "clae_cla_episode_ceased_reason",
                         "clae_cla_id", "clae_referral_id", "clae_cla_placement_id",
                         "clae_entered_care_date", "clae_cla_last_iro_contact_date"),
    "ssd_missing": ("miss_table_id", "miss_person_id", "miss_missing_episode_start_date",
                    "miss_missing_episode_type", "miss_missing_episode_end_date",
                    "miss_missing_rhi_offered", "miss_missing_rhi_accepted"),
    "ssd_care_leavers": ("clea_table_id", "clea_person_id", "clea_care_leaver_eligibility",
                         "clea_care_leaver_in_touch", "clea_care_leaver_latest_contact",
                         "clea_care_leaver_accommodation", "clea_care_leaver_accom_suitable",
                         "clea_care_leaver_activity", "clea_pathway_plan_review_date",
                         "clea_care_leaver_personal_advisor", "clea_care_leaver_allocated_team",
                         "clea_care_leaver_worker_id"),
}  # fmt: skip
SSD_ADDRESS_JSON_KEYS = ("ROOM", "FLOOR", "FLAT", "BUILDING", "HOUSE", "STREET", "TOWN", "UPRN",
                         "EASTING", "NORTHING")  # fmt: skip
SSD_CONTACT_OUTCOME_KEYS = ("NEW_REFERRAL_FLAG", "EXISTING_REFERRAL_FLAG", "CP_ENQUIRY_FLAG",
                            "NFA_FLAG", "NON_AGENCY_ADOPTION_FLAG", "PRIVATE_FOSTERING_FLAG",
                            "ADVICE_FLAG", "MISSING_FLAG", "OLA_CP_FLAG",
                            "OTHER_OUTCOMES_EXIST_FLAG")  # fmt: skip

SSDA903: dict[str, tuple[str, ...]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                 "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
    "missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
}  # fmt: skip

CIN_CENSUS: dict[str, tuple[str, ...]] = {
    "ChildIdentifiers": ("LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate",
                         "ExpectedPersonBirthDate", "GenderCurrent", "Sex", "PersonDeathDate"),
    "ChildCharacteristics": ("LAchildID", "Ethnicity"),
    "CINdetails": ("LAchildID", "CINdetailsID", "CINreferralDate", "ReferralSource",
                   "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC",
                   "ReferralNFA"),
    "Assessments": ("LAchildID", "CINdetailsID", "AssessmentID", "AssessmentActualStartDate",
                    "AssessmentInternalReviewDate", "AssessmentAuthorisationDate",
                    "AssessmentFactors"),
    "CINplanDates": ("LAchildID", "CINdetailsID", "CINPlanStartDate", "CINPlanEndDate"),
    "Section47": ("LAchildID", "CINdetailsID", "S47ActualStartDate", "InitialCPCtarget",
                  "DateOfInitialCPC", "ICPCnotRequired"),
    "ChildProtectionPlans": ("LAchildID", "CINdetailsID", "CPPID", "CPPstartDate", "CPPendDate",
                             "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
                             "NumberOfPreviousCPP"),
    "Reviews": ("LAchildID", "CINdetailsID", "CPPID", "CPPreviewDate"),
}  # fmt: skip
STANDARDS = {"ssd": SSD, "ssda903": SSDA903, "cin_census": CIN_CENSUS}
