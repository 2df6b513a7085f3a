"""A rule kind from a plugin package: checked, validated, templated, scored and reported
like a built-in, with nothing changed in the library.

The package ``arol-steps`` (tests/plugin_fixtures/arol-steps) adds ``steps`` (阶梯计分,
a rate scored in steps) through ``arol_register_rule_kinds``; it is built and
installed with pip and found through its entry point.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from anting_rule_of_law import read_framework, score
from anting_rule_of_law.errors import InputError, PluginError
from anting_rule_of_law.hookspecs import hookimpl
from anting_rule_of_law.plugins import get_plugin_manager
from anting_rule_of_law.records import Framework
from anting_rule_of_law.rulekinds import RuleKind, registry
from anting_rule_of_law.rulekinds.ratio import RATIO
from anting_rule_of_law.schemas import schema_problems
from anting_rule_of_law.scoring._paths import forced
from plugin_fixtures import install
from scoring_helpers import assessment
from test_scoring_smallpath import _assert_same

#: One district indicator scored in steps, beside a built-in one.
FRAMEWORK: dict[str, Any] = {
    "schema_version": 1,
    "id": "district-steps",
    "version": "2024",
    "title": {"zh": "区级指标（阶梯计分）", "en": "District indicators (steps)"},
    "nodes": [
        {"code": "1", "name": "依法办事", "points": 10},
        {
            "code": "1.1",
            "name": "信访事项按期办结率",
            "points": 6,
            "rule": {
                "type": "steps",
                "steps": [
                    {"min": 0.95, "fraction": 1},
                    {"min": 0.9, "fraction": 0.8},
                    {"min": 0.8, "fraction": 0.5},
                ],
            },
        },
        {"code": "1.2", "name": "学法制度", "points": 4, "rule": {"type": "check"}},
    ],
}


@pytest.fixture
def steps_installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The plugin on this interpreter's path, the rule-kind registry reloaded around the test."""
    site = install.install("arol-steps")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("ANTING_ROL_DISABLE_PLUGINS", raising=False)
    registry.forget_plugin_kinds()
    yield site
    registry.forget_plugin_kinds()


def _framework() -> Framework:
    return read_framework(FRAMEWORK)


def test_the_kind_comes_from_the_plugin(steps_installed: Path) -> None:
    kind = registry.rule_kind("steps")
    assert kind.title.zh == "阶梯计分" and "steps" not in registry.BUILTIN_KINDS
    rule = _framework().node("1.1").rule
    assert rule is not None
    assert rule.params.steps == ((0.95, 1.0), (0.9, 0.8), (0.8, 0.5))


def test_the_framework_checks_apply_to_it(steps_installed: Path) -> None:
    bad = json.loads(json.dumps(FRAMEWORK))
    rule = bad["nodes"][1]["rule"]
    rule["steps"] = [{"min": 0.9, "fraction": 1}, {"min": 0.9, "fraction": 0.5}]
    rule["target"] = 1
    with pytest.raises(InputError) as info:
        read_framework(bad, file="district.yaml")
    found = {(p.where, p.en) for p in info.value.problems}
    assert ("$.nodes[1].rule.target", "parameter 'target' does not belong to rule 'steps'") in found
    assert ("$.nodes[1].rule.steps", "two steps start at the same rate") in found
    del rule["target"], rule["steps"]
    with pytest.raises(InputError, match="needs 'steps'"):
        read_framework(bad)
    rule["steps"] = [{"min": 0.9, "fraction": 2}]  # the plugin's own schema
    with pytest.raises(InputError) as info:
        read_framework(bad)
    assert info.value.problems[0].where == "$.nodes[1].rule.steps[0].fraction"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"numerator": 93, "denominator": 100}, 6 * 0.8),  # 93%: the 90% step
        ({"rate": 0.97}, 6.0),
        ({"numerator": 79, "denominator": 100}, 0.0),  # below every step
        ({"rate": 0.8}, 6 * 0.5),  # on a step's edge
    ],
)
def test_both_engines_score_it_alike(
    steps_installed: Path, given: dict[str, Any], expected: float
) -> None:
    fw = _framework()
    items = [
        assessment([{"code": "1.1", **given}, {"code": "1.2", "met": True}], framework_id=fw.id)
    ]
    with forced("python"):
        fast = score(fw, items)
    with forced("polars"):
        slow = score(fw, items)
    assert fast._result.path == "python" and slow._result.path == "polars"
    _assert_same(fast, slow)
    leaf = fast.audit.filter(code="1.1").row(0, named=True)
    assert leaf["rule"] == "steps" and leaf["score"] == expected
    assert fast.totals["score"].item() == expected + 4.0
    compact = fast.audit_compact.filter(code="1.1").row(0, named=True)
    assert compact["rate_used"] is not None
    if expected < 6:
        assert leaf["reason"].startswith("比率 ") and leaf["reason"].endswith("%，未达到满分档")
        assert fast.gaps()["code"].to_list() == ["1.1"]


