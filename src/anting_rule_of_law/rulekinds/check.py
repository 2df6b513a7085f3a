"""``check`` (达标制): met or not — full points or nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from anting_rule_of_law.rulekinds.kind import (
    ExprOutcome,
    LeafColumns,
    LeafValues,
    ReasonText,
    RuleKind,
    ValueOutcome,
)
from anting_rule_of_law.rulekinds.vocabulary import Words

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.records import Rule

__all__ = ["CHECK", "CheckParams"]


@frozen
class CheckParams:
    """``check`` takes no parameters."""

    @classmethod
    def of(cls, _rule: Rule) -> CheckParams:
        return cls()


def _reason(_p: CheckParams) -> ReasonText:
    return ReasonText("未达到要求", "", "requirement not met", "")


def _expr(_p: CheckParams, pts: float, c: LeafColumns) -> ExprOutcome:
    import polars as pl

    return ExprOutcome(raw=c.input("met").cast(pl.Float64) * pts)


def _value(_p: CheckParams, pts: float, v: LeafValues) -> ValueOutcome:
    met = v.input("met")
    return ValueOutcome(None if met is None else float(met) * pts)


CHECK: RuleKind[CheckParams] = RuleKind(
    name="check",
    title=Words("达标制", "pass/fail"),
    inputs=("met",),
    hint=Words("met：是/否", "met: yes/no"),
    params_of=CheckParams.of,
    reason=_reason,
    expr=_expr,
    value=_value,
)
