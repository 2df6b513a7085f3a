"""Numbers as short display text for reasons and the audit trail (half-up, 四舍五入)."""

from __future__ import annotations

import polars as pl

__all__ = ["half_up_text"]


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
