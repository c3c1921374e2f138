"""generator/ imports in one direction, from the command line down to the model.

Every import of a generator module is read from the source with `ast`, those inside
functions too (the command line imports its heavy modules late, which hides a cycle
from Python until that command runs): no module may import one that, through others,
imports it back, and the modules that read the catalog into the model import only
each other.
"""
from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
# Reading and checking the catalog into the model, with what that needs; never the command line,
# the site builder, the renderers or the exports above them.
BASE = {"paths", "diagnostics", "model", "text", "yamlfile", "validate", "glossary", "load", "strings", "voice", "changelog"}


def imported(source: str, modules: set[str]) -> set[str]:
    """The generator modules a module's source imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("generator.")}
        elif isinstance(node, ast.ImportFrom):
            inside = node.level == 1 or (node.level == 0 and (node.module or "").split(".")[0] == "generator")
            if not inside:
                continue
            module = node.module if node.level else node.module.partition(".")[2]
            if module:
                found.add(module.split(".")[0])
            else:  # from . import x, y
                found |= {a.name for a in node.names}
    return found & modules


def graph(folder: Path = GENERATOR) -> dict[str, set[str]]:
    modules = {p.stem for p in folder.glob("*.py")}
    return {p.stem: imported(p.read_text(encoding="utf-8"), modules) - {p.stem} for p in sorted(folder.glob("*.py"))}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as the modules along it (first one repeated at the end), or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        path.append(module)
        for other in sorted(edges.get(module, ())):
            if state.get(other) == "open":
                return path[path.index(other):] + [other]
            if other not in state and (found := visit(other)):
                return found
        state[module] = "done"
        path.pop()
        return None

    for module in sorted(edges):
        if module not in state and (found := visit(module)):
            return found
    return None


def test_every_kind_of_import_is_read():
    source = ("from . import glossary as words, validate\nfrom .model import Catalog\nimport json\n"
              "from generator.site import build\nimport generator.verify\nfrom yaml import safe_load\n"
              "def late():\n    from .render import ui_strings\n")
    modules = {"glossary", "validate", "model", "site", "verify", "render", "json", "yaml"}
    assert imported(source, modules) == {"glossary", "validate", "model", "site", "verify", "render"}


def test_a_cycle_is_found_and_named():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"cli": {"load"}, "load": {"model"}, "model": set()}) is None


def test_generator_has_no_import_cycle():
    edges = graph()
    assert {"cli", "load", "render", "report"} <= set(edges)  # the folder was read
    found = cycle(edges)
    assert found is None, "import cycle: " + " -> ".join(found)


def test_the_catalog_modules_import_only_each_other():
    edges = graph()
    upward = {f"{module} imports {other}" for module in BASE & set(edges) for other in edges[module] - BASE}
    assert upward == set(), sorted(upward)
