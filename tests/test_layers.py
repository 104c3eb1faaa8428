"""Imports point one way: ingest <- assistant <- api/eval (docs: the package map).

Every ``import`` and ``from ... import`` in a module, including those inside functions
(where the CLI once hid ``api`` and ``eval``), and every ``importlib.import_module``
with a literal name, is checked against the layers it may not reach.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package -> top-level packages its modules must never import
FORBIDDEN = {
    "ingest": {"assistant", "api", "eval"},
    "assistant": {"api", "eval"},
}


def imported_names(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, dotted module name) for every absolute import in ``tree``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.args[0].value))
    return sorted(found)


def upward_imports(source: str, forbidden: set[str]) -> list[str]:
    """The imports in ``source`` whose top-level package is in ``forbidden``."""
    return [f"line {line}: {name}" for line, name in imported_names(ast.parse(source))
            if name.split(".")[0] in forbidden]


def test_the_checker_sees_every_form_of_import():
    source = ("import api\nfrom eval.harness import x\n"
              "def f():\n    import api.app as a\n    from assistant.x import y\n"
              "    importlib.import_module('eval.bench_load')\n"
              "from . import sibling\nimport assistantx\nfrom ingest import parse_file\n")
    assert upward_imports(source, {"api", "eval", "assistant"}) == [
        "line 1: api", "line 2: eval.harness", "line 4: api.app", "line 5: assistant.x", "line 6: eval.bench_load"]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_module_imports_upward(package):
    modules = sorted((ROOT / package).rglob("*.py"))
    assert len(modules) > 3, f"no modules found under {package}/"
    bad = {str(m.relative_to(ROOT)): found for m in modules
           if (found := upward_imports(m.read_text(encoding="utf-8"), FORBIDDEN[package]))}
    assert not bad, f"{package}/ imports a layer above it: {bad}"
