"""The Cytoscape stylesheet and its legend, both built from ``palette`` so they never disagree."""

from __future__ import annotations

from typing import Any

from dash import html

from touchpoint.app.components.palette import (
    AGENCY_COLOURS,
    KIND_STYLE,
    REL_STYLE,
    RISK_BORDER,
    RISK_LABEL,
)
from touchpoint.services.reads.common import agency_name

LAYOUTS = {
    "stable": "Rings around the person (keeps positions)",
    "cose-bilkent": "Force-directed (clean)",
    "cose": "Force-directed (fast)",
    "concentric": "Concentric (rings)",
    "breadthfirst": "Hierarchy from person",
    "circle": "Circle",
    "grid": "Grid",
}


def layout_options(name: str, root: str | None) -> dict[str, Any]:
    """Cytoscape layout settings; hierarchy and rings start from the root person. ``stable``
    (and ``preset``) draws the positions the server placed (``placement``): what is drawn
    stays where it is when the picture grows or is filtered."""
    if name in ("stable", "preset"):
        return {"name": "preset", "animate": False, "fit": True, "padding": 30}
    layout: dict[str, Any] = {"name": name, "animate": False, "fit": True, "padding": 30}
    if name == "breadthfirst" and root:
        layout |= {"roots": f'[id = "{root}"]', "spacingFactor": 1.1}
    if name in ("cose", "cose-bilkent"):
        # starting from the placed positions (never all at one point, which collapses a
        # force layout into a false straight line)
        layout |= {"nodeRepulsion": 9000, "idealEdgeLength": 90, "randomize": False}
    if name == "concentric":
        layout |= {"minNodeSpacing": 30}
    return layout


def stylesheet() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = [
        {
            "selector": "node",
            "style": {
                "label": "data(label)",
                "font-size": 11,
                "color": "#1B2631",
                "text-valign": "bottom",
                "text-margin-y": 4,
                "text-wrap": "ellipsis",
                "text-max-width": 130,
                "width": 28,
                "height": 28,
                "border-width": 1,
                "border-color": "#FFFFFF",
                "text-background-color": "#FFFFFF",
                "text-background-opacity": 0.75,
                "text-background-padding": 1,
                "min-zoomed-font-size": 6,
            },
        },
        {
            "selector": "edge",
            "style": {
                "curve-style": "bezier",
                "width": 1.5,
                "line-color": "#95A5A6",
                "target-arrow-shape": "triangle",
                "target-arrow-color": "#95A5A6",
                "arrow-scale": 0.8,
                "label": "data(label)",
                "font-size": 8,
                "color": "#4D5656",
                "text-rotation": "autorotate",
                "text-background-color": "#FFFFFF",
                "text-background-opacity": 0.8,
                "min-zoomed-font-size": 12,
            },
        },
    ]
    for kind, spec in KIND_STYLE.items():
        rules.append(
            {
                "selector": f".kind-{kind}",
                "style": {"shape": spec["shape"], "background-color": spec["colour"]},
            }
        )
    for agency, colour in AGENCY_COLOURS.items():
        rules.append(
            {"selector": f'.kind-event[agency = "{agency}"]', "style": {"background-color": colour}}
        )
    for risk, (colour, width) in RISK_BORDER.items():
        rules.append(
            {"selector": f".risk-{risk}", "style": {"border-color": colour, "border-width": width}}
        )
    for rel, spec in REL_STYLE.items():
        rules.append(
            {
                "selector": f".rel-{rel}",
                "style": {
                    "line-color": spec["colour"],
                    "target-arrow-color": spec["colour"],
                    "line-style": spec["style"],
                    "width": spec["width"],
                },
            }
        )
    rules += [
        {"selector": ".kind-person", "style": {"width": 34, "height": 34, "font-weight": 600}},
        {"selector": ".kind-event", "style": {"width": 22, "height": 22, "font-size": 9}},
        {
            "selector": ".kind-summary",
            "style": {
                "width": 120,
                "height": 26,
                "label": "data(label)",
                "text-valign": "center",
                "text-margin-y": 0,
                "font-size": 10,
                "color": "#1B2631",
                "border-width": 1,
                "border-style": "dashed",
                "border-color": "#5F6B76",
                "text-background-opacity": 0,
            },
        },
        {
            "selector": ".rel-SUMMARY",
            "style": {"line-style": "dotted", "target-arrow-shape": "none", "label": ""},
        },
        {
            "selector": ".unresolved",
            "style": {"border-style": "dashed", "border-width": 3, "border-color": "#5F6B76"},
        },
        {
            "selector": ".hub",
            "style": {"border-style": "double", "border-width": 6, "border-color": "#5F6B76"},
        },
        {"selector": ".root", "style": {"width": 48, "height": 48, "font-size": 13}},
        {
            "selector": ".pinned",
            "style": {"overlay-color": "#0B5CAD", "overlay-opacity": 0.15, "overlay-padding": 6},
        },
        {
            "selector": ".noted",
            "style": {"text-background-color": "#F9E79F", "text-background-opacity": 1},
        },
        {
            "selector": ".household",
            "style": {
                "shape": "round-rectangle",
                "background-color": "#EAF2F8",
                "background-opacity": 0.6,
                "border-width": 1,
                "border-style": "dashed",
                "border-color": "#5D6D7E",
                "text-valign": "top",
                "text-margin-y": -4,
                "font-size": 10,
                "padding": 18,
            },
        },
        {"selector": "edge:selected, .rel-RELATED_TO", "style": {"min-zoomed-font-size": 0}},
        {
            "selector": ".chosen, :selected",
            "style": {"underlay-color": "#F4D03F", "underlay-opacity": 0.6, "underlay-padding": 8},
        },
    ]
    return rules


def legend() -> html.Div:
    """A legend of node kinds, risk borders, link types and agency colours."""
    return html.Div(
        className="legend",
        children=[
            html.H3("Legend"),
            _legend_list(
                "Nodes",
                [
                    _swatch(spec["label"], spec["colour"], shape=kind)
                    for kind, spec in KIND_STYLE.items()
                ]
                + [_swatch("Unresolved record (dashed)", "#FFFFFF", border="#5F6B76", dashed=True)],
            ),
            _legend_list(
                "Risk (border)",
                [
                    _swatch(RISK_LABEL[risk], "#FFFFFF", border=colour)
                    for risk, (colour, _) in RISK_BORDER.items()
                ],
            ),
            _legend_list(
                "Links",
                [
                    _line(spec["label"], spec["colour"], spec["style"])
                    for spec in REL_STYLE.values()
                ],
            ),
            _legend_list(
                "Agencies (events)",
                [
                    _swatch(agency_name(agency), colour, shape="event")
                    for agency, colour in AGENCY_COLOURS.items()
                ],
            ),
        ],
    )


def _legend_list(title: str, items: list[html.Li]) -> html.Div:
    return html.Div([html.H4(title), html.Ul(items, className="legend-list")])


def _swatch(
    text: str, colour: str, shape: str = "person", border: str | None = None, dashed: bool = False
) -> html.Li:
    style = {"backgroundColor": colour}
    if border:
        style["border"] = f"3px {'dashed' if dashed else 'solid'} {border}"
    return html.Li([html.Span(className=f"swatch swatch-{shape}", style=style), text])


def _line(text: str, colour: str, style: str) -> html.Li:
    return html.Li(
        [html.Span(className="swatch-line", style={"borderTop": f"3px {style} {colour}"}), text]
    )
