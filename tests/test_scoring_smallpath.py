"""The small-input path (plain Python) and the polars path give identical Scorecards.

Every public frame — totals, nodes, clauses, audit_compact, audit — must be equal
(exact floats, same dtypes) whichever path scored it, for generated frameworks
(every rule, aggregate, missing policy, cap, extra bonus, veto and grade) and for
the bundled examples.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from anting_rule_of_law.errors import AntingError
from anting_rule_of_law.records import Assessment, Framework
from anting_rule_of_law.scoring import score, score_frame, small
from anting_rule_of_law.scoring._paths import forced
from anting_rule_of_law.scoring.inputs import from_assessments
from scoring_helpers import assessment, framework
from test_scoring_properties import cases

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)
FRAMES = ("totals", "nodes", "clauses", "audit_compact", "audit")


def _both(make: Callable[[], Any]) -> tuple[Any, Any, int]:
    """Score with the small path forced, then with the polars path forced; the count
    says how many of the two runs the small path actually scored (1 when it applies)."""
    with forced("python"):
        fast = make()
    with forced("polars"):
        slow = make()
    assert slow._result.path == "polars"
    return fast, slow, int(fast._result.path == "python")


def _diff(a: pl.DataFrame, b: pl.DataFrame) -> list[Any]:
    return [(c, a[c].to_list(), b[c].to_list()) for c in a.columns if not a[c].equals(b[c])]


def _assert_same(fast: Any, slow: Any) -> None:
    wide_a, wide_b = fast._result.trail.wide, slow._result.trail.wide
    assert wide_a.equals(wide_b.select(wide_a.columns)), _diff(wide_a, wide_b)
    for name in FRAMES:
        a, b = getattr(fast, name), getattr(slow, name)
        assert a.schema == b.schema, name
        assert a.equals(b), (name, _diff(a, b))
    assert fast._result.trail.keys.equals(slow._result.trail.keys)
    assert fast._result.trail.entries.equals(slow._result.trail.entries)
    ra, rb = fast._result.trail.row_of, slow._result.trail.row_of
    assert (ra is None and rb is None) or (ra is not None and rb is not None and ra.equals(rb))
    assert fast.units == slow.units


# -- generated frameworks ----------------------------------------------------------------

_ZD = ["full", "zero", "exclude"]


def _rule(draw: st.DrawFn, veto: bool) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(
            ["check", "levels", "ratio", "count", "deduct", "manual", "bonus", "normalized"]
        )
    )
    if kind == "levels":
        return {"type": "levels", "levels": {"优": 1.0, "良": 0.8, "中": 0.6, "差": 0.0}}
    if kind == "ratio":
        return {
            "type": "ratio",
            "target": draw(st.sampled_from([1.0, 0.95, 0.9])),
            "floor": draw(st.sampled_from([0.0, 0.5, 0.6])),
            "zero_denominator": draw(st.sampled_from(_ZD)),
        }
    if kind == "count":
        return {"type": "count", "target": draw(st.sampled_from([3, 7, 2.5]))}
    if kind == "deduct":
        clauses = [
            {
                "id": "a",
                "text": "每起扣分",
                "amount": draw(st.sampled_from([0.5, 1, 1.3])),
                "kind": "per_item",
                **({"max": 2.5} if draw(st.booleans()) else {}),
            },
            {"id": "b", "text": "发生即扣", "amount": 2, "kind": "flag"},
            {
                "id": "c",
                "text": "少于则扣",
                "amount": 1,
                "kind": "threshold",
                "op": draw(st.sampled_from(["lt", "le", "gt", "ge"])),
                "threshold": 2,
            },
        ]
        n = draw(st.integers(1, 3))
        rule: dict[str, Any] = {"type": "deduct", "clauses": clauses[:n]}
        if draw(st.booleans()):
            rule["gate"] = "未开展的不得分"
        return rule
    if kind == "bonus":
        return {"type": "bonus", "per_item": draw(st.sampled_from([0.5, 1.0, 0.7]))}
    if kind == "normalized":
        return {"type": "normalized", "low": 0.0, "high": draw(st.sampled_from([1.0, 3.0, 0.7]))}
    return {"type": kind}


def _policy(draw: st.DrawFn) -> dict[str, Any]:
    missing = draw(st.sampled_from(["zero", "exclude", "null"]))
    out: dict[str, Any] = {"missing": missing}
    if missing == "null" and draw(st.booleans()):
        out["min_available"] = draw(st.sampled_from([0.5, 0.6, 1.0]))
    return out


def _leaf_node(draw: st.DrawFn, code: str, veto: str | None) -> dict[str, Any]:
    rule = _rule(draw, False)
    leaf = {
        "code": code,
        "name": f"leaf {code}",
        "points": float(draw(st.integers(1, 10))),
        "rule": rule,
        "weight": draw(st.sampled_from([1.0, 3.0, 0.5])),
    }
    if veto is not None and draw(st.integers(0, 4)) == 0:
        leaf["veto"] = veto
    return leaf


def _inner_node(
    draw: st.DrawFn, code: str, depth: int, deep: int, out: list[dict[str, Any]]
) -> dict[str, Any]:
    """An inner node at ``depth`` with 1-3 children; the first child is inner while
    ``depth < deep``, so the tree reaches depth ``deep``; others are leaves or, below
    depth 4, inner nodes by chance."""
    agg = draw(st.sampled_from(["sum", "mean", "weighted_mean"]))
    node: dict[str, Any] = {
        "code": code,
        "name": f"n{code}",
        "aggregate": agg,
        "weight": draw(st.sampled_from([1.0, 2.0, 0.5])),
        **_policy(draw),
    }
    out.append(node)
    kids: list[dict[str, Any]] = []
    has_extra = False
    for j in range(1, draw(st.integers(1, 3)) + 1):
        kid_code = f"{code}.{j}"
        inner = (j == 1 and depth + 1 < deep) or (depth + 1 < 4 and draw(st.integers(0, 4)) == 0)
        if inner:
            kid = _inner_node(draw, kid_code, depth + 1, deep, out)
        else:
            kid = _leaf_node(draw, kid_code, "V2")
            if kid["rule"]["type"] == "bonus" and draw(st.booleans()):
                kid["rule"]["extra"] = True
                has_extra = True
            out.append(kid)
        kids.append(kid)
    counted = [k["points"] for k in kids if not k.get("rule", {}).get("extra")]
    points = sum(counted) if agg == "sum" and counted else float(draw(st.integers(1, 10)))
    node["points"] = points
    if has_extra or draw(st.integers(0, 3)) == 0:
        node["cap"] = points + draw(st.sampled_from([0.0, 1.5, 3.0]))
    return node


@st.composite
def rich_frameworks(draw: st.DrawFn, min_depth: int = 1) -> Framework:
    """Frameworks of depth ``min_depth`` to 4 with every rule kind, aggregate, missing
    policy, cap, extra bonus, veto and grade; the first branch reaches the depth drawn."""
    nodes: list[dict[str, Any]] = []
    top_agg = draw(st.sampled_from(["sum", "mean", "weighted_mean"]))
    deep = draw(st.integers(max(min_depth, 1), 4))
    for i in range(1, draw(st.integers(1, 3)) + 1):
        if (i == 1 and deep > 1) or draw(st.integers(0, 3)) > 0:
            _inner_node(draw, str(i), 1, deep if i == 1 else min(deep, 2), nodes)
        else:
            leaf = _leaf_node(draw, str(i), "V1")
            leaf["rule"].pop("extra", None)
            nodes.append(leaf)
    top: dict[str, Any] = {"aggregate": top_agg, **_policy(draw)}
    if draw(st.booleans()):
        top["grades"] = [
            {"code": "A", "name": "优秀", "name_en": "Excellent", "min": 0.8, "pass": True},
            {"code": "B", "name": "合格", "name_en": "Pass", "min": 0.5, "pass": True},
            {"code": "C", "name": "不合格", "name_en": "Fail", "min": 0, "pass": False},
        ]
        if top_agg == "sum":
            total = sum(n["points"] for n in nodes if "." not in n["code"] and not n.get("extra"))
            for g in top["grades"]:
                g["min"] = g["min"] * total
    if draw(st.booleans()):
        top["pass_line"] = draw(st.sampled_from([0.3, 0.6, 5.0]))
    passing = "pass_line" in top or any(g.get("pass") for g in top.get("grades", []))
    if passing and draw(st.booleans()):
        top["pass_requires"] = draw(
            st.lists(st.sampled_from(["self", "review", "final"]), min_size=1, unique=True)
        )
    top["vetoes"] = [
        {"code": "V1", "name": "重大事件", "effect": "fail"},
        {"code": "V2", "name": "未公开报告", "effect": "cap", "cap_grade": "C"}
        if "grades" in top
        else {"code": "V2", "name": "未公开报告", "effect": "fail"},
    ]
    try:
        fw = framework(nodes, **top)
    except AntingError:
        assume(False)
        raise
    assert fw.depth >= min_depth
    return fw


def _entry(draw: st.DrawFn, leaf: Any) -> dict[str, Any] | None:
    kind = draw(st.sampled_from(["value", "value", "value", "missing", "na"]))
    if kind == "missing":
        return None
    row: dict[str, Any] = {"code": leaf.code}
    if kind == "na":
        row["not_applicable"] = True
        return row
    rule = leaf.rule.type
    small_float = st.floats(-0.5, 1.3, allow_nan=False, allow_infinity=False)
    if rule == "check":
        row["met"] = draw(st.booleans())
    elif rule == "levels":
        row["grade"] = draw(st.sampled_from(["优", "良", "中", "差", "无"]))
    elif rule == "ratio":
        if draw(st.booleans()):
            row["numerator"] = float(draw(st.integers(0, 30)))
            row["denominator"] = float(draw(st.integers(0, 30)))
        else:
            row["rate"] = draw(small_float)
    elif rule in ("count", "bonus"):
        row["count"] = float(draw(st.integers(0, 9)))
        if rule == "bonus" and draw(st.booleans()):
            row["score"] = draw(st.floats(-1, 12, allow_nan=False))
    elif rule == "manual":
        row["score"] = draw(st.floats(-2, 12, allow_nan=False))
    elif rule == "normalized":
        row["value"] = draw(st.floats(-1, 4, allow_nan=False))
    else:
        row["clauses"] = {
            c.id: float(draw(st.integers(0, 4)))
            for c in leaf.rule.clauses
            if draw(st.integers(0, 3)) > 0
        }
        if leaf.rule.gate is not None and draw(st.booleans()):
            row["gate"] = draw(st.booleans())
    return row


@st.composite
def rich_cases(draw: st.DrawFn, min_depth: int = 1) -> tuple[Framework, list[Assessment]]:
    fw = draw(rich_frameworks(min_depth))
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["u1", "u2", "u3", "镇4"]),
                st.sampled_from([2022, 2023]),
                st.sampled_from(["self", "review", "final"]),
            ),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    items = []
    for unit, year, stage in keys:
        entries = [e for leaf in fw.leaves() if (e := _entry(draw, leaf)) is not None]
        vetoes = [
            {"code": v, "triggered": draw(st.booleans())}
            for v in ("V1", "V2")
            if draw(st.integers(0, 3)) == 0
        ]
        if draw(st.booleans()):
            entries = draw(st.permutations(entries))
        items.append(
            assessment(
                entries,
                unit=unit,
                year=year,
                stage=stage,
                district="嘉定区" if unit in ("u1", "镇4") else "宝山区",
                vetoes=vetoes,
            )
        )
    return fw, items


def _frames(items: list[Assessment]) -> dict[str, pl.DataFrame]:
    inp = from_assessments(items)
    assert isinstance(inp.entries, pl.DataFrame)
    return {
        "entries": inp.entries,
        "clauses": inp.clauses,
        "units": inp.units,
        "vetoes": inp.vetoes,
    }


@SETTINGS
@given(rich_cases())
def test_records_both_paths_identical(case: tuple[Framework, list[Assessment]]) -> None:
    fw, items = case
    fast, slow, n = _both(lambda: score(fw, items))
    assert n == 1
    _assert_same(fast, slow)


@SETTINGS
@given(rich_cases(), st.randoms(use_true_random=False))
def test_frames_both_paths_identical(case: tuple[Framework, list[Assessment]], rnd: Any) -> None:
    fw, items = case
    frames = _frames(items)
    order = list(range(frames["entries"].height))
    rnd.shuffle(order)
    frames["entries"] = frames["entries"][order]
    fast, slow, n = _both(lambda: score_frame(fw, **frames))
    assert n == 1
    _assert_same(fast, slow)


@SETTINGS
@given(rich_cases(min_depth=3))
def test_deep_frameworks_both_paths_identical(case: tuple[Framework, list[Assessment]]) -> None:
    """Frameworks of depth 3 and 4: roll-ups of roll-ups agree bit for bit too."""
    fw, items = case
    assert fw.depth >= 3
    fast, slow, n = _both(lambda: score(fw, items))
    assert n == 1
    _assert_same(fast, slow)
    fast, slow, n = _both(lambda: score_frame(fw, **_frames(items)))
    assert n == 1
    _assert_same(fast, slow)


@settings(max_examples=40, deadline=None)
@given(cases())
def test_property_cases_both_paths_identical(
    case: tuple[Framework, pl.DataFrame, pl.DataFrame],
) -> None:
    fw, ent, cl = case
    fast, slow, n = _both(lambda: score_frame(fw, ent, cl))
    assert n == 1
    _assert_same(fast, slow)


# -- hand-checked and bundled -------------------------------------------------------------


def test_small_path_hand_computed() -> None:
    fw = framework(
        [
            {"code": "1", "name": "一", "points": 10, "missing": "exclude"},
            {"code": "1.1", "name": "a", "points": 4, "rule": {"type": "check"}},
            {"code": "1.2", "name": "b", "points": 6, "rule": {"type": "count", "target": 3}},
        ]
    )
    a = assessment([{"code": "1.2", "count": 1}])
    fast, slow, n = _both(lambda: score(fw, a))
    assert n == 1
    _assert_same(fast, slow)
    # 1.2: 6 * 1 / 3 = 2; 1.1 missing and excluded: 2 * 10 / 6 = 3.333…
    assert fast.totals["score"].item() == (6.0 * 1.0 / 3.0) * 10.0 / 6.0
    assert fast.totals["status"].item() == "scored"


def test_small_path_off_at_zero() -> None:
    fw = framework([{"code": "1", "name": "一", "points": 4, "rule": {"type": "check"}}])
    with forced("polars"):
        assert small.score_records_small(fw, [assessment([{"code": "1", "met": True}])]) is None
    with forced("python"):
        assert small.score_records_small(fw, [assessment([{"code": "1", "met": True}])])


def test_bad_frame_falls_back_and_reports() -> None:
    fw = framework([{"code": "1", "name": "一", "points": 4, "rule": {"type": "check"}}])
    ent = pl.DataFrame({"unit": ["u"], "year": [2023], "code": ["9"], "met": [True]})
    with forced("python"), pytest.raises(AntingError) as err:
        score_frame(fw, ent)
    assert "'9'" in str(err.value.problems[0].en)


def test_anting_example_both_paths() -> None:
    from anting_rule_of_law.assessments import read_assessment

    a = read_assessment(ROOT / "examples" / "anting_2023" / "anting_2023.yaml")
    fw_id = a.framework_id
    assert fw_id == "shanghai-town-2023"
    fast, slow, n = _both(lambda: score(fw_id, a))
    assert n == 1
    _assert_same(fast, slow)
    frames = _frames([a])
    fast, slow, n = _both(lambda: score_frame(fw_id, **frames))
    assert n == 1
    _assert_same(fast, slow)


def test_wjp_both_paths() -> None:
    from anting_rule_of_law.indicators.registry import load_framework

    fw = load_framework("wjp-2023")
    items = []
    for i, unit in enumerate(["甲", "乙", "丙"]):
        entries = [
            {"code": leaf.code, "value": ((j * 7 + i * 3) % 11) / 10.0}
            for j, leaf in enumerate(fw.leaves())
            if (j + i) % 9
        ]
        items.append(assessment(entries, unit=unit, framework_id=fw.id))
    fast, slow, n = _both(lambda: score(fw, items))
    assert n == 1
    _assert_same(fast, slow)
    fast, slow, n = _both(lambda: score_frame(fw, **_frames(items)))
    assert n == 1
    _assert_same(fast, slow)


@settings(max_examples=40, deadline=None)
@given(rich_cases())
def test_level_built_alone_equals_nodes_filtered(
    case: tuple[Framework, list[Assessment]],
) -> None:
    """``level(n)`` read before ``nodes`` (built alone, its own ranks only) is the same
    frame as ``nodes`` filtered to level ``n``, on both paths."""
    fw, items = case
    fast, slow, _ = _both(lambda: score(fw, items))
    for sc in (fast, slow):
        alone = {n: sc.level(n) for n in range(fw.depth + 2)}
        for n, frame in alone.items():
            expected = sc.nodes.filter(pl.col("level") == n)
            assert frame.schema == expected.schema
            assert frame.equals(expected), (n, _diff(frame, expected))
        assert alone[fw.depth + 1].height == 0
