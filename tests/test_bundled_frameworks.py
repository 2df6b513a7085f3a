"""Invariants of the bundled frameworks, read straight from their YAML files.

These tests do not go through the loader: they check the data files themselves
against the JSON Schema and against what the seed document says, so a broken
file is caught even if the loader's own checks change.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import anting_rule_of_law
from anting_rule_of_law.records import Framework, Indicator

PACKAGE = Path(anting_rule_of_law.__file__).resolve().parent
FRAMEWORKS = PACKAGE / "indicators" / "frameworks"
SCHEMA_PATH = PACKAGE / "schemas" / "framework.schema.json"
SEED_FILE = Path(__file__).resolve().parents[1] / "examples" / "anting_2023" / "report_2023.txt"

SHANGHAI = "shanghai-town-2023"
WJP = "wjp-2023"
BUNDLED = (SHANGHAI, WJP)

#: The four first-level indicators, in the seed's words and order.
FIRST_LEVEL = ("党委领导", "依法行政", "守法普法", "特色创新工作")

#: Figures the seed reports, as they would be typed, each with a word that must sit
#: in the same specific indicator's text (basis quote, scoring standard or clauses),
#: so that a stray "2" elsewhere cannot satisfy the check.
SEED_FIGURES: tuple[tuple[float, str], ...] = (
    (366, "法律咨询"),
    (1542, "110"),
    (352, "矛盾纠纷"),
    (50, "调解协议"),
    (89, "口头调解"),
    (1254.4, "万元"),
    (1658, "信访"),
    (100, "联系率"),
    (59.15, "网信公开率"),
    (95, "满意率"),
    (49, "接访"),
    (32, "重大不稳定矛盾"),
    (1333, "行政执法案件"),
    (1319, "全过程记录"),
    (98.94, "有效率"),
    (2729750, "处罚金额"),
    (693, "简易"),
    (70350, "简易"),
    (640, "普通"),
    (2659400, "普通"),
    (22, "法制审核"),
    (0, "纠错率"),
    (0, "行政复议"),
    (9, "片区"),
    (83, "网格"),
    (509, "小微网格"),
    (25940, "点位"),
    (26, "督办件"),
    (20, "跨省"),
    (72, "公共法律服务"),
    (64, "意见"),
    (3, "法规草案"),
    (2, "法治观察建议"),
    (16, "党委会"),
    (2, "述法"),
    (31, "法治建设大会"),
    (22, "镇长办公会"),
)

_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def _raw(framework_id: str) -> dict[str, Any]:
    path = FRAMEWORKS / f"{framework_id}.yaml"
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shanghai() -> Framework:
    return Framework.from_dict(_raw(SHANGHAI))


@pytest.fixture(scope="module")
def wjp() -> Framework:
    return Framework.from_dict(_raw(WJP))


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


def _leaf_text(leaf: Indicator) -> str:
    """Everything a reader sees of a leaf's grounding and scoring standard."""
    assert leaf.rule is not None
    parts = [leaf.name, leaf.rule.description, leaf.rule.gate]
    parts += [c.text for c in leaf.rule.clauses]
    if leaf.basis is not None:
        parts.append(leaf.basis.quote)
    return "\n".join(parts)


def _numbers(text: str) -> set[float]:
    return {float(m) for m in _NUMBER.findall(text)}


# -- schema -------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_bundled_file_validates_against_schema(schema: dict[str, Any], framework_id: str) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(_raw(framework_id)), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_file_name_matches_id_and_codes_are_unique(framework_id: str) -> None:
    fw = Framework.from_dict(_raw(framework_id))
    assert fw.id == framework_id
    assert fw.status == "reference"
    codes = [n.code for n in fw.nodes]
    assert len(codes) == len(set(codes))
    for node in fw.nodes:
        assert node.parent is None or node.parent in fw, node.code
        assert node.name and node.name_en, node.code
        # a node is a leaf exactly when it has no children
        assert node.is_leaf == (not fw.children(node.code)), node.code


# -- shanghai-town-2023 ------------------------------------------------------------------


def test_shanghai_counts_per_level(shanghai: Framework) -> None:
    assert shanghai.declared_levels == (4, 18, 55)
    assert shanghai.depth == 3
    assert [len(shanghai.level(n)) for n in (1, 2, 3)] == [4, 18, 55]
    assert all(leaf.level == 3 for leaf in shanghai.leaves())
    assert len(shanghai.leaves()) == 55


def test_shanghai_first_level_names_are_the_seeds(shanghai: Framework) -> None:
    assert [n.code for n in shanghai.roots()] == ["1", "2", "3", "4"]
    assert tuple(n.name for n in shanghai.roots()) == FIRST_LEVEL


