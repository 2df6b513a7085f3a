"""``ratio`` (比率): a rate between a floor (no points) and a target (full points)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from attrs import frozen

from anting_rule_of_law.rulekinds.kind import ParamReport, ReasonText, RuleKind, percent_text
from anting_rule_of_law.rulekinds.vocabulary import Words

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.records import Rule

__all__ = ["RATIO", "RatioParams"]


@frozen
class RatioParams:
    """Rates as fractions (0.95 = 95%); ``zero_denominator``: ``full``, ``zero`` or ``exclude``."""

    target: float
    floor: float
    zero_denominator: str = "full"

    @classmethod
    def of(cls, rule: Rule) -> RatioParams:
        assert rule.target is not None and rule.floor is not None
        return cls(target=rule.target, floor=rule.floor, zero_denominator=rule.zero_denominator)


def _check(r: ParamReport) -> None:
    target, floor = r.rule.get("target"), r.rule.get("floor")
    if target is not None and floor is not None and math.isclose(float(target), float(floor)):
        r.problem(
            "target",
            "target and floor must differ",
            "达标值（target）与起评值（floor）不能相同",
        )


def _reason(p: RatioParams) -> ReasonText:
    target = percent_text(p.target)
    return ReasonText("比率 ", f"%，目标 {target}", "rate ", f"%, target {target}")


RATIO: RuleKind[RatioParams] = RuleKind(
    name="ratio",
    title=Words("比率", "ratio"),
    inputs=("numerator", "denominator", "rate"),
    hint=Words(
        "numerator（分子）和 denominator（分母），或 rate（比率，如 98.95%）",
        "numerator and denominator, or rate (e.g. 98.95%)",
    ),
    params_of=RatioParams.of,
    parameters=frozenset({"target", "floor", "zero_denominator"}),
    required=("target", "floor"),
    check=_check,
    reason=_reason,
)
