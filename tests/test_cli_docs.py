"""docs/cli.md cannot drift from the parser, and documents every exit code."""

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
def test_generated_reference_matches_parser() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert _generator().render(doc) == doc, "run: python scripts/gen_cli_docs.py"


def test_every_option_of_every_command_is_documented() -> None:
    gen = _generator()
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    from anting_rule_of_law.cli import build_parser

    parser = build_parser()
    for name, sub in gen._subparsers(parser).items():
        assert f"`anting-rol {name}`" in doc
        for action in sub._actions:
            for flag in action.option_strings:
                assert flag in doc, f"{name} {flag}"


def test_every_exit_code_is_documented() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"\n| {int(code)} |" in doc, code
