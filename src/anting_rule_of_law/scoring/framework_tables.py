"""The framework as polars tables: the one place a framework becomes a frame.

Why tables: the engine scores every leaf of every unit in one vectorised pass, so
each node's properties become columns indexed by its position. Index 0 is the
total (code ``""``); 1..N follow the depth-first walk of the tree in file order,
so children always come after their parent. The same node table serves the
engine (plan.py), the audit text, the comparisons (names, departments, order)
and ``Framework.to_polars()`` (:func:`framework_frame`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import polars as pl
from attrs import frozen

from anting_rule_of_law.records import (
    MISSING_POLICIES,
    Framework,
    Indicator,
)
from anting_rule_of_law.rulekinds import rule_kind
from anting_rule_of_law.rulekinds.kind import ReasonText
from anting_rule_of_law.rulekinds.kind import number_text as fmt_num
from anting_rule_of_law.rulekinds.vocabulary import REASONS
from anting_rule_of_law.scoring.memo import IdentityCache

__all__ = [
    "MISSING_ID",
    "NODE_SCHEMA",
    "ZERO_DEN_ID",
    "FrameworkTables",
    "framework_frame",
    "framework_tables",
]

#: The node table's columns and their dtypes (``pmiss_id`` and ``zd_id`` are added from them).
NODE_SCHEMA: Mapping[str, pl.DataType] = {
    "idx": pl.UInt32(),
    "code": pl.String(),
    "parent": pl.String(),
    "parent_idx": pl.UInt32(),
    #: depth in the tree (0: the total)
    "level": pl.Int8(),
    #: depth by the code's dots (``Indicator.level``)
    "code_level": pl.Int8(),
    #: position in the framework file (0 for the total, 1..N for the nodes)
    "file_order": pl.UInt32(),
    "name": pl.String(),
    "name_en": pl.String(),
    "is_leaf": pl.Boolean(),
    "rule": pl.String(),
    "points": pl.Float64(),
    "max": pl.Float64(),
    "max_text": pl.String(),
    "aggregate": pl.String(),
    "missing": pl.String(),
    "min_available": pl.Float64(),
    "cap": pl.Float64(),
    "weight": pl.Float64(),
    "extra": pl.Boolean(),
    "parent_missing": pl.String(),
    "zero_denominator": pl.String(),
    "gate_text": pl.String(),
    "department": pl.String(),
    "department_en": pl.String(),
    "evidence": pl.List(pl.String()),
    "basis": pl.String(),
    "veto": pl.String(),
    #: the loss reason's static text and what it shows (the rule kind's ReasonText)
    "why_zh": pl.String(),
    "why_mid_zh": pl.String(),
    "why_en": pl.String(),
    "why_mid_en": pl.String(),
    "shows": pl.String(),
    #: the rule kind reads a rate (its bound is said in the audit)
    "reads_rate": pl.Boolean(),
}
_CLAUSE_SCHEMA: Mapping[str, pl.DataType] = {
    "idx": pl.UInt32(),
    "clause": pl.String(),
    "text": pl.String(),
    "text_en": pl.String(),
    "amount": pl.Float64(),
    "kind": pl.String(),
    "op": pl.String(),
    "threshold": pl.Float64(),
    "cmax": pl.Float64(),
}

#: Small integer codes the engine compares instead of strings.
MISSING_ID: Mapping[str, int] = {m: i for i, m in enumerate(MISSING_POLICIES)}
ZERO_DEN_ID: Mapping[str, int] = {"full": 0, "zero": 1, "exclude": 2}


def _ids(col: str, mapping: Mapping[str, int]) -> pl.Expr:
    return pl.col(col).replace_strict(dict(mapping), default=None, return_dtype=pl.UInt8)


@frozen
class FrameworkTables:
    """Everything the engine needs from a framework, as polars frames."""

    #: One row per node (index 0 = total), in walk order.
    nodes: pl.DataFrame
    #: Positions (node index) of the leaves, in walk order.
    leaf_idx: pl.Series
    #: ``idx, clause, text, text_en, amount, kind, op, threshold, cmax`` for ``deduct`` leaves.
    clauses: pl.DataFrame
    #: Leaves that trigger a veto when they score 0: ``idx, veto``.
    veto_leaves: pl.DataFrame
    #: Code -> node index.
    index: Mapping[str, int]
    max_depth: int
    #: The framework the tables describe.
    framework: Framework


def _static_max(fw: Framework, node: Indicator | None, cache: dict[str, float]) -> float:
    """A node's maximum: its points, else the sum of its counted children (sum) or 1 (means)."""
    if node is not None and node.points is not None:
        return node.points
    if node is None and fw.total_points is not None:
        return fw.total_points
    aggregate = fw.aggregate if node is None else node.aggregate
    if aggregate != "sum":
        return 1.0
    kids = fw.children(None if node is None else node.code)
    return math.fsum(cache[k.code] for k in kids if not _is_extra(k))


def _is_extra(node: Indicator) -> bool:
    """An ``extra`` rule: a bonus on top of its parent's maximum."""
    rule = node.rule
    return rule is not None and rule.extra and "extra" in rule_kind(rule.type).parameters


