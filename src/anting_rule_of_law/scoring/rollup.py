"""The roll-up: an inner node's score from its children, in polars and in plain Python.

Formulas: docs/scoring.md §2–3. The polars form is a horizontal expression over
the children's ``s``/``t`` columns of the wide frame (one row per assessment); the
Python form computes one assessment's node from the same columns held as lists.
Both forms follow each other line by line and use the arithmetic of
:mod:`anting_rule_of_law.exact` (IEEE division by ``x + ZERO`` / ``x + 0.0``,
left-to-right sums, nulls as 0), so they agree bit for bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from anting_rule_of_law.exact import div, exact_div, fdiv, hmin, hsum, hsum_expr
from anting_rule_of_law.scoring.leaves import MISSING, NOT_APPLICABLE, SCORED
from anting_rule_of_law.scoring.plan import Plan

__all__ = ["Children", "children_of", "node_exprs", "node_values"]


def node_exprs(plan: Plan, idx: int) -> list[pl.Expr]:
    """polars: score (as its parent sees it) ``s{idx}`` and status ``t{idx}`` of inner node ``idx``."""
    nodes = plan.nodes
    p = nodes[idx]
    counted = [c for c in p.children if not nodes[c].extra]
    extra = [c for c in p.children if nodes[c].extra]
    pmax = p.max

    def s(c: int) -> pl.Expr:
        return pl.col(f"s{c}")

    def avail(c: int) -> pl.Expr:
        return s(c).is_not_null()

    def share(c: int) -> pl.Expr:
        cmax = nodes[c].max
        return div(s(c), cmax) if cmax > 0 else avail(c).cast(pl.Float64)

    def count(items: list[pl.Expr]) -> pl.Expr:
        if not items:
            return pl.lit(0, pl.UInt32)
        return pl.sum_horizontal([i.cast(pl.UInt32) for i in items])

    n_avail = count([avail(c) for c in counted])
    n_miss = count([~avail(c) & (pl.col(f"t{c}") == MISSING) for c in counted])
    n_out = count([~avail(c) for c in counted])
    if p.aggregate == "sum":
        ssum = hsum_expr([s(c) for c in counted])
        msum = hsum_expr([pl.when(avail(c)).then(nodes[c].max) for c in counted])
        base = pl.when((n_out > 0) & (msum > 0)).then(exact_div(ssum * pmax, msum)).otherwise(ssum)
    elif p.aggregate == "mean":
        shares = [share(c) for c in counted]
        n_shares = count([x.is_not_null() for x in shares])
        base = (
            pl.when(n_shares > 0).then(
                pmax * exact_div(hsum_expr(shares), n_shares.cast(pl.Float64))
            )
            if counted
            else pl.lit(None, pl.Float64)
        )
    else:
        wsum = hsum_expr([pl.when(avail(c)).then(nodes[c].weight) for c in counted])
        wsh = hsum_expr([share(c) * nodes[c].weight for c in counted])
        base = pl.when(wsum > 0).then(pmax * exact_div(wsh, wsum))
    x = hsum_expr([s(c) for c in extra])
    cap = pmax if p.cap is None else p.cap
    value = pl.min_horizontal(base + x, pl.lit(cap))
    below: pl.Expr = pl.lit(False)
    if p.missing == "null" and p.min_available is not None:
        available_share = exact_div(n_avail.cast(pl.Float64), (n_avail + n_miss).cast(pl.Float64))
        below = available_share < p.min_available
    value = pl.when((n_avail == 0) | below).then(None).otherwise(value)
    status = (
        pl.when(value.is_not_null())
        .then(pl.lit(SCORED, pl.Int8))
        .when(below | (n_miss > 0))
        .then(pl.lit(MISSING, pl.Int8))
        .otherwise(pl.lit(NOT_APPLICABLE, pl.Int8))
    )
    seen = value
    if p.parent_missing == "zero" and idx != 0:
        seen = pl.when(value.is_null() & (below | (n_miss > 0))).then(0.0).otherwise(value)
    return [seen.cast(pl.Float64).alias(f"s{idx}"), status.alias(f"t{idx}")]


class Children:
    """What :func:`node_values` reads of one inner node's children, gathered once per
    plan (the lists ``node_exprs`` builds per call are per framework, not per town)."""

    __slots__ = ("extra", "maxes", "scores", "statuses", "weights")

    def __init__(self, plan: Plan, idx: int) -> None:
        nodes = plan.nodes
        counted = [nodes[c] for c in nodes[idx].children if not nodes[c].extra]
        #: the counted children's score and status columns, maxima and weights
        self.scores = tuple(c.s for c in counted)
        self.statuses = tuple(c.t for c in counted)
        self.maxes = tuple(c.max for c in counted)
        self.weights = tuple(c.weight for c in counted)
        #: the extra (bonus) children's score columns
        self.extra = tuple(nodes[c].s for c in nodes[idx].children if nodes[c].extra)


def children_of(plan: Plan) -> tuple[Children, ...]:
    """Every node's :class:`Children`, by node index (what :func:`node_values` reads)."""
    return tuple(Children(plan, i) for i in range(len(plan.nodes)))


