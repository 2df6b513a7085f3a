"""Comparisons over a Scorecard's node rows: gaps, year over year, stage against stage.

Why one module: comparing two years and comparing two stages of one unit-year are
the same operation on the ``nodes`` frame (a self-join on a shifted key).
"""

from __future__ import annotations

import polars as pl

from anting_rule_of_law.columns import GAPS, STAGE_COMPARISON, YOY
from anting_rule_of_law.records import Framework
from anting_rule_of_law.scoring.framework_tables import framework_tables
from anting_rule_of_law.scoring.rounding import round_half_up_expr

__all__ = ["compare_stages", "gap_positions", "gaps", "yoy"]


def _node_info(fw: Framework) -> pl.DataFrame:
    """Names, departments and framework order (``_order``) of every node."""
    return (
        framework_tables(fw)
        .nodes.filter(pl.col("idx") > 0)
        .select(
            "code",
            "name",
            "name_en",
            "department",
            "department_en",
            "extra",
            pl.col("idx").alias("_order"),
        )
    )


def gaps(
    audit: pl.DataFrame,
    fw: Framework,
    unit: str | None = None,
    year: int | None = None,
    stage: str | None = None,
) -> pl.DataFrame:
    """The 整改清单: leaves that lost points, largest loss first, with the department.

    Built as a reader sees it: a leaf is listed when its loss shows on the page —
    its maximum and score rounded half-up to 2 decimals differ (3.995 of 4 shows
    as 4.00 / 4.00 and is not listed) — and equal shown losses keep the
    framework's order (5.000000000000002 does not come before 5.0). ``lost``
    stays the unrounded loss. Extra bonuses (on top of the maximum) are not
    losses and are left out.
    """
    df = audit.filter(_chosen(unit, year, stage))
    df = df.with_columns(_shown_loss().alias("_shown")).filter(pl.col("_shown") > 0)
    info = _node_info(fw).with_columns(pl.col("code").cast(df.schema["code"]))
    df = df.join(info, on="code", how="left", maintain_order="left")
    return (
        df.filter(~pl.col("extra"))
        .sort(
            ["_shown", "_order", "unit", "year", "stage"],
            descending=[True, False, False, False, False],
        )
        .select(GAPS.columns)
    )


def _chosen(unit: str | None, year: int | None, stage: str | None) -> pl.Expr:
    """The rows of ``unit``, ``year`` and ``stage`` (each: any when None)."""
    keep = pl.lit(True)
    for name, value in (("unit", unit), ("year", year), ("stage", stage)):
        if value is not None:
            keep = keep & (pl.col(name) == value)
    return keep


def _shown_loss() -> pl.Expr:
    """The loss as the page shows it: maximum and score rounded half up, then subtracted."""
    return round_half_up_expr(round_half_up_expr("max") - round_half_up_expr("score"))


def gap_positions(
    leaf: pl.DataFrame, unit: str | None = None, year: int | None = None, stage: str | None = None
) -> pl.Series:
    """Positions of the leaf rows :func:`gaps` may list (chosen, a loss that shows): the
    rows whose audit text is worth writing for it."""
    return (
        leaf.select(
            pl.int_range(0, pl.len(), dtype=pl.UInt32).alias("_pos"),
            "unit",
            "year",
            "stage",
            "max",
            "score",
        )
        .filter(_chosen(unit, year, stage), _shown_loss() > 0)
        .get_column("_pos")
    )


def yoy(nodes: pl.DataFrame) -> pl.DataFrame:
    """Per unit, stage and node: the score against the latest earlier year present.

    ``nodes`` holds every node of every (unit, year, stage), so the earlier year is a
    property of the (unit, stage, year) key: found on the totals' rows (a few per
    unit), then joined to every node — not a sort and a window over every node row
    (a third of the time for a city's batch, the same frame).
    """
    keys = (
        nodes.filter(pl.col("level") == 0)
        .select("unit", "stage", "year")
        .sort("unit", "stage", "year")
        .with_columns(pl.col("year").shift(1).over("unit", "stage").alias("previous_year"))
        .filter(pl.col("previous_year").is_not_null())
    )
    order = nodes.select("code").unique(maintain_order=True).with_row_index("_order")
    earlier = nodes.select(
        "unit",
        "stage",
        "code",
        pl.col("year").alias("previous_year"),
        pl.col("score").alias("previous_score"),
    )
    df = (
        nodes.select("unit", "stage", "code", "level", "name", "name_en", "year", "score")
        .join(keys, on=["unit", "stage", "year"], how="inner")
        .join(earlier, on=["unit", "stage", "code", "previous_year"], how="left")
        .with_columns((pl.col("score") - pl.col("previous_score")).alias("delta"))
        .join(order, on="code", how="left")
    )
    return df.sort("unit", "stage", "year", "_order").select(YOY.columns)


def compare_stages(
    nodes: pl.DataFrame, audit: pl.DataFrame, a: str = "self", b: str = "review"
) -> pl.DataFrame:
    """Per unit, year and node: ``score_a``, ``score_b``, ``difference`` (b − a), b's reason
    and b's remark (the reason typed with b's entry: a reviewer's 审核意见).

    Only unit-years assessed at both stages appear.
    """
    cols = ["unit", "year", "code", "level", "name", "name_en", "score"]
    left = nodes.filter(pl.col("stage") == a).select(cols).with_row_index("_order")
    right = nodes.filter(pl.col("stage") == b).select("unit", "year", "code", "score")
    reasons = audit.filter(pl.col("stage") == b).select(
        "unit", "year", "code", "reason", "reason_en", "remark"
    )
    df = (
        left.rename({"score": "score_a"})
        .join(right.rename({"score": "score_b"}), on=["unit", "year", "code"], how="inner")
        .join(reasons, on=["unit", "year", "code"], how="left")
        .with_columns((pl.col("score_b") - pl.col("score_a")).alias("difference"))
    )
    return df.sort("_order").select(STAGE_COMPARISON.columns)
