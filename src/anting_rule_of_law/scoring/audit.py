"""Render the audit trail's text columns from its compact typed form, on access.

Why lazy: at national scale the audit has tens of millions of rows, and its text
(``inputs`` JSON, ``adjustments``, ``reason``) costs more than all the scoring. The
engine keeps everything needed to write it — the entries' own columns (by row),
raw result, status, flags, deduction total, fired clauses — and this module writes
the text only when ``Scorecard.audit`` is first read (then cached).
"""

from __future__ import annotations

import polars as pl

from anting_rule_of_law.columns import AUDIT, AUDIT_COMPACT
from anting_rule_of_law.scoring.framework_tables import FrameworkTables
from anting_rule_of_law.scoring.inputs import ENTRY_SCHEMA, inputs_json, is_coded
from anting_rule_of_law.scoring.numtext import half_up_text
from anting_rule_of_law.scoring.result import Trail
from anting_rule_of_law.scoring.rules import adjustments_expr, reasons_exprs

__all__ = ["AUDIT_COLUMNS", "COMPACT_COLUMNS", "compact", "render"]

#: The rendered audit's columns (the contract in columns.py).
AUDIT_COLUMNS = AUDIT.columns
#: The compact audit's columns.
COMPACT_COLUMNS = AUDIT_COMPACT.columns
_ENTRY = {
    "reason": "reason_in",
    "rate_bound": "rate_bound",
    "bound_text": "bound_text",
    "grade": "grade",
    "count": "count",
    "value": "value",
    "score": "score_in",
    "not_applicable": "not_applicable",
    "evidence": "evidence",
    "note": "note",
    "inputs": "inputs",
}
_PARAMS = (
    "shows",
    "reads_rate",
    "max_text",
    "gate_text",
    "pmiss_id",
    "zd_id",
    "why_zh",
    "why_mid_zh",
    "why_en",
    "why_mid_en",
)


def compact(trail: Trail) -> pl.DataFrame:
    """The typed audit trail: one row per (unit, year, stage, leaf), no text rendered."""
    return trail.leaf.select(COMPACT_COLUMNS)


def _clause_reasons(trail: Trail) -> pl.DataFrame:
    fired = trail.fired
    amount = half_up_text(pl.col("deduction"))
    label_en = pl.when(pl.col("text_en") != "").then(pl.col("text_en")).otherwise(pl.col("clause"))
    return (
        fired.select(
            (pl.col("k") * trail.n_leaves + pl.col("li")).alias("_pos"),
            pl.concat_str([pl.col("text"), pl.lit("（−"), amount, pl.lit("）")]).alias("t"),
            pl.concat_str([label_en, pl.lit(" (−"), amount, pl.lit(")")]).alias("t_en"),
        )
        .group_by("_pos", maintain_order=True)
        .agg(
            pl.col("t").str.join("；").alias("clause_reason"),
            pl.col("t_en").str.join("; ").alias("clause_reason_en"),
        )
    )


def render(trail: Trail, tables: FrameworkTables, rows: pl.Series | None = None) -> pl.DataFrame:
    """The audit frame of the public contract (columns :data:`AUDIT_COLUMNS`); with
    ``rows`` (positions in the leaf rows, ascending) only those rows, as the whole
    frame has them — the gap list renders the text of the leaves that lost points
    only, not of every leaf."""
    ent = trail.entries
    # a column the entries do not have is null on every row (absent at the edge, so
    # 20 million nulls are made only here, when the text is asked for)
    exprs = [pl.int_range(0, pl.len(), dtype=pl.UInt32).alias("_row")]
    for column, name in _ENTRY.items():
        if column == "inputs":
            continue
        dtype = ENTRY_SCHEMA[column]
        if column not in ent.columns:
            exprs.append(pl.lit(None, dtype).alias(name))
        elif is_coded(ent.schema[column]):
            exprs.append(pl.col(column).cast(dtype).alias(name))
        else:
            exprs.append(pl.col(column).alias(name))
    if "inputs" in ent.columns and ent.get_column("inputs").null_count() < ent.height:
        exprs.append(pl.col("inputs").cast(pl.String))
    else:
        present = tuple(c for c in trail.given if c in ent.columns)
        exprs.append(inputs_json(present).alias("inputs"))
    leaf = trail.leaf
    at = trail.row_of
    if rows is not None:
        leaf = leaf.select(pl.all().gather(pl.lit(rows)))
        # the chosen rows' entries first, then their text (not every entry's)
        ent = ent.select(pl.all().gather(pl.lit(rows if at is None else at.gather(rows))))
        at = None
    src = ent.select(exprs)
    if at is not None:
        src = src.select(pl.all().gather(pl.lit(at)))
    src = src.drop("_row")
    params = tables.nodes.select(_PARAMS)
    df = pl.concat([leaf, src], how="horizontal").with_columns(
        pl.lit(params[c]).gather(pl.col("idx")).alias(c) for c in _PARAMS
    )
    reasons = _clause_reasons(trail)
    position = (
        pl.int_range(0, pl.len(), dtype=pl.UInt32) if rows is None else pl.lit(rows.cast(pl.UInt32))
    )
    df = (
        df.with_columns(position.alias("_pos"))
        .join(reasons, on="_pos", how="left", maintain_order="left")
        .rename({"rate_used": "rate_", "zero_denominator": "zero_den", "gate_failed": "_gate_fail"})
    )
    df = df.with_columns(adjustments_expr().alias("adjustments"), *reasons_exprs())
    return df.with_columns(
        pl.col("inputs").fill_null("{}"),
        pl.col("evidence").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.col("note").fill_null(""),
        _remark(df),
    ).select(AUDIT_COLUMNS)


def _remark(df: pl.DataFrame) -> pl.Expr:
    """``remark``: the reason the assessor typed with the entry, as typed ("" if none).

    Kept apart from ``reason`` (why points were lost), since a reviewer's remark
    (审核意见) explains a changed score, up or down, and a raised score loses nothing.
    """
    if "reason_in" not in df.columns:
        return pl.lit("", dtype=pl.String).alias("remark")
    return pl.col("reason_in").fill_null("").alias("remark")
