"""The mapping language, second edition: what a messy extract needs, row by row (no graph).

Each test builds a small mapping for a layout this project has never shipped, so the language
is shown to handle the *kind* of mess (free-text addresses, lists in one cell, bad dates,
new wording), not one file.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.ids import stable_id
from touchpoint.loaders.mapping import load_mapping
from touchpoint.loaders.sources import SourceRow
from touchpoint.loaders.transform import RowRejected, RowTransformer, RowWrites

BENEFITS: dict[str, Any] = {
    "source": "benefits.claims_v2",
    "agency": "benefits",
    "reader": {"format": "csv", "path": "claims.csv"},
    "record_key": ["ClaimNo"],
    "columns": {
        "ClaimNo": {"field": "claim_no", "required": True},
        "Claimant": {"field": "claimant_name"},
        "DOB": {"field": "dob", "type": "date", "formats": ["%d/%m/%Y"], "on_error": None,
                "plausible": {"max": "today"}},
        "Start": {"field": "start", "type": "date", "formats": ["%d/%m/%Y"], "required": True},
        "End": {"field": "end", "type": "date", "formats": ["%d/%m/%Y"],
                "plausible": {"not_before": "start", "action": "keep"}},
        "Benefit": {"field": "benefit", "value_map": {"UC": "universal_credit"},
                    "rules": [{"contains": ["universal"], "value": "universal_credit"},
                              {"match": r"\bchild\s*ben", "value": "child_benefit"}],
                    "default": "other"},
        "ClaimAddress": {"field": "claim_address"},
        "Dependants": {"field": "dependants"},
        "Notes": {"field": "notes"},
        "Officer": {"field": "officer", "type": "int", "on_error": None},
    },
    "constants": {"category": "benefit_claim", "role": "claimant", "child": "child"},
    "derive": [
        {"function": "split_name", "args": ["claimant_name"],
         "fields": {"surname": "surname", "forename": "forename"}},
        {"function": "split", "args": ["claim_address"], "options": {"into": ["line", "pc"]}},
    ],
    "entities": [
        {"alias": "claimant", "label": "PersonRecord", "key": ["claim_no"],
         "properties": {"surname": "surname", "forename": "forename", "dob": "dob"}},
        {"alias": "claim", "label": "Event", "key": ["claim_no"],
         "properties": {"category": "category", "type": "benefit", "date": "start",
                        "end_date": "end", "notes": "notes"}},
    ],
    "relationships": [
        {"type": "INVOLVED_IN", "from": "claimant", "to": "claim", "properties": {"role": "role"}},
    ],
    "explode": [{
        "name": "dependant",
        "from": "dependants",
        "separator": ";",
        "parse": r"^(?P<name>[^/]+?)\s*/\s*(?P<born>\S+)$",
        "on_error": None,
        "columns": {
            "name": {"field": "dep_name", "required": True},
            "born": {"field": "dep_dob", "type": "date", "formats": ["%Y-%m-%d", "%d/%m/%Y"],
                     "on_error": None},
        },
        "derive": [{"function": "split_name", "args": ["dep_name"],
                    "fields": {"surname": "dep_surname", "forename": "dep_forename"}}],
        "entities": [{"alias": "dependant", "label": "PersonRecord",
                      "key": ["claim_no", "dependant_index"],
                      "properties": {"surname": "dep_surname", "forename": "dep_forename",
                                     "dob": "dep_dob"}}],
        "relationships": [{"type": "RELATED_TO", "from": "dependant", "to": "claimant",
                           "properties": {"relation": "child"}}],
    }],
}  # fmt: skip
GOOD = {"ClaimNo": "C1", "Claimant": "BLOGGS, Jo", "DOB": "01/02/1990", "Start": "01/03/2024",
        "End": "", "Benefit": "Universal Credit (new claim)", "ClaimAddress": "14 High St|SE13 5AB",
        "Dependants": "Amy Bloggs/2015-03-01; Ben Bloggs/09/07/2018", "Notes": "carer evasive",
        "Officer": "12"}  # fmt: skip


def transformer(tmp_path: Path, data: dict[str, Any]) -> RowTransformer:
    path = tmp_path / "m.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return RowTransformer(load_mapping(path))


def run(tmp_path: Path, data: dict[str, Any] | None = None, **values: str) -> RowWrites:
    raw = {**GOOD, **values}
    return transformer(tmp_path, data or BENEFITS).transform(
        SourceRow(1, raw, None, json.dumps(raw))
    )


def nodes(writes: RowWrites, query: str) -> list[dict[str, Any]]:
    return [node for (q, _), node in writes.nodes if q == query]


def problems(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_mapping(path)
    return str(info.value)


def test_a_list_column_becomes_one_record_per_item_related_to_the_row(tmp_path: Path) -> None:
    writes = run(tmp_path)
    people = nodes(writes, "load/person_record")
    assert [p["props"]["forename"] for p in people] == ["Jo", "Amy", "Ben"]
    assert [p["props"]["dob"] for p in people] == [date(1990, 2, 1), date(2015, 3, 1),
                                                   date(2018, 7, 9)]  # fmt: skip
    assert people[1]["id"] == stable_id("rec", "benefits", "C1", 1)
    related = [r for (q, _), r in writes.relationships if q == "load/rel_related_to"]
    assert [(r["from_id"], r["to_id"], r["props"]) for r in related] == [
        (people[1]["id"], people[0]["id"], {"relation": "child"}),
        (people[2]["id"], people[0]["id"], {"relation": "child"}),
    ]


def test_a_bad_item_is_left_out_with_a_note_and_the_rest_load(tmp_path: Path) -> None:
    writes = run(tmp_path, Dependants="Amy Bloggs/2015-03-01;just a name;Cy Bloggs/31/02/2019")
    people = nodes(writes, "load/person_record")
    assert [p["props"]["forename"] for p in people] == ["Jo", "Amy", "Cy"]
    assert people[2]["props"]["dob"] is None  # the item's own on_error: null
    assert people[2]["dq_notes"] == [
        "born: '31/02/2019' is not a date in format %Y-%m-%d or %d/%m/%Y (kept the record, "
        "field left empty)"
    ]
    (note,) = people[0]["dq_notes"]  # the unparseable item is noted on the claimant
    assert note.startswith("dependants item 2 'just a name': does not match the parse pattern")
    assert writes.dq_notes == 2


def test_a_bad_item_refuses_the_row_when_the_mapping_says_quarantine(tmp_path: Path) -> None:
    data = copy.deepcopy(BENEFITS)
    data["explode"][0]["on_error"] = "quarantine"
    with pytest.raises(RowRejected, match=r"dependants item 2 'nonsense': does not match"):
        run(tmp_path, data, Dependants="Amy Bloggs/2015-03-01;nonsense")


def test_a_bad_date_keeps_the_row_with_a_note_on_the_node_that_uses_it(tmp_path: Path) -> None:
    writes = run(tmp_path, DOB="31/02/1990", Officer="PC 12")
    claimant, claim = nodes(writes, "load/person_record")[0], nodes(writes, "load/event")[0]
    assert claimant["props"]["dob"] is None
    assert claimant["dq_notes"][0] == ("DOB: '31/02/1990' is not a date in format %d/%m/%Y "
                                       "(kept the record, field left empty)")  # fmt: skip
    # 'officer' feeds no node: its note goes on the row's first own record
    assert claimant["dq_notes"][1].startswith("Officer: 'PC 12' is not a whole number")
    assert "dq_notes" not in claim


def test_implausible_dates_are_emptied_or_kept_but_never_silent(tmp_path: Path) -> None:
    writes = run(tmp_path, DOB="01/01/2999", Start="01/03/2024", End="01/01/2024")
    claimant, claim = nodes(writes, "load/person_record")[0], nodes(writes, "load/event")[0]
    assert claimant["props"]["dob"] is None
    assert claimant["dq_notes"] == ["DOB: 2999-01-01 is in the future (kept the record, field "
                                    "left empty)"]  # fmt: skip
    assert claim["props"]["end_date"] == date(2024, 1, 1)  # action: keep
    assert claim["dq_notes"] == ["End: 2024-01-01 is before start 2024-03-01 (kept the record "
                                 "and the value as recorded)"]  # fmt: skip
    old = run(tmp_path, DOB="01/01/1850")  # every date: not before 1900 unless the mapping says
    assert nodes(old, "load/person_record")[0]["dq_notes"] == [
        "DOB: 1850-01-01 is before 1900-01-01 (kept the record, field left empty)"
    ]


def test_an_implausible_date_can_refuse_the_row(tmp_path: Path) -> None:
    data = copy.deepcopy(BENEFITS)
    data["columns"]["End"]["plausible"]["action"] = "quarantine"
    with pytest.raises(RowRejected, match=r"column 'End': 2024-01-01 is before start 2024-03-01"):
        run(tmp_path, data, End="01/01/2024")


@pytest.mark.parametrize(
    ("wording", "expected"),
    [("UC", "universal_credit"), ("Universal credit - standard", "universal_credit"),
     ("CHILD BEN.", "child_benefit"), ("Carer's Allowance", "other")],
)  # fmt: skip
def test_value_rules_place_new_wording_and_the_default_catches_the_rest(
    tmp_path: Path, wording: str, expected: str
) -> None:
    assert nodes(run(tmp_path, Benefit=wording), "load/event")[0]["props"]["type"] == expected


def test_unquoted_null_policies_are_understood_not_refused(tmp_path: Path) -> None:
    text = yaml.safe_dump(BENEFITS, sort_keys=False).replace("on_error: null", "on_error: null")
    text = text.replace("default: other", "default: other\n    unmapped: null")
    path = tmp_path / "m.yml"
    path.write_text(text, encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping.columns["DOB"][0].on_error == "null"
    assert mapping.columns["Benefit"][0].unmapped == "null"


def test_organisations_without_a_code_get_a_stable_id_from_name_and_agency(tmp_path: Path) -> None:
    data = copy.deepcopy(BENEFITS)
    data["columns"]["Office"] = {"field": "office"}
    data["columns"]["OfficeCode"] = {"field": "office_code"}
    data["constants"]["kind"] = "gp_practice"
    data["entities"].append({"alias": "office", "label": "Organisation",
                             "key": ["kind", "office_code"], "fallback_key": ["kind", "office"],
                             "properties": {"kind": "kind", "code": "office_code",
                                            "name": "office"}})  # fmt: skip
    ids = [nodes(run(tmp_path, data, Office=name, OfficeCode=""), "load/organisation")[0]["id"]
           for name in ("St Mary's Surgery", "ST MARYS  SURGERY", "Park Surgery")]  # fmt: skip
    assert ids[0] == ids[1] != ids[2]
    assert ids[0] == stable_id("org", "by_name", "benefits", "gp_practice", "st marys surgery")
    coded = nodes(run(tmp_path, data, Office="St Mary's", OfficeCode="F123"), "load/organisation")
    assert coded[0]["id"] == stable_id("org", "gp_practice", "F123")


def test_text_functions_pull_structure_out_of_free_text(tmp_path: Path) -> None:
    data = copy.deepcopy(BENEFITS)
    data["derive"] += [
        {"function": "address_line", "args": ["line", "pc"],
         "fields": {"line1": "home_line1", "postcode": "home_postcode"}},
        {"function": "postcode_in", "args": ["notes"], "fields": {"postcode": "seen_at"}},
        {"function": "regex", "args": ["notes"], "options": {"pattern": r"ref (?P<ref>\d+)"},
         "fields": {"ref": "ref"}},
    ]  # fmt: skip
    data["entities"].append({"alias": "home", "label": "Address",
                             "key": ["home_postcode", "home_line1"], "optional": True,
                             "properties": {"line1": "home_line1",
                                            "postcode": "home_postcode"}})  # fmt: skip
    data["entities"][1]["properties"].update({"seen_at": "seen_at", "ref": "ref"})
    writes = run(tmp_path, data, Notes="seen at se4 1aa, ref 991")
    assert nodes(writes, "load/address")[0]["props"] == {"line1": "14 High Street",
                                                         "postcode": "SE13 5AB"}  # fmt: skip
    claim = nodes(writes, "load/event")[0]["props"]
    assert (claim["seen_at"], claim["ref"]) == ("SE4 1AA", "991")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["derive"].append({"function": "soundex", "args": ["surname"],
                                       "field": "x"}),
         "derive[2].function: 'soundex' is not a derive function"),
        (lambda d: d["derive"][1]["options"].update({"sepp": ","}),
         "derive[1].options.sepp: unknown option of split (into, sep, pattern)"),
        (lambda d: d["derive"].append({"function": "regex", "args": ["notes"],
                                       "options": {"pattern": "(unclosed"}, "field": "x"}),
         "derive[2].options.pattern: '(unclosed' is not a regular expression"),
        (lambda d: d["columns"]["Benefit"]["rules"].append({"value": "x"}),
         "a rule needs exactly one of match: (a regex) or contains: (words)"),
        (lambda d: d["columns"]["Benefit"].update({"default": "payday_loan"}),
         "'payday_loan' is not a type of benefit_claim"),
        (lambda d: d["columns"]["Claimant"].update({"plausible": {"max": "today"}}),
         "columns.Claimant.plausible: plausibility rules only apply to dates, not str"),
        (lambda d: d["columns"]["End"]["plausible"].update({"not_before": "begin"}),
         "columns.End.plausible.not_before: field 'begin' is not produced"),
        (lambda d: d["explode"][0]["columns"].update({"age": {"field": "age"}}),
         "explode[0].columns.age: not a named group of parse: born, name"),
        (lambda d: d["explode"][0]["relationships"][0].update({"to": "landlord"}),
         "explode[0].relationships[0].to: no entity has alias 'landlord'"),
        (lambda d: d["explode"][0]["columns"]["name"].update({"field": "surname"}),
         "explode[0].columns.name.field: field 'surname' is produced twice"),
        (lambda d: d["columns"]["DOB"].update({"on_error": "ignore"}),
         "columns.DOB.on_error: 'ignore': Input should be 'quarantine' or 'null'"),
    ],
)  # fmt: skip
def test_mistakes_in_the_new_keys_are_named_precisely(tmp_path: Path, edit, expected) -> None:
    data = copy.deepcopy(BENEFITS)
    edit(data)
    assert expected in problems(tmp_path, data)


@pytest.mark.parametrize(
    ("dob", "start", "end", "notes"),
    [
        ("15.01.2999", "01.09.2023", "", ["Date of Birth: 2999-01-15 is in the future"]),
        ("01.01.1800", "01.09.2023", "", ["Date of Birth: 1800-01-01 is before 1900-01-01"]),
        ("03.03.1986", "01.09.2023", "31.08.2023",
         ["Tenancy End: 2023-08-31 is before tenancy_start 2023-09-01"]),
    ],
)  # fmt: skip
def test_the_shipped_tenancy_mapping_notes_implausible_dates_instead_of_loading_them_silently(
    dob: str, start: str, end: str, notes: list[str]
) -> None:
    from touchpoint.loaders.mapping import shipped_mappings

    mapping = next(m for m in shipped_mappings() if m.source == "housing.tenancies")
    raw = {"Tenancy Ref": "T1", "Person No": "1", "Relationship To Lead": "Lead",
           "Full Name": "SMITH, John", "Date of Birth": dob, "Property Address": "1 Mill Rd",
           "Post Code": "KT1 4AA", "Tenancy Start": start, "Tenancy End": end,
           "End Reason": ""}  # fmt: skip
    writes = RowTransformer(mapping).transform(SourceRow(1, raw, None, json.dumps(raw)))
    noted = [n for _, node in writes.nodes for n in node.get("dq_notes", [])]
    assert [n.split(" (kept")[0] for n in noted] == notes


@pytest.mark.parametrize(
    ("written", "options", "expected"),
    [("SMITH Jane Ann", {}, ("Smith", "Jane", "Ann")), ("Jane SMITH", {}, ("Smith", "Jane", None)),
     ("COLLINS, Ellie May", {}, ("Collins", "Ellie", "May")),
     ("Smith Jane", {"order": "surname_first"}, ("Smith", "Jane", None))],
)  # fmt: skip
def test_names_are_split_however_the_agency_orders_them(
    written: str, options: dict, expected: tuple
) -> None:
    from touchpoint.loaders.derive import split_name

    got = split_name([written], options)
    assert (got["surname"], got["forename"], got["middle_names"]) == expected


def test_spreadsheet_day_numbers_are_dates_when_the_mapping_says_so() -> None:
    from touchpoint.loaders.clean import to_date

    assert to_date("45383", ("%d/%m/%Y", "excel")) == date(2024, 4, 1)
    assert to_date("01/04/2024", ("%d/%m/%Y", "excel")) == date(2024, 4, 1)
