"""Sharing agreements as data (``graph_model/access/agreements/*.yml``), checked at start-up.

An agreement names its legal basis and purposes, and for each role it governs: which agencies'
records are visible, which event types, and per agency which *detail fields* (descriptions,
outcomes, narrative notes, identifiers). Everything is validated before the app or CLI serves a
single read; all problems are reported at once as ``<file>: <key path>: <what is wrong>``. A
role may be governed by exactly one agreement; the core roles (``analyst``, ``hub_staff``,
``admin``) must exist.

``Grant`` is the resolved, query-ready form of one role: the Cypher parameters
(``$visible_agencies``, ``$visible_event_types``, ``$visible_fields``, ``$withheld_text``) that
access-aware queries filter by.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from touchpoint.graph_model.model.declared import load_declared
from touchpoint.graph_model.model.errors import ConfigError
from touchpoint.graph_model.model.settings import load_settings
from touchpoint.graph_model.model.vocabulary import Vocabulary, vocabulary

AGREEMENTS_DIR = Path(__file__).with_name("agreements")
CORE_ROLES = ("analyst", "hub_staff", "admin")
#: Detail fields an agreement may grant, per agency; anything else of a visible record
#: (name, date of birth, sex, postcode, dates, categories) is always shown.
DETAIL_FIELDS = (
    "description", "outcome", "notes", "aliases", "nhs_number", "ni_number", "upn", "phone"
)  # fmt: skip
"""``notes`` is the narrative free text a mapping keeps on an Event or PersonRecord (docs/
loading.md#narrative-text): governed exactly like ``description`` and ``outcome``."""
ALL = "*"
_NAME = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoleSpec(_Strict):
    description: str = ""
    agencies: Literal["*"] | tuple[str, ...]
    event_types: Literal["*"] | tuple[str, ...]
    fields: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class Agreement(_Strict):
    agreement: str = Field(pattern=_NAME)
    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    legal_basis: tuple[str, ...] = Field(min_length=1)
    purposes: dict[str, str] = Field(min_length=1)
    withheld: dict[str, str] = Field(default_factory=dict)
    roles: dict[str, RoleSpec] = Field(min_length=1)
    path: Path | None = Field(default=None, exclude=True)


@dataclass(frozen=True)
class Grant:
    """One role under one agreement, resolved against the vocabulary: what queries filter by."""

    role: str
    agreement: Agreement
    visible_agencies: tuple[str, ...]
    visible_event_types: tuple[tuple[str, str], ...]
    visible_fields: dict[str, tuple[str, ...]]
    withheld_text: dict[str, str]

    def params(self) -> dict[str, Any]:
        """The Cypher parameters an access-aware query declares."""
        return {
            "visible_agencies": list(self.visible_agencies),
            "visible_event_types": [list(pair) for pair in self.visible_event_types],
            "visible_fields": {a: list(f) for a, f in self.visible_fields.items()},
            "withheld_text": dict(self.withheld_text),
            "agreement": self.agreement.agreement,
        }


@dataclass(frozen=True)
class Agreements:
    """Every agreement in force, and the role → grant index the access layer uses."""

    agreements: tuple[Agreement, ...]
    grants: dict[str, Grant]

    def grant(self, role: str) -> Grant:
        try:
            return self.grants[role]
        except KeyError:
            raise ConfigError(
                f"Role {role!r} is governed by no sharing agreement "
                f"(roles in force: {', '.join(sorted(self.grants))})"
            ) from None

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(sorted(self.grants))


def load_agreement(path: Path, vocab: Vocabulary | None = None) -> Agreement:
    """Parse and check one agreement file; raise ConfigError listing every problem."""
    agreement, _ = load_declared(path, Agreement, check_agreement, vocab, shown=str(path))
    return agreement.model_copy(update={"path": path})


def load_agreements(directory: Path | None = None, vocab: Vocabulary | None = None) -> Agreements:
    """Every ``*.yml`` in ``directory`` (default: the shipped agreements), checked as a set."""
    folder = directory or agreements_dir()
    files = sorted(folder.glob("*.yml"))
    if not files:
        raise ConfigError(f"{folder}: no sharing agreements (*.yml) found; nothing may be read")
    vocab = vocab or vocabulary()
    errors: list[str] = []
    loaded: list[Agreement] = []
    for path in files:
        try:
            loaded.append(load_agreement(path, vocab))
        except ConfigError as exc:
            errors.append(str(exc))
    grants: dict[str, Grant] = {}
    seen: dict[str, Path | None] = {}
    for agreement in loaded:
        if agreement.agreement in seen:
            errors.append(
                f"{agreement.path}: agreement: {agreement.agreement!r} is also declared in "
                f"{seen[agreement.agreement]}"
            )
        seen[agreement.agreement] = agreement.path
        for role in agreement.roles:
            if role in grants:
                errors.append(
                    f"{agreement.path}: roles.{role}: role already governed by agreement "
                    f"{grants[role].agreement.agreement!r} ({grants[role].agreement.path}); "
                    "a role has exactly one agreement"
                )
                continue
            grants[role] = resolve_grant(agreement, role, vocab)
    missing = [role for role in CORE_ROLES if role not in grants]
    if missing and not errors:
        errors.append(f"{folder}: roles: core role(s) {', '.join(missing)} declared nowhere")
    if errors:
        raise ConfigError("\n".join(errors))
    return Agreements(agreements=tuple(loaded), grants=grants)


@cache
def agreements_in_force(directory: Path | None = None) -> Agreements:
    """The agreements the running process enforces (loaded once; errors stop start-up)."""
    return load_agreements(directory)


def agreements_dir() -> Path:
    """``Settings.agreements_dir`` when set (a council's own agreements: the environment's
    ``TOUCHPOINT_AGREEMENTS_DIR`` or ``touchpoint.toml``), else the shipped ones."""
    configured = load_settings().agreements_dir
    return configured.expanduser() if configured else AGREEMENTS_DIR


def check_agreement(agreement: Agreement, vocab: Vocabulary) -> list[tuple[str, str]]:
    """Problems the schema cannot see: names outside the vocabulary, grants that contradict."""
    problems: list[tuple[str, str]] = []
    agencies = tuple(vocab.agencies)
    for key in agreement.withheld:
        if key != "default" and key not in agencies and key not in _kinds(vocab):
            problems.append((f"withheld.{key}", "not 'default', an agency or an agency kind"))
    for role, spec in agreement.roles.items():
        where = f"roles.{role}"
        if not _is_name(role):
            problems.append((where, "role names are lower_case_with_underscores"))
        visible = agencies if spec.agencies == ALL else spec.agencies
        for agency in () if spec.agencies == ALL else spec.agencies:
            if agency not in agencies:
                problems.append((f"{where}.agencies", f"{agency!r} is not an agency in "
                                 f"vocabulary.yml ({', '.join(agencies)})"))  # fmt: skip
        for entry in () if spec.event_types == ALL else spec.event_types:
            problems.extend(_check_event_type(f"{where}.event_types", entry, visible, vocab))
        for agency, fields in spec.fields.items():
            if agency != ALL and agency not in visible:
                problems.append(
                    (
                        f"{where}.fields.{agency}",
                        "grants fields of an agency the "
                        "role cannot see (add it to agencies, or remove this key)",
                    )
                )
            for name in fields:
                if name not in DETAIL_FIELDS:
                    problems.append((f"{where}.fields.{agency}", f"{name!r} is not a detail "
                                     f"field ({', '.join(DETAIL_FIELDS)})"))  # fmt: skip
    return problems


def resolve_grant(agreement: Agreement, role: str, vocab: Vocabulary) -> Grant:
    spec = agreement.roles[role]
    agencies = tuple(vocab.agencies) if spec.agencies == ALL else tuple(spec.agencies)
    pairs = []
    for category, cat_spec in vocab.event_categories.items():
        if cat_spec.get("agency") not in agencies:
            continue
        for event_type in cat_spec["types"]:
            if (
                spec.event_types == ALL
                or category in spec.event_types
                or (f"{category}.{event_type}" in spec.event_types)
            ):
                pairs.append((category, event_type))
    default = spec.fields.get(ALL, ())
    fields = {agency: tuple(spec.fields.get(agency, default)) for agency in agencies}
    texts = {
        agency: agreement.withheld.get(
            agency,
            agreement.withheld.get(
                vocab.agencies[agency].get("kind", ""),
                agreement.withheld.get("default", f"details withheld under {agreement.agreement}"),
            ),
        )
        for agency in vocab.agencies
    }
    return Grant(role, agreement, agencies, tuple(pairs), fields, texts)


def _check_event_type(
    where: str, entry: str, visible: tuple[str, ...], vocab: Vocabulary
) -> list[tuple[str, str]]:
    category, _, event_type = entry.partition(".")
    spec = vocab.event_categories.get(category)
    if spec is None:
        return [(where, f"{category!r} is not an event category in vocabulary.yml")]
    if event_type and event_type not in spec["types"]:
        return [(where, f"{entry!r}: {event_type!r} is not a type of {category} "
                 f"({', '.join(spec['types'])})")]  # fmt: skip
    if spec.get("agency") not in visible:
        return [(where, f"{entry!r} is recorded by {spec.get('agency')}, an agency the role "
                 "cannot see")]  # fmt: skip
    return []


def _kinds(vocab: Vocabulary) -> set[str]:
    return {spec.get("kind", "") for spec in vocab.agencies.values()}


def _is_name(value: str) -> bool:
    import re

    return re.match(_NAME, value) is not None
