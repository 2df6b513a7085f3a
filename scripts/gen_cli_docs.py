"""Regenerate the command reference in docs/cli.md (English) and docs/cli-zh.md (Chinese).

Run ``python scripts/gen_cli_docs.py`` after changing a command; a test fails
when a page and the parser disagree, so the reference cannot drift. Each page
holds the ``--help`` of every listed command in its language, exactly as
``anting-rol COMMAND --help --lang LANG`` prints it in a 100-column terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
#: page -> language of the --help it shows
PAGES = {DOCS / "cli.md": "en", DOCS / "cli-zh.md": "zh"}
BEGIN = "<!-- BEGIN GENERATED REFERENCE -->"
END = "<!-- END GENERATED REFERENCE -->"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The commands ``parser --help`` lists (a deprecated spelling is not listed)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            listed = {choice.dest for choice in action._choices_actions}
            return {name: p for name, p in action.choices.items() if name in listed}
    return {}


def reference(lang: str = "en") -> str:
    """The generated part: one section per command (and sub-command) with its --help."""
    os.environ["COLUMNS"] = "100"
    from anting_rule_of_law.cli import build_parser

    parser = build_parser(lang)
    title = "命令" if lang == "zh" else "Commands"
    parts = [f"## {title}", "", "```text", parser.format_help().rstrip(), "```", ""]
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


def render(current: str, lang: str = "en") -> str:
    head, _, rest = current.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{reference(lang)}\n{END}{tail}"


if __name__ == "__main__":
    stale = []
    for page, page_lang in PAGES.items():
        text = page.read_text(encoding="utf-8")
        new = render(text, page_lang)
        if new != text:
            stale.append(page)
            if "--check" not in sys.argv:
                page.write_text(new, encoding="utf-8")
    raise SystemExit(1 if stale and "--check" in sys.argv else 0)
