"""Leaf rules, deductions and the roll-up as expressions over a *wide* frame.

Why wide: with one row per (unit, year, stage) ``k`` and one column per node, every
parameter of a node is a Python literal in its own expression, each leaf evaluates
only its own rule (no ``when`` chain over every rule type on every row), and a
parent is a horizontal expression of its children's columns — no group-by, no join,
no sort, whatever the number of units. Formulas: docs/scoring.md.

Column names: ``s{i}`` score of node ``i`` as its parent sees it, ``t{i}`` its status
(0 scored, 1 missing, 2 not applicable), ``r{i}`` a leaf's raw formula result,
``g{i}`` gate failed, ``z{i}`` zero denominator, ``d{i}`` deduction total, ``q{i}``
the rate used (ratio leaves).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from typing import Any

import polars as pl
from attrs import frozen

from anting_rule_of_law.records import Framework
from anting_rule_of_law.scoring.memo import IdentityCache
from anting_rule_of_law.scoring.tables import FrameworkTables, framework_tables

__all__ = [
    "MISSING",
    "NOT_APPLICABLE",
    "SCORED",
    "Plan",
    "clause_exprs",
    "div",
    "leaf_exprs",
    "node_exprs",
    "plan_of",
]

SCORED, MISSING, NOT_APPLICABLE = 0, 1, 2
#: A column of zeros the wide frame carries, so divisors are columns (see :func:`div`).
ZERO = "_zero"
_NEED: dict[str, tuple[str, ...]] = {
    "check": ("met",),
    "levels": ("grade",),
    "ratio": ("numerator", "denominator", "rate"),
    "count": ("count",),
    "deduct": ("gate",),
    "manual": ("score",),
    "bonus": ("score", "count"),
    "normalized": ("value",),
}


@frozen
class Plan:
    """A framework as Python lists the expression builders read (built once, cached)."""

    tables: FrameworkTables
    #: per node index: dict of parameters (``rule, max, target, ...``) from the node table.
    nodes: tuple[dict[str, Any], ...]
    #: node index of each leaf, in framework order.
    leaves: tuple[int, ...]
    #: children (node indexes) of every inner node, deepest nodes first.
    inner: tuple[tuple[int, tuple[int, ...]], ...]
    #: levels in evaluation order: groups of inner nodes whose children are all computed.
    stages: tuple[tuple[int, ...], ...]
    #: grade -> fraction per leaf position (``levels`` rule).
    levels: tuple[dict[str, float], ...]
    #: global clause index -> (leaf position, clause row of the clause table).
    clauses: tuple[dict[str, Any], ...]
    #: first global clause index and count per leaf position.
    clause_span: tuple[tuple[int, int], ...]
    #: input columns each leaf position reads.
    needs: tuple[tuple[str, ...], ...]


_PLANS: IdentityCache[FrameworkTables, Plan] = IdentityCache()


def plan_of(fw: Framework) -> Plan:
    """The cached plan of ``fw``."""
    return _PLANS.get(framework_tables(fw), _build)


def _build(t: FrameworkTables) -> Plan:
    nodes = tuple(t.nodes.to_dicts())
    leaves = tuple(int(i) for i in t.leaf_idx.to_list())
    kids: dict[int, list[int]] = {}
    for n in nodes[1:]:
        kids.setdefault(int(n["parent_idx"]), []).append(int(n["idx"]))
    depth = {0: 0}
    for n in nodes[1:]:
        depth[int(n["idx"])] = depth[int(n["parent_idx"])] + 1
    inner = [i for i in range(len(nodes)) if not nodes[i]["is_leaf"]]
    stages: list[tuple[int, ...]] = []
    for d in range(max(depth.values(), default=0), -1, -1):
        group = tuple(i for i in inner if depth[i] == d)
        if group:
            stages.append(group)
    li_of = {idx: li for li, idx in enumerate(leaves)}
    levels: list[dict[str, float]] = [{} for _ in leaves]
    for idx, grade, fraction in t.levels.iter_rows():
        levels[li_of[idx]][grade] = fraction
    clauses: list[dict[str, Any]] = []
    span: list[tuple[int, int]] = []
    by_leaf: dict[int, list[dict[str, Any]]] = {}
    for row in t.clauses.sort("corder").to_dicts():
        by_leaf.setdefault(li_of[row["idx"]], []).append(row)
    for li in range(len(leaves)):
        rows = by_leaf.get(li, [])
        span.append((len(clauses), len(rows)))
        for row in rows:
            clauses.append({**row, "li": li})
    needs = tuple(_NEED[nodes[idx]["rule"]] for idx in leaves)
    return Plan(
        tables=t,
        nodes=nodes,
        leaves=leaves,
        inner=tuple((i, tuple(kids.get(i, []))) for i in inner),
        stages=tuple(stages),
        levels=tuple(levels),
        clauses=tuple(clauses),
        clause_span=tuple(span),
        needs=needs,
    )


_EXPRS: IdentityCache[Plan, list[list[pl.Expr]]] = IdentityCache()


def stages_of(plan: Plan) -> list[list[pl.Expr]]:
    """All expressions in evaluation order: clauses, leaves, then inner nodes per depth.

    Built once per plan (building hundreds of expressions costs more than running
    them on one town).
    """
    return _EXPRS.get(plan, _stages)


def _stages(plan: Plan) -> list[list[pl.Expr]]:
    out: list[list[pl.Expr]] = []
    if plan.clauses:
        out.append(clause_exprs(plan))
    out.append([e for li in range(len(plan.leaves)) for e in leaf_exprs(plan, li, 0)])
    inner = dict(plan.inner)
    for stage in plan.stages:
        out.append([e for idx in stage for e in node_exprs(plan, idx, inner[idx], 0)])
    return out


# -- clauses -------------------------------------------------------------------------


def clause_exprs(plan: Plan) -> list[pl.Expr]:
    """Per clause ``c{g}`` (input) -> ``x{g}`` the deduction after the clause max.

    A missing (null) input did not fire (0).
    """
    out = []
    for g, c in enumerate(plan.clauses):
        x = pl.col(f"c{g}")
        kind, amount, thr, op = c["kind"], c["amount"], c["threshold"], c["op"]
        if kind == "flag":
            raw = pl.when(x != 0).then(pl.lit(amount)).otherwise(0.0)
        elif kind == "per_item":
            raw = amount * x.clip(lower_bound=0.0)
        else:
            hit = {"lt": x < thr, "le": x <= thr, "gt": x > thr}.get(op, x >= thr)
            raw = pl.when(hit).then(pl.lit(amount)).otherwise(0.0)
        if c["cmax"] is not None:
            raw = pl.min_horizontal(raw, pl.lit(c["cmax"]))
        out.append(pl.when(x.is_null()).then(0.0).otherwise(raw).alias(f"x{g}"))
    return out


# -- leaves --------------------------------------------------------------------------


def div(expr: pl.Expr, x: float, n: int) -> pl.Expr:
    """``expr / x`` exactly as IEEE division (the frame must carry :data:`ZERO`).

    Why not ``expr / x``: polars divides a column by a scalar as a multiplication by
    its reciprocal, which can differ in the last bit (5/3) — and a one-row frame takes
    the exact scalar path, so results would depend on how many units are scored.
    ``n`` is unused (kept so callers state the frame's height).
    """
    del n
    return expr / (pl.col(ZERO) + float(x))


def exact_div(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """``num / den`` as IEEE division even when polars holds ``den`` as a constant.

    Why: a column whose values are all equal may be kept as a scalar, and polars then
    divides by multiplying with the reciprocal (5/3 -> 1.6666666666666665), so a
    unit's score would depend on which other units are scored with it. Adding the
    materialised :data:`ZERO` column keeps the divisor a real column.
    """
    return num / (den + pl.col(ZERO))


def _sum(items: Sequence[pl.Expr]) -> pl.Expr:
    """Nulls as 0, added left to right: a fixed order (``sum_horizontal`` picks its own),
    so the plain-Python small path can add in the same order, bit for bit."""
    if not items:
        return pl.lit(0.0)
    return functools.reduce(operator.add, [i.fill_null(0.0) for i in items])


def leaf_exprs(plan: Plan, li: int, n: int) -> list[pl.Expr]:
    """Raw result, status, score and flags of leaf position ``li`` (columns ``*{idx}``).

    Input columns are ``{name}_{li}`` plus ``h_{li}`` (the leaf has an entry row).
    """
    idx = plan.leaves[li]
    p = plan.nodes[idx]
    rule, pts = p["rule"], float(p["max"])

    def col(name: str) -> pl.Expr:
        return pl.col(f"{name}_{li}")

    zero_den: pl.Expr = pl.lit(False)
    rate: pl.Expr | None = None
    deduction: pl.Expr | None = None
    gate_fail: pl.Expr = pl.lit(False)
    zd = p["zero_denominator"]
    if rule == "check":
        raw = col("met").cast(pl.Float64) * pts
    elif rule == "levels":
        table = plan.levels[li]
        fraction = col("grade").replace_strict(
            list(table), list(table.values()), default=None, return_dtype=pl.Float64
        )
        raw = fraction * pts
    elif rule == "ratio":
        num, den = col("numerator"), col("denominator")
        zero_den = (den == 0).fill_null(False)
        rate = (
            pl.when(num.is_not_null() & den.is_not_null() & (den != 0))
            .then(exact_div(num, den))
            .otherwise(col("rate"))
        )
        on_zero: pl.Expr = pl.lit(None, pl.Float64)
        if zd == "full":
            on_zero = pl.lit(pts)
        elif zd == "zero":
            on_zero = pl.lit(0.0)
        raw = (
            pl.when(zero_den)
            .then(on_zero)
            .otherwise(div(pts * (rate - p["floor"]), p["target"] - p["floor"], n))
        )
    elif rule == "count":
        raw = div(pts * col("count"), p["target"], n)
    elif rule == "deduct":
        g0, n = plan.clause_span[li]
        given = [pl.col(f"c{g}").is_not_null() for g in range(g0, g0 + n)]
        deduction = _sum([pl.col(f"x{g}") for g in range(g0, g0 + n)])
        present = col("h")
        if given:
            present = present | pl.any_horizontal(given)
        raw = pl.when(present).then(pts - deduction)
        gate_fail = (col("gate") == False).fill_null(False)  # noqa: E712
    elif rule == "manual":
        raw = col("score")
    elif rule == "bonus":
        per_item = p["per_item"]
        raw = pl.coalesce(col("score"), None if per_item is None else per_item * col("count"))
    else:
        raw = div(pts * (col("value") - p["low"]), p["high"] - p["low"], n)
    na = col("not_applicable").fill_null(False)
    if rule == "ratio" and zd == "exclude":
        na = na | zero_den
    raw = raw.cast(pl.Float64)
    status = (
        pl.when(na)
        .then(pl.lit(NOT_APPLICABLE, pl.Int8))
        .when(raw.is_null())
        .then(pl.lit(MISSING, pl.Int8))
        .otherwise(pl.lit(SCORED, pl.Int8))
    )
    zero_policy = p["pmiss_id"] is not None and p["parent_missing"] == "zero"
    score = (
        pl.when(na)
        .then(None)
        .when(raw.is_null())
        .then(pl.lit(0.0) if zero_policy else None)
        .when(gate_fail)
        .then(0.0)
        .otherwise(raw.clip(lower_bound=0.0).clip(upper_bound=pts))
    )
    out = [
        raw.alias(f"r{idx}"),
        status.alias(f"t{idx}"),
        score.cast(pl.Float64).alias(f"s{idx}"),
        gate_fail.alias(f"g{idx}"),
        zero_den.alias(f"z{idx}"),
    ]
    if rate is not None:
        out.append(rate.alias(f"q{idx}"))
    if deduction is not None:
        out.append(deduction.alias(f"d{idx}"))
    return out


# -- roll-up -------------------------------------------------------------------------


def node_exprs(plan: Plan, idx: int, children: Sequence[int], n: int) -> list[pl.Expr]:
    """Score (as its parent sees it) and status of inner node ``idx`` from its children."""
    nodes = plan.nodes
    p = nodes[idx]
    counted = [c for c in children if not nodes[c]["extra"]]
    extra = [c for c in children if nodes[c]["extra"]]
    pmax = float(p["max"])

    def s(c: int) -> pl.Expr:
        return pl.col(f"s{c}")

    def avail(c: int) -> pl.Expr:
        return s(c).is_not_null()

    def share(c: int) -> pl.Expr:
        cmax = float(nodes[c]["max"])
        return div(s(c), cmax, n) if cmax > 0 else avail(c).cast(pl.Float64)

    def count(items: list[pl.Expr]) -> pl.Expr:
        if not items:
            return pl.lit(0, pl.UInt32)
        return pl.sum_horizontal([i.cast(pl.UInt32) for i in items])

    n_avail = count([avail(c) for c in counted])
    n_miss = count([~avail(c) & (pl.col(f"t{c}") == MISSING) for c in counted])
    n_out = count([~avail(c) for c in counted])
    agg = p["aggregate"]
    if agg == "sum":
        ssum = _sum([s(c) for c in counted])
        msum = _sum([pl.when(avail(c)).then(float(nodes[c]["max"])) for c in counted])
        base = pl.when((n_out > 0) & (msum > 0)).then(exact_div(ssum * pmax, msum)).otherwise(ssum)
    elif agg == "mean":
        shares = [share(c) for c in counted]
        n_shares = count([x.is_not_null() for x in shares])
        base = (
            pl.when(n_shares > 0).then(pmax * exact_div(_sum(shares), n_shares.cast(pl.Float64)))
            if counted
            else pl.lit(None, pl.Float64)
        )
    else:
        wsum = _sum([pl.when(avail(c)).then(float(nodes[c]["weight"])) for c in counted])
        wsh = _sum([share(c) * float(nodes[c]["weight"]) for c in counted])
        base = pl.when(wsum > 0).then(pmax * exact_div(wsh, wsum))
    x = _sum([s(c) for c in extra])
    cap = pmax if p["cap"] is None else float(p["cap"])
    value = pl.min_horizontal(base + x, pl.lit(cap))
    below: pl.Expr = pl.lit(False)
    if p["missing"] == "null" and p["min_available"] is not None:
        available_share = exact_div(n_avail.cast(pl.Float64), (n_avail + n_miss).cast(pl.Float64))
        below = available_share < float(p["min_available"])
    value = pl.when((n_avail == 0) | below).then(None).otherwise(value)
    status = (
        pl.when(value.is_not_null())
        .then(pl.lit(SCORED, pl.Int8))
        .when(below | (n_miss > 0))
        .then(pl.lit(MISSING, pl.Int8))
        .otherwise(pl.lit(NOT_APPLICABLE, pl.Int8))
    )
    seen = value
    if p["parent_missing"] == "zero" and idx != 0:
        seen = pl.when(value.is_null() & (below | (n_miss > 0))).then(0.0).otherwise(value)
    return [seen.cast(pl.Float64).alias(f"s{idx}"), status.alias(f"t{idx}")]
