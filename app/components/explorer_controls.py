"""The explorer's control panel: depth, layout, node picker, actions, filters, exports."""

from __future__ import annotations

from dash import dcc, html

from touchpoint.app import ids
from touchpoint.app.components.explorer_chart import chart_panel
from touchpoint.app.components.explorer_history import DEFAULT_YEARS
from touchpoint.app.components.explorer_parts import agency_options, parse_list, rel_type_options
from touchpoint.app.components.graph_style import LAYOUTS
from touchpoint.app.components.palette import REL_STYLE
from touchpoint.graph_model.model.vocabulary import vocabulary


def controls(
    depth: int, layout: str, rels: str | None, agencies: str | None, years: list[int] | None
) -> html.Div:
    return html.Div(
        [
            html.Label("Depth (hops from the person)", htmlFor=ids.EXPLORER_DEPTH),
            dcc.RadioItems(
                id=ids.EXPLORER_DEPTH,
                options=[1, 2, 3],
                value=depth,
                inline=True,
                className="radio-row",
            ),
            html.Label("Layout", htmlFor=ids.EXPLORER_LAYOUT),
            dcc.Dropdown(
                id=ids.EXPLORER_LAYOUT,
                value=layout,
                clearable=False,
                options=[{"label": v, "value": k} for k, v in LAYOUTS.items()],
            ),
            html.Label("Choose a node", htmlFor=ids.EXPLORER_NODE_PICKER),
            dcc.Dropdown(id=ids.EXPLORER_NODE_PICKER, placeholder="Node in view…"),
            html.Div(
                [
                    html.Button("Expand selected", id=ids.EXPLORER_EXPAND, className="button"),
                    html.Button("Pin / unpin", id=ids.EXPLORER_PIN, className="button"),
                    html.Button("Hide", id=ids.EXPLORER_HIDE, className="button"),
                    html.Button("Show hidden", id=ids.EXPLORER_SHOW_ALL, className="button"),
                    html.Button(
                        "Undo",
                        id=ids.EXPLORER_UNDO,
                        className="button",
                        disabled=True,
                        title="Undo the last expand, hide or grouping",
                    ),
                    html.Button("Redo", id=ids.EXPLORER_REDO, className="button", disabled=True),
                ],
                className="button-grid",
            ),
            html.P(
                "Shift-drag to select several nodes; right-click a node to expand it.",
                className="muted hint",
            ),
            html.Fieldset(
                [
                    html.Legend("Households"),
                    dcc.Checklist(
                        id=ids.EXPLORER_GROUP,
                        options=[{"label": "Group households", "value": "household"}],
                        value=[],
                        className="checklist",
                    ),
                ]
            ),
            html.Fieldset(
                [
                    html.Legend("Relationship types"),
                    dcc.Checklist(
                        id=ids.EXPLORER_RELS,
                        options=rel_type_options(),
                        value=parse_list(rels, list(REL_STYLE)),
                        className="checklist",
                    ),
                ]
            ),
            html.Fieldset(
                [
                    html.Legend("Agencies"),
                    dcc.Checklist(
                        id=ids.EXPLORER_AGENCIES,
                        options=agency_options(),
                        value=parse_list(agencies, list(vocabulary().agencies)),
                        className="checklist",
                    ),
                ]
            ),
            html.Label("Time window (years)", htmlFor=ids.EXPLORER_YEARS),
            html.Button(
                "Play",
                id=ids.EXPLORER_PLAY,
                className="button button-small",
                title="Play the network through time: a month, a quarter or a year at a time, "
                "as the span suits",
            ),
            dcc.RangeSlider(
                id=ids.EXPLORER_YEARS,
                min=DEFAULT_YEARS[0],
                max=DEFAULT_YEARS[1],
                step=1,
                value=years,
                marks=None,
                tooltip={"placement": "bottom", "always_visible": True},
                allowCross=False,
            ),
            html.Div(
                id=ids.EXPLORER_PLAYHEAD_TEXT,
                className="muted playhead",
                role="status",
                **{"aria-live": "polite"},
            ),
            chart_panel(),
            html.Div(
                [
                    html.Button(
                        "PNG",
                        id=ids.EXPLORER_PNG,
                        className="button button-small",
                        title="Download the picture as PNG",
                    ),
                    html.Button(
                        "Nodes CSV", id=ids.EXPLORER_NODES_CSV, className="button button-small"
                    ),
                    html.Button(
                        "Links CSV", id=ids.EXPLORER_EDGES_CSV, className="button button-small"
                    ),
                ],
                className="export-row",
                **{"aria-label": "Export"},
            ),
            html.Div(id=ids.EXPLORER_EXPORT_MESSAGE, role="status", **{"aria-live": "polite"}),
        ],
        className="controls",
    )
