"""Search for people by name (fuzzy, full-text), date of birth, postcode or identifier.

One box takes any of them: ``classify`` decides which from the text's shape, so analysts type
what they have. Hits are *subjects*: the resolved Person, or - when entity resolution has not
linked a record - the record standing for its own person, flagged ``resolved=False``.

Searches run through the signed-in user's ``ViewerGraph`` and the ``cypher/access/search_*``
queries, which only look at records of agencies the sharing agreement shows (and only match an
identifier the agreement shows); each search is audited with its terms. Hits are
data-minimised: a name, year of birth and area (postcode district), the visible agencies and how
many records the agreement withholds - enough to pick the right person, nothing more. The full
profile needs a recorded purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.services.reads.common import agency_name

MAX_RESULTS = 50
MAX_TEXT = 200  # characters of search text used (and audited): names and identifiers are short
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_NHS = re.compile(r"^\d{3}\s?\d{3}\s?\d{4}$")
_NI = re.compile(r"^[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]$")
_ID_LIKE = re.compile(r"^(?=.*\d)[A-Za-z0-9_\-]{4,}$")
_UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


@dataclass(frozen=True)
class IdentifierKind:
    """An identifier the agreement grants per agency (a detail field), and the shape that says
    a search text may be one."""

    field: str
    singular: str
    plural: str
    shape: re.Pattern[str]


#: Every identifier the sharing agreements govern as a detail field and ``search_identifier``
#: matches; a text of its shape is searched by it only where the agreement shows it.
IDENTIFIER_KINDS = (
    IdentifierKind("nhs_number", "NHS number", "NHS numbers", re.compile(r"^\d{10}$")),
    IdentifierKind(
        "ni_number",
        "NI number",
        "National Insurance (NI) numbers",
        re.compile(r"^[A-Z]{2}\d{6}[A-D]?$"),
    ),
    IdentifierKind("upn", "UPN", "Unique Pupil Numbers (UPNs)", _UPN),
)


class SearchKind(StrEnum):
    NAME = "name"
    DOB = "dob"
    POSTCODE = "postcode"
    IDENTIFIER = "identifier"


@dataclass(frozen=True)
class ClassifiedQuery:
    kind: SearchKind
    value: str

    def describe(self) -> str:
        return {
            SearchKind.NAME: f"names like “{self.value}”",
            SearchKind.DOB: f"date of birth {self.value}",
            SearchKind.POSTCODE: f"postcode {self.value}",
            SearchKind.IDENTIFIER: f"identifier {self.value}",
        }[self.kind]


@dataclass(frozen=True)
class PersonHit:
    """One search result: only what is needed to pick the right person."""

    key: str
    resolved: bool
    name: str
    year_of_birth: int | None
    area: str | None
    agencies: list[str]
    record_count: int
    withheld_records: int


@dataclass
class SearchResult:
    query: ClassifiedQuery | None
    hits: list[PersonHit] = field(default_factory=list)
    message: str | None = None
    #: What the agreement did not let this search look at (an identifier it does not show),
    #: said plainly so an empty or short result is never read as "this person is unknown".
    limits: list[str] = field(default_factory=list)


def classify(text: str) -> ClassifiedQuery | None:
    """Decide what the analyst typed: a date, a postcode, an identifier, else a name."""
    cleaned = " ".join(text.strip().split())
    if not cleaned:
        return None
    parsed = parse_date(cleaned)
    if parsed:
        return ClassifiedQuery(SearchKind.DOB, parsed)
    upper = cleaned.upper()
    postcode = _POSTCODE.match(upper)
    if postcode:
        return ClassifiedQuery(SearchKind.POSTCODE, f"{postcode[1]} {postcode[2]}")
    if _NHS.match(cleaned) or _NI.match(upper):
        return ClassifiedQuery(SearchKind.IDENTIFIER, upper.replace(" ", ""))
    if _ID_LIKE.match(cleaned) and not cleaned.isalpha():
        return ClassifiedQuery(SearchKind.IDENTIFIER, cleaned)
    return ClassifiedQuery(SearchKind.NAME, cleaned)


def parse_date(text: str) -> str | None:
    """ISO (2016-09-09) or UK (09/09/2016) dates as ISO text; None if not a real date."""
    iso, uk = _ISO_DATE.match(text), _UK_DATE.match(text)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    elif uk:
        day, month, year = int(uk[1]), int(uk[2]), int(uk[3])
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def looks_like_date(text: str) -> bool:
    """Shaped like a date (so a failed parse means a typo, not a name)."""
    return bool(_ISO_DATE.match(text) or _UK_DATE.match(text))


_LUCENE_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})


def fuzzy_lucene(text: str) -> str:
    """A Lucene query that matches every word approximately (``word~``), with user text escaped.

    The full-text index speaks Lucene syntax, so characters like ``:`` or ``*`` typed by the
    user are escaped rather than interpreted; short words are matched exactly or as prefixes.
    """
    terms = []
    for word in text.split():
        if word in _LUCENE_OPERATORS:  # a bare AND/OR/NOT is syntax to Lucene: search the word
            word = word.lower()
        escaped = _LUCENE_SPECIAL.sub(r"\\\1", word)
        if not escaped.strip("\\"):
            continue
        terms.append(f"{escaped}~" if len(word) >= 4 else f"({escaped} OR {escaped}*)")
    return " AND ".join(terms)


def search_people(viewer: ViewerGraph, text: str, limit: int = MAX_RESULTS) -> SearchResult:
    """Run one search box entry under the viewer's agreement: minimal subjects, best first.
    Only the first ``MAX_TEXT`` characters are searched (and audited)."""
    if not isinstance(text, str):
        raise TypeError("search text must be text")
    query = classify(text[:MAX_TEXT])
    if query is None:
        return SearchResult(None, message="Type a name, date of birth, postcode or identifier.")
    if looks_like_date(query.value) and query.kind is not SearchKind.DOB:
        return SearchResult(None, message=f"{query.value} is not a real date.")
    keys = _matching_keys(viewer, query, limit)
    hits = summarise_people(viewer, keys)
    blocked, partial = identifier_limits(viewer, query)
    if hits:
        message = None
    elif blocked:  # never "No one found": the agreement, not the person, is why
        message = blocked[0]
    else:
        message = f"No one found for {query.describe()}."
    return SearchResult(query, hits, message, blocked + partial)


def identifier_limits(viewer: ViewerGraph, query: ClassifiedQuery) -> tuple[list[str], list[str]]:
    """What this search could not look at because of the agreement, in two lists of sentences:
    identifiers the text could be that no visible agency's records let the viewer search ("NHS
    numbers are not searchable under agreement mash_isa ..."), and those searchable in some
    agencies' records only. Both empty when the text is no governed identifier's shape."""
    if query.kind is not SearchKind.IDENTIFIER:
        return [], []
    value = query.value.upper().replace(" ", "")
    grant, agreement = viewer.grant, viewer.agreement_id
    blocked: list[str] = []
    partial: list[str] = []
    for kind in IDENTIFIER_KINDS:
        if not kind.shape.match(value):
            continue
        shown = [a for a in grant.visible_agencies if kind.field in grant.visible_fields.get(a, ())]
        if not shown:
            blocked.append(
                f"{kind.plural} are not searchable under agreement {agreement}: {query.value} "
                f"was looked for only as a record id, so finding no one does not mean no one "
                f"has this {kind.singular}."
            )
        elif len(shown) < len(grant.visible_agencies):
            names = ", ".join(agency_name(a) for a in shown)
            partial.append(
                f"{kind.plural} are searchable under agreement {agreement} only in "
                f"records of {names}; other agencies' are not searched."
            )
    return blocked, partial


def summarise_people(
    viewer: ViewerGraph, keys: list[str], audit_as: str | None = None
) -> list[PersonHit]:
    """Minimal rows for subject keys, in the order given (keys with nothing visible drop out).
    With ``audit_as``, the summary is audited under that action - for keys that came from the
    client (a URL, a dropdown's value), where the summary is itself the disclosure."""
    keys = [str(key) for key in keys if isinstance(key, str)]
    if not keys:
        return []
    by_key = {row["key"]: row for row in viewer.read("access/people_summary", keys=keys)}
    hits = [
        PersonHit(**{**row, "name": row["name"] or "(no name recorded)"})
        for key in keys
        if (row := by_key.get(key))
    ]
    if audit_as:
        shown = [hit.key for hit in hits]
        if shown:
            viewer.record(audit_as, subjects=shown, result_count=len(shown))
        for key in keys:
            if key not in by_key:
                viewer.refused(audit_as, key, "person summary")
    return hits


def _matching_keys(viewer: ViewerGraph, query: ClassifiedQuery, limit: int) -> list[str]:
    if query.kind is SearchKind.NAME:
        lucene = fuzzy_lucene(query.value)
        if not lucene:
            return []
        rows = viewer.read("access/search_names", text=lucene, limit=limit)
    elif query.kind is SearchKind.DOB:
        rows = viewer.read("access/search_dob", dob=query.value, limit=limit)
    elif query.kind is SearchKind.POSTCODE:
        rows = viewer.read("access/search_postcode", postcode=query.value, limit=limit)
    else:
        rows = viewer.read("access/search_identifier", identifier=query.value, limit=limit)
    return [row["key"] for row in rows]