def _build(fw: Framework) -> FrameworkTables:
    order: list[Indicator] = list(fw.walk())
    index = {"": 0, **{n.code: i + 1 for i, n in enumerate(order)}}
    file_order = {n.code: i + 1 for i, n in enumerate(fw.nodes)}
    depth: dict[str, int] = {}
    for n in order:
        depth[n.code] = 1 if n.parent is None else depth[n.parent] + 1
    maxes: dict[str, float] = {}
    for n in reversed(order):
        maxes[n.code] = _static_max(fw, n, maxes)
    total_max = _static_max(fw, None, maxes)

    rows: dict[str, list[Any]] = {k: [] for k in NODE_SCHEMA}

    def add(n: Indicator | None) -> None:
        code = "" if n is None else n.code
        parent = None if n is None else (n.parent or "")
        rule = None if n is None else n.rule
        kind = None if rule is None else rule_kind(rule.type)
        reason = ReasonText() if kind is None or rule is None else kind.reason(rule.params)
        pnode = None if n is None or n.parent is None else fw.node(n.parent)
        mx = total_max if n is None else maxes[code]
        row: dict[str, Any] = {
            "idx": index[code],
            "code": code,
            "parent": parent,
            "parent_idx": None if parent is None else index[parent],
            "level": 0 if n is None else depth[code],
            "code_level": 0 if n is None else n.level,
            "file_order": 0 if n is None else file_order[code],
            "name": "总分" if n is None else n.name,
            "name_en": "Total" if n is None else n.name_en,
            "is_leaf": rule is not None,
            "rule": None if rule is None else rule.type,
            "points": fw.total_points if n is None else n.points,
            "max": mx,
            "max_text": fmt_num(mx),
            "aggregate": fw.aggregate if n is None else n.aggregate,
            "missing": fw.missing if n is None else n.missing,
            "min_available": fw.min_available if n is None else n.min_available,
            "cap": fw.cap if n is None else n.cap,
            "weight": 1.0 if n is None else n.weight,
            "extra": n is not None and _is_extra(n),
            "parent_missing": None
            if n is None
            else (fw.missing if pnode is None else pnode.missing),
            "zero_denominator": None if rule is None else rule.zero_denominator,
            "gate_text": "" if rule is None else (rule.gate or REASONS["gate_default"].zh),
            "department": "" if n is None else n.department,
            "department_en": "" if n is None else n.department_en,
            "evidence": [] if n is None else list(n.evidence),
            "basis": None if n is None or n.basis is None else n.basis.source,
            "veto": None if n is None else n.veto,
            "why_zh": reason.zh,
            "why_mid_zh": reason.zh_after,
            "why_en": reason.en,
            "why_mid_en": reason.en_after,
            "shows": reason.shows,
            "reads_rate": kind is not None and "rate" in kind.inputs,
        }
        for key, value in row.items():
            rows[key].append(value)

    add(None)
    for n in order:
        add(n)
    nodes = pl.DataFrame(rows, schema=dict(NODE_SCHEMA)).with_columns(
        _ids("parent_missing", MISSING_ID).alias("pmiss_id"),
        _ids("zero_denominator", ZERO_DEN_ID).alias("zd_id"),
    )

    cl: dict[str, list[Any]] = {k: [] for k in _CLAUSE_SCHEMA}
    for n in order:
        for c in () if n.rule is None else n.rule.clauses:
            clause = (index[n.code], c.id, c.text, c.text_en, c.amount, c.kind, c.op, c.threshold)
            for key, value in zip(_CLAUSE_SCHEMA, (*clause, c.max), strict=True):
                cl[key].append(value)
    clauses = pl.DataFrame(cl, schema=dict(_CLAUSE_SCHEMA)).with_row_index("corder")
    veto_leaves = nodes.filter(pl.col("veto").is_not_null()).select("idx", "veto")
    leaf_idx = nodes.filter(pl.col("is_leaf"))["idx"]
    return FrameworkTables(
        nodes=nodes,
        leaf_idx=leaf_idx,
        clauses=clauses,
        veto_leaves=veto_leaves,
        index=index,
        max_depth=max(depth.values(), default=0),
        framework=fw,
    )


_TABLES: IdentityCache[Framework, FrameworkTables] = IdentityCache()


def framework_tables(fw: Framework) -> FrameworkTables:
    """The tables of ``fw``, cached by identity (a framework is frozen)."""
    return _TABLES.get(fw, _build)


def framework_frame(fw: Framework) -> pl.DataFrame:
    """``Framework.to_polars()``: one row per node in file order, the columns a notebook
    or a join needs (see docs/api.md)."""
    return (
        framework_tables(fw)
        .nodes.filter(pl.col("idx") > 0)
        .sort("file_order")
        .select(
            "code",
            pl.when(pl.col("parent") != "").then(pl.col("parent")).alias("parent"),
            pl.col("code_level").alias("level"),
            "name",
            "name_en",
            "points",
            "is_leaf",
            "rule",
            pl.when(~pl.col("is_leaf")).then(pl.col("aggregate")).alias("aggregate"),
            "department",
            "evidence",
            "basis",
        )
    )
