"""``levels`` (等次评价): a grade (优/良/中/差 ...) earns its fraction of the points."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from anting_rule_of_law.rulekinds.kind import EntryReport, ReasonText, RuleKind
from anting_rule_of_law.rulekinds.vocabulary import Words

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.assessments.parse import ParsedEntry
    from anting_rule_of_law.records import Indicator, Rule

__all__ = ["LEVELS", "LevelsParams"]


@frozen
class LevelsParams:
    """Grade -> fraction of the points, in the order the framework gives them."""

    levels: tuple[tuple[str, float], ...]

    @classmethod
    def of(cls, rule: Rule) -> LevelsParams:
        return cls(levels=rule.levels)

    @property
    def grades(self) -> tuple[str, ...]:
        return tuple(g for g, _ in self.levels)


def _reason(_p: LevelsParams) -> ReasonText:
    return ReasonText("等次：", "", "grade: ", "")


def _check_entry(entry: ParsedEntry, ind: Indicator, out: EntryReport) -> None:
    """A grade the indicator does not know is an error at its cell."""
    assert ind.rule is not None
    if "grade" not in entry.texts:
        return
    grades = [g for g, _ in ind.rule.levels]
    if entry.texts["grade"] not in grades:
        out.error(
            entry.places.get("grade", entry.where),
            f"{entry.code}: grade {entry.texts['grade']!r} is not one of {'/'.join(grades)}",
            f"{entry.code}：等次 {entry.texts['grade']!r} 不在 {'/'.join(grades)} 之中",
        )


LEVELS: RuleKind[LevelsParams] = RuleKind(
    name="levels",
    title=Words("等次评价", "grade levels"),
    inputs=("grade",),
    hint=Words("grade：{grades} 之一", "grade: one of {grades}"),
    params_of=LevelsParams.of,
    parameters=frozenset({"levels"}),
    required=("levels",),
    check_entry=_check_entry,
    reason=_reason,
)
