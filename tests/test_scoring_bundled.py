"""Integration: complete assessments of the bundled frameworks."""

from __future__ import annotations

from typing import Any

import pytest

from anting_rule_of_law.indicators.registry import bundled_frameworks, load_framework
from anting_rule_of_law.records import Assessment, Framework, Indicator
from anting_rule_of_law.scoring import score


def full_marks(leaf: Indicator) -> dict[str, Any]:
    """An entry earning the leaf's full points under its rule."""
    rule = leaf.rule
    assert rule is not None
    entry: dict[str, Any] = {"code": leaf.code}
    if rule.type == "check":
        entry["met"] = True
    elif rule.type == "levels":
        entry["grade"] = max(rule.levels, key=lambda gf: gf[1])[0]
    elif rule.type == "ratio":
        entry["rate"] = rule.target
    elif rule.type == "count":
        entry["count"] = rule.target
    elif rule.type == "deduct":
        entry["gate"] = True
    elif rule.type == "manual" or rule.type == "bonus":
        entry["score"] = leaf.points
    elif rule.type == "normalized":
        entry["value"] = rule.high
    return entry


def complete(fw: Framework, unit: str = "anting") -> Assessment:
    return Assessment.from_dict(
        {
            "framework": {"id": fw.id, "version": fw.version},
            "unit": {"code": unit, "name": "安亭镇", "district": "嘉定区"},
            "year": 2023,
            "entries": [full_marks(leaf) for leaf in fw.leaves()],
        }
    )


needs_shanghai = pytest.mark.skipif(
    "shanghai-town-2023" not in bundled_frameworks(), reason="bundled framework not present"
)
needs_wjp = pytest.mark.skipif("wjp-2023" not in bundled_frameworks(), reason="not present")


@needs_shanghai
def test_shanghai_complete_full_marks() -> None:
    fw = load_framework("shanghai-town-2023")
    sc = score(fw, complete(fw))
    total = sc.totals.row(0, named=True)
    counted = sum(
        leaf.points or 0
        for leaf in fw.leaves()
        if not (leaf.rule and leaf.rule.type == "bonus" and leaf.rule.extra)
    )
    assert counted == pytest.approx(100.0)
    assert total["score"] == pytest.approx(100.0)
    assert total["passed"] is True
    assert sc.nodes.height == 1 + 4 + 18 + 55
    assert sc.audit.height == 55
    assert sc.gaps().height == 0


@needs_shanghai
def test_shanghai_one_indicator_lost_and_a_veto() -> None:
    fw = load_framework("shanghai-town-2023")
    base = complete(fw)
    target = next(leaf for leaf in fw.leaves() if leaf.rule and leaf.rule.type == "check")
    entries = tuple(
        e if e.code != target.code else type(e).from_dict({"code": e.code, "met": False})
        for e in base.entries
    )
    veto = fw.vetoes[0]
    lost = Assessment.from_dict(
        {
            "framework": fw.id,
            "unit": {"code": "anting", "name": "安亭镇"},
            "year": 2023,
            "entries": [],
            "vetoes": [{"code": veto.code, "triggered": True}],
        }
    )
    import attrs

    lost = attrs.evolve(lost, entries=entries)
    sc = score(fw, lost)
    total = sc.totals.row(0, named=True)
    assert total["score"] == pytest.approx(100.0 - (target.points or 0))
    assert total["vetoed"] is True and total["passed"] is False
    assert sc.gaps()["code"].to_list() == [target.code]


@needs_wjp
def test_wjp_complete_and_half() -> None:
    fw = load_framework("wjp-2023")
    sc = score(fw, complete(fw))
    assert sc.totals["score"].item() == pytest.approx(fw.total_points or 1.0)
    assert sc.level(1).height == 8
    half = Assessment.from_dict(
        {
            "framework": fw.id,
            "unit": {"code": "x", "name": "X"},
            "year": 2023,
            "entries": [
                {"code": leaf.code, "value": ((leaf.rule.low or 0) + (leaf.rule.high or 1)) / 2}
                for leaf in fw.leaves()
                if leaf.rule is not None
            ],
        }
    )
    # every normalized leaf at the midpoint: every mean is one half.
    assert score(fw, half).totals["score"].item() == pytest.approx(0.5 * (fw.total_points or 1.0))
