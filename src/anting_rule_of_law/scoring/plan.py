"""The framework as typed Python records the expression builders and the Python twins read.

Why a plan: the framework tables (framework_tables.py) is a polars frame for joins and
gathers; the builders of the wide expressions and the plain-Python path walk the
tree node by node, and want attributes mypy can check rather than rows of
``dict[str, Any]``. Built once per framework (cached by identity).
"""

from __future__ import annotations

from typing import Any

from attrs import field, frozen

from anting_rule_of_law.records import Framework
from anting_rule_of_law.rulekinds import RuleKind, rule_kind
from anting_rule_of_law.scoring.framework_tables import FrameworkTables, framework_tables
from anting_rule_of_law.scoring.memo import IdentityCache

__all__ = ["ClauseSpec", "LeafSpec", "NodeSpec", "Plan", "plan_of"]


@frozen
class NodeSpec:
    """A node (index 0: the total) as its parent and its own roll-up see it."""

    idx: int
    code: str
    #: The node's maximum: its points, or what its children add up to.
    max: float
    #: An ``extra`` bonus: not counted in the parent's maximum, added on top.
    extra: bool
    weight: float
    aggregate: str
    cap: float | None
    missing: str
    min_available: float | None
    #: The missing-data policy of its parent (None for the total).
    parent_missing: str | None
    #: Children (node indexes), in framework order; empty for a leaf.
    children: tuple[int, ...] = ()
    #: Its wide columns ``s{idx}`` (score) and ``t{idx}`` (status).
    s: str = field(init=False, eq=False, repr=False)
    t: str = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "s", f"s{self.idx}")
        object.__setattr__(self, "t", f"t{self.idx}")


@frozen
class LeafSpec:
    """A leaf: its rule kind and typed parameters, and where its inputs sit."""

    li: int
    idx: int
    code: str
    kind: RuleKind[Any]
    params: Any
    points: float
    #: Its parent counts it 0 when missing (``missing: zero``).
    zero_policy: bool
    #: Entry fields read from the wide frame (``{name}_{li}``).
    inputs: tuple[str, ...]
    #: First global clause index and number of clauses.
    clause_start: int
    clause_count: int
    #: Its wide columns: raw, status, score, gate failed, zero denominator, rate used,
    #: deduction (``r{idx}`` ... ``d{idx}``; names made once, not per assessment).
    columns: tuple[str, str, str, str, str, str, str] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        i = self.idx
        cols = (f"r{i}", f"t{i}", f"s{i}", f"g{i}", f"z{i}", f"q{i}", f"d{i}")
        object.__setattr__(self, "columns", cols)


@frozen
class ClauseSpec:
    """One deduction clause, numbered across the framework (``c{g}``, ``x{g}``)."""

    g: int
    li: int
    code: str
    clause: str
    text: str
    text_en: str
    kind: str
    amount: float
    op: str | None
    threshold: float | None
    cmax: float | None


@frozen
class Plan:
    """A framework ready for the engine (built once, cached)."""

    tables: FrameworkTables
    #: Every node by index (0 = the total).
    nodes: tuple[NodeSpec, ...]
    #: The leaves in framework order (position ``li``).
    leaves: tuple[LeafSpec, ...]
    #: Inner nodes in evaluation order: groups whose children are all computed,
    #: deepest first, the total last.
    stages: tuple[tuple[int, ...], ...]
    clauses: tuple[ClauseSpec, ...]
    #: Leaves that trigger a veto when they score 0: ``(node index, veto code)``.
    veto_leaves: tuple[tuple[int, str], ...]

    @property
    def total_max(self) -> float:
        return self.nodes[0].max


_PLANS: IdentityCache[FrameworkTables, Plan] = IdentityCache()


def plan_of(fw: Framework) -> Plan:
    """The cached plan of ``fw``."""
    return _PLANS.get(framework_tables(fw), _build)


def _build(t: FrameworkTables) -> Plan:
    rows = t.nodes.to_dicts()
    kids: dict[int, list[int]] = {}
    for r in rows[1:]:
        kids.setdefault(int(r["parent_idx"]), []).append(int(r["idx"]))
    nodes = tuple(
        NodeSpec(
            idx=int(r["idx"]),
            code=str(r["code"]),
            max=float(r["max"]),
            extra=bool(r["extra"]),
            weight=float(r["weight"]),
            aggregate=str(r["aggregate"]),
            cap=r["cap"],
            missing=str(r["missing"]),
            min_available=r["min_available"],
            parent_missing=r["parent_missing"],
            children=tuple(kids.get(int(r["idx"]), ())),
        )
        for r in rows
    )
    depth = {0: 0}
    for r in rows[1:]:
        depth[int(r["idx"])] = depth[int(r["parent_idx"])] + 1
    inner = [n.idx for n in nodes if not rows[n.idx]["is_leaf"]]
    stages = tuple(
        group
        for d in range(max(depth.values(), default=0), -1, -1)
        if (group := tuple(i for i in inner if depth[i] == d))
    )
    leaf_idx = [int(i) for i in t.leaf_idx.to_list()]
    li_of = {idx: li for li, idx in enumerate(leaf_idx)}
    by_leaf: dict[int, list[dict[str, Any]]] = {}
    for c in t.clauses.sort("corder").to_dicts():
        by_leaf.setdefault(li_of[c["idx"]], []).append(c)
    clauses: list[ClauseSpec] = []
    leaves: list[LeafSpec] = []
    for li, idx in enumerate(leaf_idx):
        node = nodes[idx]
        rule = t.framework.node(node.code).rule
        assert rule is not None
        kind = rule_kind(rule.type)
        start = len(clauses)
        for c in by_leaf.get(li, []):
            clauses.append(
                ClauseSpec(
                    g=len(clauses),
                    li=li,
                    code=node.code,
                    clause=c["clause"],
                    text=c["text"],
                    text_en=c["text_en"],
                    kind=c["kind"],
                    amount=c["amount"],
                    op=c["op"],
                    threshold=c["threshold"],
                    cmax=c["cmax"],
                )
            )
        leaves.append(
            LeafSpec(
                li=li,
                idx=idx,
                code=node.code,
                kind=kind,
                params=kind.params_of(rule),
                points=node.max,
                zero_policy=node.parent_missing == "zero",
                inputs=tuple(name for name in kind.inputs if name != "clauses"),
                clause_start=start,
                clause_count=len(clauses) - start,
            )
        )
    return Plan(
        tables=t,
        nodes=nodes,
        leaves=tuple(leaves),
        stages=stages,
        clauses=tuple(clauses),
        veto_leaves=tuple((int(i), str(v)) for i, v in t.veto_leaves.iter_rows()),
    )
