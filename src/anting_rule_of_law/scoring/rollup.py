"""Roll-up: children -> parent, level by level, with each parent's own rules.

Why level by level: a node's score needs its children's, so the engine aggregates
the deepest level first and walks up to the total (index 0). Each step is one
group-by over ``gkey = k * n_nodes + parent_idx`` (sorted, so groups are runs) and
a gather of the parent's parameters (aggregate, missing policy, min_available, cap,
max) from the node table. Formulas: docs/scoring.md.
"""

from __future__ import annotations

import polars as pl

from anting_rule_of_law.scoring.rules import STATUS
from anting_rule_of_law.scoring.tables import AGG_ID, MISSING_ID, FrameworkTables

__all__ = ["NODE_COLUMNS", "roll_up"]

#: The columns every node row carries through the roll-up.
NODE_COLUMNS = ("pos", "k", "idx", "score", "status")


def _param(nodes: pl.DataFrame, name: str, idx: pl.Expr) -> pl.Expr:
    return pl.lit(nodes[name]).gather(idx)


def _parents(children: pl.DataFrame, tables: FrameworkTables, n_nodes: int) -> pl.DataFrame:
    """Aggregate one level of child rows (sorted by pos) into their parents' rows."""
    nodes = tables.nodes
    idx = pl.col("idx")
    score = pl.col("score")
    extra = _param(nodes, "extra", idx)
    counted = ~extra
    avail = score.is_not_null()
    cmax = _param(nodes, "max", idx)
    share = pl.when(cmax > 0).then(score / cmax).otherwise(score.is_not_null().cast(pl.Float64))
    weight = _param(nodes, "weight", idx)
    pidx = _param(nodes, "parent_idx", idx)
    prepared = children.select(
        pl.col("k"),
        pidx.alias("pidx"),
        (pl.col("k").cast(pl.UInt64) * n_nodes + pidx.cast(pl.UInt64)).alias("gkey"),
        pl.when(counted).then(score).alias("s"),
        pl.when(counted & avail).then(cmax).alias("m"),
        pl.when(counted).then(share).alias("sh"),
        pl.when(counted & avail).then(weight).alias("w"),
        pl.when(counted).then(share * weight).alias("wsh"),
        pl.when(extra).then(score).alias("x"),
        (counted & avail).cast(pl.UInt32).alias("n_avail"),
        (counted & ~avail & (pl.col("status") == "missing")).cast(pl.UInt32).alias("n_miss"),
        (counted & ~avail).cast(pl.UInt32).alias("n_out"),
    ).with_columns(pl.col("gkey").set_sorted())
    agg = prepared.group_by("gkey", maintain_order=True).agg(
        pl.col("k").first(),
        pl.col("pidx").first().alias("idx"),
        pl.col("s").sum(),
        pl.col("m").sum(),
        pl.col("sh").mean(),
        pl.col("w").sum(),
        pl.col("wsh").sum(),
        pl.col("x").sum(),
        pl.col("n_avail").sum(),
        pl.col("n_miss").sum(),
        pl.col("n_out").sum(),
    )
    p = pl.col("idx")
    pmax = _param(nodes, "max", p)
    agg_id = _param(nodes, "agg_id", p)
    own_missing = _param(nodes, "missing_id", p)
    min_av = _param(nodes, "min_available", p)
    cap = pl.coalesce(_param(nodes, "cap", p), pmax)
    n_avail, n_miss = pl.col("n_avail"), pl.col("n_miss")
    available_share = n_avail.cast(pl.Float64) / (n_avail + n_miss).cast(pl.Float64)
    below = (own_missing == MISSING_ID["null"]) & (available_share < min_av)
    base = (
        pl.when(agg_id == AGG_ID["sum"])
        .then(
            pl.when((pl.col("n_out") > 0) & (pl.col("m") > 0))
            .then(pl.col("s") * pmax / pl.col("m"))
            .otherwise(pl.col("s"))
        )
        .when(agg_id == AGG_ID["mean"])
        .then(pmax * pl.col("sh"))
        .otherwise(pl.when(pl.col("w") > 0).then(pmax * pl.col("wsh") / pl.col("w")))
    )
    value = pl.min_horizontal(base + pl.col("x"), cap)
    value = pl.when((n_avail == 0) | below).then(None).otherwise(value)
    out = agg.select(
        pl.col("k"),
        pl.col("idx"),
        value.alias("score"),
        pl.when(value.is_not_null())
        .then(pl.lit("scored"))
        .when(below | (n_miss > 0))
        .then(pl.lit("missing"))
        .otherwise(pl.lit("not_applicable"))
        .cast(STATUS)
        .alias("status"),
    )
    # As seen by *its* parent: a missing node under a ``zero`` parent counts 0.
    pmiss = _param(nodes, "pmiss_id", pl.col("idx"))
    return out.select(
        (pl.col("k").cast(pl.UInt64) * n_nodes + pl.col("idx").cast(pl.UInt64)).alias("pos"),
        pl.col("k"),
        pl.col("idx"),
        pl.when((pl.col("status") == "missing") & (pmiss == MISSING_ID["zero"]))
        .then(0.0)
        .otherwise(pl.col("score"))
        .alias("score"),
        pl.col("status"),
    )


def roll_up(leaves: pl.DataFrame, tables: FrameworkTables) -> pl.DataFrame:
    """All node rows (leaves, inner nodes, total), sorted by ``pos = k * n_nodes + idx``.

    ``leaves`` holds :data:`NODE_COLUMNS` and ``level``, sorted by ``pos``.
    """
    n_nodes = tables.nodes.height
    parts: list[pl.DataFrame] = [leaves.select(NODE_COLUMNS)]
    carried: pl.DataFrame | None = None
    for depth in range(tables.max_depth, 0, -1):
        level_leaves = leaves.filter(pl.col("level") == depth).select(NODE_COLUMNS)
        rows = level_leaves if carried is None else _merge(level_leaves, carried)
        if rows.height == 0:
            carried = None
            continue
        carried = _parents(rows, tables, n_nodes)
        parts.append(carried)
    out = parts[0]
    for part in parts[1:]:
        out = _merge(out, part)
    return out


def _merge(a: pl.DataFrame, b: pl.DataFrame) -> pl.DataFrame:
    if a.height == 0:
        return b
    if b.height == 0:
        return a
    return a.with_columns(pl.col("pos").set_sorted()).merge_sorted(
        b.with_columns(pl.col("pos").set_sorted()), key="pos"
    )
