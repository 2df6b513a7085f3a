"""``count`` (计数): a count against a target, ``min(count / target, 1)`` of the points."""

from __future__ import annotations

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
    number_text,
)
from anting_rule_of_law.rulekinds.vocabulary import Words

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.records import Rule

__all__ = ["COUNT", "CountParams"]


@frozen
class CountParams:
    """The count earning full points (> 0)."""

    target: float

    @classmethod
    def of(cls, rule: Rule) -> CountParams:
        assert rule.target is not None
        return cls(target=rule.target)


def _check(r: ParamReport) -> None:
    target = r.rule.get("target")
    if target is not None and float(target) <= 0:
        r.problem("target", "target must be greater than 0", "目标值必须大于 0")


def _reason(p: CountParams) -> ReasonText:
    target = number_text(p.target)
    return ReasonText("数量 ", f"，目标 {target}", "count ", f", target {target}", shows="count")


def _expr(p: CountParams, pts: float, c: LeafColumns) -> ExprOutcome:
    return ExprOutcome(raw=pts * div(c.input("count"), p.target))


def _value(p: CountParams, pts: float, v: LeafValues) -> ValueOutcome:
    count = v.input("count")
    return ValueOutcome(None if count is None else pts * fdiv(count, 0.0 + p.target))


COUNT: RuleKind[CountParams] = RuleKind(
    name="count",
    title=Words("计数", "count"),
    inputs=("count",),
    hint=Words("count：数量", "count: a number"),
    params_of=CountParams.of,
    parameters=frozenset({"target"}),
    required=("target",),
    check=_check,
    reason=_reason,
    expr=_expr,
    value=_value,
)
