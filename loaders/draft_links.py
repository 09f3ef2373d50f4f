"""Relationships, list items and leftover columns of a drafted mapping (see draft_build)."""

from __future__ import annotations

import re
from typing import Any

from touchpoint.graph_model.model.vocabulary import Vocabulary
from touchpoint.loaders.draft_detect import DATE_FORMATS, Column
from touchpoint.loaders.draft_vocab import DEFAULT_ROLE, role_map
from touchpoint.loaders.mapping import RESERVED_PROPERTIES

ADDR_PARTS = ("line1", "building", "town", "postcode")


ORG_KINDS = {
    "school": "school",
    "academy": "school",
    "surgery": "gp_practice",
    "practice": "gp_practice",
    "gp": "gp_practice",
    "hospital": "hospital",
    "trust": "hospital",
}
NAMES: set[str] = set()
"""Field names taken in the draft being built (columns first): derived ones never collide."""


def find(columns: list[Column], *kinds: str) -> Column | None:
    return next((c for c in columns if c.kind in kinds), None)


def fresh(base: str) -> str:
    """``base``, or ``base_2`` … when a column (or an earlier step) already uses the name."""
    name, n = base, 2
    while name in NAMES:
        name, n = f"{base}_{n}", n + 1
    NAMES.add(name)
    return name


def relationships(
    agency: str,
    person: Any,
    event: Any,
    home: Any,
    org: Any,
    columns: list[Column],
    fields: dict[str, str],
    spec: dict[str, Any],
    used: set[str],
    vocab: Vocabulary,
) -> list[dict[str, Any]]:
    rels: list[dict[str, Any]] = []
    if person and event:
        role = next(
            (c for c in columns if c.kind == "code" and c.named("role", "involvement")), None
        )
        default = DEFAULT_ROLE.get(agency, "subject")
        role_field = fresh("person_role")
        if role is not None:
            roles = role_map(role.extra["values"], vocab)
            spec["columns"][role.name] = [
                {"field": role_field, "value_map": roles, "default": default},
                {"field": fields[role.name], "clean": "strip"},
            ]
            used.add(role.name)
        else:
            spec["constants"][role_field] = default
        rels.append(
            {
                "type": "INVOLVED_IN",
                "from": "person",
                "to": "event",
                "properties": {"role": role_field},
            }
        )
    if home:
        rels.append(
            {"type": "LIVES_AT", "from": "person", "to": "home"}
            if person
            else {"type": "OCCURRED_AT", "from": "event", "to": "home"}
        )
        if not person and not event:
            rels.pop()
    if org:
        if event:
            rels.append({"type": "OCCURRED_AT", "from": "event", "to": "organisation"})
        if person:
            kind = spec["_org_kind"]
            link = "ENROLLED_AT" if kind == "school" else "REGISTERED_WITH"
            rels.append({"type": link, "from": "person", "to": "organisation"})
    return rels