def test_a_clash_with_a_builtin_or_another_plugin_is_refused() -> None:
    class Plugin:
        def __init__(self, kinds: list[RuleKind[Any]]) -> None:
            self.kinds = kinds

        @hookimpl
        def arol_register_rule_kinds(self) -> list[RuleKind[Any]]:
            return self.kinds

    pm = get_plugin_manager(load_entrypoints=False)
    pm.register(Plugin([RATIO]), name="shadow", distribution="shadow-dist", version="1")
    with pytest.raises(PluginError, match=r"'ratio'.*shadow"):
        registry.plugin_rule_kinds(pm)
    pm = get_plugin_manager(load_entrypoints=False)
    pm.register(Plugin(["not a kind"]), name="odd", distribution="odd-dist", version="1")  # type: ignore[list-item]
    with pytest.raises(PluginError, match=r"odd.*RuleKind"):
        registry.plugin_rule_kinds(pm)


def test_the_command_line_validates_templates_scores_and_reports(tmp_path: Path) -> None:
    """The whole path through real entry points, in fresh interpreters."""
    site = install.install("arol-steps")
    fw = tmp_path / "district.yaml"
    fw.write_text(yaml.safe_dump(FRAMEWORK, allow_unicode=True), encoding="utf-8")
    entries = [
        {"code": "1.1", "numerator": "93", "denominator": "100"},
        {"code": "1.2", "met": "是"},
    ]
    doc = {
        "schema_version": 1,
        "framework": {"id": "district-steps", "version": "2024"},
        "unit": {"code": "310114001", "name": "安亭镇", "district": "嘉定区"},
        "year": 2024,
        "entries": entries,
    }
    a = tmp_path / "anting.yaml"
    a.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")

    template = tmp_path / "form.xlsx"
    run = install.run_cli(["template", "--framework", str(fw), "-o", str(template)], site, tmp_path)
    assert run.returncode == 0, run.stderr
    cells = [
        str(c.value)
        for row in openpyxl.load_workbook(template).worksheets[2].iter_rows()
        for c in row
    ]
    assert "阶梯计分" in cells

    run = install.run_cli(["validate", str(a), "--framework", str(fw)], site, tmp_path)
    assert run.returncode == 0, run.stderr
    bad = tmp_path / "bad.yaml"
    doc["entries"] = [{"code": "1.1", "grade": "优"}, {"code": "1.2", "met": "是"}]
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    run = install.run_cli(
        ["--lang", "en", "validate", str(bad), "--framework", str(fw)], site, tmp_path
    )
    assert run.returncode == 3
    assert "grade does not apply" in run.stderr and "numerator and denominator" in run.stderr

    out = tmp_path / "report.json"
    run = install.run_cli(
        ["score", str(a), "--framework", str(fw), "-f", "json", "-o", str(out)], site, tmp_path
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert schema_problems("report", report, "report.json") == []
    audit = {row["code"]: row for row in report["results"][0]["audit"]}
    assert audit["1.1"]["rule"] == "steps" and audit["1.1"]["score"] == 6 * 0.8
    run = install.run_cli(["score", str(a), "--framework", str(fw), "-f", "md"], site, tmp_path)
    assert run.returncode == 0 and "比率 93%，未达到满分档" in run.stdout

    # without the plugin the kind is unknown, and the file is refused, naming it
    run = install.run_cli(["validate", str(a), "--framework", str(fw)], None, tmp_path)
    assert run.returncode == 3 and "'steps'" in run.stderr
