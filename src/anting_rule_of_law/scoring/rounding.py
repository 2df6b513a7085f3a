"""Round half up (四舍五入) for display — never for computation or ranking.

Why not ``round()`` or ``Expr.round``: both round half to even (2.5 -> 2), while
Chinese official figures round half away from zero. And a binary float such as
2.675 is stored as 2.67499999…; the number a person typed is 2.675 and must show
as 2.68. Both helpers therefore first snap the scaled value to 6 decimals (which
removes representation noise) and then round half away from zero, with the same
arithmetic in Python and in polars so every display path agrees.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    import polars as pl

__all__ = ["round_half_up", "round_half_up_expr"]

_SNAP = 6


@overload
def round_half_up(x: float, ndigits: int = 2) -> float: ...
@overload
def round_half_up(x: None, ndigits: int = 2) -> None: ...
def round_half_up(x: float | None, ndigits: int = 2) -> float | None:
    """``round_half_up(2.675, 2) == 2.68``; ``round_half_up(-0.5, 0) == -1.0``.

    ``None`` and non-finite values pass through unchanged.
    """
    if x is None or not math.isfinite(x):
        return x
    scale = 10.0**ndigits
    scaled = round(x * scale, _SNAP)
    out = math.floor(abs(scaled) + 0.5) / scale
    return -out if scaled < 0 else out + 0.0


def round_half_up_expr(expr: pl.Expr | str, ndigits: int = 2) -> pl.Expr:
    """The polars twin of :func:`round_half_up` (nulls stay null)."""
    import polars as pl

    col = pl.col(expr) if isinstance(expr, str) else expr
    scale = 10.0**ndigits
    scaled = (col.cast(pl.Float64) * scale).round(_SNAP)
    rounded = (scaled.abs() + 0.5).floor() / scale
    return pl.when(scaled < 0).then(-rounded).otherwise(rounded + 0.0)
