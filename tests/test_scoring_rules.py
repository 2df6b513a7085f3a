"""Each leaf rule with hand-computed expectations (docs/scoring.md states the formulas)."""

from __future__ import annotations

from typing import Any

import pytest

from anting_rule_of_law.scoring import score
from scoring_helpers import assessment, one_leaf


def leaf(points: float, rule: dict[str, Any], entry: dict[str, Any] | None) -> dict[str, Any]:
    fw = one_leaf(points, rule)
    entries = [] if entry is None else [{"code": "1", **entry}]
    sc = score(fw, assessment(entries))
    row: dict[str, Any] = sc.audit.row(0, named=True)
    total = sc.totals.row(0, named=True)["score"]
    assert total == row["score"] or (row["score"] is None and total is None)
    return row


def test_check_met_and_not_met() -> None:
    assert leaf(2, {"type": "check"}, {"met": True})["score"] == 2.0
    row = leaf(2, {"type": "check"}, {"met": False})
    assert row["score"] == 0.0
    assert row["lost"] == 2.0
    assert row["reason"] == "未达到要求"


def test_levels_fraction_of_points() -> None:
    rule = {"type": "levels", "levels": {"优": 1.0, "良": 0.8, "中": 0.6, "差": 0}}
    assert leaf(5, rule, {"grade": "良"})["score"] == pytest.approx(4.0)
    assert leaf(5, rule, {"grade": "差"})["score"] == 0.0
    unknown = leaf(5, rule, {"grade": "甲"})
    assert unknown["status"] == "missing"
    assert unknown["score"] == 0.0  # framework default missing policy: zero


def test_ratio_seed_enforcement_records() -> None:
    # 1319 of 1333 cases with a valid full-process record; full points at 100%, none at 80%.
    row = leaf(
        3, {"type": "ratio", "target": 1.0, "floor": 0.8}, {"numerator": 1319, "denominator": 1333}
    )
    expected = 3 * (1319 / 1333 - 0.8) / 0.2
    assert row["score"] == pytest.approx(expected, rel=1e-12)
    assert row["raw"] == pytest.approx(expected, rel=1e-12)
    assert row["adjustments"] == []
    assert row["reason"] == "比率 98.95%，目标 100%"


def test_ratio_above_target_is_clamped() -> None:
    row = leaf(4, {"type": "ratio", "target": 0.9, "floor": 0.5}, {"rate": 1.0})
    assert row["raw"] == pytest.approx(5.0)
    assert row["score"] == 4.0
    assert row["adjustments"] == ["clamped to [0, 4]"]


def test_ratio_lower_is_better() -> None:
    # e.g. a correction rate: 0% earns full points, 10% or more earns none.
    rule = {"type": "ratio", "target": 0.0, "floor": 0.1}
    assert leaf(2, rule, {"rate": 0.025})["score"] == pytest.approx(1.5)
    assert leaf(2, rule, {"rate": 0.2})["score"] == 0.0


def test_ratio_lower_bound_is_noted() -> None:
    entry = {"rate": 0.95, "rate_bound": "min", "raw": {"rate": "95%以上"}}
    row = leaf(2, {"type": "ratio", "target": 1.0, "floor": 0.9}, entry)
    assert row["score"] == pytest.approx(1.0)
    assert row["adjustments"] == ["rate is a lower bound (95%以上)"]
    assert "95%以上" in row["inputs"]


@pytest.mark.parametrize(
    ("policy", "status", "expected"),
    [("full", "scored", 3.0), ("zero", "scored", 0.0), ("exclude", "not_applicable", None)],
)
def test_ratio_zero_denominator(policy: str, status: str, expected: float | None) -> None:
    rule = {"type": "ratio", "target": 1.0, "floor": 0.0, "zero_denominator": policy}
    row = leaf(3, rule, {"numerator": 0, "denominator": 0})
    assert row["status"] == status
    assert row["score"] == expected
    assert row["adjustments"][0].startswith("denominator 0")


def test_count_capped_at_target() -> None:
    rule = {"type": "count", "target": 4}
    assert leaf(6, rule, {"count": 3})["score"] == pytest.approx(4.5)
    capped = leaf(6, rule, {"count": 9})
    assert capped["score"] == 6.0
    assert capped["raw"] == pytest.approx(13.5)


