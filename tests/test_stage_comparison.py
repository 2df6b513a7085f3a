"""Two stages of one unit-year: Scorecard.compare_stages() and every report's comparison
equal differences and reasons computed by hand."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import jsonschema
import pytest

from anting_rule_of_law import Assessment, Entry, read_assessment, report_document, score
from anting_rule_of_law.reporters.comparison import earlier_stage
from anting_rule_of_law.schemas import load_schema
from anting_rule_of_law.scoring._paths import forced

ROOT = Path(__file__).resolve().parents[1]
ANTING = ROOT / "examples" / "anting_2023" / "anting_2023.yaml"

#: What the reviewers changed, and why (审核意见).
REMARKS = {
    "1.2.1": "未见年度述职报告原件",
    "2.1.1": "两项重大决策未经合法性审查",
    "3.2.3": "补充现场照片后认可满分",
}


def _review(a: Assessment) -> Assessment:
    """The reviewers' version of Anting's self-assessment: three indicators re-scored."""

    def reviewed(e: Entry) -> Entry:
        if e.code == "1.2.1":  # check, 2 points: met -> not met
            return attrs.evolve(e, met=False, reason=REMARKS[e.code])
        if e.code == "2.1.1":  # deduct, 3 points: clause c1 (1 point a step) twice
            return attrs.evolve(e, clauses=(("c1", 2.0), ("c2", 0.0)), reason=REMARKS[e.code])
        if e.code == "3.2.3":  # manual, 1.5 points: 1.2 -> 1.5
            return attrs.evolve(e, score=1.5, reason=REMARKS[e.code])
        return e

    return attrs.evolve(a, stage="review", entries=tuple(reviewed(e) for e in a.entries))


@pytest.fixture(scope="module")
def anting() -> Assessment:
    return read_assessment(ANTING)


@pytest.mark.parametrize("engine", ["python", "polars"])
def test_compare_stages_gives_the_hand_computed_differences(
    anting: Assessment, engine: str
) -> None:
    with forced(engine):  # type: ignore[arg-type]
        card = score(anting.framework_id, [anting, _review(anting)])
    rows = {
        r["code"]: r
        for r in card.compare_stages("self", "review").iter_rows(named=True)
        if abs(r["difference"]) > 1e-9
    }
    # the three leaves, their parents 1.2, 2.1, 3.2, the first levels 1, 2, 3 and the total
    assert set(rows) == {"1.2.1", "2.1.1", "3.2.3", "1.2", "2.1", "3.2", "1", "2", "3", ""}
    assert (rows["1.2.1"]["score_a"], rows["1.2.1"]["score_b"]) == (2.0, 0.0)
    assert (rows["2.1.1"]["score_a"], rows["2.1.1"]["score_b"]) == (3.0, 1.0)
    assert (rows["3.2.3"]["score_a"], rows["3.2.3"]["score_b"]) == (1.2, 1.5)
    assert rows["3.2.3"]["difference"] == pytest.approx(0.3, abs=1e-12)
    assert rows[""]["difference"] == pytest.approx(-2.0 - 2.0 + 0.3, abs=1e-12)
    for code, remark in REMARKS.items():
        assert rows[code]["remark"] == remark


def test_the_report_document_compares_the_review_with_the_self_assessment(
    anting: Assessment,
) -> None:
    card = score(anting.framework_id, [anting, _review(anting)])
    doc = report_document(card)
    jsonschema.validate(json.loads(json.dumps(doc)), load_schema("report"))
    assert doc["schema_version"] == 2
    own, review = doc["results"]
    assert own["stage"] == "self" and "comparison" not in own
    comparison = review["comparison"]
    total_self = own["total"]["score"]
    assert comparison["against"] == "self"
    assert comparison["before"] == {
        "stage": "self",
        "score": total_self,
        "max": 100.0,
        "reaches_pass_line": True,  # 91.06 >= 90
        "passed": True,
    }
    assert comparison["after"]["reaches_pass_line"] is False  # 87.36 < 90
    assert comparison["after"]["score"] == pytest.approx(total_self - 3.7, abs=1e-9)
    assert comparison["difference"] == pytest.approx(-3.7, abs=1e-9)
    # largest change first; the two -2 in framework order; +0.3 last
    changes = comparison["indicators"]
    assert [c["code"] for c in changes] == ["1.2.1", "2.1.1", "3.2.3"]
    assert [c["difference"] for c in changes[:2]] == [-2.0, -2.0]
    assert [c["remark"] for c in changes] == list(REMARKS.values())
    assert changes[0]["max"] == 2.0 and changes[1]["name"] == "重大行政决策程序"
    assert comparison["unchanged"] == 55 - 3


def test_the_stage_compared_against_is_the_latest_earlier_one() -> None:
    assert earlier_stage("review", ["self", "review"]) == "self"
    assert earlier_stage("final", ["self", "review", "final"]) == "review"
    assert earlier_stage("final", ["self", "final"]) == "self"
    assert earlier_stage("self", ["self", "review"]) is None
    assert earlier_stage("review", ["review"]) is None


def test_the_markdown_report_shows_the_comparison(anting: Assessment) -> None:
    from anting_rule_of_law.hookspecs import RenderOptions
    from anting_rule_of_law.plugins import get_plugin_manager

    card = score(anting.framework_id, [anting, _review(anting)])
    pm = get_plugin_manager(load_entrypoints=False)
    text = pm.render(card, "markdown", RenderOptions(detail="summary"))
    assert isinstance(text, str)
    section = text.split("### 自评与初审对比", 1)[1].split("\n### ", 1)[0]
    assert "| 自评       | 91.06  | 是" in section
    assert "| 初审       | 87.36  | 否" in section
    assert "| 差值       | -3.70  |" in section
    cells = {
        row[0]: row
        for row in ([c.strip() for c in ln.split("|")[1:-1]] for ln in section.splitlines())
        if row and row[0] in REMARKS
    }
    assert list(cells) == ["1.2.1", "2.1.1", "3.2.3"]  # largest change first
    assert cells["1.2.1"][2:] == ["2.00", "0.00", "-2.00", REMARKS["1.2.1"]]
    assert cells["2.1.1"][2:] == ["3.00", "1.00", "-2.00", REMARKS["2.1.1"]]
    assert cells["3.2.3"][2:] == ["1.20", "1.50", "+0.30", REMARKS["3.2.3"]]
    assert "其余 52 项具体指标两次得分相同。" in section
    # the self-assessment's own section has no comparison
    assert text.count("自评与初审对比") == 1
    english = pm.render(card, "markdown", RenderOptions(detail="summary", lang="en"))
    assert "### Self-assessment and review compared" in english
    assert "| Reaches the pass line (90)" in english


def test_the_excel_report_has_a_sheet_of_the_comparison(anting: Assessment) -> None:
    import fastexcel

    from anting_rule_of_law.hookspecs import RenderOptions
    from anting_rule_of_law.plugins import get_plugin_manager

    card = score(anting.framework_id, [anting, _review(anting)])
    content = get_plugin_manager(load_entrypoints=False).render(card, "xlsx", RenderOptions())
    assert isinstance(content, bytes)
    sheet = fastexcel.read_excel(content).load_sheet_by_name("阶段对比").to_polars()
    rows = sheet.rows(named=True)
    assert [r["编号"] or "" for r in rows] == ["", "1.2.1", "2.1.1", "3.2.3"]
    total = rows[0]
    assert total["指标"] == "总分" and total["评价阶段"] == "初审" and total["对比阶段"] == "自评"
    assert total["差值"] == pytest.approx(-3.7, abs=1e-9)
    assert total["审核意见"] == "自评：达标；初审：未达标"
    assert [r["对比阶段得分"] for r in rows[1:]] == [2.0, 3.0, 1.2]
    assert [r["得分"] for r in rows[1:]] == [0.0, 1.0, 1.5]
    assert [r["审核意见"] for r in rows[1:]] == list(REMARKS.values())
