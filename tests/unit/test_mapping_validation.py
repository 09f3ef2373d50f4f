"""Mapping files are checked as a whole before any write; every problem is named precisely."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from mapping_support import BASE

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.loaders.mapping import load_mapping, load_mappings, shipped_mappings


def write(tmp_path: Path, data: Any, name: str = "police.yml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems(tmp_path: Path, data: Any) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_mapping(write(tmp_path, data))
    return str(info.value).splitlines()


def changed(**edits: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for dotted, value in edits.items():
        target = data
        *parents, last = dotted.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    return data


def test_the_base_mapping_is_valid(tmp_path: Path) -> None:
    mapping = load_mapping(write(tmp_path, BASE))
    assert mapping.source == "police.incidents"
    assert mapping.required_columns == ("IncidentRef", "PersonSeq")
    assert len(mapping.checksum) == 64


def test_every_shipped_mapping_is_valid_and_sources_are_unique() -> None:
    mappings = shipped_mappings()
    assert len(mappings) == 23  # 22 + community health (health visiting) contacts
    assert len({m.source for m in mappings}) == 23


def test_error_names_file_key_path_and_problem(tmp_path: Path) -> None:
    data = changed(entities__1__key=["incident_no"])
    lines = problems(tmp_path, data)
    assert lines == [
        f"{tmp_path / 'police.yml'}: entities[1].key[0]: field 'incident_no' is not produced "
        "by any column"
    ]


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    data = changed(agency="mi5", entities__0__label="Human", relationships__0__to="nowhere")
    text = "\n".join(problems(tmp_path, data))
    assert "agency: 'mi5' is not an agency in vocabulary.yml" in text
    assert "entities[0].label: 'Human' is not a label loaders write" in text
    assert "relationships[0].to: no entity has alias 'nowhere'" in text


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ({"reader__format": "xlsx"}, "reader.format: 'xlsx': Input should be"),
        ({"columns__Surname__clean": "tidy"}, "columns.Surname.clean: 'tidy'"),
        ({"columns__Surname__type": "decimal"}, "columns.Surname.type: 'decimal'"),
        ({"columns__Surname__formats": ["%Y"]}, "columns.Surname.formats: formats only apply"),
        ({"record_key": ["IncidentRef", "Seq"]}, "record_key[1]: column 'Seq' is not listed"),
        ({"reader__format": "sql"}, "reader.query: format sql needs a query"),
        ({"constants__category": "burglary"}, "'burglary' is not a event category"),
        ({"constants__category": "gp_consultation"},
         "category 'gp_consultation' belongs to agency 'gp', not 'police'"),
        ({"columns__IncidentType__value_map": {"ARSON": "arson"}},
         "entities[1].properties.type: 'arson' is not a type of police_incident"),
        ({"columns__Role__value_map": {"BOSS": "boss"}},
         "relationships[0].properties.role: 'boss' is not a role"),
        ({"relationships__0__type": "LIVES_AT"},
         "relationships[0].type: LIVES_AT from PersonRecord to Event is not in the graph model"),
        ({"entities__0__properties": {"record_id": "surname"}},
         "entities[0].properties.record_id: 'record_id' is set by the loader itself"),
        ({"entities__1__properties": {"category": "category"}},
         "entities[1].properties: a Event needs a 'type' property"),
        ({"entities__1__alias": "nominal"}, "entities[1].alias: alias 'nominal' is used twice"),
        ({"columns__Role__field": "surname"},
         "columns.Surname.field: field 'surname' is produced twice"),
    ],
)  # fmt: skip
def test_each_kind_of_mistake_is_named(tmp_path: Path, edits: dict, expected: str) -> None:
    data = changed(**edits)
    text = "\n".join(problems(tmp_path, data))
    assert expected in text, text


def test_unknown_keys_are_reported_as_typos(tmp_path: Path) -> None:
    data = changed(entities__0__propertys={})
    data["colums"] = {}
    text = "\n".join(problems(tmp_path, data))
    assert "colums: unknown key (typo?)" in text
    assert "entities[0].propertys: unknown key (typo?)" in text


def test_relationship_vocabulary_is_checked(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["constants"]["rel"] = "cousin"
    data["entities"].append(
        {"alias": "other", "label": "PersonRecord", "key": ["surname"], "mode": "reference"}
    )
    data["relationships"].append(
        {"type": "RELATED_TO", "from": "nominal", "to": "other", "properties": {"relation": "rel"}}
    )
    text = "\n".join(problems(tmp_path, data))
    assert "relationships[1].properties.relation: 'cousin' is not a relation" in text


def test_yaml_syntax_errors_and_non_mappings_are_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("source: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.yml: cannot read mapping"):
        load_mapping(bad)
    listed = tmp_path / "list.yml"
    listed.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"list.yml: a mapping must be a YAML mapping"):
        load_mapping(listed)


def test_two_mappings_for_one_source_are_refused(tmp_path: Path) -> None:
    first, second = write(tmp_path, BASE, "a.yml"), write(tmp_path, BASE, "b.yml")
    with pytest.raises(ConfigError, match=r"same source: police.incidents"):
        load_mappings([first, second])
