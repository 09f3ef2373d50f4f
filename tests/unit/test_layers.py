"""The import graph flows one way: each layer imports only itself and the layers below it.

Layers, bottom up (docs/architecture.md). Units on one layer may not import each other either,
except where ``PEERS`` says so. Every import counts, including ones inside functions and
``TYPE_CHECKING`` blocks, and module names passed to ``importlib``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FOLDERS = ("app", "cli", "graph_model", "loaders", "services", "synth")

LAYERS: list[list[str]] = [
    ["graph_model.model"],
    ["graph_model.store"],
    ["graph_model.access"],
    ["graph_model.resolution", "graph_model.patterns", "graph_model.analytics", "loaders", "synth"],
    ["services.reads", "services.pipeline"],
    ["app"],
    ["cli"],
]
#: Same-layer imports that are allowed (importer -> imported).
PEERS: set[tuple[str, str]] = set()

RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}
_DYNAMIC = re.compile(r"""["'](touchpoint\.[a-z_.]+)["']""")


def unit_of(module: str) -> str | None:
    name = module.removeprefix("touchpoint.")
    for unit in sorted(RANK, key=len, reverse=True):
        if name == unit or name.startswith(unit + "."):
            return unit
    return None


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(("touchpoint", *parts)).removesuffix(".__init__")


def imports_of(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    found: set[str] = set(_DYNAMIC.findall(text))
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("touchpoint.")}


def sources() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (REPO / folder).rglob("*.py"))


def edges() -> list[tuple[str, str, str, str]]:
    """(importer unit, imported unit, importer module, imported name) across units."""
    found = []
    for path in sources():
        here = unit_of(module_name(path))
        for name in imports_of(path):
            there = unit_of(name)
            if here and there and here != there:
                found.append((here, there, module_name(path), name))
    return found


CONTAINERS = {"touchpoint.graph_model", "touchpoint.services"}  # folders of units, no code


def test_every_source_module_belongs_to_a_layer() -> None:
    homeless = [
        module_name(p)
        for p in sources()
        if unit_of(module_name(p)) is None and module_name(p) not in CONTAINERS
    ]
    assert homeless == [], "add these to a layer in LAYERS (and docs/architecture.md)"


def test_no_import_runs_up_a_layer() -> None:
    upward = [
        f"{importer} imports {name} ({here} is below {there})"
        for here, there, importer, name in edges()
        if RANK[there] > RANK[here]
    ]
    assert upward == []


def test_units_on_one_layer_do_not_import_each_other() -> None:
    sideways = [
        f"{importer} imports {name}"
        for here, there, importer, name in edges()
        if RANK[there] == RANK[here] and (here, there) not in PEERS
    ]
    assert sideways == []


def test_pages_never_touch_the_store_or_the_raw_graph() -> None:
    """Pages read through the signed-in viewer (services.reads + access) and the admin door
    (app.admin_ops), never the driver wrapper, the graph holder or the settings, and never ask
    a viewer for its raw graph - so the agreement and the audit cannot be bypassed by a page."""
    offending = [
        f"{module_name(path)} imports {name}"
        for path in sorted((REPO / "app" / "pages").glob("*.py"))
        for name in imports_of(path)
        if unit_of(name) == "graph_model.store"
        or name == "touchpoint.app.state"
        or name.startswith("touchpoint.app.state.")
        or name == "touchpoint.graph_model.model.settings.Settings"
    ]
    offending += [
        f"{module_name(path)} uses .{node.attr}"
        for path in sorted((REPO / "app" / "pages").glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in ("system", "_graph", "_holder")
    ]
    assert offending == []
