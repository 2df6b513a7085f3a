"""Exact arithmetic, twice: as polars expressions and as plain Python, bit for bit alike.

Why a module of its own: the engine computes every score twice over — polars
expressions for batches, plain Python for one town (about 1 ms instead of
~100 ms) — and the two must agree to the last bit (tests/test_scoring_smallpath.py).
That holds only if both divide, add and take minima the same way, so each
operation is written here in both forms, side by side, with the reason it has
that form:

- **division** is IEEE division in both. polars divides a column by a *scalar*
  as a multiplication by its reciprocal (5/3 -> 1.6666666666666665, one bit off),
  and a column whose values are all equal may be held as a scalar. So polars
  divides by ``x + ZERO`` (a materialised column of zeros in the wide frame) and
  Python divides by ``x + 0.0``: the same value, and the same ``-0.0 + 0.0 = 0.0``;
- **sums** add left to right with nulls as 0 (``sum_horizontal`` picks its own
  order, so the polars side folds with ``+``);
- **minimum** of two ignores nulls, as ``min_horizontal`` does.

Importing this module does not import polars; the polars forms import it when
they build an expression.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

__all__ = ["ZERO", "div", "exact_div", "fdiv", "hmin", "hsum", "hsum_expr"]

#: The wide frame's column of zeros (see :func:`div`).
ZERO = "_zero"


# -- division ------------------------------------------------------------------------


def div(expr: pl.Expr, x: float) -> pl.Expr:
    """polars: ``expr / x`` as IEEE division by the constant ``x`` (the frame carries :data:`ZERO`)."""
    import polars as pl

    return expr / (pl.col(ZERO) + float(x))


def exact_div(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """polars: ``num / den`` as IEEE division even when polars holds ``den`` as a constant."""
    import polars as pl

    return num / (den + pl.col(ZERO))


def fdiv(a: float, b: float) -> float:
    """Python: IEEE division as polars divides (x/0 -> ±inf, 0/0 -> nan).

    Callers pass ``b + 0.0``, the twin of polars' ``den + ZERO``.
    """
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)


# -- sums ----------------------------------------------------------------------------


def hsum_expr(items: Sequence[pl.Expr]) -> pl.Expr:
    """polars: nulls as 0, added left to right (no items: 0)."""
    import polars as pl

    if not items:
        return pl.lit(0.0)
    return functools.reduce(operator.add, [i.fill_null(0.0) for i in items])


def hsum(values: Sequence[float | None]) -> float:
    """Python: nulls as 0, added left to right (no items: 0)."""
    if not values:
        return 0.0
    total = 0.0 if values[0] is None else values[0]
    for v in values[1:]:
        total = total + (0.0 if v is None else v)
    return total


# -- minimum -------------------------------------------------------------------------


def hmin(a: float | None, b: float | None) -> float | None:
    """Python: ``min_horizontal`` of two, nulls ignored (polars: ``pl.min_horizontal``)."""
    if a is None:
        return b
    if b is None:
        return a
    return b if b < a else a
