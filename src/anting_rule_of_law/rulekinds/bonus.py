"""``bonus`` (加分项): points per item (or a typed score); ``extra`` bonuses sit on top
of the parent's maximum."""

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

__all__ = ["BONUS", "BonusParams"]


@frozen
class BonusParams:
    """Points per item; ``extra``: not counted in the parent's maximum."""

    per_item: float | None
    extra: bool = False

    @classmethod
    def of(cls, rule: Rule) -> BonusParams:
        return cls(per_item=rule.per_item, extra=rule.extra)


def _reason(_p: BonusParams) -> ReasonText:
    return ReasonText("加分项 ", "", "bonus items ", "", shows="count")


def _expr(p: BonusParams, _pts: float, c: LeafColumns) -> ExprOutcome:
    import polars as pl

    per_item = p.per_item
    return ExprOutcome(
        raw=pl.coalesce(c.input("score"), None if per_item is None else per_item * c.input("count"))
    )


def _value(p: BonusParams, _pts: float, v: LeafValues) -> ValueOutcome:
    raw = v.input("score")
    if raw is None:
        per_item, count = p.per_item, v.input("count")
        raw = None if per_item is None or count is None else per_item * count
    return ValueOutcome(raw)


BONUS: RuleKind[BonusParams] = RuleKind(
    name="bonus",
    title=Words("加分项", "bonus"),
    inputs=("score", "count"),
    hint=Words(
        "count：项目数（或 score 加理由）", "count: number of items (or score with a reason)"
    ),
    params_of=BonusParams.of,
    parameters=frozenset({"per_item", "extra"}),
    required=("per_item",),
    check_entry=check_typed_score,
    reason=_reason,
    expr=_expr,
    value=_value,
)
