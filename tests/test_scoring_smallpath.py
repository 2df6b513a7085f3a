"""The small-input path (plain Python) and the polars path give identical Scorecards.

Every public frame — totals, nodes, clauses, audit_compact, audit — must be equal
(exact floats, same dtypes) whichever path scored it, for generated frameworks
(every rule, aggregate, missing policy, cap, extra bonus, veto and grade) and for
the bundled examples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from anting_rule_of_law.errors import AntingError
from anting_rule_of_law.records import Assessment, Framework
from anting_rule_of_law.scoring import score, score_frame, small
from anting_rule_of_law.scoring.frame import from_assessments
from scoring_helpers import assessment, framework
from test_scoring_properties import cases

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)
FRAMES = ("totals", "nodes", "clauses", "audit_compact", "audit")


class _Counter:
    def __init__(self) -> None:
        self.n = 0


def _both(make: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, int]:
    """Score with the small path forced, then with the polars path forced."""
    counter = _Counter()
    real = small.run_small

    def counted(*args: Any, **kwargs: Any) -> Any:
        out = real(*args, **kwargs)
        counter.n += 1
        return out

    with monkeypatch.context() as m:
        m.setattr(small, "run_small", counted)
        m.setattr(small, "MAX_KEYS", 10**6)
        fast = make()
        m.setattr(small, "MAX_KEYS", 0)
        slow = make()
    return fast, slow, counter.n


def _diff(a: pl.DataFrame, b: pl.DataFrame) -> list[Any]:
    return [(c, a[c].to_list(), b[c].to_list()) for c in a.columns if not a[c].equals(b[c])]


def _assert_same(fast: Any, slow: Any) -> None:
    wide_a, wide_b = fast.trail.wide, slow.trail.wide
    assert wide_a.equals(wide_b.select(wide_a.columns)), _diff(wide_a, wide_b)
    for name in FRAMES:
        a, b = getattr(fast, name), getattr(slow, name)
        assert a.schema == b.schema, name
        assert a.equals(b), (name, _diff(a, b))
    assert fast.trail.keys.equals(slow.trail.keys)
    assert fast.trail.entries.equals(slow.trail.entries)
    ra, rb = fast.trail.row_of, slow.trail.row_of
    assert (ra is None and rb is None) or (ra is not None and rb is not None and ra.equals(rb))
    assert fast.units == slow.units


@pytest.fixture
def mp() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as m:
        yield m


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


@st.composite
def rich_frameworks(draw: st.DrawFn) -> Framework:
    nodes: list[dict[str, Any]] = []
    top_agg = draw(st.sampled_from(["sum", "mean", "weighted_mean"]))
    for i in range(1, draw(st.integers(1, 3)) + 1):
        n_kids = draw(st.integers(0, 3))
        weight = {"weight": draw(st.sampled_from([1.0, 2.0, 0.5]))}
        if n_kids == 0:
            rule = _rule(draw, False)
            rule.pop("extra", None)
            points = float(draw(st.integers(1, 10)))
            leaf = {"code": str(i), "name": f"n{i}", "points": points, "rule": rule, **weight}
            if draw(st.integers(0, 4)) == 0:
                leaf["veto"] = "V1"
            nodes.append(leaf)
            continue
        agg = draw(st.sampled_from(["sum", "mean", "weighted_mean"]))
        kids: list[dict[str, Any]] = []
        has_extra = False
        for j in range(1, n_kids + 1):
            rule = _rule(draw, False)
            if rule["type"] == "bonus" and draw(st.booleans()):
                rule["extra"] = True
                has_extra = True
            kid = {
                "code": f"{i}.{j}",
                "name": f"leaf {i}.{j}",
                "points": float(draw(st.integers(1, 10))),
                "rule": rule,
                "weight": draw(st.sampled_from([1.0, 3.0, 0.5])),
            }
            if draw(st.integers(0, 5)) == 0:
                kid["veto"] = "V2"
            kids.append(kid)
        counted = [k["points"] for k in kids if not k["rule"].get("extra")]
        points = sum(counted) if agg == "sum" and counted else float(draw(st.integers(1, 10)))
        parent: dict[str, Any] = {
            "code": str(i),
            "name": f"n{i}",
            "points": points,
            "aggregate": agg,
            **weight,
            **_policy(draw),
        }
        if has_extra or draw(st.integers(0, 3)) == 0:
            parent["cap"] = points + draw(st.sampled_from([0.0, 1.5, 3.0]))
        nodes.append(parent)
        nodes.extend(kids)
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
    top["vetoes"] = [
        {"code": "V1", "name": "重大事件", "effect": "fail"},
        {"code": "V2", "name": "未公开报告", "effect": "cap", "cap_grade": "C"}
        if "grades" in top
        else {"code": "V2", "name": "未公开报告", "effect": "fail"},
    ]
    try:
        return framework(nodes, **top)
    except AntingError:
        assume(False)
        raise


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
def rich_cases(draw: st.DrawFn) -> tuple[Framework, list[Assessment]]:
    fw = draw(rich_frameworks())
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
    with pytest.MonkeyPatch.context() as m:
        fast, slow, n = _both(lambda: score(fw, items), m)
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
    with pytest.MonkeyPatch.context() as m:
        fast, slow, n = _both(lambda: score_frame(fw, **frames), m)
    assert n == 1
    _assert_same(fast, slow)


@settings(max_examples=40, deadline=None)
@given(cases())
def test_property_cases_both_paths_identical(
    case: tuple[Framework, pl.DataFrame, pl.DataFrame],
) -> None:
    fw, ent, cl = case
    with pytest.MonkeyPatch.context() as m:
        fast, slow, n = _both(lambda: score_frame(fw, ent, cl), m)
    assert n == 1
    _assert_same(fast, slow)


# -- hand-checked and bundled -------------------------------------------------------------


def test_small_path_hand_computed(mp: pytest.MonkeyPatch) -> None:
    fw = framework(
        [
            {"code": "1", "name": "一", "points": 10, "missing": "exclude"},
            {"code": "1.1", "name": "a", "points": 4, "rule": {"type": "check"}},
            {"code": "1.2", "name": "b", "points": 6, "rule": {"type": "count", "target": 3}},
        ]
    )
    a = assessment([{"code": "1.2", "count": 1}])
    fast, slow, n = _both(lambda: score(fw, a), mp)
    assert n == 1
    _assert_same(fast, slow)
    # 1.2: 6 * 1 / 3 = 2; 1.1 missing and excluded: 2 * 10 / 6 = 3.333…
    assert fast.totals["score"].item() == (6.0 * 1.0 / 3.0) * 10.0 / 6.0
    assert fast.totals["status"].item() == "scored"


def test_small_path_off_at_zero(mp: pytest.MonkeyPatch) -> None:
    fw = framework([{"code": "1", "name": "一", "points": 4, "rule": {"type": "check"}}])
    mp.setattr(small, "MAX_KEYS", 0)
    assert small.score_records_small(fw, [assessment([{"code": "1", "met": True}])]) is None


def test_bad_frame_falls_back_and_reports(mp: pytest.MonkeyPatch) -> None:
    fw = framework([{"code": "1", "name": "一", "points": 4, "rule": {"type": "check"}}])
    mp.setattr(small, "MAX_KEYS", 10**6)
    ent = pl.DataFrame({"unit": ["u"], "year": [2023], "code": ["9"], "met": [True]})
    with pytest.raises(AntingError) as err:
        score_frame(fw, ent)
    assert "'9'" in str(err.value.problems[0].en)


def test_anting_example_both_paths(mp: pytest.MonkeyPatch) -> None:
    from anting_rule_of_law.assessments import read_assessment

    a = read_assessment(ROOT / "examples" / "anting_2023" / "anting_2023.yaml")
    fw_id = a.framework_id
    assert fw_id == "shanghai-town-2023"
    fast, slow, n = _both(lambda: score(fw_id, a), mp)
    assert n == 1
    _assert_same(fast, slow)
    frames = _frames([a])
    fast, slow, n = _both(lambda: score_frame(fw_id, **frames), mp)
    assert n == 1
    _assert_same(fast, slow)


def test_wjp_both_paths(mp: pytest.MonkeyPatch) -> None:
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
    fast, slow, n = _both(lambda: score(fw, items), mp)
    assert n == 1
    _assert_same(fast, slow)
    fast, slow, n = _both(lambda: score_frame(fw, **_frames(items)), mp)
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
    with pytest.MonkeyPatch.context() as m:
        fast, slow, _ = _both(lambda: score(fw, items), m)
    for sc in (fast, slow):
        alone = {n: sc.level(n) for n in range(fw.depth + 2)}
        for n, frame in alone.items():
            expected = sc.nodes.filter(pl.col("level") == n)
            assert frame.schema == expected.schema
            assert frame.equals(expected), (n, _diff(frame, expected))
        assert alone[fw.depth + 1].height == 0
