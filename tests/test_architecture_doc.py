"""docs/architecture.md names every module of the package, and only modules that exist."""

from __future__ import annotations

import re
from pathlib import Path

import anting_rule_of_law

PACKAGE = Path(anting_rule_of_law.__file__).parent
REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")


def modules() -> set[str]:
    return {
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py")
    }


def test_every_module_is_in_the_map() -> None:
    missing = sorted(m for m in modules() if f"`{m}`" not in DOC)
    assert missing == [], "add these to the module map of docs/architecture.md"


def test_every_module_named_exists() -> None:
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", DOC))
    assert len(named) > 60
    tests = {n for n in named if n.startswith("tests/")}
    unknown = sorted(named - tests - modules() - {"__init__.py"})
    assert unknown == []
    assert sorted(t for t in tests if not (REPO / t).is_file()) == []
