"""Notebook display: a Framework and a Scorecard as HTML and Markdown, and a short repr."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from anting_rule_of_law import (
    Framework,
    Indicator,
    Veto,
    bundled_frameworks,
    load_framework,
    read_assessment,
    score,
)
from anting_rule_of_law.display import FIRST_LEVEL_ROWS, SCORECARD_ROWS
from html_text import parse
from plugin_fixtures import scorecards as sample

REPO = Path(__file__).resolve().parents[1]
ANTING = REPO / "examples" / "anting_2023" / "anting_2023.yaml"


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTING_ROL_LANG", raising=False)


# -- Framework ---------------------------------------------------------------------------
@pytest.mark.parametrize("fid", bundled_frameworks())
def test_framework_repr_is_short(fid: str) -> None:
    fw = load_framework(fid)
    text = repr(fw)
    assert len(text) < 500, len(text)
    assert text.startswith(f"Framework(id={fid!r}, version={fw.version!r}, status=")
    assert "Indicator(" not in text


def test_framework_repr_stays_short_with_a_long_title() -> None:
    fw = attrs.evolve(load_framework("shanghai-town-2023"), title="很长的名称" * 200)
    text = repr(fw)
    assert len(text) < 500 and "…" in text
    assert "levels='4/18/55'" in text and "total_points=100" in text


def test_framework_html_in_chinese() -> None:
    page = parse(load_framework("shanghai-town-2023")._repr_html_())
    facts, first_level = page.tables
    assert dict(map(tuple, facts)) == {  # type: ignore[arg-type]
        "id": "shanghai-town-2023",
        "版本": "2023.1",
        "状态": "参考重构版",
        "各级指标数": "4 / 18 / 55",
        "总分": "100",
    }
    assert first_level[0] == ["编号", "一级指标", "分值", "下级指标数"]
    assert first_level[1:] == [
        ["1", "党委领导", "20", "4"],
        ["2", "依法行政", "40", "7"],
        ["3", "守法普法", "30", "5"],
        ["4", "特色创新工作", "10", "2"],
    ]
    assert page.paragraphs[0] == "上海市法治建设示范街道乡镇创建指标（参考重构版）"
    assert page.paragraphs[-1] == "全部指标：.to_polars()"


def test_framework_html_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTING_ROL_LANG", "en")
    page = parse(load_framework("shanghai-town-2023")._repr_html_())
    facts, first_level = page.tables
    assert ["Status", "reference reconstruction"] in facts
    assert first_level[0] == ["Code", "First-level indicators", "Points", "Sub-indicators"]
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in row[1]) for row in first_level[1:])


def test_framework_with_many_first_level_indicators_says_how_many_are_left_out() -> None:
    n = FIRST_LEVEL_ROWS + 3
    nodes = tuple(Indicator(code=str(i), name=f"指标{i}", points=1) for i in range(1, n + 1))
    fw = Framework(id="many", version="1", title="<b>多</b>", nodes=nodes, total_points=n)
    page = parse(fw._repr_html_())
    assert len(page.tables[1]) == 1 + FIRST_LEVEL_ROWS
    assert page.paragraphs[0] == "<b>多</b>"  # escaped: shown as text, not markup
    assert page.paragraphs[-1] == (
        f"一级指标显示前 {FIRST_LEVEL_ROWS} 个（共 {n} 个）；全部指标：.to_polars()"
    )
    markdown = fw._repr_markdown_()
    assert f"| {FIRST_LEVEL_ROWS} " in markdown and f"| {FIRST_LEVEL_ROWS + 1} " not in markdown


def test_framework_markdown() -> None:
    text = load_framework("shanghai-town-2023")._repr_markdown_()
    assert text.startswith("**上海市法治建设示范街道乡镇创建指标（参考重构版）**\n")
    assert "id shanghai-town-2023 · 版本 2023.1 · 状态 参考重构版 · 各级指标数 4 / 18 / 55" in text
    assert "| 4      | 特色创新工作 | 10     | 2            |" in text
    assert len(text) < 2000


# -- Scorecard ---------------------------------------------------------------------------
def test_scorecard_html_has_stage_words_and_the_district() -> None:
    sc = score("shanghai-town-2023", read_assessment(ANTING))
    page = parse(sc._repr_html_())
    (table,) = page.tables
    assert table[0] == [
        "单位编号",
        "单位",
        "所属区",
        "年度",
        "评价阶段",
        "总分",
        "满分",
        "等次",
        "结论",
        "排名",
    ]
    assert table[1] == [
        "anting",
        "安亭镇",
        "嘉定区",
        "2023",
        "自评",
        "91.06",
        "100.00",
        "达标",
        "达标",
        "1",
    ]
    assert page.paragraphs == ["评分结果：shanghai-town-2023 2023.1，1 份评价"]  # nothing cut
    assert repr(sc) == "<Scorecard shanghai-town-2023 2023.1: 1 assessment>"


def test_scorecard_html_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTING_ROL_LANG", "en")
    sc = score("shanghai-town-2023", read_assessment(ANTING))
    (table,) = parse(sc._repr_html_()).tables
    assert table[0][2] == "District" and table[0][4] == "Stage"
    assert table[1][4] == "self-assessment" and table[1][8] == "Pass"


def test_scorecard_says_when_rows_are_cut_and_how_to_see_all() -> None:
    n = SCORECARD_ROWS + 7
    batch = [sample.assessment(unit=f"u{i:03d}", name=f"镇{i}") for i in range(n)]
    sc = score(sample.framework(), batch)
    page = parse(sc._repr_html_())
    assert len(page.tables[0]) == 1 + SCORECARD_ROWS
    assert page.paragraphs[-1] == (
        f"只显示前 {SCORECARD_ROWS} 行（共 {n} 行）；全部行见 .totals（polars DataFrame，未四舍五入）"
    )
    assert f"共 {n} 行" in sc._repr_markdown_()
    assert sc.totals.height == n


def test_scorecard_names_a_failing_veto_and_escapes_text() -> None:
    fw = attrs.evolve(
        sample.framework(), vetoes=(Veto(code="V1", name="重大<违法>决策", name_en="Major"),)
    )
    data = sample.assessment_dict(unit="a|b", name="华亭镇", full=True)
    data["vetoes"] = [{"code": "V1", "triggered": True}]
    from anting_rule_of_law.records import Assessment

    sc = score(fw, Assessment.from_dict(data))
    html = sc._repr_html_()
    assert "<违法>" not in html and "&lt;违法&gt;" in html
    row = parse(html).tables[0][1]
    assert row[0] == "a|b" and row[8] == "未达标（一票否决：重大<违法>决策）"
    assert "a\\|b" in sc._repr_markdown_()
