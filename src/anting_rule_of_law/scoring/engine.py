"""The scoring pass: inputs -> leaf rows -> roll-up -> vetoes/grades -> ranks.

Why integer keys: every (unit, year, stage) becomes ``k`` and every node its
position ``idx``, so a leaf row is ``pos = k * n_leaves + li`` and a node row
``k * n_nodes + idx``. Rows are born sorted on these keys; joins and group-bys run
on one integer column, and names are gathered in only at the end.
"""

from __future__ import annotations

import polars as pl
from attrs import frozen

from anting_rule_of_law.errors import InputError
from anting_rule_of_law.records import Framework
from anting_rule_of_law.scoring.deduct import clause_deductions, fired_by_leaf
from anting_rule_of_law.scoring.frame import Inputs, stage_order
from anting_rule_of_law.scoring.rollup import roll_up
from anting_rule_of_law.scoring.rules import leaf_scores
from anting_rule_of_law.scoring.tables import FrameworkTables, framework_tables
from anting_rule_of_law.scoring.validate import duplicate_problems
from anting_rule_of_law.scoring.vetoes import apply_vetoes_and_grades

__all__ = ["EngineResult", "run"]

_KEY = ["unit", "year", "stage"]
_LEAF_PARAMS = (
    "rule_id",
    "max",
    "max_text",
    "target",
    "floor",
    "zd_id",
    "low",
    "high",
    "per_item",
    "gate_text",
    "pmiss_id",
    "level",
    "why_zh",
    "why_mid_zh",
    "why_en",
    "why_mid_en",
)


@frozen
class EngineResult:
    nodes: pl.DataFrame
    totals: pl.DataFrame
    audit: pl.DataFrame
    clauses: pl.DataFrame


def _keys(inputs: Inputs, entries: pl.DataFrame) -> pl.DataFrame:
    parts = [entries.select(_KEY), inputs.clauses.select(_KEY), inputs.vetoes.select(_KEY)]
    if inputs.keys is not None:
        parts.append(inputs.keys.select(_KEY))
    keys = (
        pl.concat(parts)
        .unique()
        .with_columns(stage_order().alias("_so"))
        .sort("unit", "year", "_so", "stage")
        .drop("_so")
        .with_row_index("k")
    )
    units = inputs.units
    keys = keys.join(units, on="unit", how="left", maintain_order="left").with_columns(
        pl.col("unit_name").fill_null(pl.col("unit")), pl.col("district").fill_null("")
    )
    return keys.with_columns(
        pl.struct("year", "stage").rank("dense").cast(pl.UInt32).sub(1).alias("ys"),
        pl.struct("district", "year", "stage").rank("dense").cast(pl.UInt32).sub(1).alias("dys"),
    )


def _gather(table: pl.DataFrame, name: str, idx: str) -> pl.Expr:
    return pl.lit(table[name]).gather(pl.col(idx)).alias(name)


