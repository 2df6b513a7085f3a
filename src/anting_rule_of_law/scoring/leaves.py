"""Deduction clauses and the leaf envelope: polars and plain Python side by side.

A leaf's own formula is its rule kind's (``rulekinds/<kind>.py``, both forms).
Around it, the same for every kind: what each deduction clause costs, and how a
raw result becomes a status and a score (not applicable, missing per the
parent's policy, gate failed, clamped to ``[0, points]``). Each step is written
twice below, the polars form first, then its twin; the two agree bit for bit
(see :mod:`anting_rule_of_law.exact` for why the arithmetic has the form it has).

Wide columns written per leaf node ``i``: ``r{i}`` raw result, ``t{i}`` status,
``s{i}`` score as its parent sees it, ``g{i}`` gate failed, ``z{i}`` zero
denominator, and where the kind keeps them ``q{i}`` rate used and ``d{i}``
deduction; per clause ``g``: ``x{g}`` its deduction (its input is ``c{g}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from anting_rule_of_law.exact import hmin, hsum, hsum_expr
from anting_rule_of_law.rulekinds.kind import LeafColumns, LeafValues, ValueOutcome
from anting_rule_of_law.scoring.plan import ClauseSpec, LeafSpec

__all__ = [
    "MISSING",
    "NOT_APPLICABLE",
    "SCORED",
    "clause_deduction",
    "clause_expr",
    "leaf_exprs",
    "leaf_values",
]

#: Status codes (``t`` columns): scored, missing, not applicable.
SCORED, MISSING, NOT_APPLICABLE = 0, 1, 2

_HIT = {
    "lt": lambda x, t: x < t,
    "le": lambda x, t: x <= t,
    "gt": lambda x, t: x > t,
}


# -- a clause's deduction: input c{g} -> x{g} ---------------------------------------------


def clause_expr(c: ClauseSpec) -> pl.Expr:
    """polars: what clause ``c`` costs; a missing (null) input did not fire (0)."""
    x = pl.col(f"c{c.g}")
    if c.kind == "flag":
        raw = pl.when(x != 0).then(pl.lit(c.amount)).otherwise(0.0)
    elif c.kind == "per_item":
        raw = c.amount * x.clip(lower_bound=0.0)
    else:
        hit = _HIT[c.op](x, c.threshold) if c.op in _HIT else x >= c.threshold
        raw = pl.when(hit).then(pl.lit(c.amount)).otherwise(0.0)
    if c.cmax is not None:
        raw = pl.min_horizontal(raw, pl.lit(c.cmax))
    return pl.when(x.is_null()).then(0.0).otherwise(raw).alias(f"x{c.g}")


def clause_deduction(c: ClauseSpec, x: float | None) -> float:
    """Python twin of :func:`clause_expr`."""
    if x is None:
        return 0.0
    if c.kind == "flag":
        raw = c.amount if x != 0 else 0.0
    elif c.kind == "per_item":
        raw = c.amount * (x if x >= 0.0 else 0.0)
    else:
        assert c.threshold is not None
        hit = _HIT[c.op](x, c.threshold) if c.op in _HIT else x >= c.threshold
        raw = c.amount if hit else 0.0
    if c.cmax is not None:
        m = hmin(raw, c.cmax)
        assert m is not None
        raw = m
    return float(raw)


# -- a leaf: the kind's outcome -> status and score ---------------------------------------


def leaf_exprs(leaf: LeafSpec) -> list[pl.Expr]:
    """polars: the leaf's wide columns (inputs ``{name}_{li}``, ``h_{li}``, ``c{g}``, ``x{g}``)."""
    idx, pts = leaf.idx, leaf.points
    g0, n = leaf.clause_start, leaf.clause_count
    gs = range(g0, g0 + n)
    given = pl.any_horizontal([pl.col(f"c{g}").is_not_null() for g in gs]) if n else None
    cols = LeafColumns(leaf.li, hsum_expr([pl.col(f"x{g}") for g in gs]), given)
    out = leaf.kind.expr(leaf.params, pts, cols)
    na = cols.input("not_applicable").fill_null(False)
    if out.not_applicable is not None:
        na = na | out.not_applicable
    raw = out.raw.cast(pl.Float64)
    gate_fail = pl.lit(False) if out.gate_failed is None else out.gate_failed
    status = (
        pl.when(na)
        .then(pl.lit(NOT_APPLICABLE, pl.Int8))
        .when(raw.is_null())
        .then(pl.lit(MISSING, pl.Int8))
        .otherwise(pl.lit(SCORED, pl.Int8))
    )
    score = (
        pl.when(na)
        .then(None)
        .when(raw.is_null())
        .then(pl.lit(0.0) if leaf.zero_policy else None)
        .when(gate_fail)
        .then(0.0)
        .otherwise(raw.clip(lower_bound=0.0).clip(upper_bound=pts))
    )
    exprs = [
        raw.alias(f"r{idx}"),
        status.alias(f"t{idx}"),
        score.cast(pl.Float64).alias(f"s{idx}"),
        gate_fail.alias(f"g{idx}"),
        (pl.lit(False) if out.zero_denominator is None else out.zero_denominator).alias(f"z{idx}"),
    ]
    audit = leaf.kind.audit
    if "rate_used" in audit:
        assert out.rate is not None, leaf.kind.name
        exprs.append(out.rate.alias(f"q{idx}"))
    if "deduction" in audit:
        assert out.deduction is not None, leaf.kind.name
        exprs.append(out.deduction.alias(f"d{idx}"))
    return exprs


_NOT_ENTERED: Mapping[str, Any] = {}


def leaf_values(
    leaf: LeafSpec,
    entry: Mapping[str, Any] | None,
    cin: list[float | None],
    x: list[float],
    out: dict[str, list[Any]],
    v: LeafValues,
) -> None:
    """Python twin of :func:`leaf_exprs` for one key: append the leaf's values to ``out``.

    ``entry``: the entry's fields (None: not entered); ``cin``/``x``: every
    clause's input and deduction for this key; ``v``: a scratch :class:`LeafValues`.
    """
    pts, names = leaf.points, leaf.columns
    g0, n = leaf.clause_start, leaf.clause_count
    if n:
        v.deduction = hsum(x[g0 : g0 + n])
        v.clauses_given = cin[g0 : g0 + n].count(None) != n
    else:
        v.deduction, v.clauses_given = 0.0, False
    v.entered = entry is not None
    v.entry = _NOT_ENTERED if entry is None else entry
    res: ValueOutcome = leaf.kind.value(leaf.params, pts, v)
    na = bool(v.entry.get("not_applicable")) or res.not_applicable
    raw = None if res.raw is None else float(res.raw)
    status = NOT_APPLICABLE if na else (MISSING if raw is None else SCORED)
    score: float | None
    if na:
        score = None
    elif raw is None:
        score = 0.0 if leaf.zero_policy else None
    elif res.gate_failed:
        score = 0.0
    else:
        score = raw if raw >= 0.0 else 0.0
        score = score if score <= pts else pts
    r, t, s, g, z, q, d = names
    out[r].append(raw)
    out[t].append(status)
    out[s].append(score)
    out[g].append(res.gate_failed)
    out[z].append(res.zero_denominator)
    audit = leaf.kind.audit
    if "rate_used" in audit:
        out[q].append(res.rate)
    if "deduction" in audit:
        out[d].append(res.deduction)
