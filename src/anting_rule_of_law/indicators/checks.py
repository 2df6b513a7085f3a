"""Structural checks of a framework after its JSON Schema has passed.

The schema says each field has the right shape; these checks say the tree makes
sense: unique codes, parents that exist, no cycles, rule parameters that fit the
rule, the declared counts and totals, children's points that fit their parent.
Every problem is collected, each with the JSON path of the node at fault.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from anting_rule_of_law.errors import Problem, ProblemCollector, json_path
from anting_rule_of_law.limits import MAX_FRAMEWORK_DEPTH
from anting_rule_of_law.records import level_of, parent_of
from anting_rule_of_law.rulekinds import COMMON_PARAMETERS, ParamReport, find_rule_kind

__all__ = ["check_framework_data"]

_EPS = 1e-9


def check_framework_data(data: Mapping[str, Any], file: str) -> list[Problem]:
    """Check a schema-valid framework mapping; returns every problem found."""
    out = ProblemCollector(file)
    nodes: Sequence[Mapping[str, Any]] = data.get("nodes") or ()
    index: dict[str, int] = {}
    for i, node in enumerate(nodes):
        code = str(node["code"])
        if code in index:
            out.error(
                json_path("nodes", i, "code"),
                f"duplicate code {code!r} (first at {json_path('nodes', index[code])})",
                f"指标编号 {code!r} 重复（首次出现于 {json_path('nodes', index[code])}）",
            )
        else:
            index[code] = i

    parents: dict[str, str | None] = {}
    for i, node in enumerate(nodes):
        code = str(node["code"])
        parent = node["parent"] if "parent" in node else parent_of(code)
        parents.setdefault(code, parent)
        if parent is not None and parent not in index:
            out.error(
                json_path("nodes", i, "parent"),
                f"parent {parent!r} of {code!r} does not exist",
                f"指标 {code!r} 的上级指标 {parent!r} 不存在",
            )
    _check_cycles(parents, index, out)
    if _too_deep(parents, index, out):
        return out.problems  # every later check walks the tree: stop before it does

    children: dict[str | None, list[int]] = {}
    for i, node in enumerate(nodes):
        children.setdefault(parents.get(str(node["code"])), []).append(i)

    for i, node in enumerate(nodes):
        code = str(node["code"])
        has_children = code in children
        rule = node.get("rule")
        if has_children and rule is not None:
            out.error(
                json_path("nodes", i, "rule"),
                f"{code!r} has children, so it cannot have its own scoring rule",
                f"指标 {code!r} 有下级指标，不能再设评分规则",
            )
        if not has_children and rule is None:
            out.error(
                json_path("nodes", i),
                f"{code!r} has no children and no scoring rule: a leaf needs a rule",
                f"指标 {code!r} 既无下级指标也无评分规则：具体指标必须有评分规则",
            )
        if rule is not None:
            _check_rule(rule, node, json_path("nodes", i, "rule"), out)
            if node.get("points") is None:
                out.error(
                    json_path("nodes", i, "points"),
                    f"leaf {code!r} needs its points (maximum score)",
                    f"具体指标 {code!r} 缺少分值",
                )

    _check_weights(data, nodes, children, out)
    _check_points(data, nodes, children, out)
    _check_declared(data, nodes, out)
    _check_grades_and_vetoes(data, nodes, out)
    return out.problems


def _check_cycles(
    parents: Mapping[str, str | None], index: Mapping[str, int], out: ProblemCollector
) -> None:
    reported: set[str] = set()
    walked: set[str] = set()  # nodes whose way up is known: each is walked once
    for start in parents:
        position: dict[str, int] = {}
        chain: list[str] = []
        code: str | None = start
        while code is not None and code in parents and code not in walked and code not in position:
            position[code] = len(chain)
            chain.append(code)
            code = parents[code]
        walked.update(chain)
        if code is not None and code in position:
            cycle = chain[position[code] :]
            if not reported.intersection(cycle):
                reported.update(cycle)
                chain_text = " -> ".join([*cycle, code])
                out.error(
                    json_path("nodes", index[cycle[0]], "parent"),
                    f"parent cycle: {chain_text}",
                    f"上下级关系成环：{chain_text}",
                )


def _too_deep(
    parents: Mapping[str, str | None], index: Mapping[str, int], out: ProblemCollector
) -> bool:
    """A tree deeper than :data:`MAX_FRAMEWORK_DEPTH` is refused at its deepest node.

    Depths are counted along the parent links without recursion (a cycle, already
    reported, counts once)."""
    depth: dict[str, int] = {}
    for start in parents:
        chain: list[str] = []
        code: str | None = start
        while code is not None and code in parents and code not in depth and code not in chain:
            chain.append(code)
            code = parents[code]
        base = depth.get(code, 0) if code is not None else 0
        for offset, node in enumerate(reversed(chain), start=1):
            depth[node] = base + offset
    deepest = max(depth, key=lambda c: (depth[c], -index.get(c, 0)), default=None)
    if deepest is None or depth[deepest] <= MAX_FRAMEWORK_DEPTH:
        return False
    shown = deepest if len(deepest) <= 40 else deepest[:40] + "…"
    out.error(
        json_path("nodes", index[deepest]),
        f"the indicator tree is {depth[deepest]} levels deep at {shown!r}; "
        f"at most {MAX_FRAMEWORK_DEPTH} levels are allowed",
        f"指标树在 {shown!r} 处深达 {depth[deepest]} 级；最多允许 {MAX_FRAMEWORK_DEPTH} 级",
    )
    return True


def _check_weights(
    data: Mapping[str, Any],
    nodes: Sequence[Mapping[str, Any]],
    children: Mapping[str | None, list[int]],
    out: ProblemCollector,
) -> None:
    """A weighted mean over children whose weights are all 0 has no value (0 / 0)."""
    where_of = {str(n["code"]): json_path("nodes", i, "aggregate") for i, n in enumerate(nodes)}
    aggregates = {str(n["code"]): n.get("aggregate", "sum") for n in nodes}
    for parent, kids in children.items():
        aggregate = data.get("aggregate", "sum") if parent is None else aggregates.get(parent)
        if aggregate != "weighted_mean" or not kids:
            continue
        if all(float(nodes[i].get("weight", 1.0)) == 0 for i in kids):
            label = "the framework" if parent is None else repr(parent)
            out.error(
                "$.aggregate" if parent is None else where_of[parent],
                f"{label} is a weighted mean, but every child has weight 0",
                f"{'框架' if parent is None else '指标 ' + label} 按加权平均汇总，但所有下级指标的权重都为 0",
            )


def _check_rule(
    rule: Mapping[str, Any], node: Mapping[str, Any], where: str, out: ProblemCollector
) -> None:
    """The parameters fit the rule's kind: none foreign, none missing, then the kind's own checks."""
    name = rule["type"]
    kind = find_rule_kind(name)
    if kind is None:  # the schema names the known kinds
        return
    code = node["code"]
    report = ParamReport(rule, str(code), where, out.error)
    allowed = kind.parameters | COMMON_PARAMETERS
    for param in rule:
        if param not in allowed:
            report.problem(
                param,
                f"parameter {param!r} does not belong to rule {name!r}",
                f"参数 {param!r} 不适用于 {name} 规则",
            )
    for param in kind.required:
        if rule.get(param) is None:
            report.problem(
                param,
                f"rule {name!r} of {code!r} needs {param!r}",
                f"指标 {code!r} 的 {name} 规则缺少参数 {param!r}",
            )
    if kind.check is not None:
        kind.check(report)


def _node_max(node: Mapping[str, Any]) -> float | None:
    pts = node.get("points")
    return None if pts is None else float(pts)


def _counts_in_parent(node: Mapping[str, Any]) -> bool:
    """False for an ``extra`` rule (a bonus on top of its parent's maximum)."""
    rule = node.get("rule") or {}
    kind = find_rule_kind(rule["type"]) if "type" in rule else None
    return not (kind is not None and "extra" in kind.parameters and rule.get("extra"))


def _check_points(
    data: Mapping[str, Any],
    nodes: Sequence[Mapping[str, Any]],
    children: Mapping[str | None, list[int]],
    out: ProblemCollector,
) -> None:
    first: dict[str, int] = {}  # code -> its first node: one pass, not one per parent
    for i, n in enumerate(nodes):
        first.setdefault(str(n["code"]), i)
    for parent, kids in children.items():
        if parent is None:
            aggregate = data.get("aggregate", "sum")
            # only an explicit total here; a declared one is held to the tree below
            points = data.get("total_points")
            where, label = "$", "the framework total"
        else:
            if parent not in first:
                continue
            pnode = nodes[first[parent]]
            aggregate = pnode.get("aggregate", "sum")
            points = pnode.get("points")
            where, label = json_path("nodes", first[parent], "points"), repr(parent)
        if aggregate != "sum" or points is None:
            continue
        kid_points = [_node_max(nodes[i]) for i in kids if _counts_in_parent(nodes[i])]
        if any(p is None for p in kid_points):
            continue
        total = math.fsum(p for p in kid_points if p is not None)
        if not math.isclose(total, float(points), abs_tol=_EPS):
            out.error(
                where,
                f"children of {label} add up to {total:g} points, but it declares {float(points):g}",
                f"{'总分' if parent is None else '指标 ' + label} 的下级分值合计 {total:g}，"
                f"与其声明的 {float(points):g} 不符",
            )


def _check_declared(
    data: Mapping[str, Any], nodes: Sequence[Mapping[str, Any]], out: ProblemCollector
) -> None:
    declared = data.get("declared") or {}
    levels = declared.get("levels")
    if levels is not None:
        actual: dict[int, int] = {}
        for node in nodes:
            lvl = level_of(str(node["code"]))
            actual[lvl] = actual.get(lvl, 0) + 1
        depth = max(actual, default=0)
        for lvl in range(1, max(depth, len(levels)) + 1):
            want = levels[lvl - 1] if lvl <= len(levels) else None
            have = actual.get(lvl, 0)
            if want is None or want != have:
                out.error(
                    f"$.declared.levels[{lvl - 1}]",
                    f"level {lvl} declares {want} indicators but the tree has {have}",
                    f"第 {lvl} 级声明 {want} 个指标，实际有 {have} 个",
                )
    total = declared.get("total_points")
    if total is not None and data.get("aggregate", "sum") == "sum":
        tree = _tree_total(nodes)
        if tree is not None and not math.isclose(tree, float(total), abs_tol=_EPS):
            out.error(
                "$.declared.total_points",
                f"declared total {float(total):g} but the tree adds up to {tree:g} "
                "(first-level points, each its points or, summed, its children's)",
                f"声明总分 {float(total):g}，而指标树合计 {tree:g}（各一级指标的分值）",
            )


def _tree_total(nodes: Sequence[Mapping[str, Any]]) -> float | None:
    """What a summed tree's total really is: its first-level nodes' maxima, each its
    ``points`` or, without points, its counted children's sum (a ``mean`` or
    ``weighted_mean`` node without points is 1). ``None`` when a parent is missing."""
    by_code = {str(n["code"]): n for n in nodes}
    kids: dict[str | None, list[Mapping[str, Any]]] = {}
    for n in nodes:
        parent = n.get("parent", parent_of(str(n["code"])))
        if parent is not None and str(parent) not in by_code:
            return None
        kids.setdefault(None if parent is None else str(parent), []).append(n)

    def node_max(n: Mapping[str, Any], seen: frozenset[str]) -> float:
        code = str(n["code"])
        if n.get("points") is not None:
            return float(n["points"])
        if code in seen or n.get("aggregate", "sum") != "sum":
            return 1.0
        below = [k for k in kids.get(code, []) if _counts_in_parent(k)]
        return math.fsum(node_max(k, seen | {code}) for k in below)

    roots = [n for n in kids.get(None, []) if _counts_in_parent(n)]
    return math.fsum(node_max(n, frozenset()) for n in roots)


def _check_grades_and_vetoes(
    data: Mapping[str, Any], nodes: Sequence[Mapping[str, Any]], out: ProblemCollector
) -> None:
    grades = data.get("grades") or []
    codes = [g["code"] for g in grades]
    for j, g in enumerate(grades):
        if codes.index(g["code"]) != j:
            out.error(
                f"$.grades[{j}].code", f"duplicate grade {g['code']!r}", f"等次 {g['code']!r} 重复"
            )
    pass_line = data.get("pass_line")
    passing = [float(g["min"]) for g in grades if g.get("pass", False)]
    if pass_line is not None and grades:
        lowest = min(passing, default=None)
        if lowest is None:
            out.error(
                "$.pass_line",
                f"a pass line {float(pass_line):g} is given but no grade band passes",
                f"给出了及格线 {float(pass_line):g}，但没有任何等次标记为通过（pass: true）",
            )
        elif not math.isclose(lowest, float(pass_line), abs_tol=_EPS):
            out.error(
                "$.pass_line",
                f"the pass line {float(pass_line):g} must be where the lowest passing grade "
                f"starts ({lowest:g}): with grade bands, passing is the band's",
                f"及格线 {float(pass_line):g} 应等于最低的通过等次的起点（{lowest:g}）："
                "设有等次时，是否通过由等次决定",
            )
    if data.get("pass_requires") and pass_line is None and not passing:
        out.error(
            "$.pass_requires",
            "pass_requires names the stages that must each pass, but the framework says "
            "nothing of passing: give a pass_line or a grade band with pass: true",
            "pass_requires 规定了须各自通过的阶段，但指标体系没有通过的标准："
            "请给出 pass_line 或标记 pass: true 的等次",
        )
    for j, g in enumerate(grades):
        if pass_line is None:
            break
        if g.get("pass", False) and float(g["min"]) < float(pass_line):
            out.error(
                f"$.grades[{j}].min",
                f"grade {g['code']!r} passes but starts at {g['min']:g}, below the pass line {float(pass_line):g}",
                f"等次 {g['code']!r} 为通过，但起点 {g['min']:g} 低于及格线 {float(pass_line):g}",
            )
        if not g.get("pass", False) and float(g["min"]) >= float(pass_line):
            out.error(
                f"$.grades[{j}].pass",
                f"grade {g['code']!r} starts at {g['min']:g}, at or above the pass line {float(pass_line):g}, "
                "but is not marked pass: true",
                f"等次 {g['code']!r} 起点 {g['min']:g} 不低于及格线 {float(pass_line):g}，却未标记 pass: true",
            )
    vetoes = data.get("vetoes") or []
    veto_codes = [v["code"] for v in vetoes]
    for j, v in enumerate(vetoes):
        if veto_codes.index(v["code"]) != j:
            out.error(
                f"$.vetoes[{j}].code",
                f"duplicate veto item {v['code']!r}",
                f"否决项 {v['code']!r} 重复",
            )
        if v.get("effect") == "cap":
            cap = v.get("cap_grade")
            if cap is None:
                out.error(
                    f"$.vetoes[{j}].cap_grade",
                    "a veto with effect 'cap' needs cap_grade",
                    "效果为 cap 的否决项需要 cap_grade",
                )
            elif cap not in codes:
                out.error(
                    f"$.vetoes[{j}].cap_grade",
                    f"cap_grade {cap!r} is not a grade of this framework",
                    f"cap_grade {cap!r} 不是本框架的等次",
                )
    has_children = {str(n.get("parent", parent_of(str(n["code"])))) for n in nodes}
    for i, node in enumerate(nodes):
        if node.get("veto") is not None and str(node["code"]) in has_children:
            out.error(
                json_path("nodes", i, "veto"),
                f"{node['code']} has indicators below it: a veto item is tied to a specific "
                "indicator (a leaf), which triggers it when it scores 0 or has no entry",
                f"{node['code']} 下设指标：否决项只能关联具体指标（末级指标），"
                "该指标得 0 分或未填写时触发",
            )
        elif node.get("veto") is not None and node["veto"] not in veto_codes:
            out.error(
                json_path("nodes", i, "veto"),
                f"veto item {node['veto']!r} is not declared in $.vetoes",
                f"否决项 {node['veto']!r} 未在 $.vetoes 中声明",
            )
