"""An argument parser that speaks the user's language, argparse's own words included.

argparse writes "usage:", "options", "show this help message and exit" and its
error messages in English through a module-level ``gettext`` call; a town clerk
running ``anting-rol`` reads Chinese. Rather than patching the standard library
(which would change every other argparse user in the process), :class:`CliParser`
sets those words itself: the section titles and ``-h`` help when it is built,
the usage prefix through its formatter, and error messages by matching
argparse's English templates in :meth:`CliParser.error` (an unknown template is
shown as argparse wrote it). The Chinese formatter wraps by display width, so
Chinese help text (two columns a character) stays within the terminal.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from wcwidth import wcswidth, wcwidth

__all__ = ["LANGS", "CliParser", "Say", "lang_from_argv", "sayer", "translate_error"]

LANGS = ("zh", "en")

#: ``say(zh, en)`` -> the text in the parser's language.
Say = Callable[[str, str], str]


def sayer(lang: str) -> Say:
    """The ``say`` of a language: picks the Chinese or the English text."""

    def say(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    return say


def lang_from_argv(argv: Sequence[str], default: str) -> str:
    """The language a command line asks for (``--lang X`` or ``--lang=X`` anywhere).

    Read before parsing, so ``--help`` and usage errors are already in that
    language. The last valid value wins, as in parsing; ``--`` ends the options.
    """
    lang = default
    words = list(argv)
    for i, word in enumerate(words):
        if word == "--":
            break
        value = None
        if word == "--lang" and i + 1 < len(words):
            value = words[i + 1]
        elif word.startswith("--lang="):
            value = word.partition("=")[2]
        if value in LANGS:
            lang = value
    return lang


# -- argparse's own words ---------------------------------------------------------------
#: argparse's English message templates (Python 3.10-3.13) and their Chinese forms.
_ERRORS_ZH: tuple[tuple[str, str], ...] = (
    ("argument %(argument_name)s: %(message)s", "参数 %(argument_name)s：%(message)s"),
    (
        "invalid choice: %(value)r (choose from %(choices)s)",
        "无效的取值 %(value)s（可选：%(choices)s）",
    ),
    ("invalid %(type)s value: %(value)r", "无效的 %(type)s 值：%(value)s"),
    ("unrecognized arguments: %s", "无法识别的参数：%s"),
    ("the following arguments are required: %s", "缺少必需的参数：%s"),
    ("expected one argument", "需要一个值"),
    ("expected at most one argument", "最多接受一个值"),
    ("expected at least one argument", "至少需要一个值"),
    ("expected %s argument", "需要 %s 个值"),
    ("expected %s arguments", "需要 %s 个值"),
    (
        "ambiguous option: %(option)s could match %(matches)s",
        "有歧义的选项 %(option)s，可能是 %(matches)s",
    ),
    ("not allowed with argument %s", "不能与参数 %s 同时使用"),
    ("one of the arguments %s is required", "参数 %s 中须给出一个"),
    ("ignored explicit argument %r", "忽略了给出的值 %s"),
    ("unexpected option string: %s", "意外的选项 %s"),
    ("can't open '%(filename)s': %(error)s", "无法打开 '%(filename)s'：%(error)s"),
)

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]|%[sr]")


def _compile(template: str) -> re.Pattern[str]:
    parts: list[str] = []
    last, index = 0, 0
    for m in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last : m.start()]))
        name = m.group(1) or f"_{index}"
        index += 0 if m.group(1) else 1
        parts.append(f"(?P<{name}>.+?)")
        last = m.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


def _positional(template: str) -> str:
    """``%s`` -> ``%(_0)s``, ``%(x)r`` -> ``%(x)s`` (the values are already text)."""
    counter = iter(range(100))
    return _PLACEHOLDER.sub(
        lambda m: f"%({m.group(1)})s" if m.group(1) else f"%(_{next(counter)})s", template
    )


_ERROR_PATTERNS = tuple((_compile(en), _positional(zh)) for en, zh in _ERRORS_ZH)


def translate_error(message: str, lang: str) -> str:
    """argparse's English error ``message`` in ``lang`` (unchanged for ``en`` or unknown ones)."""
    if lang == "en":
        return message
    for pattern, zh in _ERROR_PATTERNS:
        m = pattern.fullmatch(message)
        if m:
            values = m.groupdict()
            if "message" in values:  # "argument X: <a message of its own>"
                values["message"] = translate_error(values["message"], lang)
            return zh % values
    return message


