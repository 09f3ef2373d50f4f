"""How flags look wherever they appear (profile, review queue)."""

from __future__ import annotations

from typing import Any

from dash import html

from touchpoint.app.components.common import agency_chip, empty_state
from touchpoint.services.reads.common import humanise


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
            evidence_list(flag.evidence),
        ],
        className=f"flag flag-{flag.severity}",
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
                    html.Span(f" · record {e['record_id']}", className="muted")
                    if e.get("record_id")
                    else "",
                ]
            )
            for e in evidence
        ],
        className="evidence-list",
    )
