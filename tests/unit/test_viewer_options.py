"""``--purpose CODE:CASE_REF:REASON`` parsing and the withheld sentence, without a graph."""

from __future__ import annotations

import pytest

from touchpoint.cli.viewer_options import parse_purpose
from touchpoint.graph_model.access.context import AccessDenied
from touchpoint.graph_model.access.notices import withheld_notice


def test_a_purpose_splits_on_the_first_two_colons_only():
    purpose = parse_purpose("s47_enquiry:MASH-2026-0142:Strategy meeting: 10:30 tomorrow")
    assert (purpose.code, purpose.case_reference) == ("s47_enquiry", "MASH-2026-0142")
    assert purpose.reason == "Strategy meeting: 10:30 tomorrow"


@pytest.mark.parametrize("text", ["s47_enquiry", "s47_enquiry:MASH-1", ""])
def test_a_purpose_without_all_three_parts_is_refused_with_the_shape(text: str):
    with pytest.raises(AccessDenied, match="CODE:CASE_REF:REASON"):
        parse_purpose(text)


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (0, "link", None),
        (1, "link", "1 link withheld under agreement mash_isa"),
        (3, "result", "3 results withheld under agreement mash_isa"),
    ],
)
def test_the_withheld_sentence_names_the_count_and_the_agreement(count, noun, expected):
    assert withheld_notice(count, noun, "mash_isa") == expected
