"""Field-level steps of a row (or list item) transform: read columns, derive, judge dates.

Each step adds to ``errors`` (the row is refused, with every reason) or to ``notes`` (the row
is kept and the value dropped or doubted: a data-quality note on the node, ``dq_notes``).
A note is ``(fields it concerns, text)`` so the transformer can put it on the node that uses
those fields.
"""

from __future__ import annotations

from typing import Any

from touchpoint.loaders.clean import CLEANERS, CoercionError, coerce, is_blank, to_str
from touchpoint.loaders.derive import FUNCTIONS
from touchpoint.loaders.errors import DeriveError
from touchpoint.loaders.mapping import ColumnSpec, DeriveSpec
from touchpoint.loaders.mapping_parts import DEFAULT_EARLIEST, ValueMapper, as_date, bound

Note = tuple[frozenset[str], str]
_ABSENT = object()
EMPTIED = "(kept the record, field left empty)"
KEPT = "(kept the record and the value as recorded)"
CompiledColumn = tuple[str, ColumnSpec, ValueMapper | None, bool]
"""(source column, its spec, its value map, whether it is plain text: no cleaner, no value
map, type ``str``, so a non-blank string within the length limit is kept as it is)."""


def compile_columns(specs: Any) -> list[CompiledColumn]:
    return [(column, spec, mapper, mapper is None and spec.clean is None and spec.type == "str")
            for column, spec in specs for mapper in (spec.mapper(),)]  # fmt: skip


def read_columns(
    values: dict[str, Any], columns: list[CompiledColumn], max_length: int, errors: list[str],
    notes: list[Note],
) -> dict[str, Any]:  # fmt: skip
    """Source values → fields (typed, cleaned, mapped); problems per ``on_error``."""
    fields: dict[str, Any] = {}
    for column, spec, mapper, plain in columns:
        raw = values.get(column, _ABSENT)
        if plain and raw.__class__ is str and 0 < len(raw) <= max_length and not raw.isspace():
            fields[spec.field] = raw  # hot: most cells are plain text, kept as they are
            continue
        if raw is _ABSENT:
            if spec.required:
                errors.append(f"column {column!r} is missing")
            fields[spec.field] = None
            continue
        try:
            fields[spec.field] = column_value(raw, spec, mapper, max_length)
        except CoercionError as exc:
            fields[spec.field] = None
            if spec.on_error == "null" and not spec.required:
                notes.append((frozenset({spec.field}), f"{column}: {exc} {EMPTIED}"))
            else:
                errors.append(f"column {column!r}: {exc}")
    return fields


def column_value(raw: Any, spec: ColumnSpec, mapper: ValueMapper | None, max_length: int) -> Any:
    if raw.__class__ is str:  # hot: every cell of every row; plain text is the common case
        if len(raw) > max_length:
            raise CoercionError(f"value is {len(raw):,} characters long (limit {max_length:,})")
        value = None if not raw or raw.isspace() else raw
    else:
        if isinstance(raw, str) and len(raw) > max_length:
            raise CoercionError(f"value is {len(raw):,} characters long (limit {max_length:,})")
        value = None if is_blank(raw) else raw
    if value is not None and spec.clean is not None:
        value = CLEANERS[spec.clean](value if value.__class__ is str else to_str(value))
    if value is None:
        if spec.required:
            raise CoercionError("is empty but required")
        return None
    if mapper is None:
        if spec.type == "str" and value.__class__ is str:
            return value
        return coerce(value, spec.type, spec.formats)
    found, mapped = mapper.lookup(to_str(value))
    if found:
        return mapped
    if spec.unmapped == "keep":
        return coerce(value, spec.type, spec.formats)
    if spec.unmapped == "null":
        return None
    raise CoercionError(f"{value!r} is not in the value map ({mapper.known})")


def derive(
    fields: dict[str, Any], specs: list[DeriveSpec], errors: list[str], notes: list[Note]
) -> None:
    for spec in specs:
        args = [fields.get(a) for a in spec.args]
        outputs = list((spec.fields or {}).values()) or [spec.field]
        try:
            result = FUNCTIONS[spec.function](args, spec.options)
        except DeriveError as exc:
            result = None
            what = f"{spec.function}({', '.join(spec.args)}): {exc}"
            if spec.on_error == "null" and not spec.required:
                notes.append((frozenset(o for o in outputs if o), f"{what} {EMPTIED}"))
            else:
                errors.append(what)
        if spec.fields:
            for out, name in spec.fields.items():
                fields[name] = (result or {}).get(out)
            continue
        if spec.field is None:  # regex groups / split parts named as fields themselves
            fields.update(result or {})
            continue
        if isinstance(result, dict):  # regex bound with field: its first named group
            result = next(iter(result.values()), None)
        if result is None and spec.required:
            errors.append(f"{spec.field!r} could not be derived from {', '.join(spec.args)}")
        fields[spec.field] = result  # type: ignore[index]


def judge_dates(
    fields: dict[str, Any], columns: list[CompiledColumn], errors: list[str], notes: list[Note],
    relative: bool,
) -> None:  # fmt: skip
    """Plausibility of date columns: ``relative=False`` checks min/max (before derive, so
    derived fields never see a dropped date), ``True`` checks ``not_before`` (after derive)."""
    for column, spec, _, _ in columns:
        if spec.type not in ("date", "datetime"):
            continue
        value = as_date(fields.get(spec.field))
        if value is None:
            continue
        rule = spec.plausible
        if relative:
            problem = _relative_problem(value, fields, rule)
        else:
            problem = _bound_problem(value, rule)
        if problem is None:
            continue
        action = rule.action if rule is not None else "null"
        shown = f"{column}: {value.isoformat()} {problem}"
        if action == "quarantine":
            errors.append(f"column {column!r}: {value.isoformat()} {problem}")
        elif action == "keep":
            notes.append((frozenset({spec.field}), f"{shown} {KEPT}"))
        else:
            fields[spec.field] = None
            notes.append((frozenset({spec.field}), f"{shown} {EMPTIED}"))


def _bound_problem(value: Any, rule: Any) -> str | None:
    earliest = bound(rule.min) if rule is not None and rule.min is not None else DEFAULT_EARLIEST
    latest = bound(rule.max) if rule is not None else None
    if value < earliest:
        return f"is before {earliest.isoformat()}"
    if latest is not None and value > latest:
        return "is in the future" if rule.max == "today" else f"is after {latest.isoformat()}"
    return None


def _relative_problem(value: Any, fields: dict[str, Any], rule: Any) -> str | None:
    if rule is None or rule.not_before is None:
        return None
    other = as_date(fields.get(rule.not_before))
    if other is None or value >= other:
        return None
    return f"is before {rule.not_before} {other.isoformat()}"