def run(fw: Framework, inputs: Inputs) -> EngineResult:
    """Score everything in ``inputs`` against ``fw`` (inputs already checked)."""
    t = framework_tables(fw)
    entries = inputs.entries
    if isinstance(entries, pl.LazyFrame):
        entries = entries.collect()
    keys = _keys(inputs, entries)
    n_keys = keys.height
    n_leaves = t.leaf_idx.len()
    n_nodes = t.nodes.height
    leaf_codes = t.nodes.filter(pl.col("is_leaf"))["code"].to_list()
    li_of = {c: i for i, c in enumerate(leaf_codes)}
    key_cols = keys.select([*_KEY, "k"])

    def keyed(frame: pl.DataFrame) -> pl.DataFrame:
        return (
            frame.join(key_cols, on=_KEY, how="inner")
            .with_columns(pl.col("code").replace_strict(li_of, return_dtype=pl.UInt32).alias("li"))
            .with_columns(
                (pl.col("k").cast(pl.UInt64) * n_leaves + pl.col("li").cast(pl.UInt64)).alias(
                    "lpos"
                )
            )
        )

    ent = keyed(entries).select(
        "lpos",
        pl.lit(True).alias("has_entry"),
        "met",
        "grade",
        "numerator",
        "denominator",
        "rate",
        "rate_bound",
        "bound_text",
        "count",
        "value",
        pl.col("score").alias("score_in"),
        "gate",
        "not_applicable",
        pl.col("reason").alias("reason_in"),
        "evidence",
        "note",
        "inputs",
    )
    if ent.get_column("lpos").is_duplicated().any():
        raise InputError(duplicate_problems(entries))
    cin = keyed(inputs.clauses).with_columns(_gather(t.leaf_idx.to_frame("idx"), "idx", "li"))
    evaluated = clause_deductions(cin.rename({"lpos": "pos"}), t.clauses)
    per_leaf = fired_by_leaf(evaluated).rename({"pos": "lpos"})

    grid = pl.select(pl.int_range(0, n_keys * n_leaves, dtype=pl.UInt64).alias("lpos"))
    grid = grid.with_columns(
        (pl.col("lpos") // n_leaves).cast(pl.UInt32).alias("k"),
        (pl.col("lpos") % n_leaves).cast(pl.UInt32).alias("li"),
    ).with_columns(pl.lit(t.leaf_idx).gather(pl.col("li")).alias("idx"))
    grid = grid.with_columns(_gather(t.nodes, name, "idx") for name in _LEAF_PARAMS)
    grid = grid.join(ent, on="lpos", how="left", maintain_order="left")
    grid = grid.join(per_leaf, on="lpos", how="left", maintain_order="left")
    grid = grid.join(t.levels, on=["idx", "grade"], how="left", maintain_order="left")
    grid = grid.with_columns(pl.col("has_entry").fill_null(False))
    leaves = leaf_scores(grid).with_columns(
        (pl.col("k").cast(pl.UInt64) * n_nodes + pl.col("idx").cast(pl.UInt64)).alias("pos")
    )
    rows = roll_up(leaves, t)
    return _assemble(fw, t, keys, inputs, leaves, rows, evaluated)


def _rank(score: str, group: pl.Expr) -> pl.Expr:
    return pl.col(score).rank("min", descending=True).over(group).cast(pl.UInt32)


def _assemble(
    fw: Framework,
    t: FrameworkTables,
    keys: pl.DataFrame,
    inputs: Inputs,
    leaves: pl.DataFrame,
    rows: pl.DataFrame,
    evaluated: pl.DataFrame,
) -> EngineResult:
    n_nodes = t.nodes.height
    nt = t.nodes
    ys = pl.lit(keys["ys"]).gather(pl.col("k")).cast(pl.UInt64)
    dys = pl.lit(keys["dys"]).gather(pl.col("k")).cast(pl.UInt64)
    idx64 = pl.col("idx").cast(pl.UInt64)
    mx = pl.lit(nt["max"]).gather(pl.col("idx"))
    ranked = rows.with_columns(
        mx.alias("max"),
        _rank("score", ys * n_nodes + idx64).alias("rank"),
        _rank("score", dys * n_nodes + idx64).alias("district_rank"),
    ).with_columns(pl.when(pl.col("max") > 0).then(pl.col("score") / pl.col("max")).alias("share"))
    key_names = [_gather(keys, c, "k") for c in ("unit", "unit_name", "district", "year", "stage")]
    node_names = [_gather(nt, c, "idx") for c in ("code", "level", "parent", "name", "name_en")]
    nodes = ranked.select(
        *key_names,
        *node_names,
        "score",
        "max",
        "share",
        "rank",
        "district_rank",
        "status",
    )

    # -- totals: vetoes and grades -------------------------------------------------
    tot = ranked.filter(pl.col("idx") == 0)
    declared = inputs.vetoes.filter(pl.col("triggered")).join(
        keys.select([*_KEY, "k"]), on=_KEY, how="inner"
    )
    triggered = [declared.select("k", "veto")]
    if t.veto_leaves.height:
        vl = leaves.join(t.veto_leaves, on="idx", how="inner").filter(pl.col("score") == 0)
        triggered.append(vl.select("k", "veto"))
    trig = pl.concat(triggered).with_columns(pl.col("k").cast(pl.UInt32))
    graded = apply_vetoes_and_grades(tot.select("k", "score"), trig, fw)
    totals = tot.join(graded.drop("score"), on="k", how="left", maintain_order="left").select(
        *key_names[:5],
        "score",
        "max",
        "share",
        "grade",
        "grade_name",
        "grade_name_en",
        "passed",
        "vetoed",
        "vetoes",
        "rank",
        "district_rank",
        "status",
    )

    # -- audit --------------------------------------------------------------------
    rule_name = _gather(nt, "rule", "idx")
    audit = leaves.select(
        _gather(keys, "unit", "k"),
        _gather(keys, "year", "k"),
        _gather(keys, "stage", "k"),
        _gather(nt, "code", "idx"),
        rule_name,
        pl.col("inputs").fill_null("{}"),
        "raw",
        "adjustments",
        "score",
        "max",
        "lost",
        "status",
        "reason",
        "reason_en",
        pl.col("evidence").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.col("note").fill_null(""),
    )

    # -- clauses that fired ---------------------------------------------------------
    fired = evaluated.filter(pl.col("deduction") > 0).sort("pos", "corder")
    clauses = fired.select(
        _gather(keys, "unit", "k"),
        _gather(keys, "year", "k"),
        _gather(keys, "stage", "k"),
        "code",
        "clause",
        "text",
        "text_en",
        "input",
        "deduction",
    )
    return EngineResult(nodes=nodes, totals=totals, audit=audit, clauses=clauses)
