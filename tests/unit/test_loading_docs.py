"""docs/loading.md is generated in part from the code: every derive function has a docstring
and a worked example, the examples are true, and the reference in the file is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchpoint.loaders.derive import REGISTRY
from touchpoint.loaders.docgen import generated_part, reference, undocumented

LOADING = Path(__file__).resolve().parents[2] / "docs" / "loading.md"


def test_every_derive_function_is_documented_with_an_example() -> None:
    assert undocumented() == []


@pytest.mark.parametrize("name", list(REGISTRY))
def test_each_documented_example_is_what_the_function_does(name: str) -> None:
    args, options, expected = REGISTRY[name].example
    result = REGISTRY[name].fn(list(args), dict(options))
    if isinstance(expected, dict):
        result = {key: result.get(key) for key in expected}
    assert result == expected


def test_the_reference_in_docs_loading_md_is_what_the_code_says() -> None:
    assert generated_part(LOADING) == reference(), (
        "docs/loading.md is out of date: run `touchpoint mappings reference --update "
        "docs/loading.md`"
    )


def test_a_function_without_docs_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    def bare(args, options):
        return None

    monkeypatch.setitem(REGISTRY, "bare", replace(REGISTRY["join"], fn=bare, example=None))
    assert undocumented() == ["bare"]
    assert "#### `bare`" in reference()
