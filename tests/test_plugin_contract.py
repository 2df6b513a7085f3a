"""The public plugin contract (anting_rule_of_law.reporting) and its documentation."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from anting_rule_of_law import hookspecs, reporting
from anting_rule_of_law.reporting import RenderOptions, report_document
from anting_rule_of_law.scoring import score
from plugin_fixtures import scorecards as sample

REPO = Path(__file__).resolve().parents[1]
PLUGINS_DOC = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
#: The plugin packages kept in the repository: they show others how to write one.
BUNDLED_PLUGINS = (
    REPO / "plugins" / "anting-rol-html",
    REPO / "plugins" / "anting-rol-docx",
    REPO / "plugins" / "skeleton",
)


def library_imports(package: Path) -> Iterator[tuple[str, str]]:
    """(file, module) for every import of ``anting_rule_of_law`` in a plugin's sources."""
    for path in sorted((package / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                if module.split(".")[0] == "anting_rule_of_law":
                    yield path.name, module


@pytest.mark.parametrize("package", BUNDLED_PLUGINS, ids=lambda p: p.name)
def test_bundled_plugins_import_only_the_contract(package: Path) -> None:
    imports = list(library_imports(package))
    assert imports, "the reader found no import at all"
    assert {module for _, module in imports} == {"anting_rule_of_law.reporting"}, imports


def test_the_import_reader_sees_a_forbidden_import(tmp_path: Path) -> None:
    (tmp_path / "src" / "p").mkdir(parents=True)
    (tmp_path / "src" / "p" / "__init__.py").write_text(
        "from anting_rule_of_law.reporting import hookimpl\n"
        "def f():\n    import anting_rule_of_law.reporters.labels\n",
        encoding="utf-8",
    )
    assert {m for _, m in library_imports(tmp_path)} == {
        "anting_rule_of_law.reporting",
        "anting_rule_of_law.reporters.labels",
    }


def hook_signatures() -> dict[str, str]:
    """``arol_render(scorecard, format_name, options)`` for every hook specification."""
    return {
        name: f"{name}({', '.join(inspect.signature(func).parameters)})"
        for name, func in vars(hookspecs).items()
        if name.startswith("arol_") and callable(func)
    }


def test_every_hook_signature_is_documented() -> None:
    signatures = hook_signatures()
    assert {"arol_register_formats", "arol_render"} <= set(signatures)
    headings = re.findall(r"^### `(arol_\w+\([^)]*\))", PLUGINS_DOC, flags=re.MULTILINE)
    missing = [sig for sig in signatures.values() if sig not in headings]
    assert missing == [], f"docs/plugins.md has no '### `SIGNATURE`' heading for {missing}"


def test_every_contract_name_resolves_and_is_documented() -> None:
    for name in reporting.__all__:
        assert getattr(reporting, name) is not None
        assert f"`{name}" in PLUGINS_DOC, name


def test_the_contract_imports_light() -> None:
    code = (
        "import sys, anting_rule_of_law.reporting as r; "
        "assert 'polars' not in sys.modules, 'polars'; "
        "r.Scorecard; assert 'polars' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def document_keys(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(parent path, key) for every key of a document, lists looked into."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key
            if key == "rules":  # keyed by indicator code: look into each rule instead
                for rule in item.values():
                    yield from document_keys(rule, f"{path}.{key}")
            elif key != "inputs":  # an audit row's inputs are keyed by the rule's own fields
                yield from document_keys(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from document_keys(item, path)


def test_every_key_of_the_report_document_is_documented() -> None:
    scorecard = score(sample.framework(), list(sample.batch()))
    doc = report_document(scorecard, RenderOptions(detail="full", timestamp=True))
    keys = set(document_keys(doc))
    assert ("", "yoy") in keys and (".results", "clauses") in keys and len(keys) > 60
    section = PLUGINS_DOC.split("## The report document", 1)[1].split("\n## ", 1)[0]
    missing = sorted({key for _, key in keys if f"`{key}`" not in section})
    assert missing == []


@pytest.mark.parametrize("package", BUNDLED_PLUGINS, ids=lambda p: p.name)
def test_bundled_plugins_bound_the_library_version(package: Path) -> None:
    text = (package / "pyproject.toml").read_text(encoding="utf-8")
    assert '"anting-rule-of-law>=0.1,<0.2"' in text
