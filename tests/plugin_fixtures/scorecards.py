"""A small framework and assessments whose scores are computed by hand, for the report tests.

Framework ``mini-2023`` (10 points, pass line 6):

* 1 党委领导 / 1.1 学法: 1.1.1 check (2 pts), 1.1.2 deduct (3 pts: c1 flag -1,
  c2 per item -0.5)
* 2 依法行政 / 2.1 执法: 2.1.1 ratio (3 pts, floor 0.9, target 1.0), 2.1.2 levels
  (2 pts: 优 1, 良 0.8, 中 0.6, 差 0)

Town A (安亭镇, 2023): 1.1.1 met (2), 1.1.2 c1 fired + 3 items (3 - 1 - 1.5 = 0.5),
2.1.1 1319/1333 (3 x (0.989497 - 0.9) / 0.1 = 2.684921...), 2.1.2 良 (1.6);
total 6.784921..., grade 合格.
Town B (华亭镇, 2023): all full (10), grade 优秀. Town A 2022: 1.1.1 not met (0),
rest full (8).
"""

from __future__ import annotations

from typing import Any

from anting_rule_of_law.indicators.registry import read_framework
from anting_rule_of_law.records import Assessment, Framework

#: Text a spreadsheet would run as a formula if written carelessly.
FORMULA_NOTE = '=HYPERLINK("http://evil.invalid","click")'
#: Text that would break a Markdown table.
PIPE_REASON = "未按时报告 | 见附件\n第二行"

FRAMEWORK: dict[str, Any] = {
    "schema_version": 1,
    "id": "mini-2023",
    "version": "1.0",
    "title": {"zh": "迷你指标体系", "en": "Mini framework"},
    "status": "reference",
    "declared": {"levels": [2, 2, 4], "total_points": 10},
    "pass_line": 6,
    "grades": [
        {"code": "excellent", "name": "优秀", "name_en": "Excellent", "min": 9, "pass": True},
        {"code": "pass", "name": "合格", "name_en": "Pass", "min": 6, "pass": True},
        {"code": "fail", "name": "不合格", "name_en": "Fail", "min": 0, "pass": False},
    ],
    "vetoes": [
        {"code": "V1", "name": "发生重大违法行政决策", "name_en": "A major unlawful decision"}
    ],
    "nodes": [
        {"code": "1", "name": "党委领导", "name_en": "Party leadership", "points": 5},
        {"code": "1.1", "name": "学法", "name_en": "Law study", "points": 5},
        {
            "code": "1.1.1",
            "name": "党委中心组学法",
            "name_en": "Central group study",
            "points": 2,
            "rule": {"type": "check"},
            "department": "党政办",
            "department_en": "General Office",
            "evidence": ["会议记录"],
        },
        {
            "code": "1.1.2",
            "name": "法治讲座",
            "name_en": "Lectures",
            "points": 3,
            "rule": {
                "type": "deduct",
                "clauses": [
                    {
                        "id": "c1",
                        "text": "未按时报告的，扣1分",
                        "text_en": "Late report: -1",
                        "amount": 1,
                        "kind": "flag",
                    },
                    {
                        "id": "c2",
                        "text": "每缺一次扣0.5分",
                        "text_en": "Each missing: -0.5",
                        "amount": 0.5,
                        "kind": "per_item",
                    },
                ],
            },
            "department": "组织人事办",
            "department_en": "Personnel Office",
        },
        {"code": "2", "name": "依法行政", "name_en": "Law-based administration", "points": 5},
        {"code": "2.1", "name": "执法", "name_en": "Enforcement", "points": 5},
        {
            "code": "2.1.1",
            "name": "执法全过程记录",
            "name_en": "Full-process records",
            "points": 3,
            "rule": {"type": "ratio", "target": 1.0, "floor": 0.9},
            "department": "城运中心",
            "department_en": "City Operations",
        },
        {
            "code": "2.1.2",
            "name": "法治队伍",
            "name_en": "Legal staff",
            "points": 2,
            "rule": {"type": "levels", "levels": {"优": 1.0, "良": 0.8, "中": 0.6, "差": 0.0}},
            "department": "司法所",
            "department_en": "Justice Office",
        },
    ],
}

TOTAL_A_2023 = 2 + 0.5 + 3 * ((1319 / 1333) - 0.9) / 0.1 + 1.6


def framework() -> Framework:
    return read_framework(FRAMEWORK, file="mini-2023.yaml")


def assessment_dict(
    unit: str = "anting",
    name: str = "安亭镇",
    year: int = 2023,
    *,
    district: str = "嘉定区",
    full: bool = False,
    met: bool = True,
    note: str = FORMULA_NOTE,
    reason: str = PIPE_REASON,
) -> dict[str, Any]:
    """An assessment as it would appear in a YAML file."""
    entries: list[dict[str, Any]] = [
        {"code": "1.1.1", "met": met, "evidence": [{"ref": "党委会议纪要.pdf"}]},
        {
            "code": "1.1.2",
            "clauses": {} if full else {"c1": 1, "c2": 3},
            "reason": "" if full else reason,
            "note": "" if full else note,
        },
        {"code": "2.1.1", "numerator": 1333 if full else 1319, "denominator": 1333},
        {"code": "2.1.2", "grade": "优" if full else "良"},
    ]
    return {
        "schema_version": 1,
        "framework": {"id": "mini-2023", "version": "1.0"},
        "unit": {"code": unit, "name": name, "district": district},
        "year": year,
        "stage": "self",
        "entries": entries,
    }


def assessment(**kwargs: Any) -> Assessment:
    return Assessment.from_dict(assessment_dict(**kwargs))


def batch() -> tuple[Assessment, ...]:
    """Town A 2022 and 2023, town B 2023."""
    return (
        assessment(),
        assessment(year=2022, full=True, met=False),
        assessment(unit="huating", name="华亭镇", full=True),
    )
