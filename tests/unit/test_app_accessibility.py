"""Accessibility basics of the workbench: readable contrast and a label on every input.

Contrast is checked against WCAG 2.1 AA (4.5:1 for text) using the colours the stylesheet and
the palette actually declare; labels are checked by walking each page's component tree.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from dash import dcc, html

from touchpoint.app.components.palette import AGENCY_COLOURS, UNKNOWN_AGENCY

CSS = (Path(__file__).resolve().parents[2] / "app" / "assets" / "touchpoint.css").read_text()
AA_TEXT = 4.5


def css_var(name: str) -> str:
    match = re.search(rf"--tp-{name}:\s*(#[0-9A-Fa-f]{{6}})", CSS)
    assert match, f"--tp-{name} is not declared"
    return match.group(1)


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(fg: str, bg: str) -> float:
    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def css_pair(selector: str) -> tuple[str, str]:
    """(color, background) of a rule whose selector list contains ``selector``."""
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", CSS):
        if selector in [s.strip() for s in selectors.split(",")]:
            colour = re.search(r"(?<![-\w])color:\s*([^;]+);", body)
            background = re.search(r"background:\s*([^;]+);", body)
            assert colour and background, f"{selector} has no color/background pair"
            return _colour(colour.group(1)), _colour(background.group(1))
    raise AssertionError(f"no rule for {selector}")


def _colour(value: str) -> str:
    """A #RRGGBB value, or the one a ``var(--tp-…)`` stands for."""
    value = value.strip()
    if var := re.fullmatch(r"var\(--tp-([\w-]+)\)", value):
        return css_var(var.group(1))
    assert re.fullmatch(r"#[0-9A-Fa-f]{6}", value), value
    return value


@pytest.mark.parametrize("text", ["ink", "muted", "accent", "danger", "ok", "warn"])
@pytest.mark.parametrize("surface", ["bg", "card"])
def test_text_colours_are_readable_on_page_and_card_backgrounds(text, surface):
    assert contrast(css_var(text), css_var(surface)) >= AA_TEXT


def test_primary_buttons_and_the_header_are_readable():
    assert contrast(css_var("accent-ink"), css_var("accent")) >= AA_TEXT
    assert contrast("#E8EEF5", css_var("brand")) >= AA_TEXT  # navigation links


@pytest.mark.parametrize("agency", [*AGENCY_COLOURS, None])
def test_agency_chip_text_is_readable(agency):
    colour = AGENCY_COLOURS.get(agency, UNKNOWN_AGENCY)
    assert contrast(colour, css_var("card")) >= AA_TEXT
    assert contrast(colour, css_var("bg")) >= AA_TEXT


@pytest.mark.parametrize(
    "selector",
    [
        ".badge-ok",
        ".badge-warn",
        ".badge-risk-high",
        ".badge-risk-medium",
        ".badge-risk-low",
        ".alert-error",
        ".alert-info",
        ".alert-ok",
    ],
)
def test_badges_and_alerts_are_readable(selector):
    fg, bg = css_pair(selector)
    assert contrast(fg, bg) >= AA_TEXT


def test_keyboard_focus_is_visible():
    assert re.search(r"\*:focus-visible\s*\{[^}]*outline:\s*3px solid", CSS)
    assert ".skip-link:focus" in CSS


# ---- labels -------------------------------------------------------------------------------
CONTROLS = (dcc.Input, dcc.Dropdown, dcc.Checklist, dcc.RadioItems, dcc.Textarea, dcc.RangeSlider)


def unlabelled_controls(tree: Any) -> list[str]:
    """Ids of form controls with no label: not named by a ``Label(htmlFor=…)``, not inside a
    ``Label``, not inside a ``Fieldset`` with a ``Legend``."""
    labelled: set[str] = set()
    controls: list[tuple[Any, bool]] = []

    def walk(node: Any, inside_label: bool) -> None:
        if isinstance(node, list | tuple):
            for child in node:
                walk(child, inside_label)
            return
        if not hasattr(node, "_prop_names"):
            return
        if isinstance(node, html.Label) and getattr(node, "htmlFor", None):
            labelled.add(str(node.htmlFor))
        if isinstance(node, CONTROLS):
            controls.append((node.id, inside_label))
        fieldset = isinstance(node, html.Fieldset) and _has_legend(node)
        walk(
            getattr(node, "children", None),
            inside_label or isinstance(node, html.Label) or fieldset,
        )

    walk(tree, False)
    return [str(cid) for cid, inside in controls if not inside and str(cid) not in labelled]


def _has_legend(node: Any) -> bool:
    children = node.children if isinstance(node.children, list) else [node.children]
    return any(isinstance(child, html.Legend) for child in children)


def test_every_input_on_search_explorer_connections_flags_and_matches_has_a_label(tmp_path):
    from touchpoint.app import create_app
    from touchpoint.graph_model.model.settings import load_settings

    create_app(load_settings(data_dir=tmp_path))  # registers the pages (no graph needed)
    from touchpoint.app.pages import connections, explorer, flags, review, search
    from touchpoint.services.reads.review import OtherPairs

    pages = {
        "search": search.layout(),
        "explorer": explorer.layout(key="person_x"),
        "connections": connections.layout(),
        "flags": flags.layout(),
        "matches": review.layout(),
        "match panel": review.pair_panel(
            {
                "pair_id": "p",
                "probability": 0.8,
                "status": "pending",
                "evidence": {},
                "a": {"forename": "A", "record_id": "r1"},
                "b": {"forename": "B", "record_id": "r2"},
            },
            OtherPairs(
                [
                    {
                        "pair_id": "q",
                        "probability": 0.7,
                        "status": "waiting",
                        "label": "Waiting for the agency",
                        "a": {"forename": "A", "record_id": "r1"},
                        "b": {"forename": "C", "record_id": "r3"},
                    }
                ],
                "1 pair withheld under agreement x",
            ),
        ),
    }
    for name, tree in pages.items():
        assert unlabelled_controls(tree) == [], name


def test_pattern_parameters_are_labelled_inputs(tmp_path):
    from touchpoint.app import create_app
    from touchpoint.graph_model.model.settings import load_settings

    create_app(load_settings(data_dir=tmp_path))  # a page module is imported under an app
    from touchpoint.app.pages.patterns import param_field
    from touchpoint.services.reads.patterns import library, pattern_info

    for pattern in library():
        for param in pattern_info(pattern.id).params:
            assert unlabelled_controls(param_field(param)) == []
