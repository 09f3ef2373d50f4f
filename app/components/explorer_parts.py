"""Pieces of the network explorer shared by the Explorer and Connections pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import dash_cytoscape as cyto
from dash import dcc, html

from touchpoint.app.components.common import agency_chips, resolved_badge, risk_badge
from touchpoint.app.components.graph_style import layout_options, stylesheet
from touchpoint.app.components.palette import REL_STYLE
from touchpoint.graph_model.model.vocabulary import vocabulary
from touchpoint.services.reads.common import agency_name, humanise


def graph_canvas(component_id: str, root: str | None, layout: str = "stable") -> Any:
    return cyto.Cytoscape(
        id=component_id,
        elements=[],
        stylesheet=stylesheet(),
        layout=layout_options(layout, root),
        style={"width": "100%", "height": "100%"},
        minZoom=0.15,
        maxZoom=3,
        boxSelectionEnabled=False,
        responsive=True,
    )


def rel_type_options() -> list[dict[str, str]]:
    return [{"label": spec["label"], "value": rel} for rel, spec in REL_STYLE.items()]


def agency_options() -> list[dict[str, str]]:
    return [
        {"label": spec["name"], "value": agency} for agency, spec in vocabulary().agencies.items()
    ]


def details_panel(data: dict[str, Any] | None, selected: int = 1) -> html.Div:
    """What the analyst sees about the node they clicked (with where each fact came from);
    with several selected, how many the actions will act on."""
    if not data:
        return html.P(
            "Click a node (or pick one from the list) to see its details.", className="muted"
        )
    kind, detail = data["kind"], data.get("detail") or {}
    body: list[Any] = [html.H3(data["label"]), html.P(humanise(kind), className="muted kind-line")]
    if selected > 1:
        body.insert(
            0,
            html.P(
                f"{selected} nodes selected: Expand, Hide and Pin act on all of them.",
                className="alert alert-info selection-count",
            ),
        )
    if kind == "person":
        body += [
            html.Div(
                [resolved_badge(data.get("resolved")), " ", risk_badge(data.get("risk") or "none")]
            ),
            _facts(
                [
                    ("Date of birth", detail.get("dob")),
                    ("Records", detail.get("records")),
                    ("Concern events", detail.get("concerns")),
                    ("Open flags", detail.get("open_flags")),
                ]
            ),
            html.Div(
                [
                    html.Span("Known to: ", className="muted"),
                    html.Span(", ".join(detail.get("agencies") or []) or "—"),
                ]
            ),
            html.Div(
                [
                    dcc.Link("Profile", href=f"/person/{quote(data['id'])}", className="button"),
                    dcc.Link(
                        "Centre here", href=f"/explorer/{quote(data['id'])}", className="button"
                    ),
                    dcc.Link(
                        "Connections",
                        href=f"/connections?{urlencode({'a': data['id']})}",
                        className="button",
                    ),
                ],
                className="actions",
            ),
        ]
    elif kind == "event":
        body += [
            agency_chips([data["agency"]]) if data.get("agency") else None,
            _facts(
                [
                    ("Date", data.get("date")),
                    ("Until", detail.get("end_date")),
                    ("Category", humanise(detail.get("category"))),
                    ("Type", humanise(detail.get("type"))),
                    ("Description", detail.get("description")),
                    ("Outcome", detail.get("outcome")),
                    ("Agency's record", detail.get("source_record_id")),
                    ("Safeguarding concern", "yes" if detail.get("concern") else "no"),
                ]
            ),
        ]
    elif kind == "summary":
        body += [
            html.P(
                f"{detail.get('count')} more neighbours of this kind are not drawn, to "
                "keep the picture readable. Press “Expand selected” to draw them."
            )
        ]
    else:
        hub = detail.get("hub")
        body += [
            html.P(
                f"A busy {humanise(kind).lower()}: {hub} links. Its other people are not "
                "drawn, to keep unrelated patients and pupils out of the picture. Press "
                "“Expand selected” to draw them.",
                className="alert alert-info hub-note",
            )
            if hub
            else None,
            _facts([(humanise(k), v) for k, v in detail.items() if k not in ("expanded", "hub")]),
            html.P(f"First recorded by {agency_name(data.get('agency'))}", className="muted")
            if data.get("agency")
            else None,
        ]
    return html.Div(body, className="details-body")


def _facts(pairs: list[tuple[str, Any]]) -> html.Dl:
    items: list[Any] = []
    for label, value in pairs:
        if value in (None, "", []):
            continue
        items += [html.Dt(label), html.Dd(str(value))]
    return html.Dl(items, className="facts")


def explorer_href(
    root: str,
    depth: int,
    layout: str,
    rels: list[str] | None,
    agencies: list[str] | None,
    years: list[int] | None,
) -> str:
    """The shareable URL of an explorer view (filters left at 'all' are omitted)."""
    params: dict[str, Any] = {"depth": depth, "layout": layout}
    if rels is not None and set(rels) != set(REL_STYLE):
        params["rels"] = ",".join(rels)
    if agencies is not None and set(agencies) != set(vocabulary().agencies):
        params["agencies"] = ",".join(agencies)
    if years:
        params["years"] = f"{years[0]}-{years[1]}"
    return f"/explorer/{quote(root)}?{urlencode(params)}"


def parse_list(text: str | None, allowed: list[str]) -> list[str]:
    """A comma list from the URL, keeping only known values; absent means all."""
    if text is None:
        return list(allowed)
    return [v for v in text.split(",") if v in allowed]


def parse_years(text: str | None) -> list[int] | None:
    if not text or "-" not in text:
        return None
    start, _, end = text.partition("-")
    if start.isdigit() and end.isdigit() and int(start) <= int(end):
        return [int(start), int(end)]
    return None


def export_filters(depth: Any, rels: Any, agencies: Any, years: Any, hidden: Any) -> dict[str, Any]:
    """What narrowed an explorer export, for its provenance - built from known values only
    (the browser's controls are not trusted to name anything else): depth, relationship types
    and agencies when not all are ticked, the time window, how many nodes were hidden."""
    known_rels, known_agencies = list(REL_STYLE), list(vocabulary().agencies)
    out: dict[str, Any] = {"depth": depth if depth in (1, 2, 3) else 2}
    for name, chosen, known in (
        ("relationships", rels, known_rels),
        ("agencies", agencies, known_agencies),
    ):
        picked = [v for v in known if isinstance(chosen, list) and v in chosen]
        if isinstance(chosen, list) and len(picked) < len(known):
            out[name] = picked or "none ticked"
    if (
        isinstance(years, list)
        and len(years) == 2
        and all(isinstance(y, int) and not isinstance(y, bool) for y in years)
    ):
        out["years"] = f"{years[0]}-{years[1]}"
    if isinstance(hidden, list) and hidden:
        out["hidden nodes"] = len(hidden)
    return out
