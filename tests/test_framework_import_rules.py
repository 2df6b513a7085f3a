"""Rule inference from scoring text: clear shapes become rules, anything else stays manual."""

from __future__ import annotations

from typing import Any

import pytest

from anting_rule_of_law.indicators.registry import read_framework
from anting_rule_of_law.tableimport.rule_inference import infer_rule


def clauses(text: str, points: float = 5) -> list[dict[str, Any]]:
    rule = infer_rule(text, points).rule
    assert rule["type"] == "deduct", rule
    return [{k: v for k, v in c.items() if k not in ("id", "text")} for c in rule["clauses"]]


@pytest.mark.parametrize(
    "text",
    [
        "未开展不得分",
        "未建立法律顾问制度的，本项不得分。",
        "没有制定年度计划的不得分",
        "按要求完成得满分，未完成不得分",
    ],
)
def test_gate_alone_is_check(text: str) -> None:
    result = infer_rule(text, 5)
    assert result.rule == {"type": "check", "description": text, "inferred": True}


def test_per_item_with_floor() -> None:
    assert clauses("每发现一起扣1分，扣完为止") == [{"kind": "per_item", "amount": 1}]
    assert clauses("有一项扣3分") == [{"kind": "per_item", "amount": 3}]
    assert clauses("每发现违法行为一起扣0.5分") == [{"kind": "per_item", "amount": 0.5}]


def test_per_item_cap() -> None:
    assert clauses("每缺一项扣0.5分，累计最多扣2分") == [
        {"kind": "per_item", "amount": 0.5, "max": 2}
    ]


@pytest.mark.parametrize(
    ("text", "op", "threshold", "amount"),
    [
        ("少于2次的，扣2分", "lt", 2, 2),
        ("每年组织开展专项执法监督检查少于２次的，扣２分", "lt", 2, 2),
        ("办结率未达到95%的扣2分", "lt", 0.95, 2),
        ("满意度90%以下的扣1分", "le", 0.9, 1),  # 以下 includes the number
        ("培训少于3次（含）的扣1分", "le", 3, 1),
        ("超过3件的扣1分", "gt", 3, 1),
        ("少于3次的不得分", "lt", 3, 5),  # 不得分 after a threshold: all the points
    ],
)
def test_threshold_clause(text: str, op: str, threshold: float, amount: float) -> None:
    assert clauses(text) == [
        {"kind": "threshold", "op": op, "threshold": threshold, "amount": amount}
    ]


def test_several_sentences_give_several_clauses_and_a_gate() -> None:
    text = (
        "未开展不得分；（1）每年专项检查少于2次的，扣2分；"
        "（2）未依法决策造成重大损失的，扣5分；（3）有一项程序缺失扣3分。"
    )
    rule = infer_rule(text, 10).rule
    assert rule["type"] == "deduct"
    assert rule["gate"] == "未开展不得分"
    assert rule["description"] == text
    assert [(c["id"], c["kind"], c["amount"]) for c in rule["clauses"]] == [
        ("c1", "threshold", 2),
        ("c2", "flag", 5),
        ("c3", "per_item", 3),
    ]
    assert rule["clauses"][1]["text"] == "未依法决策造成重大损失的，扣5分"


def test_ratio_target_with_floor_zero_said() -> None:
    result = infer_rule("全过程记录有效率达到100%得满分", 6)
    assert result.rule["type"] == "ratio"
    assert (result.rule["target"], result.rule["floor"]) == (1, 0)
    assert "floor 0" in result.note
    assert infer_rule("公示率达到９５％以上得满分，否则按比例得分", 4).rule["target"] == 0.95


@pytest.mark.parametrize(
    "text",
    [
        "根据工作情况酌情扣1-3分",  # vague
        "优秀得5分，良好得3分",  # levels are not guessed
        "扣2分",  # no condition
        "每季度少于1次的扣1分",  # a threshold per period is not one clause
        "达到100%得满分；每低于1个百分点扣0.5分",  # ratio mixed with deductions
        "未开展不得分；每项扣1-2分",
        "主要负责人履行第一责任人职责情况",  # no scoring words at all
        "",
    ],
)
def test_unclear_text_stays_manual_with_text_kept(text: str) -> None:
    result = infer_rule(text, 5)
    assert result.rule["type"] == "manual"
    assert "inferred" not in result.rule
    assert result.rule.get("description", "") == text


def test_every_inferred_rule_passes_the_framework_checks() -> None:
    texts = [
        "未开展不得分",
        "每发现一起扣1分，扣完为止",
        "少于2次的，扣2分",
        "未开展不得分；每缺一项扣1分，最多扣3分",
        "达到100%得满分",
        "酌情评分",
    ]
    nodes: list[dict[str, Any]] = [{"code": "1", "name": "一级", "points": 5 * len(texts)}]
    for i, text in enumerate(texts, start=1):
        nodes.append(
            {"code": f"1.{i}", "name": f"指标{i}", "points": 5, "rule": infer_rule(text, 5).rule}
        )
    fw = read_framework(
        {"schema_version": 1, "id": "t", "version": "1", "title": "t", "nodes": nodes}
    )
    assert [n.rule.type for n in fw.leaves()] == [  # type: ignore[union-attr]
        "check",
        "deduct",
        "deduct",
        "deduct",
        "ratio",
        "manual",
    ]
