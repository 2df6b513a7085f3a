"""The ``anting-rol`` command line: a thin shell over the library.

Each command group lives in its own module exposing ``register(subparsers, common)``;
this module builds the parser, runs the command and turns every expected error
into located messages and a documented exit code (see docs/cli.md) — never a
traceback, unless ``--debug`` asks for one.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from anting_rule_of_law.errors import AntingError

__all__ = ["build_parser", "main"]

#: Modules that add commands, in the order they appear in ``--help``.
COMMAND_MODULES: tuple[str, ...] = (
    "anting_rule_of_law.cli.catalog",
    "anting_rule_of_law.cli.report",
    "anting_rule_of_law.cli.framework_import",
    "anting_rule_of_law.cli.assess",
)


def _default_lang() -> str:
    value = os.environ.get("ANTING_ROL_LANG", "")
    return value if value in ("zh", "en") else "zh"


def build_parser() -> argparse.ArgumentParser:
    """The full parser; also used to generate and check docs/cli.md."""
    from anting_rule_of_law import __version__

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=_default_lang(),
        help="language of messages and reports (default: zh, or $ANTING_ROL_LANG)",
    )
    common.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    parser = argparse.ArgumentParser(
        prog="anting-rol",
        description="Score rule-of-law self-assessments of Chinese towns (法治建设示范街道乡镇).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see :class:`ExitCode`)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    lang: str = args.lang
    try:
        code: int = args.func(args)
        return code
    except AntingError as exc:
        for line in exc.messages(lang):
            print(line, file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("interrupted" if lang == "en" else "已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # an internal error: say so plainly
        if args.debug:
            raise
        kind = type(exc).__name__
        msg = (
            f"internal error ({kind}: {exc}); please report it, with --debug for details"
            if lang == "en"
            else f"内部错误（{kind}: {exc}）；请加 --debug 重新运行并报告"
        )
        print(msg, file=sys.stderr)
        return 70
