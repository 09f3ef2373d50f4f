"""Person profile: every agency's record side by side, resolution evidence, flags, timeline.

Read through the signed-in user's ``ViewerGraph`` (``person_viewer``) under their sharing
agreement: opening a profile needs the case it is for (``person_viewer``: the case of this session
that covers the person; otherwise the page sends the browser to the purpose form and back), shows
only what the agreement allows, and says what it withheld.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import dash
from dash import dcc, html

from touchpoint.app import ids
from touchpoint.app.auth.session import cover, person_viewer
from touchpoint.app.components.access_notes import needs_purpose, purpose_redirect, withheld_note
from touchpoint.app.components.common import (
    agency_chip,
    agency_chips,
    empty_state,
    error_box,
    resolved_badge,
    risk_badge,
    section,
)
from touchpoint.app.components.flag_views import flag_list, pairs_note
from touchpoint.app.components.timeline import timeline_figure
from touchpoint.graph_model.access.context import PurposeRequired
from touchpoint.graph_model.model.errors import TouchpointError
from touchpoint.services.reads.common import humanise
from touchpoint.services.reads.flags import flags_for_subject
from touchpoint.services.reads.household import Household, load_household
from touchpoint.services.reads.profile import (
    RECORD_FIELDS,
    AgencyRecord,
    PersonProfile,
    load_profile,
    unsaid_outcome,
)

dash.register_page(
    __name__, path_template="/person/<key>", title="Person · Touchpoint", name="Person"
)


def layout(key: str | None = None, **_: str) -> html.Div:
    if not key:
        return empty_state("No person chosen.", "Search for someone first.")
    here = f"/person/{quote(key)}"
    if needs_purpose(key):
        return purpose_redirect(here, "a profile")
    try:
        viewer = person_viewer(key)
        profile = load_profile(viewer, key)
        flags = flags_for_subject(viewer, profile.key) if profile else None
        household = load_household(viewer, profile.key) if profile else None
        if profile is not None and profile.key != key:
            cover(viewer, [profile.key])  # a record's person is reached within the case
    except PurposeRequired:
        return purpose_redirect(here, "a profile")
    except TouchpointError as exc:
        return html.Div([html.H1("Person"), error_box(exc)], className="page")
    if profile is None or flags is None or household is None:
        return html.Div(
            [
                html.H1("Person not found"),
                empty_state(
                    f"No person or record you may see has the id {key}.",
                    "It may have been merged or re-loaded, or your sharing agreement does not "
                    "cover it; search again.",
                ),
            ],
            className="page",
        )
    notices = [profile.withheld.notice(), flags.notice]
    return html.Div(
        [
            header(
                profile,
                key,
                open_flags=len(flags.flags),
                top_flag=flags.flags[0].severity if flags.flags else None,
            ),
            html.Div([withheld_note(n) for n in notices if n], id=ids.PERSON_WITHHELD),
            html.Div(pairs_note(profile.pairs), id=ids.PERSON_PAIRS),
            section("Open flags", flag_list(flags.flags), id=ids.PERSON_FLAGS),
            section(
                "Records held by each agency", records_table(profile.records), id=ids.PERSON_RECORDS
            ),
            section("Timeline across agencies", timeline(profile), id=ids.PERSON_TIMELINE),
            section("Events", events_table(profile), id=ids.PERSON_EVENTS),
            section(
                "Household and associates", household_panel(household), id=ids.PERSON_HOUSEHOLD
            ),
            section("Addresses and organisations", places_table(profile), id=ids.PERSON_PLACES),
        ],
        className="page page-person",
    )


def header(
    profile: PersonProfile, asked_for: str, open_flags: int = 0, top_flag: str | None = None
) -> html.Div:
    count = len(profile.records)
    facts = [
        f"Born {profile.dob}" if profile.dob else "Date of birth not recorded",
        {"F": "female", "M": "male"}.get(profile.sex or "", profile.sex or "sex not recorded"),
        f"{count} record{'s' if count != 1 else ''} you may see",
    ]
    note = None
    if asked_for != profile.key:
        note = html.P(f"Record {asked_for} is one of this person's records.", className="note")
    if not profile.resolved:
        note = html.P(
            "This is a single agency record: entity resolution has not linked it to "
            "a resolved person yet, so other agencies' records may be missing here.",
            className="note note-warn",
        )
    return html.Div(
        [
            html.Div(
                [
                    html.H1(profile.name),
                    resolved_badge(profile.resolved),
                    risk_badge(
                        profile.risk(open_flags, top_flag), profile.risk_basis(open_flags, top_flag)
                    ),
                    html.Span(
                        profile.risk_basis(open_flags, top_flag), className="muted risk-basis"
                    )
                    if profile.risk(open_flags, top_flag) != "none"
                    else None,
                ],
                className="title-row",
            ),
            html.P(" · ".join(facts), className="lead"),
            html.Div([html.Span("Known to ", className="muted"), agency_chips(profile.agencies)]),
            note,
            html.Div(
                [
                    dcc.Link(
                        "Explore network",
                        href=f"/explorer/{quote(profile.key)}",
                        className="button button-primary",
                    ),
                    dcc.Link(
                        "Find connections",
                        href=f"/connections?a={quote(profile.key)}",
                        className="button",
                    ),
                    dcc.Link(
                        "Multi-agency chronology",
                        href=f"/chronology/{quote(profile.key)}",
                        className="button",
                        id=ids.PERSON_CHRONOLOGY_LINK,
                    ),
                ],
                className="actions",
            ),
        ],
        id=ids.PERSON_HEADER,
        className="person-header",
    )


def records_table(records: list[AgencyRecord]) -> html.Div:
    """Records as columns so differences between agencies stand out, provenance underneath."""
    if not records:
        return empty_state("No agency records.")
    head = html.Tr(
        [html.Th("", scope="col")] + [html.Th(agency_chip(r.agency), scope="col") for r in records]
    )
    rows = []
    for name, label in RECORD_FIELDS:
        values = [r.fields.get(name) for r in records]
        if not any(values):
            continue
        differs = len({v for v in values if v}) > 1
        rows.append(
            html.Tr(
                [html.Th(label, scope="row")]
                + [
                    html.Td(v or "—", className="differs" if differs and v else None)
                    for v in values
                ]
            )
        )
    rows.append(html.Tr(html.Th("Provenance", colSpan=len(records) + 1, className="subhead")))
    for label, getter in PROVENANCE_ROWS:
        rows.append(
            html.Tr([html.Th(label, scope="row")] + [html.Td(getter(r) or "—") for r in records])
        )
    rows.append(
        html.Tr(
            html.Th(
                "Why these records are one person", colSpan=len(records) + 1, className="subhead"
            )
        )
    )
    rows.append(html.Tr([html.Th("Link", scope="row")] + [html.Td(_link_text(r)) for r in records]))
    rows.append(
        html.Tr(
            [html.Th("Evidence", scope="row")] + [html.Td(_evidence(r.evidence)) for r in records]
        )
    )
    return html.Div(
        html.Table([html.Thead(head), html.Tbody(rows)], className="table records-table"),
        className="table-scroll",
    )


PROVENANCE_ROWS = (
    ("Agency", lambda r: r.agency_name),
    ("Agency's record id", lambda r: r.source_record_id),
    ("Touchpoint record id", lambda r: r.record_id),
    ("Loaded", lambda r: (r.loaded_at or "")[:19].replace("T", " ")),
    ("Load run", lambda r: r.load_run_id),
)


def _link_text(record: AgencyRecord) -> str:
    if record.method is None:
        return "Not resolved"
    probability = f"{record.probability:.0%}" if record.probability is not None else "?"
    return f"{humanise(record.method)} match, {probability}"


def _evidence(evidence: dict[str, Any] | str | None) -> Any:
    if not evidence:
        return "—"
    if isinstance(evidence, str):
        return evidence
    return html.Ul(
        [
            html.Li([html.Span(humanise(str(k)), className="muted"), f": {evidence_text(v)}"])
            for k, v in evidence.items()
        ],
        className="evidence-list",
    )


def evidence_text(value: Any) -> str:
    """One evidence value in words: match weights read "same forename (weight +7.18)"."""
    if isinstance(value, dict):
        level, weight = value.get("level"), value.get("weight")
        if level is not None and isinstance(weight, int | float):
            return f"{level} (weight {weight:+.2f})"
        return ", ".join(f"{k} {evidence_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(evidence_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def timeline(profile: PersonProfile) -> Any:
    if not any(e.date for e in profile.events):
        return empty_state("No dated events recorded for this person.")
    return html.Div(
        [
            html.P(
                "Each row is an agency; larger diamonds are safeguarding concerns. "
                "Hover a point for the record.",
                className="muted",
            ),
            dcc.Graph(
                figure=timeline_figure(profile.events),
                config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]},
                id=f"{ids.PERSON_TIMELINE}-figure",
            ),
        ]
    )


def events_table(profile: PersonProfile) -> Any:
    if not profile.events:
        return empty_state("No events recorded.")
    head = html.Tr(
        [
            html.Th(h, scope="col")
            for h in ("Date", "Agency", "What", "Role", "Details", "Where", "Agency record")
        ]
    )
    rows = [
        html.Tr(
            [
                html.Td(e.date or "—"),
                html.Td(agency_chip(e.agency)),
                html.Td(
                    [
                        humanise(e.type or e.category),
                        html.Span(" concern", className="badge badge-risk-high")
                        if e.concern
                        else None,
                    ]
                ),
                html.Td(", ".join(humanise(r) for r in e.roles) or "—"),
                html.Td(_details(e)),
                html.Td(e.place or "—"),
                html.Td(e.source_record_id or "—"),
            ]
        )
        for e in reversed(profile.events)
    ]
    return html.Div(
        html.Table([html.Thead(head), html.Tbody(rows)], className="table"),
        className="table-scroll",
    )


def _details(event: Any) -> Any:
    """What the agency contributed in words (attendance sessions, outcome), description and
    outcome, then the agency's narrative notes (or its withheld notice)."""
    contributed = getattr(event, "contributed", None)
    outcome = unsaid_outcome(contributed, event.outcome)  # once: not again in the words
    text = " — ".join(x for x in (event.description, outcome) if x)
    parts: list[Any] = [html.Div(contributed, className="contributed")] if contributed else []
    if text or not contributed:
        parts.append(text or "—")
    if event.notes:
        parts.append(html.Blockquote(event.notes, className="event-notes"))
    return parts if len(parts) > 1 else parts[0]


