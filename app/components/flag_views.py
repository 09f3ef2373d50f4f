"""How flags look wherever they appear (profile, review queue)."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from touchpoint.app.components.common import agency_chip, empty_state
from touchpoint.services.reads.common import humanise
from touchpoint.services.reads.flags import evidence_source
from touchpoint.services.reads.identity import PersonPairs


def flag_list(flags: list[Any]) -> html.Div:
    """Open flags with their evidence (the agency records that raised them)."""
    if not flags:
        return empty_state(
            "No open flags.", "Flags appear when a saved pattern matches this person."
        )
    return html.Div([flag_card(flag) for flag in flags], className="flag-list")


def flag_card(flag: Any) -> html.Article:
    return html.Article(
        [
            html.Div(
                [
                    html.Span(
                        humanise(flag.severity), className=f"badge badge-sev-{flag.severity}"
                    ),
                    html.Strong(flag.title),
                    html.Span(humanise(flag.status), className="badge"),
                ],
                className="flag-title",
            ),
            html.P(flag.summary),
            pairs_note(flag.pairs),
            evidence_list(flag.evidence),
        ],
        className=f"flag flag-{flag.severity}",
    )


def pairs_note(pairs: PersonPairs | None) -> html.Div | None:
    """The person's undecided match pairs: records that may be this same person, still to
    decide or waiting for the agency's answer (each labelled so) - so no one acts on half a
    story without knowing the other half may exist."""
    if pairs is None or not pairs.any:
        return None
    items = [
        html.Li(
            [
                agency_chip(p.other.get("source_agency") or ""),
                " ",
                dcc.Link(p.describe(), href=f"/person/{p.other_person_id}")
                if p.other_person_id
                else p.describe(),
                " ",
                html.Span(
                    p.label(),
                    className="badge badge-pair-waiting" if p.waiting else "badge",
                    **{"data-pair-status": p.status},
                ),
                html.Span(f" · pair {p.pair_id}", className="muted"),
            ]
        )
        for p in pairs.pending + pairs.waiting
    ]
    links = [dcc.Link("Decide them on the Matches page", href="/review")] if pairs.pending else []
    if pairs.waiting:
        links += [
            " · " if links else None,
            dcc.Link("See those waiting for the agency", href="/review?status=waiting"),
        ]
    if not pairs.pairs:  # all withheld: still where the queue is
        links = [dcc.Link("Decide them on the Matches page", href="/review")]
    return html.Div(
        [
            html.Strong("⚠ " + (pairs.sentence() or "")),
            html.Ul(items, className="evidence-list") if items else None,
            html.P(pairs.notice(), className="muted") if pairs.notice() else None,
            html.Div(links),
        ],
        className="alert alert-warn identity-note",
        role="note",
    )


def evidence_list(evidence: list[dict[str, Any]]) -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    agency_chip(e.get("agency") or ""),
                    " ",
                    html.Span(e.get("date") or "undated", className="muted"),
                    " ",
                    humanise(e.get("type") or e.get("category") or e.get("kind")),
                    f" ({humanise(e['role'])})" if e.get("role") else "",
                    html.Div(evidence_source(e), className="evidence-source"),
                    html.Div(e["description"], className="muted") if e.get("description") else "",
                    html.Blockquote(e["notes"], className="event-notes") if e.get("notes") else "",
                ]
            )
            for e in evidence
        ],
        className="evidence-list",
    )
