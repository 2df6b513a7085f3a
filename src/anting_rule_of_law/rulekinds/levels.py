"""``levels`` (等次评价): a grade (优/良/中/差 ...) earns its fraction of the points."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from attrs import field, frozen

from anting_rule_of_law.rulekinds.kind import (
    EntryReport,
    ExprOutcome,
    LeafColumns,
    LeafValues,
    ReasonText,
    RuleKind,
    ValueOutcome,
)
from anting_rule_of_law.rulekinds.vocabulary import Words

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.assessments.parse import ParsedEntry
    from anting_rule_of_law.records import Indicator, Rule

__all__ = ["LEVELS", "LevelsParams"]


@frozen
class LevelsParams:
    """Grade -> fraction of the points, in the order the framework gives them."""

    levels: tuple[tuple[str, float], ...]
    #: grade -> fraction (the last one given for a grade written twice).
    fractions: Mapping[str, float] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "fractions", dict(self.levels))

    @classmethod
    def of(cls, rule: Rule) -> LevelsParams:
        return cls(levels=rule.levels)

    @property
    def grades(self) -> tuple[str, ...]:
        return tuple(g for g, _ in self.levels)


def _reason(_p: LevelsParams) -> ReasonText:
    return ReasonText("等次：", "", "grade: ", "", shows="grade")


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


def _expr(p: LevelsParams, pts: float, c: LeafColumns) -> ExprOutcome:
    import polars as pl

    table = p.fractions
    fraction = c.input("grade").replace_strict(
        list(table), list(table.values()), default=None, return_dtype=pl.Float64
    )
    return ExprOutcome(raw=fraction * pts)


def _value(p: LevelsParams, pts: float, v: LeafValues) -> ValueOutcome:
    grade = v.input("grade")
    fraction = None if grade is None else p.fractions.get(grade)
    return ValueOutcome(None if fraction is None else fraction * pts)


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
    expr=_expr,
    value=_value,
)