LIANYUNGANG = {
    "type": "deduct",
    "gate": "未开展不得分",
    "clauses": [
        {
            "id": "procedure",
            "text": "重大决策不遵循公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序的，扣3分",
            "amount": 3,
        },
        {
            "id": "inspections",
            "text": "每年组织开展专项执法监督检查少于2次的，扣2分",
            "amount": 2,
            "kind": "threshold",
            "op": "lt",
            "threshold": 2,
        },
        {"id": "items", "text": "有一项扣3分", "amount": 3, "kind": "per_item", "max": 6},
        {"id": "found", "text": "每发现一起扣1分，扣完为止", "amount": 1, "kind": "per_item"},
        {
            "id": "completion",
            "text": "办结率未达到95%的扣2分",
            "amount": 2,
            "kind": "threshold",
            "op": "lt",
            "threshold": 0.95,
        },
    ],
}


def test_deduct_clauses_fire_and_sum() -> None:
    fw = one_leaf(10, LIANYUNGANG)
    entry = {
        "code": "1",
        "clauses": {"procedure": 0, "inspections": 1, "items": 1, "completion": 0.97},
    }
    sc = score(fw, assessment([entry]))
    row = sc.audit.row(0, named=True)
    # inspections: 1 < 2 -> 2; items: 1 x 3 = 3; procedure 0 = no; completion 0.97 >= 0.95 = no.
    assert row["score"] == pytest.approx(5.0)
    fired = sc.clauses.select("clause", "deduction").rows()
    assert fired == [("inspections", 2.0), ("items", 3.0)]
    assert row["reason"].startswith("每年组织开展专项执法监督检查少于2次的，扣2分（−2）")


def test_deduct_never_below_zero_and_clause_max() -> None:
    fw = one_leaf(5, LIANYUNGANG)
    entry = {"code": "1", "clauses": {"items": 4, "found": 7, "completion": 0.9}}
    sc = score(fw, assessment([entry]))
    row = sc.audit.row(0, named=True)
    # items capped at 6, found 7, completion 2: raw 5 - 15 = -10, floored at 0 (扣完为止).
    assert row["raw"] == pytest.approx(-10.0)
    assert row["score"] == 0.0
    assert sc.clauses.filter(clause="items")["deduction"].item() == 6.0


def test_deduct_gate_not_met_zeroes() -> None:
    row = leaf(5, LIANYUNGANG, {"gate": False})
    assert row["score"] == 0.0
    assert row["raw"] == 5.0
    assert row["adjustments"] == ["gate not met: 未开展不得分"]


def test_deduct_entry_without_clauses_is_full() -> None:
    assert leaf(5, LIANYUNGANG, {"gate": True})["score"] == 5.0
    assert leaf(5, LIANYUNGANG, {})["score"] == 5.0
    assert leaf(5, LIANYUNGANG, None)["status"] == "missing"


def test_manual_clamped_with_reason() -> None:
    row = leaf(4, {"type": "manual"}, {"score": 3.2, "reason": "台账不全"})
    assert row["score"] == pytest.approx(3.2)
    assert row["reason"] == "台账不全"
    over = leaf(4, {"type": "manual"}, {"score": 7})
    assert over["score"] == 4.0
    assert over["adjustments"] == ["clamped to [0, 4]"]


def test_bonus_per_item_and_cap() -> None:
    rule = {"type": "bonus", "per_item": 0.5}
    assert leaf(2, rule, {"count": 3})["score"] == pytest.approx(1.5)
    assert leaf(2, rule, {"count": 9})["score"] == 2.0
    assert leaf(2, rule, {"score": 1.25})["score"] == pytest.approx(1.25)


def test_normalized_goalposts() -> None:
    rule = {"type": "normalized", "low": 0.2, "high": 0.8}
    assert leaf(1, rule, {"value": 0.65})["score"] == pytest.approx(0.75)
    assert leaf(1, rule, {"value": 0.9})["score"] == 1.0
    assert leaf(1, rule, {"value": 0.1})["score"] == 0.0


def test_not_applicable_entry() -> None:
    row = leaf(2, {"type": "check"}, {"not_applicable": True, "reason": "本年度无此类事项"})
    assert row["status"] == "not_applicable"
    assert row["score"] is None
    assert row["adjustments"] == ["not applicable: 本年度无此类事项"]
