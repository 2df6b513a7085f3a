"""The package's module layout: no import cycles where one was once."""

from __future__ import annotations

import ast
from pathlib import Path

import anting_rule_of_law

PACKAGE = Path(anting_rule_of_law.__file__).parent


def _imports(package: str) -> dict[str, set[str]]:
    """Each module of ``package`` -> the sibling modules it imports (at any depth)."""
    prefix = f"anting_rule_of_law.{package}."
    graph: dict[str, set[str]] = {}
    for path in sorted((PACKAGE / package).glob("*.py")):
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(prefix):
                deps.add(node.module.removeprefix(prefix))
        graph[path.stem] = deps
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> list[str] | None:
        if state.get(name) == 1:
            return [*path[path.index(name) :], name]
        if state.get(name) == 2:
            return None
        state[name] = 1
        for dep in sorted(graph.get(name, ())):
            found = visit(dep, [*path, name])
            if found:
                return found
        state[name] = 2
        return None

    for name in sorted(graph):
        found = visit(name, [])
        if found:
            return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"grid": {"word"}, "word": {"grid"}}) == ["grid", "word", "grid"]
    assert _cycle({"grid": set(), "word": {"grid"}}) is None


def test_table_import_has_no_import_cycle() -> None:
    graph = _imports("tableimport")
    assert {"grid", "readers", "word", "importer"} <= set(graph)
    assert graph["grid"] == set(), "the grid model depends on no reader"
    assert _cycle(graph) is None
