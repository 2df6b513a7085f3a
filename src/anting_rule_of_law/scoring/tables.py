"""The framework as parameter tables the engine joins against (built once per framework).

Why tables: the engine scores every leaf of every unit in one vectorised pass, so
each rule's parameters become columns indexed by the node's position. Index 0 is
the total (code ``""``); 1..N follow the depth-first walk of the tree in file
order, so children always come after their parent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import polars as pl
from attrs import frozen

from anting_rule_of_law.records import (
    AGGREGATIONS,
    MISSING_POLICIES,
    RULE_TYPES,
    Framework,
    Indicator,
    Rule,
)
from anting_rule_of_law.rulekinds import rule_kind
from anting_rule_of_law.rulekinds.kind import number_text as fmt_num
from anting_rule_of_law.rulekinds.vocabulary import REASONS
from anting_rule_of_law.scoring.memo import IdentityCache

__all__ = ["AGG_ID", "MISSING_ID", "RULE_ID", "ZERO_DEN_ID", "FrameworkTables", "framework_tables"]

#: Small integer codes the engine compares instead of strings.
RULE_ID: Mapping[str, int] = {r: i for i, r in enumerate(RULE_TYPES)}
MISSING_ID: Mapping[str, int] = {m: i for i, m in enumerate(MISSING_POLICIES)}
AGG_ID: Mapping[str, int] = {a: i for i, a in enumerate(AGGREGATIONS)}
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
    #: ``idx, grade, fraction`` for ``levels`` leaves.
    levels: pl.DataFrame
    #: ``idx, clause, text, text_en, amount, kind, op, threshold, cmax`` for ``deduct`` leaves.
    clauses: pl.DataFrame
    #: Leaves that trigger a veto when they score 0: ``idx, veto``.
    veto_leaves: pl.DataFrame
    #: Code -> node index.
    index: Mapping[str, int]
    max_depth: int
    #: The framework the tables describe.
    framework: Framework


_REASON_KEYS = ("why_zh", "why_mid_zh", "why_en", "why_mid_en")


def _reason_texts(rule: Rule | None) -> tuple[str, str, str, str]:
    """Static parts of a leaf's loss reason: text before and after the shown number."""
    if rule is None:
        return ("", "", "", "")
    r = rule_kind(rule.type).reason(rule.params)
    return (r.zh, r.zh_after, r.en, r.en_after)


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
    depth: dict[str, int] = {}
    for n in order:
        depth[n.code] = 1 if n.parent is None else depth[n.parent] + 1
    maxes: dict[str, float] = {}
    for n in reversed(order):
        maxes[n.code] = _static_max(fw, n, maxes)
    total_max = _static_max(fw, None, maxes)

    rows: dict[str, list[Any]] = {
        k: []
        for k in [
            "idx",
            "code",
            "parent",
            "parent_idx",
            "level",
            "name",
            "name_en",
            "is_leaf",
            "rule",
            "max",
            "max_text",
            "aggregate",
            "missing",
            "min_available",
            "cap",
            "weight",
            "extra",
            "parent_missing",
            "target",
            "floor",
            "zero_denominator",
            "low",
            "high",
            "per_item",
            "gate_text",
            "department",
            "department_en",
            "veto",
        ]
    }

    rows.update({key: [] for key in _REASON_KEYS})

    def add(n: Indicator | None) -> None:
        code = "" if n is None else n.code
        parent = None if n is None else (n.parent or "")
        rule = None if n is None else n.rule
        pnode = None if n is None or n.parent is None else fw.node(n.parent)
        mx = total_max if n is None else maxes[code]
        rows["idx"].append(index[code])
        rows["code"].append(code)
        rows["parent"].append(parent)
        rows["parent_idx"].append(None if parent is None else index[parent])
        rows["level"].append(0 if n is None else depth[code])
        rows["name"].append("总分" if n is None else n.name)
        rows["name_en"].append("Total" if n is None else n.name_en)
        rows["is_leaf"].append(rule is not None)
        rows["rule"].append(None if rule is None else rule.type)
        rows["max"].append(mx)
        rows["max_text"].append(fmt_num(mx))
        rows["aggregate"].append(fw.aggregate if n is None else n.aggregate)
        rows["missing"].append(fw.missing if n is None else n.missing)
        rows["min_available"].append(fw.min_available if n is None else n.min_available)
        rows["cap"].append(fw.cap if n is None else n.cap)
        rows["weight"].append(1.0 if n is None else n.weight)
        rows["extra"].append(n is not None and _is_extra(n))
        rows["parent_missing"].append(
            None if n is None else (fw.missing if pnode is None else pnode.missing)
        )
        rows["target"].append(None if rule is None else rule.target)
        rows["floor"].append(None if rule is None else rule.floor)
        rows["zero_denominator"].append(None if rule is None else rule.zero_denominator)
        rows["low"].append(None if rule is None else rule.low)
        rows["high"].append(None if rule is None else rule.high)
        rows["per_item"].append(None if rule is None else rule.per_item)
        rows["gate_text"].append("" if rule is None else (rule.gate or REASONS["gate_default"].zh))
        rows["department"].append("" if n is None else n.department)
        rows["department_en"].append("" if n is None else n.department_en)
        rows["veto"].append(None if n is None else n.veto)
        texts = _reason_texts(rule)
        for key, text in zip(_REASON_KEYS, texts, strict=True):
            rows[key].append(text)

    add(None)
    for n in order:
        add(n)
    f64, s, b = pl.Float64, pl.String, pl.Boolean
    schema = {
        "idx": pl.UInt32,
        "code": s,
        "parent": s,
        "parent_idx": pl.UInt32,
        "level": pl.Int8,
        "name": s,
        "name_en": s,
        "is_leaf": b,
        "rule": s,
        "max": f64,
        "max_text": s,
        "aggregate": s,
        "missing": s,
        "min_available": f64,
        "cap": f64,
        "weight": f64,
        "extra": b,
        "parent_missing": s,
        "target": f64,
        "floor": f64,
        "zero_denominator": s,
        "low": f64,
        "high": f64,
        "per_item": f64,
        "gate_text": s,
        "department": s,
        "department_en": s,
        "veto": s,
        **{key: s for key in _REASON_KEYS},
    }
    nodes = pl.DataFrame(rows, schema=schema).with_columns(
        _ids("rule", RULE_ID).alias("rule_id"),
        _ids("missing", MISSING_ID).alias("missing_id"),
        _ids("parent_missing", MISSING_ID).alias("pmiss_id"),
        _ids("aggregate", AGG_ID).alias("agg_id"),
        _ids("zero_denominator", ZERO_DEN_ID).alias("zd_id"),
    )

    lv: dict[str, list[Any]] = {"idx": [], "grade": [], "fraction": []}
    cl: dict[str, list[Any]] = {
        k: []
        for k in ["idx", "clause", "text", "text_en", "amount", "kind", "op", "threshold", "cmax"]
    }
    for n in order:
        if n.rule is None:
            continue
        for grade, fraction in n.rule.levels:
            lv["idx"].append(index[n.code])
            lv["grade"].append(grade)
            lv["fraction"].append(fraction)
        for c in n.rule.clauses:
            cl["idx"].append(index[n.code])
            cl["clause"].append(c.id)
            cl["text"].append(c.text)
            cl["text_en"].append(c.text_en)
            cl["amount"].append(c.amount)
            cl["kind"].append(c.kind)
            cl["op"].append(c.op)
            cl["threshold"].append(c.threshold)
            cl["cmax"].append(c.max)
    levels = pl.DataFrame(lv, schema={"idx": pl.UInt32, "grade": s, "fraction": f64})
    clauses = pl.DataFrame(
        cl,
        schema={
            "idx": pl.UInt32,
            "clause": s,
            "text": s,
            "text_en": s,
            "amount": f64,
            "kind": s,
            "op": s,
            "threshold": f64,
            "cmax": f64,
        },
    )
    clauses = clauses.with_row_index("corder")
    veto_leaves = nodes.filter(pl.col("veto").is_not_null()).select("idx", "veto")
    leaf_idx = nodes.filter(pl.col("is_leaf"))["idx"]
    return FrameworkTables(
        nodes=nodes,
        leaf_idx=leaf_idx,
        levels=levels,
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
