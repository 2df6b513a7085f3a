"""The long frames — ``nodes``, the compact audit, the fired clauses — from the wide scores.

Why separate from the run: the run computes every number in wide form (one row
per (unit, year, stage) ``k``); a long frame repeats each key on 55–78 rows and
costs more memory than the run itself at national scale. So each is built when
it is read, for the keys asked for (all of them, a district, a chunk being
written to Parquet) and, for ``nodes``, the nodes asked for (a level). Text
columns repeated on every row (unit, stage, code, name, rule …) are
``Categorical``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from anting_rule_of_law.columns import CLAUSES, NODES, STATUSES, status_dtype
from anting_rule_of_law.scoring.plan import Plan

__all__ = ["FIRED_SCHEMA", "categorical_keys", "fired", "flatten", "leaf_long", "nodes_long"]

_CAT = pl.Categorical()
_STATUS_VALUES = pl.Series(STATUSES, dtype=status_dtype())

#: The fired clauses as the engine keeps them: the contract's columns, ``k`` and ``li``.
FIRED_SCHEMA: dict[str, pl.DataType] = {**CLAUSES.schema, "k": pl.UInt32(), "li": pl.UInt32()}


def status_of(codes: pl.Expr) -> pl.Expr:
    """Status codes (0 scored, 1 missing, 2 not applicable) as the ``status`` Enum."""
    return pl.lit(_STATUS_VALUES).gather(codes)


def flatten(wide: pl.DataFrame, spec: dict[str, tuple[list[str], Any]]) -> pl.DataFrame:
    """Per output name, columns c0..cm of K rows -> one column of K*m values, row-major
    (k, then column). One ``select`` for all of them, so they are built in parallel."""
    if wide.height == 0 or any(not cols for cols, _ in spec.values()):
        return pl.DataFrame({n: pl.Series([], dtype=t) for n, (_, t) in spec.items()})
    if wide.height < max(len(cols) for cols, _ in spec.values()):
        return pl.DataFrame([_transposed(wide, cols, t).alias(n) for n, (cols, t) in spec.items()])
    arrays = wide.select(
        pl.concat_arr([pl.col(c).cast(dtype) for c in cols]).alias(name)
        for name, (cols, dtype) in spec.items()
    )
    return pl.DataFrame([arrays.get_column(name).reshape((-1,)) for name in spec])


def _transposed(wide: pl.DataFrame, cols: list[str], dtype: Any) -> pl.Series:
    """:func:`flatten` of one output when there are more columns than rows (a tree of
    10,000 indicators, a few keys): one transpose, not one expression per column."""
    rows = pl.DataFrame([wide.get_column(c).cast(dtype) for c in cols]).transpose()
    return pl.concat(rows.get_columns(), rechunk=True)


def _columns(wide: pl.DataFrame, names: Sequence[str]) -> list[pl.Series]:
    """Columns taken by name (no expression to build and plan per column)."""
    return [wide.get_column(n) for n in names]


def categorical_keys(keys: pl.DataFrame) -> pl.DataFrame:
    """The keys with their text columns also as ``Categorical`` (``unit_c`` …), which
    every long frame repeats; a frame that has them already is returned as it is (a
    Trail makes them once for all its frames: each level read is one more frame)."""
    if "unit_c" in keys.columns:
        return keys
    return keys.with_columns(
        pl.col("unit", "unit_name", "district", "stage").cast(_CAT).name.suffix("_c")
    )


def _node_cat(plan: Plan) -> pl.DataFrame:
    return plan.tables.nodes.with_columns(
        pl.col("code", "parent", "name", "name_en", "rule").cast(_CAT)
    )


def nodes_long(
    plan: Plan,
    keys: pl.DataFrame,
    wide: pl.DataFrame,
    only: Sequence[int],
    year_ranks: Sequence[pl.Series],
    district_ranks: Sequence[pl.Series],
) -> pl.DataFrame:
    """One row per (k, node of ``only``) with the nodes' ranks: the long view of the
    wide scores (``only``: node indexes, ascending; the ranks: one column per node)."""
    nt = plan.tables.nodes
    n_keys = keys.height
    all_idx = list(only)
    n_nodes = len(all_idx)
    ranks = pl.DataFrame(
        [
            *_columns(wide, [f"s{i}" for i in all_idx]),
            *_columns(wide, [f"t{i}" for i in all_idx]),
            *[r.alias(f"rk{i}") for i, r in zip(all_idx, year_ranks, strict=True)],
            *[r.alias(f"dr{i}") for i, r in zip(all_idx, district_ranks, strict=True)],
        ]
    )
    cat_keys = categorical_keys(keys)
    node_cat = _node_cat(plan)
    kk = pl.int_range(0, n_keys * n_nodes, dtype=pl.UInt32)
    long = flatten(
        ranks,
        {
            "score": ([f"s{i}" for i in all_idx], pl.Float64),
            "status_i": ([f"t{i}" for i in all_idx], pl.Int8),
            "rank": ([f"rk{i}" for i in all_idx], pl.UInt32),
            "district_rank": ([f"dr{i}" for i in all_idx], pl.UInt32),
        },
    )
    k_col = (kk // max(n_nodes, 1)).alias("k")
    idx_col = pl.lit(pl.Series(all_idx, dtype=pl.UInt32)).gather(kk % max(n_nodes, 1)).alias("idx")
    mx = pl.lit(nt["max"]).gather(pl.col("idx"))
    exprs = {
        **{
            c: pl.lit(cat_keys[c + s]).gather(pl.col("k"))
            for c, s in (
                ("unit", "_c"),
                ("unit_name", "_c"),
                ("district", "_c"),
                ("year", ""),
                ("stage", "_c"),
            )
        },
        **{
            c: pl.lit(node_cat[c]).gather(pl.col("idx"))
            for c in ("code", "level", "parent", "name", "name_en")
        },
        "score": pl.col("score"),
        "max": mx,
        "share": pl.when(mx > 0).then(pl.col("score") / mx),
        "rank": pl.col("rank"),
        "district_rank": pl.col("district_rank"),
        "status": status_of(pl.col("status_i")),
    }
    return long.with_columns(k_col, idx_col).select(exprs[c].alias(c) for c in NODES.columns)


def leaf_long(plan: Plan, keys: pl.DataFrame, wide: pl.DataFrame) -> pl.DataFrame:
    """The compact audit trail, one row per (k, leaf) in ``pos`` order."""
    t = plan.tables
    nt = t.nodes
    n_keys = keys.height
    leaves = [leaf.idx for leaf in plan.leaves]
    n_leaves = len(leaves)
    present = set(wide.columns)  # once: each call builds the list of every column
    q_cols = [f"q{i}" if f"q{i}" in present else None for i in leaves]
    d_cols = [f"d{i}" if f"d{i}" in present else None for i in leaves]
    none = pl.repeat(None, n_keys, dtype=pl.Float64, eager=True)
    flags = pl.DataFrame(
        [
            *_columns(wide, [f"{kind}{i}" for kind in "rstgz" for i in leaves]),
            *[(wide.get_column(q) if q else none).alias(f"q_{j}") for j, q in enumerate(q_cols)],
            *[(wide.get_column(d) if d else none).alias(f"d_{j}") for j, d in enumerate(d_cols)],
        ]
    )
    lk = pl.int_range(0, n_keys * n_leaves, dtype=pl.UInt32)
    leaf_idx = pl.lit(t.leaf_idx).gather(lk % n_leaves)
    long = flatten(
        flags,
        {
            "raw": ([f"r{i}" for i in leaves], pl.Float64),
            "score": ([f"s{i}" for i in leaves], pl.Float64),
            "status_i": ([f"t{i}" for i in leaves], pl.Int8),
            "gate_failed": ([f"g{i}" for i in leaves], pl.Boolean),
            "zero_denominator": ([f"z{i}" for i in leaves], pl.Boolean),
            "rate_used": ([f"q_{j}" for j in range(n_leaves)], pl.Float64),
            "deduction": ([f"d_{j}" for j in range(n_leaves)], pl.Float64),
        },
    ).with_columns((lk // n_leaves).alias("k"), leaf_idx.alias("idx"))
    cat_keys = categorical_keys(keys)
    node_cat = _node_cat(plan)
    mx = pl.lit(nt["max"]).gather(pl.col("idx"))
    # one with_columns: the gathers are independent, so polars runs them in parallel
    return long.with_columns(
        mx.alias("max"),
        status_of(pl.col("status_i")).alias("status"),
        (mx - pl.col("score")).alias("lost"),
        *[
            pl.lit(cat_keys[c + s]).gather(pl.col("k")).alias(c)
            for c, s in (("unit", "_c"), ("year", ""), ("stage", "_c"))
        ],
        pl.lit(node_cat["code"]).gather(pl.col("idx")).alias("code"),
        pl.lit(node_cat["rule"]).gather(pl.col("idx")).alias("rule"),
    )


def fired(plan: Plan, keys: pl.DataFrame, wide: pl.DataFrame) -> pl.DataFrame:
    """Clauses that fired (deduction > 0), in (k, clause order)."""
    n_clauses = len(plan.clauses)
    ct = plan.tables.clauses.sort("corder")
    if n_clauses == 0 or wide.height == 0:
        return pl.DataFrame(schema=FIRED_SCHEMA)
    gi = list(range(n_clauses))
    long = flatten(
        wide,
        {
            "input": ([f"c{g}" for g in gi], pl.Float64),
            "deduction": ([f"x{g}" for g in gi], pl.Float64),
        },
    ).with_row_index("_p")
    hit = long.filter(pl.col("deduction") > 0)
    g = (pl.col("_p") % n_clauses).cast(pl.UInt32)
    li_of = pl.Series([c.li for c in plan.clauses], dtype=pl.UInt32)
    code_of = pl.Series([c.code for c in plan.clauses], dtype=pl.String)
    return hit.select(
        (pl.col("_p") // n_clauses).cast(pl.UInt32).alias("k"),
        g.alias("g"),
        "input",
        "deduction",
    ).select(
        pl.lit(keys["unit"]).gather(pl.col("k")).alias("unit"),
        pl.lit(keys["year"]).gather(pl.col("k")).alias("year"),
        pl.lit(keys["stage"]).gather(pl.col("k")).alias("stage"),
        pl.lit(code_of).gather(pl.col("g")).alias("code"),
        pl.lit(ct["clause"]).gather(pl.col("g")).alias("clause"),
        pl.lit(ct["text"]).gather(pl.col("g")).alias("text"),
        pl.lit(ct["text_en"]).gather(pl.col("g")).alias("text_en"),
        "input",
        "deduction",
        "k",
        pl.lit(li_of).gather(pl.col("g")).alias("li"),
    )
