"""Ranking tables list stages in process order (自评 → 初审 → 核定), not alphabetically."""

from __future__ import annotations

from typing import Any

from anting_rule_of_law.reporters.document import ranking_order


def _result(unit: str, stage: str, rank: int | None) -> dict[str, Any]:
    return {"unit": {"code": unit}, "year": 2023, "stage": stage, "total": {"rank": rank}}


def test_stages_follow_the_process_then_rank() -> None:
    results = [
        _result("b", "final", 1),
        _result("a", "review", 2),
        _result("b", "review", 1),
        _result("a", "self", None),
        _result("b", "self", 1),
    ]
    order = [(r["stage"], r["unit"]["code"]) for r in ranking_order(results)]
    assert order == [
        ("self", "b"),
        ("self", "a"),
        ("review", "b"),
        ("review", "a"),
        ("final", "b"),
    ]
