"""The page on its own, from a hand-written report document (no scoring needed)."""

from __future__ import annotations

import re
from typing import Any

from anting_rol_html import FORMAT, arol_register_formats
from anting_rol_html.page import bar_chart, render_page

from anting_rule_of_law.reporting import RenderOptions


def document(reason: str = "<script>alert(1)</script>") -> dict[str, Any]:
    return {
        "framework": {
            "id": "mini",
            "version": "1",
            "title": "迷你",
            "title_en": "Mini",
            "status": "official",
            "vetoes": [],
        },
        "results": [
            {
                "unit": {"code": "a", "name": "安亭镇 & <Co>", "name_en": "", "district": "嘉定区"},
                "year": 2023,
                "stage": "self",
                "total": {
                    "score": 7.125,
                    "max": 10.0,
                    "share": 0.7125,
                    "grade_name": "合格",
                    "grade_name_en": "Pass",
                    "passed": True,
                    "vetoes": [],
                },
                "levels": [
                    {
                        "level": 1,
                        "nodes": [
                            {
                                "code": "1",
                                "name": "党委领导",
                                "score": 2.5,
                                "max": 5.0,
                                "share": 0.5,
                            },
                            {
                                "code": "2",
                                "name": "依法行政",
                                "score": 4.625,
                                "max": 5.0,
                                "share": 0.925,
                            },
                        ],
                    }
                ],
                "gaps": [
                    {
                        "code": "1.1",
                        "name": "学法",
                        "lost": 2.5,
                        "department": "党政办",
                        "reason": reason,
                    }
                ],
            }
        ],
    }


def test_format_declared() -> None:
    assert arol_register_formats() == [FORMAT]
    assert FORMAT.name == "html" and not FORMAT.binary


def test_self_contained_and_escaped() -> None:
    page = render_page(document(), RenderOptions())
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page  # neither ours nor the user's
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "安亭镇 &amp; &lt;Co&gt;" in page
    assert not re.search(r"(src|href)=|https?://|@import|url\(", page)


def test_numbers_rounded_half_up() -> None:
    page = render_page(document(), RenderOptions())
    assert '<span class="total">7.13</span> / 10.00' in page  # 7.125 -> 7.13
    assert "4.63 / 5.00" in page  # 4.625 -> 4.63 in the chart label


def test_bars_proportional_to_score() -> None:
    svg = bar_chart(document()["results"][0]["levels"][0]["nodes"], "zh")
    widths = re.findall(r'class="bar" data-code="(\d)" x="\d+" y="\d+" width="([\d.]+)"', svg)
    assert widths == [("1", "210.00"), ("2", "388.50")]  # 420 x 0.5, 420 x 0.925


def test_sources_shown_when_stated() -> None:
    """The summary count, the gap list's marker and each indicator's marker with its quote."""
    doc = document()
    result = doc["results"][0]
    result["provenance"] = {"leaves": 2, "report": 1, "illustrative": 1, "unstated": 0}
    result["gaps"][0]["source"] = "illustrative"
    result["levels"].append(
        {"level": 2, "nodes": [{"code": "1.1", "name": "学法"}, {"code": "2.1", "name": "执法"}]}
    )
    result["audit"] = [
        {"code": "1.1", "score": 2.5, "max": 5.0, "source": {"kind": "illustrative"}},
        {
            "code": "2.1",
            "score": 4.625,
            "max": 5.0,
            "source": {"kind": "report", "ref": "安委〔2024〕14号", "quote": "<原文>"},
        },
    ]
    page = render_page(doc, RenderOptions())
    assert "<dt>数据来源</dt><dd>2 项中 1 项取自年度报告，1 项为示例值</dd>" in page
    assert page.count("<td>示例值</td>") == 2  # the gap list and the indicator table
    assert "<td>取自年度报告</td><td>安委〔2024〕14号：&lt;原文&gt;</td>" in page
    plain = render_page(document(), RenderOptions())
    assert "数据来源" not in plain


