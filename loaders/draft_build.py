"""Assemble the drafted mapping from judged columns: fields, derive steps, entities and links."""

from __future__ import annotations

import re
from typing import Any

from touchpoint.graph_model.model.vocabulary import Vocabulary
from touchpoint.loaders.clean import to_str
from touchpoint.loaders.draft_detect import Column
from touchpoint.loaders.draft_links import (
    NAMES,
    address,
    explode,
    find,
    fresh,
    leftovers,
    narrative,
    organisation,
    relationships,
)
from touchpoint.loaders.draft_vocab import choose_category

DOB = ("dob", "birth", "born", "birthdate")
END = ("end", "ended", "closed", "closure", "ceased", "until", "to", "finish", "left")
EVENT_DATE = (
    "date",
    "seen",
    "occurred",
    "occ",
    "reported",
    "start",
    "logged",
    "visit",
    "contact",
    "referral",
    "created",
    "recorded",
    "incident",
    "time",
)
EVENT_IDS = (
    "incident",
    "occurrence",
    "occ",
    "claim",
    "referral",
    "consultation",
    "consult",
    "visit",
    "case",
    "application",
    "tenancy",
    "contact",
    "attendance",
    "exclusion",
    "notification",
    "plan",
    "assessment",
    "episode",
    "sanction",
    "event",
    "appointment",
    "log",
    "registration",
    "change",
    "interview",
    "enquiry",
    "concern",
)


def build(
    agency: str,
    source: str,
    reader: dict[str, Any],
    columns: list[Column],
    sample: list[dict],
    hints: list[str],
    vocab: Vocabulary,
    notes: list[str],
    unplaced: list[str],
) -> dict[str, Any]:
    fields = _fields(columns)
    spec: dict[str, Any] = {"columns": {}, "constants": {}, "derive": []}
    NAMES.clear()
    NAMES.update(fields.values())
    used: set[str] = set()
    key = _record_key(columns, sample, notes)
    for c in columns:
        spec["columns"][c.name] = _column(c, fields[c.name], key)
    person = _person(columns, fields, key, spec, used, notes)
    event = _event(agency, columns, fields, key, spec, used, hints, vocab, notes, unplaced)
    home = address(columns, fields, spec, used)
    org = organisation(columns, fields, spec, used)
    entities = [e for e in (person, event, home, org) if e]
    if not entities:
        entities = [{"alias": "record", "label": "PersonRecord", "key": [fields[k] for k in key]}]
        notes.append(
            f"no person, event or address recognised: one record per row keyed on {', '.join(key)}"
        )
    rels = relationships(agency, person, event, home, org, columns, fields, spec, used, vocab)
    items = [
        explode(c, fields, [fields[k] for k in key], event, spec, notes)
        for c in columns
        if c.kind == "list" and person is not None
    ]
    leftovers(columns, fields, used | {k for k in key}, entities, unplaced)
    spec.pop("_org_kind", None)
    mapping = {
        "source": source,
        "agency": agency,
        "description": f"Drafted from {reader['path']} ({len(sample)} sample rows).",
        "order": 50,
        "reader": reader,
        "record_key": key,
        **spec,
        "entities": entities,
        "relationships": rels,
    }
    if items:
        mapping["explode"] = items
    for empty in ("constants", "derive", "relationships"):
        if not mapping[empty]:
            del mapping[empty]
    return mapping


def _fields(columns: list[Column]) -> dict[str, str]:
    out: dict[str, str] = {}
    taken: set[str] = set()
    for c in columns:
        base = re.sub(r"[^a-z0-9]+", "_", c.name.casefold()).strip("_") or "column"
        base = base if base[0].isalpha() else f"c_{base}"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        taken.add(name)
        out[c.name] = name
    return out


