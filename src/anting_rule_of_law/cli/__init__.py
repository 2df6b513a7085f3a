"""The ``anting-rol`` command line: a thin shell over the library.

Each command group lives in its own module exposing ``register(subparsers, common,
say)``; this module builds the parser in the user's language, runs the command
and turns every expected error into located messages and a documented exit code
(see docs/cli.md) — never a traceback, unless ``--debug`` asks for one.

Global options (``--lang``, ``--debug``) are accepted before and after the verb:
the top-level parser holds them with their real defaults, and every command gets
the same options with suppressed defaults (through ``common``), so a value given
after the verb overrides one given before it and an absent one changes nothing.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import traceback
from collections.abc import Sequence

from anting_rule_of_law.cli.parser import LANGS, CliParser, Say, lang_from_argv, sayer
from anting_rule_of_law.cli.signals import Terminated, terminate_as_interrupt
from anting_rule_of_law.cli.terminal import safe_stderr
from anting_rule_of_law.errors import AntingError, ExitCode

__all__ = ["build_parser", "main"]

#: Modules that add commands, in the order they appear in ``--help``.
COMMAND_MODULES: tuple[str, ...] = (
    "anting_rule_of_law.cli.catalog",
    "anting_rule_of_law.cli.report",
    "anting_rule_of_law.cli.plugins",
    "anting_rule_of_law.cli.framework_import",
    "anting_rule_of_law.cli.assess",
)


def _default_lang() -> str:
    value = os.environ.get("ANTING_ROL_LANG", "")
    return value if value in LANGS else "zh"


def add_global_options(parser: argparse.ArgumentParser, say: Say, *, defaults: bool) -> None:
    """The options every command takes, before or after its verb.

    ``defaults=False`` (the copies under each verb) leaves an absent option out
    of the result, so it does not undo the same option given before the verb.
    """
    group = parser.add_argument_group(say("全局选项", "global options"))

    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    group.add_argument(
        "--lang",
        choices=LANGS,
        default=default(_default_lang()),
        help=say(
            "提示信息和报告的语言（默认 zh，或环境变量 ANTING_ROL_LANG）",
            "language of messages and reports (default: zh, or $ANTING_ROL_LANG)",
        ),
    )
    group.add_argument(
        "--debug",
        action="store_true",
        default=default(False),
        help=say("内部错误时显示 traceback", "show a traceback on internal errors"),
    )


def build_parser(lang: str | None = None) -> CliParser:
    """The full parser, its help in ``lang`` (default: as ``--lang`` would default).

    Also used to generate and check docs/cli.md.
    """
    from anting_rule_of_law import __version__

    lang = _default_lang() if lang is None else lang
    say = sayer(lang)
    common = CliParser(lang=lang, add_help=False)
    add_global_options(common, say, defaults=False)
    parser = CliParser(
        lang=lang,
        prog="anting-rol",
        description=say(
            "为街道乡镇法治建设示范创建自评打分、出具报告。不带参数运行显示本帮助；"
            "每个命令的用法见 anting-rol 命令 --help。",
            "Score rule-of-law self-assessments of Chinese towns (法治建设示范街道乡镇). "
            "Run without arguments for this help; anting-rol COMMAND --help for a command's.",
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=say("显示版本号并退出", "show the version number and exit"),
    )
    add_global_options(parser, say, defaults=True)
    parser.set_defaults(func=None, help_parser=parser)
    sub = parser.subparsers(dest="command", metavar=say("命令", "COMMAND"))
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common, say)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see :class:`ExitCode`)."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(lang_from_argv(words, _default_lang()))
    args = parser.parse_args(words)
    lang: str = args.lang
    if args.func is None:  # a bare verb group (or none at all): its help
        args.help_parser.print_help()
        return 0
    with safe_stderr():
        return _run(args, lang)


def _run(args: argparse.Namespace, lang: str) -> int:
    """Run the command, turning every expected error into its messages and exit code."""
    try:
        with terminate_as_interrupt():
            code: int = args.func(args)
        return code
    except AntingError as exc:
        if args.debug and exc.__cause__ is not None:  # a plugin's or the system's traceback
            traceback.print_exception(exc, file=sys.stderr)
        for line in exc.messages(lang):
            print(line, file=sys.stderr)
        return int(exc.exit_code)
    except Terminated as exc:
        name = signal.Signals(exc.signum).name
        print(f"terminated ({name})" if lang == "en" else f"已终止（{name}）", file=sys.stderr)
        return int(ExitCode.TERMINATED)
    except KeyboardInterrupt:
        print("interrupted" if lang == "en" else "已中断", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
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
        return int(ExitCode.INTERNAL_ERROR)
