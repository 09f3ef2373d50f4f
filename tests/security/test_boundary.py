"""The access boundary is structural, not a convention (issue 13, "What to build").

* ``ViewerGraph`` - what every page and ``--as`` command reads through - runs only queries that
  declare the agreement (``// access: agreement``) and its parameters; this walks every query
  file under ``cypher/`` and asks the gate itself.
* An agreement query uses every agreement parameter it declares, and one that touches agency
  records filters by ``$visible_agencies``.
* The administrator role is decided in one place (``Settings.admin_role``), never by comparing
  with the literal ``"admin"`` around the app.
(Pages never importing the store or the raw ``Graph`` is tests/unit/test_layers.py.)
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from touchpoint.graph_model.access.context import AccessDenied
from touchpoint.graph_model.access.viewer import ACCESS_PARAMS, check_viewer_query
from touchpoint.graph_model.store.queries import CYPHER_DIR, load_query

REPO = Path(__file__).resolve().parents[2]
PERSON_LEVEL = re.compile(r":\s*`?(PersonRecord|Event|Flag|QuarantinedRow)\b")
QUERIES = sorted(
    str(p.relative_to(CYPHER_DIR).with_suffix(""))
    for p in CYPHER_DIR.rglob("*.cypher")
    if p.parent.name != "schema"
)


def test_there_are_queries_to_walk() -> None:
    assert len(QUERIES) > 100


@pytest.mark.parametrize("name", QUERIES)
def test_the_viewer_runs_a_query_only_if_it_declares_the_agreement(name: str) -> None:
    query = load_query(name)
    declared = query.meta.get("access") == "agreement"
    agreement_params = [p for p in query.params if p in ACCESS_PARAMS]
    if declared and agreement_params:
        check_viewer_query(query)  # the gate lets it through
    else:
        with pytest.raises(AccessDenied):
            check_viewer_query(query)


@pytest.mark.parametrize("name", QUERIES)
def test_an_agreement_query_uses_what_it_declares(name: str) -> None:
    query = load_query(name)
    if query.meta.get("access") != "agreement":
        return
    declared = [p for p in query.params if p in ACCESS_PARAMS]
    assert declared, f"{name}: access: agreement but no agreement parameter declared"
    unused = [p for p in declared if f"${p}" not in query.text]
    assert unused == [], f"{name}: declares {unused} but never filters by them"
    if PERSON_LEVEL.search(query.text):
        assert "$visible_agencies" in query.text, f"{name}: reads records, no agency filter"


def _admin_literal_comparisons(path: Path) -> list[str]:
    found = []
    text = path.read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
            if any(isinstance(p, ast.Constant) and p.value == "admin" for p in parts):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    found += [f"{path.relative_to(REPO)}: template" for _ in re.findall(r"role\s*==\s*'admin'",
                                                                          text)]  # fmt: skip
    return found


def test_one_admin_role_check() -> None:
    sources = [p for folder in ("app", "cli", "services") for p in (REPO / folder).rglob("*.py")]
    assert [hit for p in sources for hit in _admin_literal_comparisons(p)] == []