def _record_key(columns: list[Column], sample: list[dict], notes: list[str]) -> list[str]:
    """The column (or pair) whose values identify a row: unique and never blank."""

    def unique(names: list[str]) -> bool:
        """Unique where filled in, and filled in on nearly every row (a messy file has the odd
        row without its reference: that row is quarantined, the key is still the key)."""
        values = [tuple(to_str(r.get(n) or "").strip() for n in names) for r in sample]
        filled = [v for v in values if all(v)]
        return len(filled) >= 0.8 * len(values) and len(set(filled)) == len(filled)

    ids = [
        c.name
        for c in columns
        if c.named("id", "ref", "reference", "no", "number", "key", "seq", "code")
        and c.kind not in ("blank", "list")
    ]
    eventish = [c.name for c in columns if c.name in ids and c.named(*EVENT_IDS)]
    for name in eventish:
        if unique([name]):
            return [name]
    for first in eventish:
        for second in ids:
            if second != first and unique([first, second]):
                return [first, second]
    for name in ids:
        if unique([name]):
            return [name]
    for first in ids:
        for second in ids:
            if second != first and unique([first, second]):
                return [first, second]
    for name in [c.name for c in columns if c.kind not in ("blank", "list", "json")]:
        if unique([name]):
            return [name]
    for first in ids:
        for second in [c.name for c in columns]:
            if second != first and unique([first, second]):
                return [first, second]
    fallback = ids[:1] or [columns[0].name]
    notes.append(
        f"no column identifies a row on its own in the sample; record_key "
        f"{fallback} repeats: rows with the same key overwrite each other"
    )
    return fallback


def _column(c: Column, field: str, key: list[str]) -> dict[str, Any]:
    spec: dict[str, Any] = {"field": field}
    if c.name in key:
        return {**spec, "clean": "strip", "required": True}
    kind = c.kind
    if kind in ("date", "datetime"):
        spec.update(type=kind, formats=list(c.formats), on_error=None)
        if c.named(*DOB):
            spec["plausible"] = {"max": "today"}
    elif kind in ("nhs_number", "ni_number", "upn"):
        spec["clean"] = "identifier"
    elif kind == "postcode":
        spec["clean"] = "postcode"
    elif kind in ("int", "float", "bool"):
        spec.update(type=kind, on_error=None)
    elif kind == "surname":
        spec["clean"] = "name"
    elif kind not in ("json",):
        spec["clean"] = "strip"
    return spec


def _person(
    columns: list[Column],
    fields: dict[str, str],
    key: list[str],
    spec: dict[str, Any],
    used: set[str],
    notes: list[str],
) -> dict[str, Any] | None:
    props: dict[str, str] = {}
    full, surname = find(columns, "full_name"), find(columns, "surname")
    forenames = find(columns, "forenames")
    if surname:
        props["surname"] = fields[surname.name]
        used.add(surname.name)
        if forenames:
            names = {"forename": fresh("forename"), "middle_names": fresh("middle_names")}
            spec["derive"].append(
                {"function": "split_forenames", "args": [fields[forenames.name]], "fields": names}
            )
            props.update(names)
            used.add(forenames.name)
    elif full:
        names = {k: fresh(k) for k in ("surname", "forename", "middle_names")}
        spec["derive"].append(
            {"function": "split_name", "args": [fields[full.name]], "fields": names}
        )
        props.update(names)
        used.add(full.name)
    dob = next((c for c in columns if c.kind in ("date", "datetime") and c.named(*DOB)), None)
    if dob:
        props["dob"] = fields[dob.name]
        used.add(dob.name)
    ident = None
    for kind in ("nhs_number", "ni_number", "upn"):
        c = find(columns, kind)
        if c:
            props[kind] = fields[c.name]
            used.add(c.name)
            ident = ident or c
    sex = next((c for c in columns if c.kind == "code" and c.named("sex", "gender")), None)
    if sex:
        spec["columns"][sex.name] = {
            "field": fields[sex.name],
            "value_map": _sex_map(sex),
            "unmapped": None,
        }
        props["sex"] = fields[sex.name]
        used.add(sex.name)
    middle = next(
        (
            c
            for c in columns
            if c.kind in ("forenames", "surname", "full_name", "text")
            and c.named("middle")
            and c.name not in used
        ),
        None,
    )
    if middle is not None and "middle_names" not in props:
        props["middle_names"] = fields[middle.name]
        used.add(middle.name)
    if not props:
        return _person_reference(columns, fields, used, notes)
    entity: dict[str, Any] = {
        "alias": "person",
        "label": "PersonRecord",
        "key": [fields[k] for k in key],
    }
    if ident is not None:
        entity["key"] = [fields[ident.name]]
        fallback = [props[f] for f in ("surname", "forename") if f in props]
        if dob and fallback:
            entity["fallback_key"] = [*fallback, fields[dob.name]]
        notes.append(
            f"a person is keyed on {ident.name} ({ident.kind}); rows without it fall "
            "back to name and date of birth"
            if "fallback_key" in entity
            else f"a person is keyed on {ident.name} ({ident.kind})"
        )
    return {**entity, "properties": props}


