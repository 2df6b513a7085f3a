"""``manual`` (评审打分): an assessor's score with its reason, clamped to the points."""

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
from anting_rule_of_law.rulekinds.scores import check_typed_score
from anting_rule_of_law.rulekinds.vocabulary import Words

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.records import Rule

__all__ = ["MANUAL", "ManualParams"]


@frozen
class ManualParams:
    """``manual`` takes no parameters."""

    @classmethod
    def of(cls, _rule: Rule) -> ManualParams:
        return cls()


def _reason(_p: ManualParams) -> ReasonText:
    return ReasonText("评审给分 ", "", "assessed score ", "", shows="score")


def _expr(_p: ManualParams, _pts: float, c: LeafColumns) -> ExprOutcome:
    return ExprOutcome(raw=c.input("score"))


def _value(_p: ManualParams, _pts: float, v: LeafValues) -> ValueOutcome:
    return ValueOutcome(v.input("score"))


MANUAL: RuleKind[ManualParams] = RuleKind(
    name="manual",
    title=Words("评审打分", "assessor's score"),
    inputs=("score",),
    hint=Words("score（0～{points}）和 reason（理由）", "score (0..{points}) and reason"),
    params_of=ManualParams.of,
    check_entry=check_typed_score,
    reason=_reason,
    expr=_expr,
    value=_value,
)
