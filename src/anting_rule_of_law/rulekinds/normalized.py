"""``normalized`` (标准化): a raw value placed between two goalposts (WJP style)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from attrs import frozen

from anting_rule_of_law.exact import div, fdiv
from anting_rule_of_law.rulekinds.kind import (
    ExprOutcome,
    LeafColumns,
    LeafValues,
    ParamReport,
    ReasonText,
    RuleKind,
    ValueOutcome,
)
from anting_rule_of_law.rulekinds.vocabulary import Words

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.records import Rule

__all__ = ["NORMALIZED", "NormalizedParams"]


@frozen
class NormalizedParams:
    """Goalposts of the raw value: ``low`` scores 0, ``high`` full points."""

    low: float
    high: float

    @classmethod
    def of(cls, rule: Rule) -> NormalizedParams:
        assert rule.low is not None and rule.high is not None
        return cls(low=rule.low, high=rule.high)


def _check(r: ParamReport) -> None:
    low, high = r.rule.get("low"), r.rule.get("high")
    if low is not None and high is not None and math.isclose(float(low), float(high)):
        r.problem("high", "low and high goalposts must differ", "上下限不能相同")


def _reason(_p: NormalizedParams) -> ReasonText:
    return ReasonText("原始值 ", "", "raw value ", "", shows="value")


def _expr(p: NormalizedParams, pts: float, c: LeafColumns) -> ExprOutcome:
    return ExprOutcome(raw=pts * div(c.input("value") - p.low, p.high - p.low))


def _value(p: NormalizedParams, pts: float, v: LeafValues) -> ValueOutcome:
    val = v.input("value")
    return ValueOutcome(None if val is None else pts * fdiv(val - p.low, 0.0 + (p.high - p.low)))


NORMALIZED: RuleKind[NormalizedParams] = RuleKind(
    name="normalized",
    title=Words("标准化", "normalized"),
    inputs=("value",),
    hint=Words("value：原始数值", "value: the raw figure"),
    params_of=NormalizedParams.of,
    parameters=frozenset({"low", "high"}),
    required=("low", "high"),
    check=_check,
    reason=_reason,
    expr=_expr,
    value=_value,
)