def test_control_characters_never_reach_the_page() -> None:
    page = render_page(document(reason="警告\x1b[31m红字\x07\x00\u202egnp.exe"), RenderOptions())
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202e]", page)
    assert "警告[31m红字gnp.exe" in page


def test_ranking_marks_vetoed_units() -> None:
    doc = document()
    first = doc["results"][0]
    second = {
        **first,
        "unit": {"code": "b", "name": "华亭镇", "name_en": "", "district": "嘉定区"},
        "total": {**first["total"], "rank": 2, "vetoed": True, "vetoes": ["V1"], "passed": False},
    }
    first["total"] = {**first["total"], "rank": 1, "vetoed": False}
    doc["results"] = [first, second]
    page = render_page(doc, RenderOptions())
    rows = re.findall(r"<tr( class=\"vetoed\")?><td class=\"num\">(\d)</td><td>([^<]+)", page)
    assert rows == [("", "1", "安亭镇 &amp; &lt;Co&gt;"), (' class="vetoed"', "2", "华亭镇 ")]
    assert '华亭镇 <span class="veto">一票否决</span>' in page


def test_full_detail_shows_the_audit_trail_in_words() -> None:
    doc = document()
    result = doc["results"][0]
    result["levels"].append({"level": 3, "nodes": [{"code": "1.1.1", "name": "学法"}]})
    result["audit"] = [
        {
            "code": "1.1.1",
            "rule": "count",
            "inputs": {"count": 49.0, "raw": {"count": "49次"}},
            "raw": 1.53125,
            "adjustments": ["clamped to [0, 1.5]"],
            "score": 1.5,
            "max": 1.5,
            "lost": 0.0,
            "status": "scored",
            "evidence": ["纪要"],
        }
    ]
    doc["framework"]["rules"] = {"1.1.1": {"kind": "count", "points": 1.5, "target": 48.0}}
    page = render_page(doc, RenderOptions())
    trail = re.findall(r'<ul class="trail">(.*?)</ul>\n', page, flags=re.S)
    assert trail and "<li>评分方式：计数</li><li>数量 49次</li><li>达到 48 得满分</li>" in trail[0]
    assert "<li>计算得 1.53 分，超过满分，按满分 1.50 分计</li>" in trail[0]
    assert "clamped" not in page and '"raw"' not in page
    summary = render_page(doc, RenderOptions(detail="summary"))
    assert 'class="trail"' not in summary


def test_a_reviewed_result_shows_the_comparison_escaped() -> None:
    doc = document()
    result = dict(doc["results"][0], stage="review")
    result["comparison"] = {
        "against": "self",
        "pass_line": 6.0,
        "before": {
            "stage": "self",
            "score": 7.5,
            "max": 10.0,
            "reaches_pass_line": True,
            "passed": True,
        },
        "after": {
            "stage": "review",
            "score": 5.0,
            "max": 10.0,
            "reaches_pass_line": False,
            "passed": False,
        },
        "difference": -2.5,
        "indicators": [
            {
                "code": "1.1",
                "name": "学法",
                "name_en": "",
                "score_before": 2.5,
                "score": 0.0,
                "max": 2.5,
                "difference": -2.5,
                "remark": "未见<记录>",
                "reason": "",
                "reason_en": "",
            }
        ],
        "unchanged": 1,
    }
    doc["results"] = [result]
    page = render_page(doc, RenderOptions())
    section = page.split('<h2 class="comparison">自评与初审对比</h2>', 1)[1]
    assert "<th>达到达标线（6分）</th>" in section
    assert '<td>初审</td><td class="num">5.00</td><td>否</td><td>未达标</td>' in section
    assert '<td class="num">-2.50</td><td>未见&lt;记录&gt;</td>' in section
    assert "其余 1 项具体指标两次得分相同。" in section
