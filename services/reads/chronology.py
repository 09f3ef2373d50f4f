"""The multi-agency chronology: every event from every agency about a person or a household, in
date order - the document every strategy discussion, child protection conference and practice
review asks for, today assembled by hand from each agency's own chronology.

Each line cites the agency, the agency's own record id and the load run that brought it; the
significant ones are marked (a safeguarding concern, evidence for an open flag, a statutory
step); a long silence from every agency is shown as a gap; narrative notes come with each
event as far as the sharing agreement grants them, and what it withheld is stated (whole
events per agency, and fields). It is read once, through ``access/chronology`` under the
viewer's agreement (a purpose is required; the read is audited once as ``chronology_view``);
filters then narrow what is shown without reading again. A person whose identity is split -
records waiting in the match review queue as possibly the same person - can have the other
half's events drawn in, each marked as from a possible match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.provenance import PROTECTIVE_MARKING as PROTECTIVE_MARKING
from touchpoint.graph_model.model.vocabulary import vocabulary
from touchpoint.services.reads.common import agency_name, humanise
from touchpoint.services.reads.identity import PersonPairs, pending_pairs
from touchpoint.services.reads.profile import contributed_detail, unsaid_outcome

GAP_DAYS = 90
#: Statutory and turning-point steps marked significant whatever their type.
MILESTONES = {
    "cs_referral": "referral to children's social care",
    "cs_assessment": "assessment or section 47 enquiry",
    "cp_plan": "child protection or child in need plan",
    "elective_home_education": "withdrawn to home education",
    "school_exclusion": "exclusion from school",
    "eviction": "eviction",
    "homelessness_application": "homelessness application",
    "return_interview": "return home interview",
}


@dataclass(frozen=True)
class Entry:
    """One event, as one line of the chronology."""

    event_id: str
    date: str | None
    end_date: str | None
    agency: str
    category: str
    type: str
    source_record_id: str | None
    load_run_id: str | None
    people: tuple[dict[str, Any], ...]
    place: str | None
    description: str | None
    outcome: str | None
    notes: str | None
    withheld_fields: tuple[str, ...] = ()
    significant: str | None = None  # why it matters, or None
    possible_match: str | None = None  # "pending match pair …" when from the other half
    contributed: str | None = None  # the agency's own detail in words (sessions, outcome)

    @property
    def agency_name(self) -> str:
        return agency_name(self.agency)

    @property
    def what(self) -> str:
        return f"{humanise(self.category)}: {humanise(self.type)}"

    @property
    def who(self) -> str:
        return "; ".join(
            f"{p.get('name') or p.get('person_id')} ({humanise(p.get('role') or 'involved')})"
            for p in self.people
        )

    @property
    def detail(self) -> str:
        """Description, then what the agency contributed in words ("School attendance: 142 of
        180 sessions (79%)", "Police incident: outcome - No crime") in place of the bare
        outcome it already says; a withheld outcome stays the agency's withheld notice."""
        outcome = unsaid_outcome(self.contributed, self.outcome)
        return " — ".join(x for x in (self.description, self.contributed, outcome) if x)

    @property
    def citation(self) -> str:
        """Where the line comes from: agency, the agency's own id, the load run."""
        return (
            f"{self.agency_name} record {self.source_record_id or '(no id)'}, "
            f"load {self.load_run_id or '(unknown)'}"
        )


@dataclass(frozen=True)
class Gap:
    """A silence: no agency recorded any contact between two dated lines."""

    start: str
    end: str
    days: int


@dataclass
class Chronology:
    subject: str
    subject_name: str
    scope: str  # "person" or "household"
    people: list[dict[str, Any]]
    entries: list[Entry]
    withheld_by_agency: dict[str, int]
    agreement: str
    author: str
    case_reference: str | None
    purpose: str | None
    generated_at: datetime
    pairs: PersonPairs | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    gap_days: int = GAP_DAYS
    role: str | None = None

    def lines(self) -> list[Entry | Gap]:
        """Dated entries in order with the gaps between them, then the undated ones."""
        dated = [e for e in self.entries if e.date and e.date != "None"]
        out: list[Entry | Gap] = []
        for before, entry in zip([None, *dated], dated, strict=False):
            if before is not None:
                days = (_day(entry.date) - _day(before.date)).days
                if days > self.gap_days:
                    out.append(Gap(before.date or "", entry.date or "", days))
            out.append(entry)
        return out + [e for e in self.entries if e not in dated]

    @property
    def gaps(self) -> list[Gap]:
        return [x for x in self.lines() if isinstance(x, Gap)]

    def withheld_statements(self) -> list[str]:
        """What the agreement kept out, in words: whole events per agency, then fields."""
        said = [
            f"{n} event{'s' if n != 1 else ''} recorded by {agency_name(a)} withheld under "
            f"agreement {self.agreement}"
            for a, n in sorted(self.withheld_by_agency.items())
        ]
        fields: dict[tuple[str, str], int] = {}
        for e in self.entries:
            for f in e.withheld_fields:
                fields[(e.agency, f)] = fields.get((e.agency, f), 0) + 1
        said += [
            f"{f} withheld on {n} {agency_name(a)} event{'s' if n != 1 else ''} "
            f"(agreement {self.agreement} does not grant it)"
            for (a, f), n in sorted(fields.items())
        ]
        if self.pairs and self.pairs.withheld:
            said.append(self.pairs.notice() or "")
        return said

    @property
    def title(self) -> str:
        what = "household of " if self.scope == "household" else ""
        return f"Multi-agency chronology: {what}{self.subject_name}"


def _day(text: str | None) -> date:
    return date.fromisoformat(str(text)[:10])


def build_chronology(
    viewer: ViewerGraph,
    key: str,
    household: bool = False,
    include_possible_matches: bool = False,
    as_of: date | None = None,
    gap_days: int = GAP_DAYS,
) -> Chronology | None:
    """The chronology of ``key`` (a person or an unresolved record), with ``household`` its
    household on ``as_of`` too, and with ``include_possible_matches`` the people its pending
    match pairs name; None if nothing visible answers to ``key``. Audited once."""
    found = viewer.read_one("access/canonical_key", key=key)
    if found is None:
        return None
    subject = found["key"]
    people = [{"person_id": subject, "name": found.get("display_name"), "link": "subject"}]
    if household and found["resolved"]:
        people += _household(viewer, subject, as_of or date.today())
    pairs = pending_pairs(viewer, [subject]).get(subject) if found["resolved"] else None
    matched = _possible_matches(pairs, people) if include_possible_matches else {}
    row = viewer.read_one("access/chronology", person_ids=[p["person_id"] for p in people]) or {}
    flagged = _flag_evidence(viewer, [p["person_id"] for p in people])
    entries = [_entry(item, flagged, matched) for item in row.get("entries") or []]
    ctx = viewer.ctx
    return Chronology(
        subject=subject,
        subject_name=found.get("display_name") or _name_from(entries, subject) or subject,
        scope="household" if household else "person",
        people=people,
        entries=entries,
        withheld_by_agency={w["agency"]: w["events"] for w in row.get("withheld_by_agency") or []},
        agreement=viewer.agreement_id,
        author=ctx.user,
        role=ctx.role,
        case_reference=ctx.purpose.case_reference if ctx.purpose else None,
        purpose=ctx.purpose.describe() if ctx.purpose else None,
        generated_at=datetime.now(UTC),
        pairs=pairs,
        gap_days=gap_days,
    )


def filtered(
    chronology: Chronology,
    agencies: list[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    significant_only: bool = False,
    people: list[str] | None = None,
) -> Chronology:
    """The same chronology showing only what the filters keep (nothing is read again); the
    filters are kept on it, so an export says what it left out."""

    def keep(e: Entry) -> bool:
        return (
            (not agencies or e.agency in agencies)
            and (not date_from or (e.date or "") >= date_from)
            and (not date_to or (e.date or "") <= date_to)
            and (not significant_only or e.significant is not None)
            and (not people or any(p.get("person_id") in people for p in e.people))
        )

    chosen = {
        "agencies": agencies or None,
        "from": date_from or None,
        "to": date_to or None,
        "significant only": significant_only or None,
        "people": people or None,
    }
    result = Chronology(
        **{**chronology.__dict__, "entries": [e for e in chronology.entries if keep(e)]}
    )
    result.filters = {k: v for k, v in chosen.items() if v}
    return result


def _possible_matches(pairs: PersonPairs | None, people: list[dict[str, Any]]) -> dict[str, str]:
    """Add the people the subject's undecided pairs name to ``people``; person id -> how the
    pair is named ("pending pair P", or "pair P, waiting for the agency")."""
    matched: dict[str, str] = {}
    for pair in pairs.pairs if pairs else []:
        other = pair.other_person_id
        if other and other not in {p["person_id"] for p in people}:
            if pair.waiting:
                matched[other] = f"pair {pair.pair_id}, waiting for the agency"
                link = f"possible same person (match pair {pair.pair_id}: {pair.label()})"
            else:
                matched[other] = f"pending pair {pair.pair_id}"
                link = f"possible same person (pending match pair {pair.pair_id})"
            people.append({"person_id": other, "name": pair.describe(), "link": link})
    return matched


def _household(viewer: ViewerGraph, person_id: str, as_of: date) -> list[dict[str, Any]]:
    rows = viewer.read("access/household", person_id=person_id, as_of=as_of)
    return [
        {
            "person_id": r["member_id"],
            "name": (r.get("member_props") or {}).get("display_name"),
            "link": ", ".join(humanise(x) for x in r.get("links") or []),
        }
        for r in rows
    ]


def _flag_evidence(viewer: ViewerGraph, person_ids: list[str]) -> dict[str, str]:
    """Event id -> the title of a current flag it evidences (flags the agreement shows)."""
    row = viewer.read_one(
        "access/flags_list", pattern_id=None, status=None, person_ids=person_ids,
        severity=None, include_past=False, assignee=None, overdue_on=None, limit=1000,
    ) or {}  # fmt: skip
    found: dict[str, str] = {}
    for item in row.get("flags") or []:
        flag = item["flag"]
        if flag.get("status") == "dismissed":
            continue
        for node in flag.get("event_ids") or []:
            found.setdefault(node, flag.get("title") or flag.get("pattern_id") or "flag")
    return found


def _entry(item: dict[str, Any], flagged: dict[str, str], matched: dict[str, str]) -> Entry:
    category, kind = item.get("category") or "", item.get("type") or ""
    people = tuple(p for p in item.get("people") or [] if p)
    masked = tuple(item.get("withheld_fields") or ())
    from_match = [matched[p["person_id"]] for p in people if p.get("person_id") in matched]
    return Entry(
        event_id=item["event_id"],
        date=_text(item.get("date")),
        end_date=_text(item.get("end_date")),
        agency=item.get("agency") or "",
        category=category,
        type=kind,
        source_record_id=item.get("source_record_id"),
        load_run_id=item.get("load_run_id"),
        people=people,
        place=item.get("place"),
        description=item.get("description"),
        outcome=item.get("outcome"),
        notes=item.get("notes"),
        withheld_fields=masked,
        significant=_significance(category, kind, item["event_id"], flagged),
        possible_match=f"from a possible match ({from_match[0]})"
        if from_match and len(from_match) == len(people)
        else None,
        contributed=contributed_detail(
            category,
            kind,
            item.get("sessions"),
            None if "outcome" in masked else item.get("outcome"),
        ),
    )


def _significance(category: str, kind: str, event_id: str, flagged: dict[str, str]) -> str | None:
    reasons = []
    if vocabulary().is_concern(category, kind):
        reasons.append("safeguarding concern")
    if event_id in flagged:
        reasons.append(f"evidence for flag: {flagged[event_id]}")
    if category in MILESTONES:
        reasons.append(MILESTONES[category])
    if (category, kind) == ("health_visiting", "da_notification"):
        reasons.append("domestic abuse notification")
    return "; ".join(reasons) or None


def _text(value: Any) -> str | None:
    return None if value in (None, "None", "") else str(value)


def _name_from(entries: list[Entry], key: str) -> str | None:
    for e in entries:
        for p in e.people:
            if p.get("person_id") == key and p.get("name"):
                return str(p["name"])
    return None
