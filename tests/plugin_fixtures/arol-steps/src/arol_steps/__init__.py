"""A district's own rule kind: a rate scored in steps (阶梯计分).

"办结率达到95%的得满分，90%至95%的得80%，80%至90%的得一半，低于80%的不得分": the rate
earns the fraction of the highest step it reaches. Everything the library needs
to check, validate, template, score and report such an indicator is in the one
``RuleKind`` below, registered through ``arol_register_rule_kinds``.
"""

from __future__ import annotations

from attrs import frozen

from anting_rule_of_law.hookspecs import hookimpl
from anting_rule_of_law.rulekinds import (
    ExprOutcome,
    LeafColumns,
    LeafValues,
    ParamReport,
    ReasonText,
    RuleKind,
    ValueOutcome,
    Words,
    exact_div,
    fdiv,
)


@frozen
class StepsParams:
    """``(minimum rate, fraction of the points)`` per step, highest step first."""

    steps: tuple[tuple[float, float], ...]

    @classmethod
    def of(cls, rule):
        steps = [dict(step) for step in rule.option("steps", ())]
        pairs = sorted(((float(s["min"]), float(s["fraction"])) for s in steps), reverse=True)
        return cls(steps=tuple(pairs))


def _check(report: ParamReport) -> None:
    lows = [step.get("min") for step in report.rule.get("steps") or []]
    if len(set(lows)) != len(lows):
        report.problem("steps", "two steps start at the same rate", "两个阶梯的起点相同")


def _expr(p: StepsParams, points: float, c: LeafColumns) -> ExprOutcome:
    import polars as pl

    num, den = c.input("numerator"), c.input("denominator")
    rate = (
        pl.when(num.is_not_null() & den.is_not_null() & (den != 0))
        .then(exact_div(num, den))
        .otherwise(c.input("rate"))
    )
    fraction = pl.lit(0.0)
    for low, share in reversed(p.steps):  # the highest step reached is applied last
        fraction = pl.when(rate >= low).then(pl.lit(share)).otherwise(fraction)
    return ExprOutcome(raw=pl.when(rate.is_not_null()).then(fraction * points), rate=rate)


def _value(p: StepsParams, points: float, v: LeafValues) -> ValueOutcome:
    num, den = v.input("numerator"), v.input("denominator")
    if num is not None and den is not None and den != 0:
        rate = fdiv(num, den + 0.0)
    else:
        rate = v.input("rate")
    if rate is None:
        return ValueOutcome(None, rate=None)
    fraction = 0.0
    for low, share in p.steps:
        if rate >= low:
            fraction = share
            break
    return ValueOutcome(fraction * points, rate=rate)


def _reason(_p: StepsParams) -> ReasonText:
    return ReasonText("比率 ", "%，未达到满分档", "rate ", "%, below the top step", shows="rate")


STEPS = RuleKind(
    name="steps",
    title=Words("阶梯计分", "scored in steps"),
    inputs=("numerator", "denominator", "rate"),
    hint=Words(
        "numerator（分子）和 denominator（分母），或 rate（比率，如 93%）",
        "numerator and denominator, or rate (e.g. 93%)",
    ),
    params_of=StepsParams.of,
    expr=_expr,
    value=_value,
    parameters=frozenset({"steps"}),
    required=("steps",),
    check=_check,
    reason=_reason,
    audit=frozenset({"rate_used"}),
    schema={
        "steps": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["min", "fraction"],
                "properties": {
                    "min": {"type": "number"},
                    "fraction": {"type": "number", "minimum": 0, "maximum": 1},
                },
                "additionalProperties": False,
            },
        }
    },
)


@hookimpl
def arol_register_rule_kinds():
    return [STEPS]
