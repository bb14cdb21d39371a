"""The folder tree is the architecture: who may import whom, read from the sources themselves.

Every import counts, module-level or inside a function (a lazy import is still a dependency), except
those under `if TYPE_CHECKING:`, which never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "carnet"

# The only modules that may import MkDocs (or ProperDocs): the glue. Everything else is plain
# Python, so that the site keeps building with another generator after MkDocs 1.x.
MKDOCS_AWARE = {
    "carnet.site.plugin",
    "carnet.site.runner",
    "carnet.site.preview",
    "carnet.site.mkdocs_cache",  # the build cache's hooks into MkDocs' rendering
}

# Capability packages and what each may import besides the shared top-level modules
# (carnet.dates, carnet.findings, carnet.reporting, carnet.text). The CLI sits on top of everything.
LAYERS = {
    "model": {"model", "checking.rules.sections"},
    "checking": {"model", "checking"},
    "contribution": {"model", "checking", "contribution"},
    "site": {"model", "checking", "contribution", "site", "facilitation"},
    "facilitation": {"model", "checking", "site", "facilitation"},
    "cli": {"model", "checking", "contribution", "site", "facilitation", "cli"},
}
SHARED = {"dates", "findings", "reporting", "text"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, TYPE_CHECKING blocks left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {
    name: {m for m in imports_of(path) if m in MODULES and m != name}
    for name, path in MODULES.items()
}


def test_the_package_is_read():
    assert len(MODULES) > 50 and "carnet.model.content" in MODULES and GRAPH["carnet.cli.main"]


def test_nothing_imports_the_plugin():
    importers = sorted(name for name, deps in GRAPH.items() if "carnet.site.plugin" in deps)
    assert importers == [], (
        "MkDocs finds the plugin through its entry point; nothing else imports it"
    )


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_the_glue_imports_mkdocs(name):
    third_party = {m.split(".")[0] for m in imports_of(MODULES[name])}
    if name not in MKDOCS_AWARE:
        assert not third_party & {"mkdocs", "properdocs", "material"}, name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_capability_imports_only_what_it_stands_on(name):
    parts = name.split(".")
    if len(parts) < 3 or parts[1] not in LAYERS:
        return
    allowed = LAYERS[parts[1]]
    for dep in GRAPH[name]:
        dep_parts = dep.split(".")
        target = ".".join(dep_parts[1:])
        if dep == "carnet" or dep_parts[1] in SHARED:
            continue
        assert any(
            target == a or target.startswith(a + ".") or dep_parts[1] == a for a in allowed
        ), f"{name} imports {dep}"


def test_no_import_cycle():
    """Depth-first search over the import graph; a cycle is reported as the chain of modules."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(GRAPH[node]):
            # Importing a package runs its __init__, which imports nothing here: the edge goes to
            # the submodule itself.
            if state.get(dep) == 1:
                return path[path.index(dep) :] + [dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        state[node] = 2
        path.pop()
        return None

    for name in sorted(GRAPH):
        if name not in state and (cycle := visit(name)):
            pytest.fail("cycle d'imports : " + " → ".join(cycle))


def test_today_lives_with_dates():
    users = sorted(
        name
        for name, path in MODULES.items()
        if "def today(" in path.read_text(encoding="utf-8") and name != "carnet.dates"
    )
    assert users == []
