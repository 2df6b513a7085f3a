"""The public API as type checkers see it: real types, not ``Any``, for the lazy root names.

Like attrs' own typing tests: a file of ``assert_type`` calls on the public API
(tests/typing/public_api.py) must pass ``mypy --strict`` and pyright, and its
deliberate mistakes must be caught (mypy's ``warn_unused_ignores`` fails when
an expected error goes missing).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import anting_rule_of_law

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "typing" / "public_api.py"
ROOT = Path(anting_rule_of_law.__file__)


def test_mypy_sees_the_public_api_typed() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(SAMPLE)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_pyright_sees_the_public_api_typed() -> None:
    pyright = shutil.which("pyright")
    if pyright is None:
        pytest.skip("pyright is not installed (pip install pyright)")
    probe = subprocess.run([pyright, "--version"], capture_output=True, text=True, timeout=600)
    if probe.returncode != 0:
        pytest.skip(f"pyright cannot start here: {probe.stderr.strip()[:200]}")
    run = subprocess.run(
        [pyright, "--pythonpath", sys.executable, str(SAMPLE)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def _type_checking_names() -> set[str]:
    tree = ast.parse(ROOT.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in ast.walk(node):
                if isinstance(stmt, ast.ImportFrom):
                    names.update(alias.asname or alias.name for alias in stmt.names)
    return names


def test_every_lazy_name_is_imported_for_type_checkers_and_listed_in_all() -> None:
    lazy = set(anting_rule_of_law._LAZY)
    assert _type_checking_names() == lazy
    assert lazy <= set(anting_rule_of_law.__all__)
    # __all__ is a literal list, which type checkers can read (an unpacked ``*_LAZY`` is not)
    tree = ast.parse(ROOT.read_text(encoding="utf-8"))
    [value] = [
        n.value
        for n in tree.body
        if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "__all__"
    ]
    assert isinstance(value, ast.List) and all(isinstance(e, ast.Constant) for e in value.elts)
