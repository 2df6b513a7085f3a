"""Every expression of a framework, in the order the wide frame evaluates them.

Why wide: with one row per (unit, year, stage) ``k`` and one column per node, every
parameter of a node is a Python literal in its own expression, each leaf evaluates
only its own rule (no ``when`` chain over every rule kind on every row), and a
parent is a horizontal expression of its children's columns — no group-by, no join,
no sort, whatever the number of units. Formulas: docs/scoring.md.

The expressions themselves live with their plain-Python twins: clauses and the
leaf envelope in leaves.py (each kind's formula in ``rulekinds/``), the roll-up in
rollup.py. Column names: ``s{i}`` score of node ``i`` as its parent sees it,
``t{i}`` its status (0 scored, 1 missing, 2 not applicable), ``r{i}`` a leaf's raw
formula result, ``g{i}`` gate failed, ``z{i}`` zero denominator, ``d{i}`` deduction
total, ``q{i}`` the rate used; ``c{g}``/``x{g}`` a clause's input and deduction.
"""

from __future__ import annotations

import polars as pl

from anting_rule_of_law.scoring.leaves import clause_expr, leaf_exprs
from anting_rule_of_law.scoring.memo import IdentityCache
from anting_rule_of_law.scoring.plan import Plan
from anting_rule_of_law.scoring.rollup import node_exprs

__all__ = ["stages_of"]

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
        out.append([clause_expr(c) for c in plan.clauses])
    out.append([e for leaf in plan.leaves for e in leaf_exprs(leaf)])
    for stage in plan.stages:
        out.append([e for idx in stage for e in node_exprs(plan, idx)])
    return out