def _person_reference(
    columns: list[Column], fields: dict[str, str], used: set[str], notes: list[str]
) -> dict[str, Any] | None:
    """No names here, but a column pointing at a person (``child_person_id``): the agency's
    record of that person, referred to (created as a stub only if absent)."""
    ref = next(
        (
            c
            for c in columns
            if c.named("person", "child", "patient", "pupil", "client", "subject")
            and c.named("id", "ref", "no")
        ),
        None,
    )
    if ref is None:
        return None
    used.add(ref.name)
    notes.append(f"{ref.name} points at the agency's person record (mode: reference)")
    return {
        "alias": "person",
        "label": "PersonRecord",
        "key": [fields[ref.name]],
        "mode": "reference",
    }


def _sex_map(c: Column) -> dict[str, str]:
    out = {}
    for value in c.extra.get("values", []):
        first = value.strip()[:1].upper()
        out[value] = {"M": "M", "F": "F", "1": "M", "2": "F"}.get(first, "U")
    return out


def _event(
    agency: str,
    columns: list[Column],
    fields: dict[str, str],
    key: list[str],
    spec: dict[str, Any],
    used: set[str],
    hints: list[str],
    vocab: Vocabulary,
    notes: list[str],
    unplaced: list[str],
) -> dict[str, Any] | None:
    dates = [c for c in columns if c.kind in ("date", "datetime") and not c.named(*DOB)]
    if not dates:
        return None
    when = next((c for c in dates if c.named(*EVENT_DATE) and not c.named(*END)), dates[0])
    codes = {
        c.name: c.extra["values"]
        for c in columns
        if c.kind in ("code", "text")
        and "values" in c.extra
        and not c.named("sex", "gender", "role", "involvement")
    }
    category, type_column, placed = choose_category(agency, hints, codes, vocab)
    if category is None:
        notes.append(f"agency {agency} has no event categories in the vocabulary: no event")
        return None
    category_field = fresh("event_category")
    spec["constants"][category_field] = category
    types = vocab.event_types(category)
    props: dict[str, str] = {"category": category_field}
    if type_column is not None and placed:
        c = next(x for x in columns if x.name == type_column)
        type_field = fresh("event_type")
        column = {"field": type_field, "value_map": placed}
        missing = [v for v in c.extra["values"] if v not in placed]
        if missing and "other" in types:
            column["default"] = "other"
        unplaced += [
            f"{type_column} value {v!r}: no {category} type fits"
            + (" (default: other)" if "default" in column else " (rows quarantined)")
            for v in missing
        ]
        spec["columns"][type_column] = [column, {"field": fields[type_column], "clean": "strip"}]
        props.update(type=type_field, description=fields[type_column])
        used.add(type_column)
    else:
        type_field = fresh("event_type")
        spec["constants"][type_field] = types[0]
        props["type"] = type_field
        notes.append(f"every row's event is {category}.{types[0]}: no column named its type")
    if when.kind == "datetime":
        date_field = fresh("event_date")
        spec["derive"].append(
            {"function": "date_of", "args": [fields[when.name]], "field": date_field}
        )
        props.update(date=date_field, recorded_at=fields[when.name])
    else:
        props["date"] = fields[when.name]
    spec["columns"][when.name].pop("on_error", None)
    used.add(when.name)
    for c in dates:
        if c is not when and c.named(*END):
            spec["columns"][c.name]["plausible"] = {
                "not_before": fields[when.name],
                "action": "keep",
            }
            props.setdefault("end_date", fields[c.name])
            used.add(c.name)
    narrative(columns, fields, spec, used, props)
    notes.append(f"events are {category} (the agency's category that fits the file best)")
    named = next((c.name for c in columns if c.name in key and c.named(*EVENT_IDS)), None)
    event_key = [fields[named]] if named else [fields[k] for k in key]
    return {"alias": "event", "label": "Event", "key": event_key, "properties": props}
