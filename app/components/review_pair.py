"""The Matches page's detail panel: one candidate pair, everything needed to decide it.

Both records field by field (each row says in words whether the values are the same,
different, on one record only, or withheld under the agreement), who each record already is,
the open flags a decision would bring together or keep apart, the person's other candidate
pairs, the evidence in plain words (match weights under "How the match score was worked
out"), and the three outcomes: same person, different people, not sure - ask the agency.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from touchpoint.app import ids
from touchpoint.app.components.common import person_link
from touchpoint.services.reads import review as review_service
from touchpoint.services.reads.review_compare import reason_words, score_words


def pair_panel(pair: dict[str, Any], others: review_service.OtherPairs | None = None) -> html.Div:
    """The whole panel for ``pair``, with its people's other undecided pairs (``others``)."""
    return html.Div(
        [
            _summary(pair),
            _compare_table(pair),
            _people(pair),
            _flags(pair),
            _others(others),
            _evidence(pair),
            html.Div(
                _decision_form(pair) if pair.get("status") in ("pending", "waiting") else None,
                id=ids.REVIEW_FORM,
            ),
        ]
    )


def _summary(pair: dict[str, Any]) -> html.Div:
    decided = review_service.DECISION_LABELS.get(pair.get("decision") or "")
    by = f" by {pair['decided_by']}" if pair.get("decided_by") else ""
    on = f" on {pair['decided_at'][:10]}" if pair.get("decided_at") else ""
    return html.Div(
        [
            html.P(html.Strong(score_words(pair["probability"])), className="match-score"),
            html.P(reason_words(pair.get("reason")), className="muted")
            if pair.get("reason")
            else None,
            html.P(
                [f"{decided}{by}{on}", f": {pair['note']}" if pair.get("note") else ""],
                className="decision-so-far",
            )
            if decided
            else None,
        ]
    )


def _compare_table(pair: dict[str, Any]) -> html.Table:
    header = html.Tr(
        [html.Th("")]
        + [html.Th(f"Record {s}", scope="col") for s in "AB"]
        + [html.Th("Compared", scope="col")]
    )
    body = [
        html.Tr(
            [html.Th(row.label, scope="row"), html.Td(row.a), html.Td(row.b), html.Td(row.mark)],
            className=f"cmp-{row.state}",
        )
        for row in review_service.side_by_side(pair)
    ]
    return html.Table(
        [html.Thead(header), html.Tbody(body)], className="compare-table", id=ids.REVIEW_COMPARE
    )


def _people(pair: dict[str, Any]) -> html.Ul | None:
    people = [
        html.Li(
            [
                f"Record {side.upper()} is part of ",
                person_link(r["person_id"], r.get("person_name") or r["person_id"]),
            ]
        )
        for side, r in (("a", pair["a"]), ("b", pair["b"]))
        if r.get("person_id")
    ]
    return html.Ul(people, className="muted") if people else None


def _flags(pair: dict[str, Any]) -> html.Div:
    flags = review_service.affected_flags(pair)
    if not flags:
        body: Any = html.P("No open flags on either record.", className="muted")
    else:
        body = [
            html.P(
                "Same person: these flags would be about one person, and may explain each "
                "other. Different people: they stay apart.",
                className="muted",
            ),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Strong(f["title"]),
                            f" ({f['severity']} severity) - record {f['side'].upper()}, ",
                            person_link(f["person_id"], f["who"]) if f["person_id"] else f["who"],
                            f": {f['summary']}" if f["summary"] else "",
                        ]
                    )
                    for f in flags
                ]
            ),
        ]
    return html.Div(
        [html.H4("Flags this decision would change"), html.Div(body)], id=ids.REVIEW_FLAGS
    )


def _others(others: review_service.OtherPairs | None) -> html.Div | None:
    if others is None or not (others.pairs or others.notice):
        return None
    return html.Div(
        [
            html.H4("Other possible matches for the same people"),
            html.Ul(
                [
                    html.Li(
                        f"{review_service.brief(p['a'])} and {review_service.brief(p['b'])} - "
                        f"{score_words(p['probability'])} ({p['label']})"
                    )
                    for p in others.pairs
                ]
            )
            if others.pairs
            else None,
            html.P(others.notice, className="muted") if others.notice else None,
        ],
        id=ids.REVIEW_OTHERS,
    )


def _evidence(pair: dict[str, Any]) -> html.Div:
    lines = review_service.evidence(pair)
    return html.Div(
        [
            html.H4("Why they may be one person"),
            html.Ul([html.Li(text) for text, _ in lines]),
            html.Details(
                [
                    html.Summary("How the match score was worked out"),
                    html.P(
                        "Each comparison adds match weight when the records agree and takes "
                        "it away when they differ; the total is turned into the match score.",
                        className="muted",
                    ),
                    html.Ul([html.Li(f"{text.split(' - ')[0]}: {w}") for text, w in lines if w]),
                ]
            ),
        ]
    )


def _decision_form(pair: dict[str, Any]) -> html.Div:
    waiting = pair.get("status") == "waiting"
    return html.Div(
        [
            html.Label("Note (kept with the decision)", htmlFor=ids.REVIEW_NOTE),
            dcc.Textarea(id=ids.REVIEW_NOTE, rows=2),
            html.Div(
                [
                    html.Button(
                        "Same person", id=ids.REVIEW_CONFIRM, className="button button-primary"
                    ),
                    html.Button("Different people", id=ids.REVIEW_REJECT, className="button"),
                    html.Button(
                        "Still not sure - ask again" if waiting else "Not sure - ask the agency",
                        id=ids.REVIEW_UNSURE,
                        className="button",
                    ),
                ],
                className="actions",
            ),
        ],
        className="review-form",
    )
