"""A council extends the vocabulary in YAML, without code; the merge only ever adds."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.vocabulary import (
    VOCABULARY_FILE,
    forget_configuration,
    load_vocabulary,
    vocabulary,
)


def extra(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "council.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_agreed_additions_are_in_the_shipped_vocabulary() -> None:
    vocab = vocabulary()
    assert vocab.agencies["community_health"]["kind"] == "health"
    assert {"welfare_check", "found_missing_person", "weapons", "exploitation"} <= set(
        vocab.event_types("police_incident")
    )
    assert vocab.is_concern("police_incident", "exploitation")
    assert vocab.event_categories["school_concern"]["agency"] == "schools"
    assert vocab.is_concern("school_concern", "welfare_concern")
    assert vocab.event_types("health_visiting") == (
        "new_birth_visit", "development_review", "da_notification", "contact")  # fmt: skip
    assert "associate" in vocab.roles


def test_an_extension_adds_agencies_categories_types_and_roles(tmp_path: Path) -> None:
    path = extra(tmp_path, {
        "agencies": {"youth_justice": {"name": "Youth justice service", "kind": "youth_justice"}},
        "event_categories": {
            "yjs_intervention": {"agency": "youth_justice", "types": ["referral_order"]},
            "police_incident": {"types": ["county_lines"], "concern_types": ["county_lines"]},
        },
        "roles": ["mentor"],
    })  # fmt: skip
    vocab = load_vocabulary(VOCABULARY_FILE, path)
    assert "youth_justice" in vocab.agencies
    assert vocab.event_types("yjs_intervention") == ("referral_order",)
    assert vocab.is_concern("police_incident", "county_lines")
    assert "domestic_abuse" in vocab.event_types("police_incident")  # kept, not replaced
    assert vocab.roles[-1] == "mentor" and "victim" in vocab.roles
    assert vocab.files == (VOCABULARY_FILE, path)
    # the shipped vocabulary itself is untouched by the merge
    assert "county_lines" not in load_vocabulary(VOCABULARY_FILE).event_types("police_incident")


def test_the_extension_named_in_settings_is_the_vocabulary_in_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = extra(tmp_path, {"roles": ["appropriate_adult"]})
    monkeypatch.setenv("TOUCHPOINT_VOCABULARY_EXTRA", str(path))
    forget_configuration()
    assert "appropriate_adult" in vocabulary().roles
    monkeypatch.delenv("TOUCHPOINT_VOCABULARY_EXTRA")
    forget_configuration()
    assert "appropriate_adult" not in vocabulary().roles


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"agencies": {"police": {"name": "Police", "kind": "health"}}},
         "agencies.police: already an agency of kind 'police'"),
        ({"event_categories": {"cp_plan": {"agency": "police"}}},
         "event_categories.cp_plan.agency: belongs to 'social_care'"),
        ({"event_categories": {"new_cat": {"types": ["a"]}}},
         "event_categories.new_cat: a new category needs an agency and types"),
        ({"event_categories": {"new_cat": {"agency": "mi5", "types": ["a"]}}},
         "event_categories.new_cat.agency: 'mi5' is not an agency"),
        ({"event_categories": {"cp_plan": {"concern_types": ["x"]}}},
         "event_categories.cp_plan.concern_types: 'x' is not one of its types"),
        ({"roles": ["Bad Role"]}, "roles.Bad Role: names are lower_case_with_underscores"),
        ({"rolez": ["x"]}, "rolez: unknown section"),
        ({"event_categories": {"cp_plan": {"typez": ["x"]}}},
         "event_categories.cp_plan.typez: unknown key (typo?)"),
    ],
)  # fmt: skip
def test_an_extension_that_would_change_a_meaning_is_refused_with_file_and_key(
    tmp_path: Path, data: dict, expected: str
) -> None:
    path = extra(tmp_path, data)
    with pytest.raises(ConfigError) as info:
        load_vocabulary(VOCABULARY_FILE, path)
    assert f"{path}: {expected}" in str(info.value)
