"""``ratio`` (比率): a rate between a floor (no points) and a target (full points)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from attrs import frozen

from anting_rule_of_law.exact import div, exact_div, fdiv
from anting_rule_of_law.rulekinds.kind import (
    ExprOutcome,
    LeafColumns,
    LeafValues,
    ParamReport,
    ReasonText,
    RuleKind,
    ValueOutcome,
    percent_text,
)
from anting_rule_of_law.rulekinds.vocabulary import Words

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

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
    return ReasonText("比率 ", f"%，目标 {target}", "rate ", f"%, target {target}", shows="rate")


def _expr(p: RatioParams, pts: float, c: LeafColumns) -> ExprOutcome:
    import polars as pl

    num, den = c.input("numerator"), c.input("denominator")
    zero_den = (den == 0).fill_null(False)
    rate = (
        pl.when(num.is_not_null() & den.is_not_null() & (den != 0))
        .then(exact_div(num, den))
        .otherwise(c.input("rate"))
    )
    on_zero: pl.Expr = pl.lit(None, pl.Float64)
    if p.zero_denominator == "full":
        on_zero = pl.lit(pts)
    elif p.zero_denominator == "zero":
        on_zero = pl.lit(0.0)
    # the share of the way from floor to target first: an exact target gives exactly 1
    share = div(rate - p.floor, p.target - p.floor)
    raw = pl.when(zero_den).then(on_zero).otherwise(pts * share)
    return ExprOutcome(
        raw=raw,
        zero_denominator=zero_den,
        not_applicable=zero_den if p.zero_denominator == "exclude" else None,
        rate=rate,
    )


def _value(p: RatioParams, pts: float, v: LeafValues) -> ValueOutcome:
    num, den = v.input("numerator"), v.input("denominator")
    zero_den = den is not None and den == 0
    rate: float | None
    if num is not None and den is not None and den != 0:
        rate = fdiv(num, den + 0.0)
    else:
        rate = v.input("rate")
    zd = p.zero_denominator
    raw: float | None
    if zero_den:
        raw = pts if zd == "full" else (0.0 if zd == "zero" else None)
    elif rate is None:
        raw = None
    else:
        raw = pts * fdiv(rate - p.floor, 0.0 + (p.target - p.floor))
    return ValueOutcome(
        raw,
        zero_denominator=zero_den,
        not_applicable=zero_den and zd == "exclude",
        rate=rate,
    )


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
    expr=_expr,
    value=_value,
    audit=frozenset({"rate_used"}),
)