def _share(v: float | None, cmax: float) -> float | None:
    """A child's share of its maximum (:func:`node_exprs`' ``share``)."""
    if cmax > 0:
        return None if v is None else fdiv(v, 0.0 + cmax)
    return 1.0 if v is not None else 0.0


def node_values(
    plan: Plan, children: Sequence[Children], idx: int, k: int, out: dict[str, list[Any]]
) -> None:
    """Python twin of :func:`node_exprs` for key ``k``: append ``s{idx}``, ``t{idx}`` to ``out``.

    ``children``: :func:`children_of` ``plan`` (made once per plan by the caller).
    """
    p = plan.nodes[idx]
    kids = children[idx]
    maxes = kids.maxes
    pmax = p.max
    s = [out[c][k] for c in kids.scores]
    n_out = s.count(None)
    n_avail = len(s) - n_out
    n_miss = (
        sum(1 for v, t in zip(s, kids.statuses, strict=True) if v is None and out[t][k] == MISSING)
        if n_out
        else 0
    )
    share = _share
    base: float | None
    if p.aggregate == "sum":
        ssum = hsum(s)
        msum = hsum([m if v is not None else None for v, m in zip(s, maxes, strict=True)])
        base = fdiv(ssum * pmax, msum + 0.0) if n_out > 0 and msum > 0 else ssum
    elif p.aggregate == "mean":
        shares = [share(v, m) for v, m in zip(s, maxes, strict=True)]
        n_shares = sum(1 for sh in shares if sh is not None)
        base = None
        if s and n_shares > 0:
            base = pmax * fdiv(hsum(shares), float(n_shares) + 0.0)
    else:
        weights = kids.weights
        wsum = hsum([w if v is not None else None for v, w in zip(s, weights, strict=True)])
        wsh: list[float | None] = []
        for v, m, w in zip(s, maxes, weights, strict=True):
            sh = share(v, m)
            wsh.append(None if sh is None else sh * w)
        base = pmax * fdiv(hsum(wsh), wsum + 0.0) if wsum > 0 else None
    xs = hsum([out[c][k] for c in kids.extra])
    cap = pmax if p.cap is None else p.cap
    value = hmin(None if base is None else base + xs, cap)
    below = False
    if p.missing == "null" and p.min_available is not None:
        available = fdiv(float(n_avail), float(n_avail + n_miss) + 0.0)
        below = available < p.min_available
    if n_avail == 0 or below:
        value = None
    if value is not None:
        status = SCORED
    elif below or n_miss > 0:
        status = MISSING
    else:
        status = NOT_APPLICABLE
    seen = value
    if p.parent_missing == "zero" and idx != 0 and value is None and (below or n_miss > 0):
        seen = 0.0
    out[p.s].append(seen)
    out[p.t].append(status)
