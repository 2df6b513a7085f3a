"""docs/cli.md and docs/cli-zh.md cannot drift from the parser; every exit code is documented."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from anting_rule_of_law.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    sys.version_info[:2] != (3, 11),
    reason="argparse help layout differs between Python versions; the reference is generated on 3.11",
)
@pytest.mark.parametrize(("page", "lang"), [("cli.md", "en"), ("cli-zh.md", "zh")])
def test_generated_reference_matches_parser(page: str, lang: str) -> None:
    doc = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert _generator().render(doc, lang) == doc, "run: python scripts/gen_cli_docs.py"


def test_every_option_of_every_command_is_documented() -> None:
    gen = _generator()
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    from anting_rule_of_law.cli import build_parser

    parser = build_parser("en")
    (globals_,) = [g for g in parser._action_groups if g.title == "global options"]
    section = doc.partition("## Global options")[2].partition("\n## ")[0]
    for action in globals_._group_actions:
        for flag in action.option_strings:
            assert f"`{flag}" in section, flag
    for name, sub in gen._subparsers(parser).items():
        assert f"`anting-rol {name}`" in doc
        for action in sub._actions:
            for flag in action.option_strings:
                assert flag in doc, f"{name} {flag}"


def test_a_deprecated_spelling_is_documented_but_not_listed() -> None:
    gen = _generator()
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    deprecated = doc.partition("### Deprecated")[2].partition("\n## ")[0]
    from anting_rule_of_law.cli import build_parser

    parser = build_parser("en")
    every = next(a.choices for a in parser._actions if hasattr(a, "_choices_actions"))
    hidden = set(every) - set(gen._subparsers(parser))
    assert hidden == {"framework"}
    for name in hidden:
        assert f"`anting-rol {name}" in deprecated
        assert f"### `anting-rol {name}`" not in doc


def test_every_exit_code_is_documented() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"\n| {int(code)} |" in doc, code