_ZH_HEADING = re.compile(r"^(\S*[\u4e00-\u9fff]\S*):$", re.M)
_NO_LINE_START = frozenset("、，。；：！？）」』》〉】")
_NO_LINE_END = frozenset("（「『《〈【")


def _width(text: str) -> int:
    return sum(max(wcwidth(ch), 0) for ch in text)


def _wrap_wide(text: str, width: int) -> list[str]:
    """Wrap ``text`` to ``width`` display columns: CJK characters break anywhere, words don't."""
    tokens = re.findall(r"[A-Za-z0-9_$.,;:!?%'\"()\[\]{}<>/|=+*&^~`@#\\-]+|\s+|.", text)
    lines: list[str] = []
    line, used = "", 0
    for token in tokens:
        if token.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        size = _width(token)
        # a closing mark never starts a line (it overhangs); an opening one never ends it
        if used + size > width and line.strip() and token not in _NO_LINE_START:
            carry = line[-1] if line[-1] in _NO_LINE_END and len(line) > 1 else ""
            lines.append(line[: len(line) - len(carry)].rstrip())
            line, used = carry, _width(carry)
        line, used = line + token, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _ZhFormatter(argparse.HelpFormatter):
    """Chinese usage prefix, and wrapping by display width instead of characters."""

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any) -> str:
        text = super()._format_usage(usage, actions, groups, prefix)
        # argparse indents continuation lines by len(prefix); "用法：" is wider on screen
        extra = " " * (wcswidth(prefix) - len(prefix)) if prefix else ""
        lines = text.split("\n")
        return "\n".join(
            [lines[0], *(extra + ln if ln.startswith(" ") else ln for ln in lines[1:])]
        )

    def format_help(self) -> str:
        # argparse ends a section heading with ":"; a Chinese heading takes "："
        return _ZH_HEADING.sub(r"\1：", super().format_help())

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap_wide(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(
            indent + ln for ln in _wrap_wide(" ".join(text.split()), width - len(indent))
        )


class CliParser(argparse.ArgumentParser):
    """``argparse.ArgumentParser`` whose every word, argparse's own included, is in ``lang``."""

    def __init__(self, *args: Any, lang: str = "zh", **kwargs: Any) -> None:
        self.lang = lang
        say = sayer(lang)
        add_help = kwargs.pop("add_help", True)
        if lang != "en":
            kwargs.setdefault("formatter_class", _ZhFormatter)
        parents = kwargs.pop("parents", ())
        kwargs["add_help"] = False  # added below, with its help in ``lang``
        super().__init__(*args, **kwargs)
        self._positionals.title = say("位置参数", "positional arguments")
        self._optionals.title = say("选项", "options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=say("显示本帮助并退出", "show this help message and exit"),
            )
        # parents after -h, so usage lists -h first as argparse does (its own steps)
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def subparsers(self, **kwargs: Any) -> Any:
        """``add_subparsers`` whose parsers are ``CliParser`` in the same language."""

        def make(**kw: Any) -> CliParser:
            return CliParser(lang=self.lang, **kw)

        return self.add_subparsers(parser_class=make, **kwargs)  # type: ignore[call-overload]

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        label = "错误：" if self.lang != "en" else "error: "
        self.exit(2, f"{self.prog}: {label}{translate_error(message, self.lang)}\n")