def test_shanghai_first_level_names_occur_in_seed(seed_text: str) -> None:
    assert "、".join(FIRST_LEVEL) + "等4项一级指标、18项二级指标和55项具体指标" in seed_text


def test_shanghai_points_total_100(shanghai: Framework) -> None:
    assert shanghai.declared_total == 100
    assert shanghai.aggregate == "sum"
    assert math.isclose(sum(leaf.points or 0 for leaf in shanghai.leaves()), 100)
    assert math.isclose(sum(root.points or 0 for root in shanghai.roots()), 100)


def test_shanghai_children_sum_to_parent(shanghai: Framework) -> None:
    for node in shanghai.nodes:
        assert node.points is not None and node.points > 0, node.code
        assert math.isclose(node.points * 2, round(node.points * 2)), node.code
        kids = shanghai.children(node.code)
        if kids:
            assert node.aggregate == "sum", node.code
            total = sum(k.points or 0 for k in kids)
            assert math.isclose(total, node.points), (node.code, total, node.points)


def test_shanghai_leaves_are_complete(shanghai: Framework) -> None:
    for leaf in shanghai.leaves():
        assert leaf.rule is not None
        assert leaf.rule.description and leaf.rule.description_en, leaf.code
        assert leaf.evidence and all(leaf.evidence), leaf.code
        assert leaf.department and leaf.department_en, leaf.code
        assert leaf.basis is not None and leaf.basis.source, leaf.code
        if leaf.basis.source == "seed":
            assert leaf.basis.quote, leaf.code


def test_shanghai_rule_parameters_fit_their_type(shanghai: Framework) -> None:
    for leaf in shanghai.leaves():
        rule, points = leaf.rule, leaf.points or 0
        assert rule is not None
        if rule.type == "levels":
            fractions = [f for _, f in rule.levels]
            assert fractions and max(fractions) == 1 and min(fractions) == 0, leaf.code
        elif rule.type == "ratio":
            assert rule.target is not None and rule.floor is not None, leaf.code
            assert rule.target != rule.floor, leaf.code
            assert 0 <= rule.target <= 1 and 0 <= rule.floor <= 1, leaf.code
        elif rule.type == "count":
            assert rule.target is not None and rule.target > 0, leaf.code
        elif rule.type == "deduct":
            assert rule.clauses, leaf.code
            ids = [c.id for c in rule.clauses]
            assert len(ids) == len(set(ids)), leaf.code
            for clause in rule.clauses:
                assert clause.text and clause.text_en, (leaf.code, clause.id)
                assert 0 < clause.amount <= points, (leaf.code, clause.id)
                if clause.kind == "threshold":
                    assert clause.op in ("lt", "le", "gt", "ge") and clause.threshold is not None
        elif rule.type == "bonus":
            assert rule.per_item is not None and 0 < rule.per_item <= points, leaf.code
            assert not rule.extra, leaf.code  # the total must stay 100


def test_shanghai_rule_mix(shanghai: Framework) -> None:
    mix = Counter(leaf.rule.type for leaf in shanghai.leaves() if leaf.rule)
    assert mix.most_common(1)[0][0] == "deduct"
    for rule_type in ("check", "levels", "ratio", "count", "manual", "bonus"):
        assert mix[rule_type] >= 2, (rule_type, mix)
    assert mix["normalized"] == 0


def test_shanghai_first_responsible_duties_follow_the_seeds_section_three(
    shanghai: Framework,
) -> None:
    # The seed's section 三 (第一责任人职责) reports the Party committee meeting and the
    # leaders' 述法 (1.2), the conference (1.3.1), the justice-office head at the
    # mayor's meetings (1.3.2), the supervision follow-up and the creation (1.4).
    codes = [leaf.code for leaf in shanghai.first_responsible_duties()]
    assert codes == ["1.2.1", "1.2.2", "1.2.3", "1.3.1", "1.3.2", "1.4.1", "1.4.2"]
    assert not shanghai.node("1.3.3").first_responsible_duty


def test_shanghai_grades_and_vetoes(shanghai: Framework) -> None:
    assert shanghai.pass_line == 90
    passing = [g for g in shanghai.grades if g.passed]
    assert min(g.min for g in passing) == shanghai.pass_line
    assert any(g.min == 0 and not g.passed for g in shanghai.grades)
    grade_codes = {g.code for g in shanghai.grades}
    assert 2 <= len(shanghai.vetoes) <= 4
    for veto in shanghai.vetoes:
        assert veto.basis is not None and veto.basis.source, veto.code
        if veto.effect == "cap":
            assert veto.cap_grade in grade_codes, veto.code


