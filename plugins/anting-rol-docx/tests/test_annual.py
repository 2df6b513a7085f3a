"""The annual-report draft from a small framework scored by the library."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from anting_rol_docx import ANNUAL_REPORT, DOCX, arol_register_formats, arol_render
from anting_rol_docx.annual import build_drafts, figures
from anting_rol_docx.blocks import Heading, Paragraph, placeholders
from anting_rol_docx.markdown import to_markdown

from anting_rule_of_law import Assessment, assessment_from_dict, read_framework, score
from anting_rule_of_law.hookspecs import RenderOptions

FRAMEWORK: dict[str, Any] = {
    "schema_version": 1,
    "id": "mini",
    "version": "1",
    "title": {"zh": "迷你指标", "en": "Mini"},
    "declared": {"levels": [2, 3, 4], "total_points": 10},
    "grades": [
        {"code": "pass", "name": "合格", "min": 6, "pass": True},
        {"code": "fail", "min": 0},
    ],
    "nodes": [
        {"code": "1", "name": "党委领导", "name_en": "Leadership", "points": 4},
        {
            "code": "1.1",
            "name": "第一责任人",
            "name_en": "Duties",
            "points": 2,
            "first_responsible_duty": True,
        },
        {
            "code": "1.1.1",
            "name": "党委会研究法治",
            "name_en": "Committee",
            "points": 2,
            "rule": {"type": "check"},
            "department": "党政办",
        },
        {"code": "1.2", "name": "学法", "name_en": "Study", "points": 2},
        {
            "code": "1.2.1",
            "name": "中心组学法",
            "name_en": "Study group",
            "points": 2,
            "rule": {"type": "count", "target": 4},
            "department": "党政办",
            "department_en": "Office",
        },
        {"code": "2", "name": "依法行政", "name_en": "Administration", "points": 6},
        {"code": "2.1", "name": "执法", "name_en": "Enforcement", "points": 6},
        {
            "code": "2.1.1",
            "name": "全过程记录",
            "name_en": "Records",
            "points": 3,
            "rule": {"type": "ratio", "target": 1.0, "floor": 0.9},
            "department": "执法队",
        },
        {
            "code": "2.1.2",
            "name": "创新",
            "name_en": "Innovation",
            "points": 3,
            "rule": {"type": "bonus", "per_item": 1},
            "department": "司法所",
        },
    ],
}


def assessment(**changes: Any) -> Assessment:
    data: dict[str, Any] = {
        "schema_version": 1,
        "framework": {"id": "mini", "version": "1"},
        "unit": {"code": "t", "name": "某镇", "name_en": "Some Town"},
        "year": 2023,
        "stage": "self",
        "entries": [
            {"code": "1.1.1", "met": "是", "evidence": ["1月16日召开党委会议"]},
            {"code": "1.2.1", "count": "3次", "evidence": ["中心组学法记录"]},
            {
                "code": "2.1.1",
                "numerator": "1319件",
                "denominator": "1333件",
                "rate": "98.94%",
                "reason": "部分案件记录不完整",
            },
            {"code": "2.1.2", "count": 1},
        ],
    }
    data.update(changes)
    return assessment_from_dict(data, read_framework(FRAMEWORK, file="mini.yaml"))


def card(framework: dict[str, Any] = FRAMEWORK, **changes: Any) -> Any:
    return score(read_framework(framework, file="mini.yaml"), assessment(**changes))


def texts(lang: str = "zh", framework: dict[str, Any] = FRAMEWORK) -> list[str]:
    return [
        b.text
        for b in build_drafts(card(framework), lang).blocks
        if isinstance(b, (Heading, Paragraph))
    ]


def after(items: list[str], start: str, stop: str) -> str:
    i = items.index(start)
    return "".join(items[i + 1 : items.index(stop, i)])


def test_formats_declared() -> None:
    assert arol_register_formats() == [DOCX, ANNUAL_REPORT]
    assert ANNUAL_REPORT.aliases == ("年度报告",) and ANNUAL_REPORT.alt_extensions == ("md",)
    assert DOCX.binary and ANNUAL_REPORT.binary


def test_figures_as_typed() -> None:
    inputs = {
        "numerator": 1319.0,
        "denominator": 1333.0,
        "rate": 0.9894,
        "raw": {"numerator": "1319件", "denominator": "1333件", "rate": "98.94%"},
    }
    assert figures(inputs, "zh") == "1319件/1333件，98.94%"
    assert figures(inputs, "en") == "1319/1333, 98.94%"
    bound = {"rate": 0.95, "rate_bound": "min", "raw": {"rate": "95%以上"}}
    assert figures(bound, "zh") == "95%以上" and figures(bound, "en") == "at least 95%"
    assert figures({"count": 366.0}, "zh") == "366"  # nothing typed: the number
    assert figures({"met": True, "raw": {"met": "是"}}, "zh") == ""


def test_five_parts_with_material_where_the_data_has_it() -> None:
    items = texts()
    assert items[0] == "某镇关于2023年度法治政府建设情况的报告"
    heads = [i for i in items if i[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert heads == [
        "一、主要举措和成效",
        "二、存在的不足和原因",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "四、2024年度主要安排",
        "五、其他需要报告的情况",
    ]
    one = after(items, heads[0], heads[1])
    assert "中心组学法（3次）：中心组学法记录。" in one
    assert "全过程记录（1319件/1333件，98.94%）" in one
    assert "党委会" not in one  # a duty: reported in 三
    two = after(items, heads[1], heads[2])
    assert "部分案件记录不完整" in two and "中心组学法" in two  # 3 of 4 sessions: a shortfall
    assert "创新" not in two  # unearned bonus points are not a shortcoming
    three = after(items, heads[2], heads[3])
    assert three == "一是党委会研究法治建设。1月16日召开党委会议。".replace(
        "研究法治建设", "研究法治"
    )
    four = after(items, heads[3], heads[4])
    assert "由执法队牵头" in four and "由党政办牵头" in four
    assert "【待补充" not in one + two + three + four


def test_without_duty_marks_part_three_is_a_placeholder() -> None:
    unmarked = copy.deepcopy(FRAMEWORK)
    for node in unmarked["nodes"]:
        node.pop("first_responsible_duty", None)
    items = texts(framework=unmarked)
    three = after(
        items, "三、党政主要负责人履行推进法治建设第一责任人职责情况", "四、2024年度主要安排"
    )
    assert three.startswith("【待补充：党政主要负责人履行推进法治建设第一责任人职责情况")
    one = after(items, "一、主要举措和成效", "二、存在的不足和原因")
    assert "党委会研究法治" in one


def test_placeholders_listed_with_the_checklist() -> None:
    drafts = build_drafts(card(), "zh")
    found = list(placeholders(drafts.blocks))
    assert found[0] == "【待补充：主送机关】" and "【待补充：署名机关】" in found
    items = [b.text for b in drafts.blocks if isinstance(b, (Heading, Paragraph))]
    listed = after(items, "附：待补充事项清单", "发布前核对清单")
    assert listed == "".join(f"{i}. {t}" for i, t in enumerate(found, 1))
    assert any("2024年4月1日前" in t for t in items[items.index("发布前核对清单") :])


def test_english_draft() -> None:
    items = texts("en")
    assert items[0] == "Report of Some Town on building a law-based government in 2023"
    assert "I. Main measures and results" in items
    joined = "\n".join(items)
    assert "Records (1319/1333, 98.94%)" in joined
    assert "Led by Office" in joined
    assert "待补充" not in joined


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_when_asked_for_md(lang: str) -> None:
    scorecard = card()
    md = arol_render(scorecard, "annual-report", RenderOptions(lang=lang, extension="md"))
    assert isinstance(md, str)
    assert md == to_markdown(build_drafts(scorecard, lang))
    word = arol_render(scorecard, "annual-report", RenderOptions(lang=lang))
    assert isinstance(word, bytes) and word[:2] == b"PK"
    assert arol_render(scorecard, "markdown", RenderOptions()) is None


def test_one_draft_per_unit_year_from_its_latest_stage() -> None:
    framework = read_framework(FRAMEWORK, file="mini.yaml")
    scorecard = score(framework, [assessment(), assessment(stage="final")])
    drafts = build_drafts(scorecard, "zh")
    assert sum(isinstance(b, Heading) and b.level == 0 for b in drafts.blocks) == 1
    opening = next(b.text for b in drafts.blocks if isinstance(b, Paragraph) and "得分" in b.text)
    assert "开展核定，核定得分" in opening
    other_year = score(framework, [assessment(), assessment(year=2022)])
    titles = [
        b.text
        for b in build_drafts(other_year, "zh").blocks
        if isinstance(b, Heading) and b.level == 0
    ]
    assert titles == [
        "某镇关于2022年度法治政府建设情况的报告",
        "某镇关于2023年度法治政府建设情况的报告",
    ]


def test_a_batch_is_one_file_of_drafts() -> None:
    framework = read_framework(FRAMEWORK, file="mini.yaml")
    towns = [
        assessment(unit={"code": f"t{i}", "name": f"第{i}个名字很长的示范街道办事处"})
        for i in range(30)
    ]
    drafts = build_drafts(score(framework, towns), "zh")
    assert sum(isinstance(b, Heading) and b.level == 0 for b in drafts.blocks) == 30
    assert drafts.title == "法治政府建设年度报告草稿（30份）"
    data = arol_render(score(framework, towns), "annual-report", RenderOptions())
    assert isinstance(data, bytes) and data[:2] == b"PK"


def test_an_illustrative_value_is_marked_for_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    scorecard = card()
    assert not any("待核实" in t for t in placeholders(build_drafts(scorecard, "zh").blocks))
    # an entry stating that its value is an example: report documents with provenance
    # carry it as the audit row's source
    import anting_rol_docx.annual as annual

    original = annual.report_document

    def with_source(sc: Any, options: RenderOptions) -> dict[str, Any]:
        doc = original(sc, options)
        for row in doc["results"][0]["audit"]:
            if row["code"] == "1.2.1":
                row["source"] = {"kind": "illustrative", "ref": "", "quote": ""}
        return doc

    monkeypatch.setattr(annual, "report_document", with_source)
    marked = build_drafts(scorecard, "zh")
    items = [b.text for b in marked.blocks if isinstance(b, (Heading, Paragraph))]
    sentence = next(t for t in items if "中心组学法（3次）" in t)
    assert sentence.endswith("【待核实：此项为示例值，并非台账数据】")
    listed = after(items, "附：待补充事项清单", "发布前核对清单")
    assert "【待核实：此项为示例值，并非台账数据】" in listed
