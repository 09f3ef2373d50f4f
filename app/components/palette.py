"""Colours and shapes, chosen once: colour-blind-safe agency colours (Okabe-Ito based), each
dark enough for AA text contrast on white and on the page background (agency chips are text)."""

from __future__ import annotations

AGENCY_COLOURS = {
    "police": "#0B5CAD",
    "gp": "#00806A",
    "hospital": "#C24100",
    "schools": "#946300",
    "social_care": "#B0478F",
    "benefits": "#2471A3",
    "immigration": "#7A6A00",
    "housing": "#7B4F3A",
    "community_health": "#2F6B3A",
}
UNKNOWN_AGENCY = "#5F6B76"
FONT_STACK = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif"

KIND_STYLE = {
    "person": {"shape": "ellipse", "colour": "#23395B", "label": "Person"},
    "address": {"shape": "round-rectangle", "colour": "#6C7A89", "label": "Address"},
    "organisation": {"shape": "hexagon", "colour": "#5B3F8C", "label": "School / GP / hospital"},
    "event": {"shape": "diamond", "colour": UNKNOWN_AGENCY, "label": "Event (agency colour)"},
    "summary": {"shape": "round-tag", "colour": "#E7EBEF", "label": "Summary of more"},
}

RISK_BORDER = {
    "high": ("#C0392B", 5),
    "medium": ("#E67E22", 4),
    "low": ("#D4AC0D", 3),
}
RISK_LABEL = {"high": "High concern", "medium": "Medium concern", "low": "Some concern"}

REL_STYLE = {
    "RELATED_TO": {"colour": "#8E44AD", "style": "solid", "width": 3, "label": "Family / partner"},
    "LIVES_AT": {"colour": "#6C7A89", "style": "solid", "width": 2, "label": "Lives at"},
    "INVOLVED_IN": {"colour": "#34495E", "style": "solid", "width": 1.5, "label": "Involved in"},
    "ENROLLED_AT": {"colour": "#138D75", "style": "dotted", "width": 2, "label": "Enrolled at"},
    "REGISTERED_WITH": {
        "colour": "#138D75",
        "style": "dashed",
        "width": 2,
        "label": "Registered with",
    },
    "OCCURRED_AT": {"colour": "#A0AAB4", "style": "dashed", "width": 1, "label": "Occurred at"},
}


def agency_colour(agency: str | None) -> str:
    return AGENCY_COLOURS.get(agency or "", UNKNOWN_AGENCY)