def test_shanghai_seed_quotes_are_verbatim(shanghai: Framework, seed_text: str) -> None:
    quotes = [
        (leaf.code, leaf.basis.quote)
        for leaf in shanghai.leaves()
        if leaf.basis is not None and leaf.basis.source == "seed"
    ]
    assert len(quotes) >= 40  # most indicators are grounded in the seed itself
    missing = [(code, q) for code, q in quotes if q not in seed_text]
    assert not missing, missing


#: The heading of the seed's section 四: what follows is the plan for 2024, not 2023 work.
PLANS_HEADING = "四、2024年推进法治政府建设的主要安排"


def test_shanghai_bases_say_when_they_quote_a_plan(shanghai: Framework, seed_text: str) -> None:
    """A seed quote from the plans for 2024 is marked ``kind: plan``, and only those are."""
    plans = seed_text.index(PLANS_HEADING)
    for leaf in shanghai.leaves():
        basis = leaf.basis
        assert basis is not None, leaf.code
        if basis.source != "seed":
            assert basis.kind != "plan", leaf.code
            continue
        in_plans = seed_text.index(basis.quote) > plans
        assert (basis.kind == "plan") == in_plans, (leaf.code, basis.kind, basis.quote)
    kinds = [leaf.basis.kind for leaf in shanghai.leaves() if leaf.basis is not None]
    assert (kinds.count("plan"), kinds.count("general")) == (7, 4)


def test_frameworks_doc_provenance_table_matches_the_file(shanghai: Framework) -> None:
    """docs/frameworks.md's table of the 55: names, quotes and plan/general marks as in the file."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "frameworks.md").read_text("utf-8")
    section = doc[doc.index("### Provenance of every specific indicator") :]
    section = section[: section.index("\n### ")]
    rows = {
        cells[0]: cells
        for line in section.splitlines()
        if line.startswith("| ") and (cells := [c.strip() for c in line.strip("|").split(" | ")])
    }
    marks = {"plan": "a plan for 2024", "general": "a general statement"}
    for leaf in shanghai.leaves():
        assert leaf.basis is not None
        cells = rows[leaf.code]
        assert cells[1] == leaf.name, leaf.code
        basis = cells[-1]
        if leaf.basis.quote:
            assert f"“{leaf.basis.quote}”" in basis, leaf.code
        for kind, mark in marks.items():
            assert (mark in basis) == (leaf.basis.kind == kind), leaf.code


@pytest.mark.parametrize(
    ("figure", "context"), SEED_FIGURES, ids=[f"{f:g}" for f, _ in SEED_FIGURES]
)
def test_every_seed_figure_feeds_a_leaf(shanghai: Framework, figure: float, context: str) -> None:
    hits = [
        leaf.code
        for leaf in shanghai.leaves()
        if context in _leaf_text(leaf) and figure in _numbers(_leaf_text(leaf))
    ]
    assert hits, f"no specific indicator mentions {figure} together with {context!r}"


def test_seed_figures_really_are_in_the_seed(seed_text: str) -> None:
    """The figure list itself is honest: every figure occurs in the seed."""
    in_seed = _numbers(seed_text)
    assert [f for f, _ in SEED_FIGURES if f not in in_seed] == []


# -- wjp-2023 ------------------------------------------------------------------------


def test_wjp_shape(wjp: Framework) -> None:
    assert wjp.declared_levels == (8, 44)
    assert [len(wjp.level(n)) for n in (1, 2)] == [8, 44]
    assert [len(wjp.children(r.code)) for r in wjp.roots()] == [6, 4, 4, 8, 3, 5, 7, 7]
    assert [r.name_en for r in wjp.roots()] == [
        "Constraints on Government Powers",
        "Absence of Corruption",
        "Open Government",
        "Fundamental Rights",
        "Order and Security",
        "Regulatory Enforcement",
        "Civil Justice",
        "Criminal Justice",
    ]


def test_wjp_aggregation_is_unweighted_mean_of_available(wjp: Framework) -> None:
    assert wjp.aggregate == "mean" and wjp.missing == "exclude"
    assert wjp.total_points == 1 and wjp.declared_total == 1
    assert wjp.grades == () and wjp.vetoes == ()
    for root in wjp.roots():
        assert root.aggregate == "mean" and root.missing == "exclude", root.code
        assert root.points == 1 and root.weight == 1, root.code
    for leaf in wjp.leaves():
        assert leaf.rule is not None and leaf.rule.type == "normalized", leaf.code
        assert (leaf.rule.low, leaf.rule.high) == (0, 1), leaf.code
        assert leaf.points == 1, leaf.code
        assert leaf.basis is not None
        assert leaf.basis.source == "WJP Rule of Law Index 2023", leaf.code
