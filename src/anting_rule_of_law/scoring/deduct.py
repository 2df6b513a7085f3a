"""Deduction clauses (扣分制): which clauses fired and what each cost.

Why separate: a ``deduct`` leaf's score needs the sum of its clause deductions,
and the Scorecard lists every clause that fired, with its text, for the audit.
"""

from __future__ import annotations

import polars as pl

__all__ = ["clause_deductions", "fired_by_leaf"]


def clause_deductions(inputs: pl.DataFrame, params: pl.DataFrame) -> pl.DataFrame:
    """Evaluate clause inputs (``pos, idx, clause, input``) against the clause table.

    Returns one row per given input with ``deduction`` (after the clause max); a
    missing (null) input did not fire.
    """
    df = inputs.join(params, on=["idx", "clause"], how="inner")
    x = pl.col("input")
    op = pl.col("op")
    thr = pl.col("threshold")
    hit = (
        pl.when(op == "lt")
        .then(x < thr)
        .when(op == "le")
        .then(x <= thr)
        .when(op == "gt")
        .then(x > thr)
        .otherwise(x >= thr)
    )
    kind = pl.col("kind")
    amount = pl.col("amount")
    raw = (
        pl.when(x.is_null())
        .then(0.0)
        .when(kind == "flag")
        .then(pl.when(x != 0).then(amount).otherwise(0.0))
        .when(kind == "per_item")
        .then(amount * x.clip(lower_bound=0.0))
        .otherwise(pl.when(hit).then(amount).otherwise(0.0))
    )
    capped = pl.when(pl.col("cmax").is_not_null()).then(pl.min_horizontal(raw, pl.col("cmax")))
    return df.with_columns(capped.otherwise(raw).alias("deduction"))


def fired_by_leaf(evaluated: pl.DataFrame) -> pl.DataFrame:
    """Per leaf row (``pos``): total deduction, number of inputs, fired clause texts."""
    sums = evaluated.group_by("pos").agg(
        pl.col("deduction").sum().alias("deduction"),
        pl.len().cast(pl.UInt32).alias("n_clause_inputs"),
    )
    fired = evaluated.filter(pl.col("deduction") > 0).sort("pos", "corder")
    amount = _num(pl.col("deduction"))
    label_en = pl.when(pl.col("text_en") != "").then(pl.col("text_en")).otherwise(pl.col("clause"))
    texts = fired.select(
        "pos",
        pl.concat_str([pl.col("text"), pl.lit("（−"), amount, pl.lit("）")]).alias("t"),
        pl.concat_str([label_en, pl.lit(" (−"), amount, pl.lit(")")]).alias("t_en"),
    )
    joined = texts.group_by("pos", maintain_order=True).agg(
        pl.col("t").str.join("；").alias("clause_reason"),
        pl.col("t_en").str.join("; ").alias("clause_reason_en"),
    )
    return sums.join(joined, on="pos", how="left")


def _num(expr: pl.Expr) -> pl.Expr:
    """A number as short display text (half-up to 2 decimals, no trailing zeros)."""
    from anting_rule_of_law.scoring.rounding import round_half_up_expr

    return num_text(round_half_up_expr(expr, 2))


def half_up_text(expr: pl.Expr) -> pl.Expr:
    """A number rounded half up to 2 decimals as short text ("4.31", "3", "-0.5").

    Why integer arithmetic: dividing the rounded cents back into a float can give
    4.3100000000000005 depending on the kernel polars picks for the frame's length.
    """
    scaled = (expr.cast(pl.Float64) * 100).round(6)
    cents = (scaled.abs() + 0.5).floor().cast(pl.Int64)
    whole = (cents // 100).cast(pl.String)
    frac = cents % 100
    tail = (
        pl.when(frac == 0)
        .then(pl.lit(""))
        .when(frac % 10 == 0)
        .then(pl.lit(".") + (frac // 10).cast(pl.String))
        .otherwise(pl.lit(".") + frac.cast(pl.String).str.zfill(2))
    )
    sign = pl.when((scaled < 0) & (cents > 0)).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.concat_str([sign, whole, tail])


def num_text(expr: pl.Expr) -> pl.Expr:
    """Float -> text without a trailing ``.0`` ("3.0" -> "3", "2.5" -> "2.5")."""
    return expr.cast(pl.String).str.strip_suffix(".0")
