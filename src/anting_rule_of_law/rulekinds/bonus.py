"""``bonus`` (加分项): points per item (or a typed score); ``extra`` bonuses sit on top
of the parent's maximum."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from anting_rule_of_law.rulekinds.kind import ReasonText, RuleKind
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
    return ReasonText("加分项 ", "", "bonus items ", "")


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
)
