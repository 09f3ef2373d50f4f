"""A small valid mapping shared by the mapping unit tests."""

from __future__ import annotations

from typing import Any

BASE: dict[str, Any] = {
    "source": "police.incidents",
    "agency": "police",
    "reader": {"format": "csv", "path": "police/incidents.csv"},
    "record_key": ["IncidentRef", "PersonSeq"],
    "columns": {
        "IncidentRef": {"field": "incident_ref", "required": True},
        "PersonSeq": {"field": "person_seq", "required": True},
        "IncidentType": {"field": "incident_type", "value_map": {"ASSAULT": "assault"}},
        "Role": {"field": "role", "value_map": {"VICTIM": "victim"}},
        "Surname": {"field": "surname", "clean": "name"},
        "Reported": {"field": "reported", "type": "date", "formats": ["%d/%m/%Y"]},
    },
    "constants": {"category": "police_incident"},
    "entities": [
        {"alias": "nominal", "label": "PersonRecord", "key": ["incident_ref", "person_seq"],
         "properties": {"surname": "surname"}},
        {"alias": "incident", "label": "Event", "key": ["incident_ref"],
         "properties": {"category": "category", "type": "incident_type", "date": "reported"}},
    ],
    "relationships": [
        {"type": "INVOLVED_IN", "from": "nominal", "to": "incident", "properties": {"role": "role"}}
    ],
}  # fmt: skip
