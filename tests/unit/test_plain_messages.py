"""Issue 16: messages in the app say what to fix, in plain words - no "Something went wrong"
prefix on a refused input, no command-line flags."""

from __future__ import annotations

import json

import pytest

from touchpoint.app.components.common import error_box, plain_text
from touchpoint.graph_model.model.errors import GraphUnavailable
from touchpoint.graph_model.patterns.flags import FlagError
from touchpoint.graph_model.patterns.params import ParamError, PatternParam


def _text(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json())


def test_command_line_hints_are_dropped() -> None:
    assert plain_text("A reason is required (--reason)") == "A reason is required"
    assert plain_text("Say who is deciding (--who)") == "Say who is deciding"
    assert plain_text("Costs 3--4 days") == "Costs 3--4 days"


def test_a_refused_input_says_what_to_fix_and_nothing_else() -> None:
    shown = _text(error_box(FlagError("Give a reason: one is needed to dismiss a flag.")))
    assert "Give a reason" in shown
    assert "Something went wrong" not in shown and "--" not in shown


def test_a_failure_the_user_cannot_fix_says_so_and_what_to_try() -> None:
    shown = _text(error_box(GraphUnavailable("Neo4j at bolt://x is not answering")))
    assert "could not be finished" in shown and "Try again" in shown
    assert "Something went wrong" not in shown


def test_model_messages_carry_no_flags() -> None:
    with pytest.raises(ParamError) as refused:
        PatternParam(name="as_of", type="date").default_value()
    assert str(refused.value) == "Give as_of a value: it has no default."
