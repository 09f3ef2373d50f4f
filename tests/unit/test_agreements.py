"""Sharing agreements are data, checked at start-up with pointed errors (file, key, problem)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from touchpoint.graph_model.access.agreements import AGREEMENTS_DIR, CORE_ROLES, load_agreements
from touchpoint.graph_model.model.errors import ConfigError

SHIPPED = {p.name: yaml.safe_load(p.read_text()) for p in AGREEMENTS_DIR.glob("*.yml")}


def write_set(tmp_path: Path, files: dict[str, Any]) -> Path:
    for name, data in files.items():
        (tmp_path / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return tmp_path


def errors_for(tmp_path: Path, edit: Any) -> str:
    files = copy.deepcopy(SHIPPED)
    edit(files)
    with pytest.raises(ConfigError) as info:
        load_agreements(write_set(tmp_path, files))
    return str(info.value)


def test_the_shipped_agreements_are_valid_and_govern_the_core_and_agency_roles() -> None:
    agreements = load_agreements()
    assert set(CORE_ROLES) | {"health_liaison"} <= set(agreements.roles)
    assert {a.agreement for a in agreements.agreements} == {"mash_isa", "health_isa"}


def test_a_health_liaison_sees_diagnoses_and_an_analyst_sees_a_withheld_notice() -> None:
    agreements = load_agreements()
    liaison, analyst = agreements.grant("health_liaison"), agreements.grant("analyst")
    assert "description" in liaison.visible_fields["hospital"]
    assert "description" not in analyst.visible_fields["hospital"]
    assert analyst.withheld_text["hospital"] == "health detail withheld under this agreement"
    assert "immigration" not in analyst.visible_agencies


def test_event_types_may_name_a_whole_category_or_one_type() -> None:
    liaison = load_agreements().grant("health_liaison")
    pairs = set(liaison.visible_event_types)
    assert ("police_incident", "domestic_abuse") in pairs
    assert ("police_incident", "assault") not in pairs
    assert ("ae_attendance", "self_harm") in pairs


def test_grant_params_are_the_cypher_parameters_access_queries_declare() -> None:
    params = load_agreements().grant("analyst").params()
    assert set(params) == {
        "visible_agencies", "visible_event_types", "visible_fields", "withheld_text", "agreement"
    }  # fmt: skip
    assert params["agreement"] == "mash_isa"


def test_an_unknown_role_is_refused_by_name() -> None:
    with pytest.raises(ConfigError, match="'burglar' is governed by no sharing agreement"):
        load_agreements().grant("burglar")


def test_an_unknown_agency_names_file_key_and_the_allowed_values(tmp_path: Path) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["mash.yml"]["roles"]["analyst"]["agencies"].append("mi5")

    message = errors_for(tmp_path, edit)
    assert "mash.yml: roles.analyst.agencies: 'mi5' is not an agency in vocabulary.yml" in message


def test_an_unknown_event_type_and_detail_field_are_both_reported(tmp_path: Path) -> None:
    def edit(files: dict[str, Any]) -> None:
        role = files["health.yml"]["roles"]["health_liaison"]
        role["event_types"].append("ae_attendance.broken_leg")
        role["fields"]["gp"].append("diagnosis_code")

    message = errors_for(tmp_path, edit)
    assert "health.yml: roles.health_liaison.event_types: 'ae_attendance.broken_leg'" in message
    assert "health.yml: roles.health_liaison.fields.gp: 'diagnosis_code' is not a detail" in message


def test_granting_fields_or_events_of_an_invisible_agency_is_a_contradiction(
    tmp_path: Path,
) -> None:
    def edit(files: dict[str, Any]) -> None:
        role = files["mash.yml"]["roles"]["analyst"]
        role["fields"]["immigration"] = ["description"]
        role["event_types"] = ["immigration_status"]

    message = errors_for(tmp_path, edit)
    assert "roles.analyst.fields.immigration: grants fields of an agency the role cannot" in message
    assert "roles.analyst.event_types: 'immigration_status' is recorded by immigration" in message


def test_a_role_governed_by_two_agreements_is_refused(tmp_path: Path) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["health.yml"]["roles"]["analyst"] = files["mash.yml"]["roles"]["analyst"]

    assert "roles.analyst: role already governed by agreement" in errors_for(tmp_path, edit)


def test_missing_legal_basis_and_typo_keys_are_pointed_out(tmp_path: Path) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["mash.yml"]["legal_basis"] = []
        files["mash.yml"]["roles"]["admin"]["agencys"] = "*"

    message = errors_for(tmp_path, edit)
    assert "mash.yml: legal_basis:" in message
    assert "mash.yml: roles.admin.agencys: unknown key (typo?)" in message


def test_a_missing_core_role_stops_start_up(tmp_path: Path) -> None:
    def edit(files: dict[str, Any]) -> None:
        del files["mash.yml"]["roles"]["hub_staff"]

    assert "core role(s) hub_staff declared nowhere" in errors_for(tmp_path, edit)


def test_an_empty_agreements_directory_refuses_every_read(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no sharing agreements"):
        load_agreements(tmp_path)


def test_narrative_notes_of_health_agencies_go_only_to_roles_with_health_detail() -> None:
    agreements = load_agreements()
    health = ("gp", "hospital", "community_health")
    for role in agreements.roles:
        grant = agreements.grant(role)
        sees_health_detail = any("description" in grant.visible_fields.get(a, ()) for a in health)
        for agency in health:
            if "notes" in grant.visible_fields.get(agency, ()):
                assert sees_health_detail, (role, agency)
    assert "notes" in agreements.grant("health_liaison").visible_fields["community_health"]
    assert "notes" in agreements.grant("hub_staff").visible_fields["police"]
    assert "notes" not in agreements.grant("hub_staff").visible_fields["gp"]
    assert "notes" not in agreements.grant("analyst").visible_fields["hospital"]
    assert "notes" not in agreements.grant("admin").visible_fields["police"]
