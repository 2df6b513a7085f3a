"""The Markdown report: the figures a town hands in, rounded half-up, tables that cannot break."""

from __future__ import annotations

import re

from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.plugins import get_plugin_manager
from anting_rule_of_law.reporters.display import score_text, share_text
from anting_rule_of_law.reporters.markdown import cell
from anting_rule_of_law.scoring import score
from plugin_fixtures import scorecards as sample


def render(assessments: object = None, **options: object) -> str:
    sc = score(sample.framework(), assessments or [sample.assessment()])
    out = get_plugin_manager(load_entrypoints=False).render(
        sc,
        "markdown",
        RenderOptions(**options),  # type: ignore[arg-type]
    )
    assert isinstance(out, str)
    return out


def table_after(md: str, heading: str) -> list[list[str]]:
    """Cells of the first table after ``heading`` (split on unescaped pipes)."""
    lines = md.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#") and heading in line)
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            rows.append([c.strip() for c in cells])
    assert rows, f"no table after {heading!r}"
    return [r for r in rows if not set("".join(r)) <= set("-:")]


def test_single_unit_report_zh() -> None:
    md = render()
    assert md.splitlines()[0] == "# 安亭镇2023年度法治建设示范创建自评报告"  # the stage's document
    summary = dict(table_after(md, "总体情况")[1:])
    assert summary["总分"] == "6.78 / 10.00"
    assert summary["得分率"] == "67.8%"
    assert summary["等次"] == "合格"
    assert summary["结论"] == "达标"
    assert summary["一票否决"] == "无"
    assert "排名" not in summary  # one unit: "1st of 1" is no rank
    level1 = table_after(md, "一级指标")
    assert level1[0] == ["编号", "指标", "得分", "满分", "得分率"]
    assert level1[1:] == [
        ["1", "党委领导", "2.50", "5.00", "50.0%"],
        # 4.2847... of 5 is 85.69%, but the page shows 4.28 / 5.00: 85.6% agrees with it
        ["2", "依法行政", "4.28", "5.00", "85.6%"],
    ]
    assert [r[0] for r in table_after(md, "二级指标")[1:]] == ["1.1", "2.1"]
    assert "## 排名" not in md  # one unit, one year: no ranking


def test_gap_list_escapes_pipes_and_newlines() -> None:
    md = render()
    gaps = table_after(md, "扣分事项")
    assert gaps[0] == ["编号", "指标", "失分", "扣分事由", "责任部门"]
    # every row has exactly five cells although the reason holds a | and a newline
    assert all(len(row) == 5 for row in gaps)
    assert gaps[1] == [
        "1.1.2",
        "法治讲座",
        "2.50",
        "未按时报告的，扣1分（扣 1.00 分）；每缺一次扣0.5分（扣 1.50 分）；"
        "说明：未按时报告 \\| 见附件<br>第二行",
        "组织人事办",
    ]
    assert [r[0] for r in gaps[1:]] == ["1.1.2", "2.1.2", "2.1.1"]  # largest loss first
    assert gaps[3][2] == "0.32"
    # no bonus indicator lost points: the second part says so
    part = md.split("### 未得分的加分与创新项", 1)[1].split("##", 1)[0]
    assert part.strip() == "加分与创新项均已得分。"


def test_cell_escaping() -> None:
    assert cell("a|b") == "a\\|b"
    assert cell("a\\|b") == "a\\\\\\|b"  # a backslash cannot un-escape the pipe
    assert cell("x\r\ny") == "x<br>y"
    assert cell("<script>") == "&lt;script&gt;"
    assert cell(None) == ""


def test_details_show_the_audit_trail_and_evidence() -> None:
    md = render()
    assert "\n### 1.1.2 法治讲座 — 0.50 / 3.00\n" in md
    assert "- 评分方式：扣分制" in md
    assert "- 未按时报告的，扣1分：是，扣 1.00 分" in md
    assert "- 每缺一次扣0.5分：3 次，扣 1.50 分" in md
    assert "- 分子 1319 / 分母 1333，比率 98.95%" in md
    assert "- 达到 100% 得满分，90% 及以下不得分" in md
    assert "  - 党委会议纪要.pdf" in md
    summary = render(detail="summary")
    assert "具体指标评分明细" not in summary and "党委会议纪要.pdf" not in summary


def test_english_labels_and_names() -> None:
    md = render(lang="en")
    assert md.splitlines()[0].startswith("# 安亭镇 2023: Rule-of-law demonstration")
    level1 = table_after(md, "First-level indicators")
    assert level1[0] == ["Code", "Indicator", "Score", "Max", "Share"]
    assert level1[1][1] == "Party leadership"
    gaps = table_after(md, "Deductions and shortfalls")
    assert gaps[0] == ["Code", "Indicator", "Lost", "What cost the points", "Department"]
    assert gaps[2][1:3] == ["Legal staff", "0.40"] and gaps[2][4] == "Justice Office"
    assert "> This framework is a reference reconstruction" in md


def test_batch_has_ranking_and_year_over_year() -> None:
    md = render(sample.batch())
    assert md.splitlines()[0] == "# 法治建设示范创建评分汇总"
    ranking = table_after(md, "## 排名")
    assert ranking[0] == ["排名", "单位", "所属区", "年度", "评价阶段", "得分", "等次"]
    assert [r[:2] + r[3:4] + r[5:6] for r in ranking[1:]] == [
        ["1", "安亭镇", "2022", "8.00"],
        ["1", "华亭镇", "2023", "10.00"],
        ["2", "安亭镇", "2023", "6.78"],
    ]
    yoy = table_after(md, "年度对比")
    assert yoy[1] == ["安亭镇", "自评", "2023", "6.78", "2022", "8.00", "-1.22"]


def test_display_rounds_half_up() -> None:
    # half-to-even would give 0.12 and 1.2%
    assert score_text(0.125) == "0.13"
    assert share_text(0.0125) == "1.3%"
    assert score_text(None) == "—"
