"""Warnings for figures that contradict their own parts.

Why: reports are typed by hand, and a rate printed beside its numerator and
denominator is often truncated rather than rounded (the seed prints 1319/1333 as
98.94%, where 四舍五入 gives 98.95%) or simply wrong. Neither stops scoring — the
numerator and denominator win — but the user should see both numbers and know
which kind of disagreement it is.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from anting_rule_of_law.assessments.numbers import ParsedNumber
from anting_rule_of_law.errors import Problem

__all__ = ["rate_consistency"]


def _show(value: float) -> str:
    """A count as typed (1319, not 1319.0); other figures in full."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def rate_consistency(
    file: str,
    where: str,
    numerator: float,
    denominator: float,
    rate: ParsedNumber,
) -> list[Problem]:
    """Compare a printed rate with numerator ÷ denominator at the rate's printed precision.

    Returns no problem when the printed rate is the half-up rounding of the
    quotient; otherwise a warning that says whether the printed figure is the
    quotient truncated, or a genuine mismatch, with both numbers.
    """
    if denominator == 0:
        return []
    exact = Decimal(repr(float(numerator))) / Decimal(repr(float(denominator)))
    unit = Decimal(rate.scale)
    step = Decimal(1).scaleb(-rate.decimals)
    shown_exact = exact * unit
    rounded = shown_exact.quantize(step, rounding=ROUND_HALF_UP)
    truncated = shown_exact.quantize(step, rounding=ROUND_DOWN)
    given = (Decimal(repr(rate.value)) * unit).quantize(step, rounding=ROUND_HALF_UP)
    sign = {100: "%", 1000: "‰"}.get(rate.scale, "")
    long_step = Decimal(1).scaleb(-max(4, rate.decimals + 2))
    long_value = shown_exact.quantize(long_step, rounding=ROUND_DOWN)
    long_form = f"{long_value}{'…' if long_value != shown_exact else ''}{sign}"
    quotient = f"{_show(numerator)}/{_show(denominator)}"
    if rate.bound == "min":
        if shown_exact < given:
            return [
                _warn(
                    "rate_bound",
                    file,
                    where,
                    f"rate {rate.text} given as a lower bound, but {quotient} = {long_form}",
                    f"填报比率为下限 {rate.text}，而 {quotient} = {long_form}",
                )
            ]
        return []
    if rate.bound == "max":
        if shown_exact > given:
            return [
                _warn(
                    "rate_bound",
                    file,
                    where,
                    f"rate {rate.text} given as an upper bound, but {quotient} = {long_form}",
                    f"填报比率为上限 {rate.text}，而 {quotient} = {long_form}",
                )
            ]
        return []
    if given == rounded:
        return []
    rounded_text = f"{rounded}{sign}"
    if given == truncated:
        return [
            _warn(
                "rate_truncated",
                file,
                where,
                f"rate {rate.text} given, {quotient} = {rounded_text} ({long_form}); "
                "the printed value looks truncated, not rounded",
                f"填报比率 {rate.text}，而 {quotient} = {rounded_text}（{long_form}）；"
                "填报值似为截断而非四舍五入",
            )
        ]
    return [
        _warn(
            "rate_mismatch",
            file,
            where,
            f"rate {rate.text} given, but {quotient} = {rounded_text} ({long_form}); "
            "the figures disagree: check which is right",
            f"填报比率 {rate.text}，但 {quotient} = {rounded_text}（{long_form}）；"
            "二者不一致，请核对",
        )
    ]


def _warn(kind: str, file: str, where: str, en: str, zh: str) -> Problem:
    return Problem(file=file, where=where, en=en, zh=zh, severity="warning", kind=kind)
