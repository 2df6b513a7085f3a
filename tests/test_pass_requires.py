"""The pass rule across stages (``pass_requires``): the 青岛 case — a town passes only
when its self-assessment and the district's review both reach 90 of 100 — with
hand-computed verdicts on both engines, the reasons in the reports, the checks and
the partitioned path."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import polars as pl
import pytest

from anting_rule_of_law import InputError, read_framework, score
from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.indicators.registry import bundled_frameworks, load_framework
from anting_rule_of_law.plugins import get_plugin_manager
from anting_rule_of_law.reporters.document import report_document
from anting_rule_of_law.schemas import load_schema
from anting_rule_of_law.scoring import Partition, score_partitions
from anting_rule_of_law.scoring._paths import forced
from anting_rule_of_law.scoring.inputs import from_assessments
from scoring_helpers import assessment, framework

QINGDAO = {"pass_line": 90, "pass_requires": ["review", "self"]}  # order does not matter


@pytest.fixture(params=["python", "polars"])
def engine(request: pytest.FixtureRequest) -> Iterator[str]:
    with forced(request.param):
        yield request.param


def _qingdao(**top: Any) -> Any:
    return framework(
        [{"code": "1", "name": "法治建设", "points": 100, "rule": {"type": "manual"}}],
        **{**QINGDAO, **top},
    )


def _town(unit: str, **stages: float) -> list[Any]:
    return [
        assessment([{"code": "1", "score": points, "reason": "评分"}], unit=unit, stage=stage)
        for stage, points in stages.items()
    ]


def _passed(card: Any) -> dict[tuple[str, str], bool | None]:
    return {
        (str(u), str(s)): p for u, s, p in card.totals.select("unit", "stage", "passed").iter_rows()
    }


def test_every_listed_stage_must_pass(engine: str) -> None:
    fw = _qingdao()
    assert fw.pass_requires == ("self", "review")
    items = [
        *_town("a", self=92, review=85),  # passes its own word, not the district's
        *_town("b", self=88, review=93),  # the district scores higher: still not
        *_town("c", self=95, review=91, final=95),
        *_town("d", review=96),  # no self-assessment
        *_town("e", self=90),  # not reviewed yet
    ]
    assert _passed(score(fw, items)) == {
        ("a", "self"): True,
        ("a", "review"): False,
        ("b", "self"): False,
        ("b", "review"): False,
        ("c", "self"): True,
        ("c", "review"): True,
        ("c", "final"): True,
        ("d", "review"): False,
        ("e", "self"): True,
    }
    # without the rule each stage passes on its own
    plain = read_framework({**fw_data(), "pass_line": 90})
    assert _passed(score(plain, items))[("a", "review")] is False
    assert _passed(score(plain, items))[("b", "review")] is True
    assert _passed(score(plain, items))[("d", "review")] is True


def fw_data() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "id": "t",
        "version": "1",
        "title": "测试",
        "nodes": [{"code": "1", "name": "法治建设", "points": 100, "rule": {"type": "manual"}}],
    }


def test_a_fail_veto_at_a_required_stage_fails_the_later_ones(engine: str) -> None:
    fw = _qingdao(vetoes=[{"code": "V1", "name": "重大违法事件"}])
    items = [
        assessment(
            [{"code": "1", "score": 95}], unit="a", vetoes=[{"code": "V1", "triggered": True}]
        ),
        assessment([{"code": "1", "score": 96}], unit="a", stage="review"),
    ]
    card = score(fw, items)
    assert _passed(card) == {("a", "self"): False, ("a", "review"): False}
    rule = report_document(card)["results"][1]["pass_rule"]
    assert rule["unmet"] == [{"stage": "self", "present": True, "score": 95.0, "vetoed": True}]


def test_the_reports_say_why(engine: str) -> None:
    card = score(_qingdao(), [*_town("a", self=92, review=85), *_town("d", review=96)])
    doc = report_document(card)
    assert doc["framework"]["pass_requires"] == ["self", "review"]
    rules = {(r["unit"]["code"], r["stage"]): r["pass_rule"] for r in doc["results"]}
    assert rules[("a", "self")] == {
        "requires": ["self", "review"],
        "pass_line": 90.0,
        "unmet": [],
        "pending": ["review"],
    }
    assert rules[("a", "review")]["unmet"] == [
        {"stage": "review", "present": True, "score": 85.0, "vetoed": False}
    ]
    assert rules[("d", "review")]["unmet"] == [
        {"stage": "self", "present": False, "score": None, "vetoed": False}
    ]
    manager = get_plugin_manager(load_entrypoints=False)
    text = manager.render(card, "markdown", RenderOptions())
    assert isinstance(text, str)
    assert "| 通过条件 | 自评、初审均须达标；自评已达标；待初审 |" in text
    assert "| 通过条件 | 自评、初审均须达标；初审 85.00 分，未达到达标线 90 分 |" in text
    assert "| 通过条件 | 自评、初审均须达标；缺少自评 |" in text
    english = manager.render(card, "markdown", RenderOptions(lang="en"))
    assert isinstance(english, str)
    assert (
        "| Pass rule | self-assessment and review must each pass; "
        "review 85.00 points, below the pass line of 90 |"
    ) in english
    # the JSON report carries the rule, valid against the report's schema
    data = json.loads(str(manager.render(card, "json", RenderOptions())))
    jsonschema.validate(data, load_schema("report"))
    assert data["results"][1]["pass_rule"]["unmet"][0]["stage"] == "review"


def test_without_the_rule_no_pass_rule_is_reported() -> None:
    card = score(read_framework({**fw_data(), "pass_line": 90}), _town("a", self=92, review=85))
    doc = report_document(card)
    assert doc["framework"]["pass_requires"] == []
    assert all("pass_rule" not in r for r in doc["results"])


def test_the_rule_needs_a_pass_line_or_a_passing_band() -> None:
    with pytest.raises(InputError) as err:
        read_framework({**fw_data(), "pass_requires": ["self", "review"]})
    assert "$.pass_requires" in str(err.value)
    with pytest.raises(InputError) as bad:
        read_framework({**fw_data(), "pass_line": 90, "pass_requires": ["self", "district"]})
    assert "pass_requires" in str(bad.value)


def test_bundled_frameworks_leave_it_off() -> None:
    for name in bundled_frameworks():
        assert load_framework(name).pass_requires == ()


def test_partitions_keep_a_unit_years_stages_together(tmp_path: Path) -> None:
    fw = _qingdao()
    self_, review = _town("a", self=92, review=85)
    parts = [Partition(entries=from_assessments([x]).entries) for x in (self_, review)]
    with pytest.raises(InputError) as err:
        score_partitions(fw, parts, tmp_path / "split")
    assert "pass_requires" in str(err.value)
    whole = score_partitions(
        fw, [Partition(entries=from_assessments([self_, review]).entries)], tmp_path / "whole"
    )
    totals = pl.read_parquet(whole.path("totals") / "*.parquet")
    assert totals.select("stage", "passed").rows() == [("self", True), ("review", False)]


def test_the_excel_overview_has_the_pass_rule(tmp_path: Path) -> None:
    import fastexcel

    card = score(_qingdao(), _town("a", self=92, review=85))
    manager = get_plugin_manager(load_entrypoints=False)
    out = tmp_path / "r.xlsx"
    out.write_bytes(bytes(manager.render(card, "xlsx", RenderOptions())))
    sheet = fastexcel.read_excel(out).load_sheet("总览", header_row=None).to_polars()
    cells = [str(v) for row in sheet.rows() for v in row if v is not None]
    assert "通过条件" in cells
    assert "自评、初审均须达标；初审 85.00 分，未达到达标线 90 分" in cells
