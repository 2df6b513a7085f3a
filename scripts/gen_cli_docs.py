"""Regenerate the command reference in docs/cli.md from the argument parser.

Run ``python scripts/gen_cli_docs.py`` after changing a command; a test fails
when docs/cli.md and the parser disagree, so the reference cannot drift.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
BEGIN = "<!-- BEGIN GENERATED REFERENCE -->"
END = "<!-- END GENERATED REFERENCE -->"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def reference() -> str:
    """The generated part: one section per command (and sub-command) with its --help."""
    os.environ["COLUMNS"] = "100"
    from anting_rule_of_law.cli import build_parser

    parser = build_parser()
    parts = ["## Commands", "", "```text", parser.format_help().rstrip(), "```", ""]
    for name, sub in _subparsers(parser).items():
        parts += [f"### `anting-rol {name}`", "", "```text", sub.format_help().rstrip(), "```", ""]
        for subname, subsub in _subparsers(sub).items():
            parts += [
                f"#### `anting-rol {name} {subname}`",
                "",
                "```text",
                subsub.format_help().rstrip(),
                "```",
                "",
            ]
    return "\n".join(parts)


def render(current: str) -> str:
    head, _, rest = current.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{reference()}\n{END}{tail}"


if __name__ == "__main__":
    text = DOC.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in sys.argv:
        raise SystemExit(0 if new == text else 1)
    DOC.write_text(new, encoding="utf-8")
