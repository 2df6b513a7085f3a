"""The decided rules for the edge cases (docs/scoring.md §2-§4, docs/frameworks.md), each
with hand-computed numbers, on both engines: the plain-Python path and the polars path.

- a fail veto gives the lowest band and fails the unit whatever its total, null included;
- a leaf carrying a veto triggers it when it scores 0 or has no entry, under every
  parent policy (a not-applicable leaf does not); validation warns about the missing one;
- only specific indicators (leaves) may carry a veto: the checks refuse it elsewhere;
- ``declared.total_points`` is held to what the tree adds up to (mean parents count
  their own points, not their children's);
- with grade bands, ``passed`` is the band's flag, and a pass line beside them must be
  where the lowest passing band starts; with neither, ``passed`` is null;
- an exact target scores exactly the points (no "clamped"), and the gap list is built
  from the displayed (half-up, 2 decimals) score and maximum.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from anting_rule_of_law import InputError, check_files, read_framework, score
from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.plugins import get_plugin_manager
from anting_rule_of_law.reporters.document import report_document
from anting_rule_of_law.scoring import Scorecard
from anting_rule_of_law.scoring._paths import forced
from scoring_helpers import assessment, framework

CHECK = {"type": "check"}
BANDS = [
    {"code": "A", "name": "优秀", "min": 90, "pass": True},
    {"code": "B", "name": "合格", "min": 60, "pass": True},
    {"code": "C", "name": "不合格", "min": 0, "pass": False},
]


@pytest.fixture(params=["python", "polars"])
def engine(request: pytest.FixtureRequest) -> Iterator[str]:
    with forced(request.param):
        yield request.param


def _total(card: Scorecard) -> dict[str, Any]:
    row: dict[str, Any] = card.totals.row(0, named=True)
    return row


def _leaf(points: float, rule: dict[str, Any]) -> dict[str, Any]:
    """A single specific indicator ``1`` directly under the total."""
    return {"code": "1", "name": "a", "points": points, "rule": rule}


def _nodes(card: Scorecard) -> dict[str, float | None]:
    return dict(card.nodes.select("code", "score").iter_rows())


# -- a fail veto and a null total ---------------------------------------------------------


def test_a_fail_veto_gives_the_lowest_band_even_without_a_total(engine: str) -> None:
    fw = framework(
        [
            {"code": "1", "name": "一", "points": 100, "missing": "null", "min_available": 1},
            {"code": "1.1", "name": "a", "points": 100, "rule": CHECK},
        ],
        grades=BANDS,
        vetoes=[{"code": "V1", "name": "否决"}],
        missing="null",
        min_available=1,
    )
    card = score(fw, assessment([], vetoes=[{"code": "V1", "triggered": True}]))
    total = _total(card)
    assert total["score"] is None  # no entry at all: 1.1 missing, 1 null, the total null
    assert (total["grade"], total["passed"], total["vetoed"]) == ("C", False, True)
    # without the veto the null total has no grade and does not pass
    card = score(fw, assessment([], vetoes=[{"code": "V1", "triggered": False}]))
    assert (_total(card)["grade"], _total(card)["passed"]) == (None, False)


# -- a missing leaf that carries a veto ---------------------------------------------------


def _veto_leaf(policy: str) -> Any:
    return framework(
        [
            {"code": "1", "name": "一", "points": 10, "missing": policy, "min_available": 0.5},
            {"code": "1.1", "name": "a", "points": 4, "rule": CHECK, "veto": "V1"},
            {"code": "1.2", "name": "b", "points": 6, "rule": CHECK},
        ],
        grades=[{"code": "P", "name": "达标", "min": 5, "pass": True}, *BANDS[2:]],
        vetoes=[{"code": "V1", "name": "否决"}],
    )


@pytest.mark.parametrize(
    ("policy", "total"),
    [
        ("zero", 6.0),  # 1.1 counts 0 of 4: 0 + 6 = 6
        ("exclude", 10.0),  # 1.1 leaves the denominator: 6 of 6 rescaled to 10
        ("null", 10.0),  # 1 of 2 children available >= 0.5: as exclude
    ],
)
def test_a_missing_veto_leaf_triggers_under_every_policy(
    engine: str, policy: str, total: float
) -> None:
    card = score(_veto_leaf(policy), assessment([{"code": "1.2", "met": True}]))
    row = _total(card)
    assert row["score"] == total  # a veto never changes a score
    assert (row["vetoed"], row["vetoes"], row["grade"], row["passed"]) == (
        True,
        ["V1"],
        "C",
        False,
    )


@pytest.mark.parametrize("policy", ["zero", "exclude", "null"])
def test_a_not_applicable_or_scored_veto_leaf_does_not_trigger(engine: str, policy: str) -> None:
    fw = _veto_leaf(policy)
    na = assessment(
        [{"code": "1.1", "not_applicable": True, "reason": "无此项"}, {"code": "1.2", "met": True}]
    )
    row = _total(score(fw, na))
    assert (row["score"], row["vetoed"], row["grade"], row["passed"]) == (10.0, False, "P", True)
    met = assessment([{"code": "1.1", "met": True}, {"code": "1.2", "met": False}])
    row = _total(score(fw, met))
    assert (row["score"], row["vetoed"], row["grade"]) == (4.0, False, "C")
    failed = assessment([{"code": "1.1", "met": False}, {"code": "1.2", "met": True}])
    row = _total(score(fw, failed))
    assert (row["score"], row["vetoed"], row["vetoes"]) == (6.0, True, ["V1"])


def test_validation_warns_about_a_missing_veto_leaf(tmp_path: Path) -> None:
    fw = _veto_leaf("exclude")
    data = {
        "schema_version": 1,
        "framework": "t",
        "unit": {"code": "u", "name": "u"},
        "year": 2023,
        "vetoes": [{"code": "V1", "triggered": False}],
        "entries": [{"code": "1.2", "met": True}],
    }
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    checked = check_files([path], fw)
    assert checked.errors == ()
    veto = [p for p in checked.warnings if "V1" in p.en]
    assert len(veto) == 1
    assert veto[0].where == "$.entries"
    assert "1.1" in veto[0].en and "triggers" in veto[0].en
    assert "1.1" in veto[0].zh and "否决项 V1" in veto[0].zh


# -- veto on a non-leaf -------------------------------------------------------------------


def test_a_veto_on_a_non_leaf_is_refused() -> None:
    with pytest.raises(InputError) as info:
        framework(
            [
                {"code": "1", "name": "一", "points": 10, "veto": "V1"},
                {"code": "1.1", "name": "a", "points": 10, "rule": CHECK},
            ],
            vetoes=[{"code": "V1", "name": "否决"}],
        )
    [problem] = info.value.errors
    assert problem.where == "$.nodes[0].veto"
    assert "specific indicator" in problem.en and "具体指标" in problem.zh


# -- the declared total ---------------------------------------------------------------------


def _scaled(declared: float) -> dict[str, Any]:
    """30 + 40 + 30 first-level points, each the mean of children on their own scales."""
    nodes: list[dict[str, Any]] = []
    for code, pts in (("1", 30), ("2", 40), ("3", 30)):
        nodes.append({"code": code, "name": code, "points": pts, "aggregate": "mean"})
        nodes.append({"code": f"{code}.1", "name": "x", "points": 5, "rule": CHECK})
        nodes.append({"code": f"{code}.2", "name": "y", "points": 10, "rule": CHECK})
        if code == "2":
            nodes.append({"code": "2.3", "name": "z", "points": 3, "rule": CHECK})
    return {
        "schema_version": 1,
        "id": "scaled",
        "version": "1",
        "title": "量表",
        "declared": {"levels": [3, 7], "total_points": declared},
        "nodes": nodes,
    }


def test_the_declared_total_is_what_the_tree_adds_up_to(engine: str) -> None:
    fw = read_framework(_scaled(100))  # the leaves add up to 48; the tree to 100
    entries = [{"code": c, "met": True} for c in ("1.1", "1.2", "2.1", "2.2", "2.3", "3.1")]
    card = score(fw, assessment(entries, framework_id="scaled"))
    # 1: mean(1, 1) x 30 = 30; 2: mean(1, 1, 1) x 40 = 40; 3: mean(1, 0) x 30 = 15
    assert _nodes(card)[""] == 85.0 and _total(card)["max"] == 100.0
    with pytest.raises(InputError) as info:
        read_framework(_scaled(103))
    [problem] = info.value.errors
    assert problem.where == "$.declared.total_points"
    assert "103" in problem.en and "adds up to 100" in problem.en


# -- grades, the pass line and passing ------------------------------------------------------


def test_the_pass_line_must_be_where_the_lowest_passing_band_starts() -> None:
    with pytest.raises(InputError) as info:
        framework(
            [{"code": "1", "name": "a", "points": 100, "rule": CHECK}],
            pass_line=55,
            grades=BANDS,  # lowest passing band B starts at 60
        )
    assert [p.where for p in info.value.errors] == ["$.pass_line"]
    assert "60" in info.value.errors[0].en


def test_with_bands_passed_is_the_bands_flag(engine: str) -> None:
    fw = framework(
        [{"code": "1", "name": "a", "points": 100, "rule": {"type": "manual"}}],
        pass_line=60,
        grades=BANDS,
    )
    got = []
    for value in (59.99, 60.0, 95.0):
        row = _total(score(fw, assessment([{"code": "1", "score": value, "reason": "评分"}])))
        got.append((row["grade"], row["passed"]))
    assert got == [("C", False), ("B", True), ("A", True)]


def test_without_bands_or_pass_line_nothing_is_said_about_passing(engine: str) -> None:
    fw = framework(
        [_leaf(1, {"type": "normalized", "low": 0, "high": 1})],
        vetoes=[{"code": "V1", "name": "否决"}],
    )
    plain = score(
        fw, assessment([{"code": "1", "value": 0.7}], vetoes=[{"code": "V1", "triggered": False}])
    )
    row = _total(plain)
    assert (row["score"], row["grade"], row["passed"]) == (0.7, None, None)
    vetoed = score(
        fw, assessment([{"code": "1", "value": 0.7}], vetoes=[{"code": "V1", "triggered": True}])
    )
    assert _total(vetoed)["passed"] is False  # a fail veto still fails the unit
    # and the reports say nothing about passing
    manager = get_plugin_manager(load_entrypoints=False)
    text = manager.render(plain, "markdown", RenderOptions(lang="en"))
    assert isinstance(text, str)
    assert "| Result" not in text and "| Grade" not in text
    assert report_document(plain)["results"][0]["total"]["passed"] is None


def test_without_bands_the_pass_line_decides(engine: str) -> None:
    fw = framework(
        [{"code": "1", "name": "a", "points": 10, "rule": {"type": "count", "target": 10}}],
        pass_line=6,
    )
    rows = [_total(score(fw, assessment([{"code": "1", "count": n}]))) for n in (5, 6)]
    assert [(r["passed"], r["grade"]) for r in rows] == [(False, None), (True, None)]


# -- float noise ---------------------------------------------------------------------------


def test_an_exact_target_scores_exactly_the_points(engine: str) -> None:
    # 6 x (1 - 0.6) / (1 - 0.6) is 6.000000000000001 in floats; the fraction first is 1.
    fw = framework([_leaf(6, {"type": "ratio", "target": 1.0, "floor": 0.6})])
    card = score(fw, assessment([{"code": "1", "numerator": 1658, "denominator": 1658}]))
    audit = card.audit.row(0, named=True)
    assert (audit["raw"], audit["score"], audit["adjustments"], audit["lost"]) == (
        6.0,
        6.0,
        [],
        0.0,
    )
    # count and normalized likewise: 0.1 x 3 / 3 is 0.10000000000000002
    fw = framework(
        [
            {"code": "1", "name": "a", "points": 0.1, "rule": {"type": "count", "target": 3}},
            {
                "code": "2",
                "name": "b",
                "points": 0.1,
                "rule": {"type": "normalized", "low": 0, "high": 3},
            },
        ]
    )
    card = score(fw, assessment([{"code": "1", "count": 3}, {"code": "2", "value": 3}]))
    assert card.audit.select("raw", "adjustments").rows() == [(0.1, []), (0.1, [])]


def test_the_gap_list_follows_the_displayed_numbers(engine: str) -> None:
    manual = {"type": "manual"}
    fw = framework(
        [
            {"code": "1", "name": "a", "points": 4, "rule": manual},
            {"code": "2", "name": "b", "points": 10, "rule": manual},
            {"code": "3", "name": "c", "points": 10, "rule": manual},
            {"code": "4", "name": "d", "points": 10, "rule": manual},
        ]
    )
    entries = [
        {"code": "1", "score": 3.995, "reason": "r"},  # shows 4.00 / 4.00: nothing lost
        {"code": "2", "score": 5.0, "reason": "r"},  # loses 5
        {"code": "3", "score": 4.999999999999998, "reason": "r"},  # loses 5.000000000000002
        {"code": "4", "score": 4.994, "reason": "r"},  # shows 4.99: loses 5.01
    ]
    gaps = score(fw, assessment(entries)).gaps()
    assert gaps.get_column("code").to_list() == ["4", "2", "3"]  # 5.01, then 5.00 by code
