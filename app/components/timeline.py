"""The profile timeline: every event across agencies on one time axis, coloured by agency."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from touchpoint.app.components.palette import agency_colour
from touchpoint.services.reads.common import agency_name, humanise
from touchpoint.services.reads.profile import TimelineEvent

#: Pixels kept free above the plot for Plotly's toolbar (zoom, pan, PNG), so it never covers
#: the first agency's row of points.
MODEBAR_ROOM = 40


def timeline_figure(events: list[TimelineEvent]) -> go.Figure:
    """One row per agency; concerns drawn as larger diamonds; hover shows the record."""
    dated = [e for e in events if e.date]
    agencies = sorted({e.agency for e in dated}, key=agency_name)
    figure = go.Figure()
    for agency in agencies:
        mine = [e for e in dated if e.agency == agency]
        figure.add_trace(
            go.Scatter(
                x=[e.date for e in mine],
                y=[agency_name(agency)] * len(mine),
                mode="markers",
                name=agency_name(agency),
                marker={
                    "color": agency_colour(agency),
                    "size": [16 if e.concern else 10 for e in mine],
                    "symbol": ["diamond" if e.concern else "circle" for e in mine],
                    "line": {"width": 1, "color": "#FFFFFF"},
                },
                customdata=[e.event_id for e in mine],
                hovertext=[_hover(e) for e in mine],
                hoverinfo="text",
            )
        )
    figure.update_layout(
        height=max(220, 70 + 45 * len(agencies)),
        margin={"l": 10, "r": 10, "t": MODEBAR_ROOM, "b": 30},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        font={
            "family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
            "size": 12,
            "color": "#1B2631",
        },
        showlegend=False,
        xaxis={"type": "date", "gridcolor": "#E5E8EB", "title": None},
        yaxis={"gridcolor": "#E5E8EB", "automargin": True, "title": None},
        hoverlabel={"align": "left"},
    )
    return figure


def _hover(event: TimelineEvent) -> str:
    """The hover text. Plotly renders a subset of HTML in it (links included), so every value
    from the data is escaped: an A&E note of ``<a href=…>`` reads as text, never as a link."""
    lines = [
        f"<b>{_text(humanise(event.type or event.category))}</b> · {_text(event.date)}",
        f"{_text(humanise(event.category))} ({_text(agency_name(event.agency))})",
    ]
    if event.roles:
        lines.append("Role: " + _text(", ".join(humanise(r) for r in event.roles)))
    if event.contributed:
        lines.append(_text(event.contributed))
    if event.description:
        lines.append(_text(event.description))
    if event.notes:  # free text from the agency: escaped, and cut short for a tooltip
        short = event.notes if len(event.notes) <= 160 else event.notes[:157] + "…"
        lines.append("Notes: " + _text(short))
    if event.concern:
        lines.append("⚠ safeguarding concern")
    if event.source_record_id:
        lines.append(f"Record {_text(event.source_record_id)}")
    return "<br>".join(lines)


def _text(value: object) -> str:
    return html.escape(str(value or ""), quote=True)
