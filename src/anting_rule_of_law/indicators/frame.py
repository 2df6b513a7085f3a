"""The indicator tree as a polars DataFrame (imported only when asked for)."""

from __future__ import annotations

import polars as pl

from anting_rule_of_law.records import Framework

__all__ = ["framework_frame"]


def framework_frame(framework: Framework) -> pl.DataFrame:
    """One row per node, in file order: the columns a notebook or a join needs."""
    nodes = framework.nodes
    return pl.DataFrame(
        {
            "code": [n.code for n in nodes],
            "parent": [n.parent for n in nodes],
            "level": [n.level for n in nodes],
            "name": [n.name for n in nodes],
            "name_en": [n.name_en for n in nodes],
            "points": [n.points for n in nodes],
            "is_leaf": [n.is_leaf for n in nodes],
            "rule": [n.rule.type if n.rule else None for n in nodes],
            "aggregate": [None if n.is_leaf else n.aggregate for n in nodes],
            "department": [n.department for n in nodes],
            "evidence": [list(n.evidence) for n in nodes],
            "basis": [n.basis.source if n.basis else None for n in nodes],
        },
        schema={
            "code": pl.String,
            "parent": pl.String,
            "level": pl.Int8,
            "name": pl.String,
            "name_en": pl.String,
            "points": pl.Float64,
            "is_leaf": pl.Boolean,
            "rule": pl.String,
            "aggregate": pl.String,
            "department": pl.String,
            "evidence": pl.List(pl.String),
            "basis": pl.String,
        },
    )
