"""The problem toolkit: the collector, bilingual errors, named exit codes."""

from __future__ import annotations

import pytest

from anting_rule_of_law import (
    AntingError,
    ExitCode,
    InputError,
    OutputError,
    PluginError,
    Problem,
    ProblemCollector,
    UsageError,
)


def test_collector_gathers_everything_and_raises_once() -> None:
    out = ProblemCollector("fw.yaml")
    out.warn("$.nodes[0]", "odd", "奇怪")
    assert out.raise_if_errors() == (Problem("fw.yaml", "$.nodes[0]", "odd", "奇怪", "warning"),)
    out.error("$.nodes[1].points", "negative points", "分值为负")
    out.error("B2", "bad cell", "单元格有误", file="other.xlsx")
    out.add(Problem("x.csv", "line 3", "en", "zh"))
    assert len(out) == 4 and out.has_errors
    assert [p.file for p in out.errors] == ["fw.yaml", "other.xlsx", "x.csv"]
    with pytest.raises(InputError) as err:
        out.raise_if_errors()
    assert err.value.problems == tuple(out)  # warnings travel with the errors
    assert err.value.messages("zh")[1] == "fw.yaml: $.nodes[1].points: 错误: 分值为负"


@pytest.mark.parametrize("cls", [OutputError, PluginError, UsageError])
def test_errors_speak_the_language_asked_for(cls: type[AntingError]) -> None:
    exc = cls("cannot write out.md", "无法写入 out.md")
    assert isinstance(exc, AntingError)
    assert exc.messages("en") == ["cannot write out.md"]
    assert exc.messages("zh") == ["无法写入 out.md"]
    assert str(exc) == "cannot write out.md"
    assert cls("only one form").messages("zh") == ["only one form"]


def test_exit_codes_are_named() -> None:
    assert UsageError("x").exit_code == ExitCode.USAGE == 2
    assert PluginError("x", plugin="p", distribution="d").exit_code == ExitCode.PLUGIN_FAILED
    assert (ExitCode.INTERNAL_ERROR, ExitCode.INTERRUPTED) == (70, 130)


def test_the_command_line_uses_the_named_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    from anting_rule_of_law import cli
    from anting_rule_of_law.cli import catalog

    def interrupted(_args: object) -> int:
        raise KeyboardInterrupt

    def broken(_args: object) -> int:
        raise ZeroDivisionError("x")

    monkeypatch.setattr(catalog, "_schema", interrupted)
    assert cli.main(["schema", "report"]) == ExitCode.INTERRUPTED
    monkeypatch.setattr(catalog, "_schema", broken)
    assert cli.main(["schema", "report"]) == ExitCode.INTERNAL_ERROR
