"""Roll-up, missing data, vetoes, grades and ranks, with hand-computed numbers."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from anting_rule_of_law.scoring import score
from scoring_helpers import assessment, framework

CHECK = {"type": "check"}


def node_scores(sc: Any, unit: str = "u1") -> dict[str, float | None]:
    rows = sc.nodes.filter(unit=unit).select("code", "score").rows()
    return dict(rows)


def three_leaves(**parent: Any) -> Any:
    return framework(
        [
            {"code": "1", "name": "一", "points": 10, **parent},
            {"code": "1.1", "name": "a", "points": 2, "rule": CHECK},
            {"code": "1.2", "name": "b", "points": 3, "rule": CHECK},
            {"code": "1.3", "name": "c", "points": 5, "rule": CHECK},
        ]
    )


def test_sum_zero_policy_counts_missing_as_zero() -> None:
    sc = score(
        three_leaves(), assessment([{"code": "1.1", "met": True}, {"code": "1.3", "met": True}])
    )
    assert node_scores(sc) == {"": 7.0, "1": 7.0, "1.1": 2.0, "1.2": 0.0, "1.3": 5.0}
    audit = sc.audit.filter(code="1.2").row(0, named=True)
    assert audit["status"] == "missing"
    assert audit["adjustments"] == ["missing: scored 0 per policy"]


def test_sum_exclude_rescales() -> None:
    sc = score(
        three_leaves(missing="exclude"),
        assessment([{"code": "1.1", "met": True}, {"code": "1.3", "met": False}]),
    )
    # available max 2 + 5 = 7, scored 2: rescaled to 2 * 10 / 7.
    assert node_scores(sc)["1"] == pytest.approx(20 / 7)
    assert node_scores(sc)["1.2"] is None


def test_not_applicable_is_always_excluded() -> None:
    sc = score(
        three_leaves(),
        assessment(
            [
                {"code": "1.1", "met": True},
                {"code": "1.2", "not_applicable": True},
                {"code": "1.3", "met": True},
            ]
        ),
    )
    assert node_scores(sc)["1"] == pytest.approx(10.0)


def test_all_children_excluded_gives_null_not_applicable() -> None:
    entries = [{"code": c, "not_applicable": True} for c in ("1.1", "1.2", "1.3")]
    sc = score(three_leaves(), assessment(entries))
    row = sc.nodes.filter(code="1").row(0, named=True)
    assert row["score"] is None
    assert row["status"] == "not_applicable"
    assert row["rank"] is None
    assert sc.totals.row(0, named=True)["score"] is None


def test_null_policy_below_min_available() -> None:
    fw = three_leaves(missing="null", min_available=0.6)
    one = score(fw, assessment([{"code": "1.3", "met": True}]))
    # 1 of 3 available < 0.6: node 1 is missing; the total's policy (zero) counts it 0.
    assert one.nodes.filter(code="1")["status"].item() == "missing"
    assert node_scores(one)["1"] == 0.0
    strict = attrs.evolve(fw, missing="null")
    alone = score(strict, assessment([{"code": "1.3", "met": True}]))
    assert node_scores(alone)["1"] is None
    assert node_scores(alone)[""] is None
    two = score(fw, assessment([{"code": "1.1", "met": True}, {"code": "1.3", "met": True}]))
    assert node_scores(two)["1"] == pytest.approx(10.0)  # 2 of 3 >= 0.6, rescaled 7 -> 10


def mean_tree(aggregate: str) -> Any:
    return framework(
        [
            {"code": "1", "name": "因素", "aggregate": aggregate, "missing": "exclude"},
            {
                "code": "1.1",
                "name": "a",
                "points": 1,
                "weight": 3,
                "rule": {"type": "normalized", "low": 0, "high": 1},
            },
            {
                "code": "1.2",
                "name": "b",
                "points": 1,
                "weight": 1,
                "rule": {"type": "normalized", "low": 0, "high": 1},
            },
            {"code": "1.3", "name": "c", "points": 2, "weight": 1, "rule": {"type": "manual"}},
        ],
        aggregate="mean",
        missing="exclude",
    )


def test_mean_of_shares() -> None:
    entries = [
        {"code": "1.1", "value": 0.9},
        {"code": "1.2", "value": 0.3},
        {"code": "1.3", "score": 1.0},
    ]
    sc = score(mean_tree("mean"), assessment(entries))
    # shares 0.9, 0.3, 0.5 -> mean 0.5667; node points default 1.
    assert node_scores(sc)["1"] == pytest.approx((0.9 + 0.3 + 0.5) / 3)
    assert node_scores(sc)[""] == pytest.approx((0.9 + 0.3 + 0.5) / 3)


def test_mean_skips_missing_when_excluded() -> None:
    sc = score(
        mean_tree("mean"),
        assessment([{"code": "1.1", "value": 0.9}, {"code": "1.2", "value": 0.3}]),
    )
    assert node_scores(sc)["1"] == pytest.approx(0.6)


def test_weighted_mean() -> None:
    entries = [
        {"code": "1.1", "value": 0.9},
        {"code": "1.2", "value": 0.3},
        {"code": "1.3", "score": 1.0},
    ]
    sc = score(mean_tree("weighted_mean"), assessment(entries))
    assert node_scores(sc)["1"] == pytest.approx((3 * 0.9 + 0.3 + 0.5) / 5)


def test_cap_and_extra_bonus() -> None:
    fw = framework(
        [
            {"code": "1", "name": "特色创新", "points": 5, "cap": 6},
            {"code": "1.1", "name": "a", "points": 5, "rule": CHECK},
            {
                "code": "1.2",
                "name": "加分",
                "points": 3,
                "rule": {"type": "bonus", "per_item": 1, "extra": True},
            },
        ]
    )
    sc = score(fw, assessment([{"code": "1.1", "met": True}, {"code": "1.2", "count": 2}]))
    assert node_scores(sc)["1"] == 6.0  # 5 + 2 capped at 6
    assert sc.nodes.filter(code="1")["max"].item() == 5.0
    assert sc.gaps().height == 0  # an unearned extra bonus is not a loss
    low = score(fw, assessment([{"code": "1.1", "met": False}, {"code": "1.2", "count": 2}]))
    assert node_scores(low)["1"] == 2.0


def test_extra_bonus_default_cap_is_max() -> None:
    fw = framework(
        [
            {"code": "1", "name": "一", "points": 5},
            {"code": "1.1", "name": "a", "points": 5, "rule": CHECK},
            {
                "code": "1.2",
                "name": "加分",
                "points": 3,
                "rule": {"type": "bonus", "per_item": 1, "extra": True},
            },
        ]
    )
    sc = score(fw, assessment([{"code": "1.1", "met": True}, {"code": "1.2", "count": 2}]))
    assert node_scores(sc)["1"] == 5.0


def test_one_level_tree() -> None:
    fw = framework(
        [
            {"code": "1", "name": "a", "points": 40, "rule": CHECK},
            {"code": "2", "name": "b", "points": 60, "rule": {"type": "count", "target": 10}},
        ],
        total_points=100,
    )
    sc = score(fw, assessment([{"code": "1", "met": True}, {"code": "2", "count": 5}]))
    assert node_scores(sc) == {"": 70.0, "1": 40.0, "2": 30.0}
    assert sc.level(0)["score"].item() == 70.0
    assert sc.level(1).height == 2


GRADED: dict[str, Any] = {
    "grades": [
        {"code": "excellent", "name": "优秀", "min": 95, "pass": True},
        {"code": "pass", "name": "达标", "min": 90, "pass": True},
        {"code": "fail", "name": "未达标", "min": 0},
    ],
    "vetoes": [
        {"code": "V1", "name": "重大违法", "effect": "fail"},
        {"code": "V2", "name": "通报批评", "effect": "cap", "cap_grade": "pass"},
    ],
    "total_points": 100,
}


def graded_fw() -> Any:
    return framework(
        [
            {"code": "1", "name": "a", "points": 90, "rule": CHECK},
            {
                "code": "2",
                "name": "b",
                "points": 10,
                "rule": {"type": "count", "target": 10},
                "veto": "V1",
            },
        ],
        **GRADED,
    )


def test_grades_on_unrounded_total() -> None:
    fw = graded_fw()
    sc = score(fw, assessment([{"code": "1", "met": True}, {"code": "2", "count": 4.999999}]))
    row = sc.totals.row(0, named=True)
    assert row["score"] == pytest.approx(94.999999)
    assert row["grade"] == "pass"  # 94.999999 displays as 95.00 but is not 95
    assert row["passed"] is True


def test_veto_on_perfect_score_fails_but_keeps_score() -> None:
    fw = graded_fw()
    a = assessment(
        [{"code": "1", "met": True}, {"code": "2", "count": 10}],
        vetoes=[{"code": "V1", "triggered": True, "note": "重大违法决策"}],
    )
    row = score(fw, a).totals.row(0, named=True)
    assert row["score"] == 100.0
    assert (row["grade"], row["passed"], row["vetoed"], row["vetoes"]) == (
        "fail",
        False,
        True,
        ["V1"],
    )


def test_cap_veto_and_leaf_veto() -> None:
    fw = graded_fw()
    capped = assessment(
        [{"code": "1", "met": True}, {"code": "2", "count": 10}],
        vetoes=[{"code": "V2", "triggered": True}, {"code": "V1", "triggered": False}],
    )
    row = score(fw, capped).totals.row(0, named=True)
    assert (row["grade"], row["passed"], row["vetoes"]) == ("pass", True, ["V2"])
    zero_leaf = assessment([{"code": "1", "met": True}, {"code": "2", "count": 0}])
    row = score(fw, zero_leaf).totals.row(0, named=True)
    assert (row["score"], row["grade"], row["passed"], row["vetoes"]) == (
        90.0,
        "fail",
        False,
        ["V1"],
    )


def test_pass_line_without_bands() -> None:
    fw = framework(
        [{"code": "1", "name": "a", "points": 100, "rule": {"type": "manual"}}], pass_line=90
    )
    sc = score(
        fw, [assessment([{"code": "1", "score": s}], unit=u) for u, s in (("a", 90), ("b", 89.99))]
    )
    assert sc.totals.select("unit", "passed").rows() == [("a", True), ("b", False)]


def test_ranks_min_method_on_unrounded_scores_with_districts() -> None:
    fw = framework([{"code": "1", "name": "a", "points": 10, "rule": {"type": "manual"}}])
    data = [
        ("a", 9.0, "东"),
        ("b", 9.004, "东"),
        ("c", 9.0, "西"),
        ("d", 7.0, "西"),
        ("e", None, "西"),
    ]
    items = [
        assessment([] if s is None else [{"code": "1", "score": s}], unit=u, district=d)
        for u, s, d in data
    ]
    sc = score(fw, items)
    got = sc.totals.select("unit", "rank", "district_rank").rows()
    # e is missing -> 0 under the default zero policy.
    assert got == [("a", 2, 2), ("b", 1, 1), ("c", 2, 1), ("d", 4, 2), ("e", 5, 3)]
    assert sc.units == ("a", "b", "c", "d", "e")


def test_yoy_and_compare_stages_and_gaps() -> None:
    fw = three_leaves()
    items = [
        assessment([{"code": "1.1", "met": True}], year=2022),
        assessment([{"code": "1.1", "met": True}, {"code": "1.3", "met": True}], year=2023),
        assessment(
            [{"code": "1.1", "met": True}, {"code": "1.3", "met": False, "reason": "台账缺失"}],
            year=2023,
            stage="review",
        ),
    ]
    sc = score(fw, items)
    y = sc.yoy().filter(code="")
    assert y.select("year", "score", "previous_year", "previous_score", "delta").rows() == [
        (2023, 7.0, 2022, 2.0, 5.0)
    ]
    cmp = sc.compare_stages("self", "review").filter(code="1.3").row(0, named=True)
    assert (cmp["score_a"], cmp["score_b"], cmp["difference"], cmp["reason"]) == (
        5.0,
        0.0,
        -5.0,
        "台账缺失",
    )
    g = sc.gaps(year=2023, stage="review")
    assert g.select("code", "lost").rows() == [("1.3", 5.0), ("1.2", 3.0)]