def places_table(profile: PersonProfile) -> Any:
    if not profile.places:
        return empty_state("No addresses or organisations recorded.")
    head = html.Tr([html.Th(h, scope="col") for h in ("Link", "Place", "From", "To", "Agency")])
    rows = [
        html.Tr(
            [
                html.Td(humanise(p.rel_type.lower())),
                html.Td(p.place_name),
                html.Td(p.date_from or "—"),
                html.Td(p.date_to or "current"),
                html.Td(agency_chip(p.agency)),
            ]
        )
        for p in profile.places
    ]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="table")


def household_panel(household: Household) -> Any:
    """Who lives (or lived) at each of the person's addresses and when - current addresses
    first - then the people linked to them by a relationship or shared events; each name links
    to their profile. Only visible records are shown; the notice says what was left out."""
    notice = withheld_note(household.withheld.notice()) if household.withheld else None
    if household.empty:
        return html.Div(
            [empty_state("No one else is recorded at this person's addresses or with them."),
             notice]
        )  # fmt: skip
    blocks: list[Any] = [notice] if notice else []
    blocks.append(html.H3("Living at the same addresses"))
    if not household.addresses:
        blocks.append(
            html.P("No one else is recorded at this person's addresses.", className="muted")
        )
    for group in household.addresses:
        blocks.append(
            html.Div(
                [
                    html.H4(
                        [
                            group.label,
                            " ",
                            html.Span(
                                "current" if group.current else "past",
                                className="badge badge-ok" if group.current else "badge",
                            ),
                        ]
                    ),
                    html.P(
                        "This person: " + "; ".join(s.text() for s in group.stays),
                        className="muted",
                    ),
                    html.Table(
                        [
                            html.Thead(
                                html.Tr(
                                    [html.Th(h, scope="col") for h in ("Person", "Born", "When")]
                                )
                            ),
                            html.Tbody(
                                [
                                    html.Tr(
                                        [
                                            html.Td(_person(r.key, r.name)),
                                            html.Td(r.dob or "—"),
                                            html.Td("; ".join(s.text() for s in r.stays)),
                                        ],
                                        className="co-resident",
                                    )
                                    for r in group.residents
                                ]
                            ),
                        ],
                        className="table",
                    ),
                ],
                className="household-address",
                **{"data-address": group.address_id},
            )
        )
    blocks.append(html.H3("Associates"))
    if not household.associates:
        blocks.append(html.P("No relationships or shared events recorded.", className="muted"))
    else:
        head = html.Tr(
            [html.Th(h, scope="col") for h in ("Person", "Relationship", "Role", "Shared events")]
        )
        rows = [
            html.Tr(
                [
                    html.Td(_person(a.key, a.name)),
                    html.Td(", ".join(humanise(x) for x in a.relations) or "—"),
                    html.Td(", ".join(humanise(x) for x in a.roles) or "—"),
                    html.Td(str(a.shared_events)),
                ],
                className="associate",
            )
            for a in household.associates
        ]
        blocks.append(html.Table([html.Thead(head), html.Tbody(rows)], className="table"))
    return html.Div(blocks)


def _person(key: str, name: str) -> dcc.Link:
    return dcc.Link(name, href=f"/person/{quote(key)}", className="person-link")