def explode(
    c: Column,
    fields: dict[str, str],
    row_key: list[str],
    event: Any,
    spec: dict[str, Any],
    notes: list[str],
) -> dict[str, Any]:
    name = f"{fields[c.name]}_item"
    parse = (
        r"^(?P<name>[^/(;]+?)\s*(?:\((?P<relation>[^)]*)\))?\s*[/,]?\s*"
        r"(?P<born>\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})?$"
    )
    items = [i.strip() for t in c.texts for i in t.split(";") if i.strip()]
    dates = [m.group(0) for i in items if (m := re.search(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", i))]
    formats = [f for f in DATE_FORMATS if any(_parses(d, f) for d in dates)][:3] or ["%Y-%m-%d"]
    member_role = fresh("member_role")
    spec["constants"][member_role] = "household_member"
    item: dict[str, Any] = {
        "name": name,
        "from": fields[c.name],
        "separator": ";",
        "parse": parse,
        "on_error": None,
        "columns": {
            "name": {"field": f"{name}_name", "clean": "strip", "required": True},
            "born": {
                "field": f"{name}_dob",
                "type": "date",
                "formats": formats,
                "on_error": None,
                "plausible": {"max": "today"},
            },
            "relation": {
                "field": f"{name}_relation",
                "rules": [
                    {"match": "partner|wife|husband|spouse", "value": "partner"},
                    {"match": "son|daughter|child", "value": "child"},
                    {"match": "mother|father|parent", "value": "parent"},
                    {"match": "brother|sister|sibling", "value": "sibling"},
                ],
                "unmapped": None,
            },
        },
        "derive": [
            {
                "function": "split_name",
                "args": [f"{name}_name"],
                "fields": {
                    "surname": f"{name}_surname",
                    "forename": f"{name}_forename",
                    "middle_names": f"{name}_middle",
                },
            }
        ],
        "entities": [
            {
                "alias": "member",
                "label": "PersonRecord",
                "key": [*row_key, f"{name}_index"],
                "properties": {
                    "surname": f"{name}_surname",
                    "forename": f"{name}_forename",
                    "dob": f"{name}_dob",
                },
            }
        ],
        "relationships": [
            {
                "type": "RELATED_TO",
                "from": "member",
                "to": "person",
                "when": f"{name}_relation",
                "properties": {"relation": f"{name}_relation"},
            }
        ],
    }
    if event:
        item["relationships"].append(
            {
                "type": "INVOLVED_IN",
                "from": "member",
                "to": "event",
                "properties": {"role": member_role},
            }
        )
    notes.append(
        f"{c.name}: each item becomes a person linked to the row's person; a "
        "relation is read only from words in brackets (partner, son …): check"
    )
    return item


def _parses(text: str, fmt: str) -> bool:
    from datetime import datetime

    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def leftovers(
    columns: list[Column],
    fields: dict[str, str],
    used: set[str],
    entities: list[dict[str, Any]],
    unplaced: list[str],
) -> None:
    main = next((e for e in entities if e["label"] in ("Event", "PersonRecord")), None)
    for c in columns:
        if c.name in used or c.kind in ("blank", "list"):
            continue
        if c.kind == "json":
            unplaced.append(
                f"{c.name}: a JSON object (keys {', '.join(c.extra['keys'][:8])}): "
                "read its keys with the json derive function"
            )
            continue
        prop = fields[c.name]
        prop = f"{prop}_value" if prop in RESERVED_PROPERTIES else prop
        if main is not None and "properties" in main and prop not in main["properties"]:
            main["properties"][prop] = fields[c.name]
            unplaced.append(
                f"{c.name}: meaning not recognised, kept as property "
                f"{prop!r} of the {main['label']}"
            )
        else:
            unplaced.append(f"{c.name}: meaning not recognised, read but not stored")


def narrative(
    columns: list[Column],
    fields: dict[str, str],
    spec: dict[str, Any],
    used: set[str],
    props: dict[str, str],
) -> None:
    texts = [c for c in columns if c.kind == "notes"]
    if not texts:
        return
    if len(texts) == 1:
        props["notes"] = fields[texts[0].name]
    else:
        joined = fresh("notes_text")
        spec["derive"].append(
            {
                "function": "join",
                "args": [fields[c.name] for c in texts],
                "options": {"sep": "; "},
                "field": joined,
            }
        )
        props["notes"] = joined
    used.update(c.name for c in texts)


def address(
    columns: list[Column], fields: dict[str, str], spec: dict[str, Any], used: set[str]
) -> dict[str, Any] | None:
    line = find(columns, "address")
    postcode = find(columns, "postcode")
    if line is None:
        return None
    args = [fields[line.name]] + ([fields[postcode.name]] if postcode else [])
    parts = {part: fresh(f"home_{part}") for part in ADDR_PARTS}
    spec["derive"].append({"function": "address_line", "args": args, "fields": parts})
    used.add(line.name)
    if postcode:
        used.add(postcode.name)
    return {
        "alias": "home",
        "label": "Address",
        "key": [parts["postcode"], parts["line1"]],
        "optional": True,
        "properties": dict(parts),
    }


def organisation(
    columns: list[Column], fields: dict[str, str], spec: dict[str, Any], used: set[str]
) -> dict[str, Any] | None:
    named = next(
        (
            c
            for c in columns
            if c.kind in ("text", "code", "full_name") and any(c.named(k) for k in ORG_KINDS)
        ),
        None,
    )
    if named is None:
        return None
    kind = next(v for k, v in ORG_KINDS.items() if named.named(k))
    code = next(
        (
            c
            for c in columns
            if c is not named
            and c.kind in ("id", "code", "text", "int")
            and c.named("urn", "ods", "code")
            and not c.named("post")
        ),
        None,
    )
    kind_field = fresh("org_kind")
    spec["constants"][kind_field] = kind
    spec["_org_kind"] = kind
    entity: dict[str, Any] = {
        "alias": "organisation",
        "label": "Organisation",
        "key": [kind_field, fields[code.name] if code else fields[named.name]],
        "optional": True,
        "properties": {"kind": kind_field, "name": fields[named.name]},
    }
    if code:
        spec["columns"][code.name] = {"field": fields[code.name], "clean": "identifier"}
        entity["fallback_key"] = [kind_field, fields[named.name]]
        entity["properties"]["code"] = fields[code.name]
        used.add(code.name)
    used.add(named.name)
    return entity
