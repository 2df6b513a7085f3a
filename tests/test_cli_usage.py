"""The command line as people type it: option order, the bare command, help in their language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from wcwidth import wcswidth

from anting_rule_of_law.cli import build_parser
from anting_rule_of_law.cli.parser import lang_from_argv, translate_error

CJK = re.compile(r"[\u4e00-\u9fff]")
#: argparse's own English words, which a Chinese help or error must not show.
ARGPARSE_EN = (
    "usage:",
    "positional arguments",
    "options:",
    "show this help message and exit",
    "error:",
    "invalid choice",
    "the following arguments are required",
)


@pytest.fixture(autouse=True)
def _no_lang_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTING_ROL_LANG", raising=False)


def _subparsers(parser: Any) -> dict[str, Any]:
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            return dict(action.choices)
    return {}


def _all_parsers(lang: str) -> dict[str, Any]:
    """Every parser of the command line by its command words ('' = the top level)."""
    top = build_parser(lang)
    found = {"": top}
    for name, sub in _subparsers(top).items():
        found[name] = sub
        for subname, subsub in _subparsers(sub).items():
            found[f"{name} {subname}"] = subsub
    return found


# -- global options before or after the verb ---------------------------------------------
@pytest.mark.parametrize(
    ("argv", "lang", "debug"),
    [
        (["score", "a.yaml"], "zh", False),
        (["--lang", "en", "score", "a.yaml"], "en", False),
        (["score", "a.yaml", "--lang", "en"], "en", False),
        (["score", "--lang=en", "a.yaml"], "en", False),
        (["--lang", "en", "score", "a.yaml", "--lang", "zh"], "zh", False),  # the later one wins
        (["--debug", "score", "a.yaml"], "zh", True),
        (["score", "a.yaml", "--debug"], "zh", True),
        (["--lang", "en", "framework", "import", "t.csv", "-o", "f.yaml"], "en", False),
        (["framework", "--lang", "en", "import", "t.csv", "-o", "f.yaml"], "en", False),
    ],
)
def test_global_options_before_or_after_the_verb(argv: list[str], lang: str, debug: bool) -> None:
    args = build_parser().parse_args(argv)
    assert (args.lang, args.debug) == (lang, debug)


def test_lang_before_the_verb_changes_the_output(run_cli: Any) -> None:
    before = run_cli("--lang", "en", "indicators", "--level", "1")
    after = run_cli("indicators", "--level", "1", "--lang", "en")
    assert before.code == after.code == 0
    assert before.out == after.out
    assert "Party" in before.out and "党委领导" not in before.out


def test_environment_language_and_an_explicit_lang(
    run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTING_ROL_LANG", "en")
    assert "党委领导" not in run_cli("indicators", "--level", "1").out
    assert "党委领导" in run_cli("--lang", "zh", "indicators", "--level", "1").out


def test_lang_is_read_before_parsing() -> None:
    assert lang_from_argv(["score", "--lang", "en"], "zh") == "en"
    assert lang_from_argv(["--lang=en", "score"], "zh") == "en"
    assert lang_from_argv(["--lang", "fr"], "zh") == "zh"  # invalid: the parser says so
    assert lang_from_argv(["score", "--", "--lang", "en"], "zh") == "zh"  # a file name


# -- the bare command -------------------------------------------------------------------
def test_bare_command_prints_the_help(run_cli: Any) -> None:
    result = run_cli()
    assert result.code == 0 and result.err == ""
    assert result.out.startswith("用法：anting-rol ")
    for verb in ("frameworks", "indicators", "score", "import", "validate", "template"):
        assert re.search(rf"^\s+{verb}\s+\S", result.out, re.M), verb
    assert result.out == run_cli("--help").out


def test_bare_command_in_english(run_cli: Any) -> None:
    result = run_cli("--lang", "en")
    assert result.code == 0
    assert result.out.startswith("usage: anting-rol ")
    assert "show this help message and exit" in result.out


def test_bare_deprecated_group_prints_its_help(run_cli: Any) -> None:
    result = run_cli("framework")
    assert result.code == 0
    assert result.out.startswith("用法：anting-rol framework ")
    assert "anting-rol import" in result.out


# -- help in the chosen language ----------------------------------------------------------
@pytest.mark.parametrize("command", sorted(_all_parsers("zh")))
def test_help_is_chinese_by_default(run_cli: Any, command: str) -> None:
    result = run_cli(*command.split(), "--help")
    assert result.code == 0
    assert result.out.startswith(f"用法：anting-rol {command}".rstrip() + " ")
    assert "显示本帮助并退出" in result.out
    for english in ARGPARSE_EN:
        assert english not in result.out, english


@pytest.mark.parametrize("command", sorted(_all_parsers("en")))
def test_help_in_english_when_asked(run_cli: Any, command: str) -> None:
    result = run_cli(*command.split(), "--help", "--lang", "en")
    assert result.code == 0
    assert result.out.startswith(f"usage: anting-rol {command}".rstrip() + " ")
    assert "show this help message and exit" in result.out
    assert "用法" not in result.out and "显示本帮助" not in result.out


def test_every_help_text_is_translated() -> None:
    """No option, verb or description is left in English in the Chinese help."""
    for command, parser in _all_parsers("zh").items():
        texts = [parser.description or ""]
        texts += [a.help for a in parser._actions if a.help and a.help != "==SUPPRESS=="]
        for sub in _subparsers(parser).values():
            texts.append(sub.description or "")
        for text in texts:
            assert CJK.search(text), f"{command or 'anting-rol'}: {text!r}"


def test_chinese_help_fits_the_terminal(run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    for command in _all_parsers("zh"):
        out = run_cli(*command.split(), "--help").out
        _usage, _, text = out.partition("\n\n")  # argparse does not break a usage item
        for line in text.splitlines():
            # a closing punctuation mark may overhang by one character (2 columns)
            assert wcswidth(line) <= 60 + 2, f"{command}: {line!r} ({wcswidth(line)} columns)"
            assert not line.lstrip().startswith(("、", "，", "。", "；", "）")), line


def test_usage_errors_in_chinese(run_cli: Any) -> None:
    result = run_cli("--lang", "fr", "score", "a.yaml")
    assert result.code == 2
    assert "anting-rol: 错误：参数 --lang：无效的取值 'fr'（可选：'zh', 'en'）" in result.err
    assert result.err.startswith("用法：anting-rol ")
    result = run_cli("score")
    assert result.code == 2
    assert "anting-rol score: 错误：缺少必需的参数：FILE" in result.err
    result = run_cli("scroe")
    assert result.code == 2 and "无效的取值 'scroe'" in result.err
    for english in ARGPARSE_EN:
        assert english not in result.err


def test_usage_errors_in_english(run_cli: Any) -> None:
    result = run_cli("--lang", "en", "score")
    assert result.code == 2
    assert "anting-rol score: error: the following arguments are required: FILE" in result.err


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("unrecognized arguments: --x y", "无法识别的参数：--x y"),
        ("argument --level: invalid int value: 'x'", "参数 --level：无效的 int 值：'x'"),
        ("argument --lang: expected one argument", "参数 --lang：需要一个值"),
        ("argument -f/--format: expected 2 arguments", "参数 -f/--format：需要 2 个值"),
        (
            "ambiguous option: --fo could match --format, --force",
            "有歧义的选项 --fo，可能是 --format, --force",
        ),
        ("something argparse may say one day", "something argparse may say one day"),
    ],
)
def test_argparse_messages_are_translated(english: str, chinese: str) -> None:
    assert translate_error(english, "zh") == chinese
    assert translate_error(english, "en") == english


# -- one verb to browse frameworks, one to import them ------------------------------------
def test_import_verb_and_the_deprecated_spelling(run_cli: Any, tmp_path: Path) -> None:
    table = tmp_path / "指标表.csv"
    table.write_text(
        "一级指标,二级指标,具体指标,分值,评分标准\n"
        "党委领导,学法,中心组学法,2,未开展不得分\n"
        "党委领导,学法,法治讲座,3,每少一次扣1分\n",
        encoding="utf-8",
    )
    new = run_cli("import", str(table), "-o", str(tmp_path / "a.yaml"))
    old = run_cli("framework", "import", str(table), "-o", str(tmp_path / "b.yaml"))
    assert new.code == old.code == 0, new.err + old.err
    assert "已弃用" not in new.err
    assert "注意：anting-rol framework import 已弃用，请改用 anting-rol import" in old.err
    a = (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert a == (tmp_path / "b.yaml").read_text(encoding="utf-8")
    english = run_cli(
        "framework", "import", str(table), "-o", str(tmp_path / "c.yaml"), "--lang", "en"
    )
    assert "deprecated; use `anting-rol import`" in english.err


def test_the_deprecated_group_is_not_listed(run_cli: Any) -> None:
    listed = re.findall(r"^    (\S+)", run_cli("--help").out, re.M)
    assert "import" in listed and "frameworks" in listed
    assert "framework" not in listed
