"""A mapping's optional ``resolution:`` block feeds extra evidence to entity resolution: the
town or locality, a second address line and further identifiers become ``match_*``
PersonRecord properties (the only loader change; resolution reads them from the graph)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from mapping_support import BASE

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.loaders.mapping import load_mapping
from touchpoint.loaders.sources import SourceRow
from touchpoint.loaders.transform import RowTransformer


def _mapping(tmp_path: Path, resolution: Any, entity: int = 0) -> Any:
    data = copy.deepcopy(BASE)
    data["columns"]["Town"] = {"field": "town", "clean": "strip"}
    data["columns"]["Ssn"] = {"field": "ssn", "clean": "identifier"}
    data["entities"][entity]["resolution"] = resolution
    path = tmp_path / "police.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_mapping(path)


def test_resolution_fields_are_written_as_match_properties(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path, {"town": "town", "identifiers": {"ssn": "ssn"}})
    row = {"IncidentRef": "I1", "PersonSeq": "1", "Surname": "Smith", "Town": " Leeds ",
           "Ssn": "123 4567", "IncidentType": "ASSAULT", "Role": "VICTIM",
           "Reported": "01/02/2024"}  # fmt: skip
    writes = RowTransformer(mapping).transform(SourceRow(number=2, values=row))
    record = next(n for (query, _), n in writes.nodes if query == "load/person_record")
    assert record["props"]["match_town"] == "Leeds"
    assert record["props"]["match_id_ssn"] == "1234567"
    assert record["props"]["surname"] == "Smith"


def test_a_resolution_field_nobody_produces_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"properties\.match_locality: field 'suburb'"):
        _mapping(tmp_path, {"locality": "suburb"})


def test_only_a_person_record_takes_resolution_fields(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"entities\[1\]\.resolution: only a PersonRecord"):
        _mapping(tmp_path, {"town": "town"}, entity=1)


@pytest.mark.parametrize("resolution", [{"county": "town"}, {"identifiers": {"Bad Name": "ssn"}}])
def test_unknown_keys_and_bad_identifier_names_are_refused(tmp_path: Path, resolution) -> None:
    with pytest.raises(ConfigError, match="resolution"):
        _mapping(tmp_path, resolution)
