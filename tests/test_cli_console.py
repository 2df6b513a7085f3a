"""The command line's console: warnings summarised by kind, progress drawn only when enabled."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from anting_rule_of_law.assessments import ReadProgress, check_files
from anting_rule_of_law.cli.console import Progress, read_detail, warning_lines, written_line
from anting_rule_of_law.errors import Problem
from anting_rule_of_law.rulekinds.vocabulary import WARNING_KINDS

ROOT = Path(__file__).resolve().parents[1]
JIADING = ROOT / "examples" / "jiading_district" / "jiading_2021_2023.csv"


def _warning(file: str, kind: str = "", en: str = "something odd") -> Problem:
    return Problem(file=file, where="$.x", en=en, zh="有点怪", severity="warning", kind=kind)


def test_a_kind_seen_up_to_four_times_is_listed_in_full() -> None:
    items = [_warning(f"f{i}.yaml", "no_value") for i in range(4)]
    assert warning_lines(items, "en") == [p.message("en") for p in items]


def test_a_kind_seen_more_often_is_counted_once_after_three_examples() -> None:
    items = [_warning(f"f{i % 2}.yaml", "no_value") for i in range(7)]
    other = _warning("g.yaml", "unknown_column")
    lines = warning_lines([*items, other], "zh")
    assert lines[:3] == [p.message("zh") for p in items[:3]]
    assert lines[3] == (
        "警告：指标未填写数值，按缺失处理：共 7 处，涉及 2 个文件；"
        "其余 4 处未逐条列出（anting-rol validate 可列出全部）"
    )
    assert lines[4:] == [other.message("zh")]


def test_warnings_without_a_kind_are_grouped_by_their_text() -> None:
    same = [_warning(f"f{i}.yaml") for i in range(5)]
    different = _warning("f9.yaml", en="something else")
    lines = warning_lines([*same, different], "en")
    assert lines[3] == (
        "warning: something odd: 5 times in 5 files; 2 more not listed "
        "(anting-rol validate lists them all)"
    )
    assert lines[4] == different.message("en")


def test_every_warning_of_the_readers_has_a_named_kind(tmp_path: Path) -> None:
    text = JIADING.read_text(encoding="utf-8")
    path = tmp_path / "x.csv"
    # an unknown column, and an entry without a value
    path.write_text(text.replace("note\n", "note,extra\n", 1).replace(",是,c1=否;c2=3,", ",,,", 1))
    warnings = check_files([path]).warnings
    assert {w.kind for w in warnings} >= {"unknown_column"}
    assert all(w.kind in WARNING_KINDS for w in warnings)


def test_reading_reports_lines_then_assessments_then_the_file() -> None:
    events: list[ReadProgress] = []
    check_files([JIADING], progress=events.append)
    steps = [e.step for e in events]
    assert steps.index("assessments") > steps.index("lines")
    assert steps[-1] == "files"
    lines = [e for e in events if e.step == "lines"]
    total = JIADING.read_text(encoding="utf-8").count("\n")
    assert lines[0].done == 500 and lines[-1].done == lines[-1].total == total
    checked = [e.done for e in events if e.step == "assessments"]
    assert checked == list(range(1, 37))
    assert read_detail("zh")(lines[0]) == f"jiading_2021_2023.csv：第 500/{total} 行"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_step_is_drawn_then_left_as_one_line() -> None:
    screen = _Terminal()
    progress = Progress("en", enabled=True, stream=screen)
    with progress.step("评分", "scoring") as step:
        step.detail("half way")
        step.result("36 assessments")
    text = screen.getvalue()
    seconds = r"\(\d+\.\d s\)"
    assert re.match(rf"\r… scoring {seconds}\x1b\[K\r… scoring: half way {seconds}", text)
    assert re.search(rf"\r\x1b\[Kscoring: 36 assessments {seconds}\n$", text)


def test_a_failed_step_is_cleared_without_a_closing_line() -> None:
    screen = _Terminal()
    progress = Progress("zh", enabled=True, stream=screen)
    with pytest.raises(RuntimeError), progress.step("评分", "scoring"):
        raise RuntimeError("boom")
    assert screen.getvalue().endswith("\r\x1b[K")
    assert "\n" not in screen.getvalue()


def test_disabled_progress_writes_nothing() -> None:
    screen = _Terminal()
    with Progress("zh", enabled=False, stream=screen).step("评分", "scoring") as step:
        step.detail("x")
    assert screen.getvalue() == ""


def test_the_closing_line_names_every_file() -> None:
    paths = [Path("out/report.md"), Path("out/report.xlsx")]
    assert written_line(paths, "zh") == "已写入 2 个文件：out/report.md、out/report.xlsx"
    assert written_line(paths[:1], "en") == "wrote 1 file: out/report.md"


def test_progress_redraws_through_the_escaping_stderr_but_escapes_what_it_shows() -> None:
    from anting_rule_of_law.cli.terminal import SafeStream

    screen = _Terminal()
    progress = Progress("en", enabled=True, stream=SafeStream(screen))
    with progress.step("读取", "reading") as step:
        step.detail("bad\x1b[2Jname.csv")
    text = screen.getvalue()
    assert text.startswith("\r… reading (")  # its own codes reach the terminal
    assert "bad\\x1b[2Jname.csv" in text and "\x1b[2J" not in text
