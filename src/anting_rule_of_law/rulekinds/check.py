"""``check`` (达标制): met or not — full points or nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from anting_rule_of_law.rulekinds.kind import ReasonText, RuleKind
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


CHECK: RuleKind[CheckParams] = RuleKind(
    name="check",
    title=Words("达标制", "pass/fail"),
    inputs=("met",),
    hint=Words("met：是/否", "met: yes/no"),
    params_of=CheckParams.of,
    reason=_reason,
)
