"""Rule kinds are one record each, and every word a reader sees comes from one vocabulary."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest

from anting_rule_of_law import bundled_frameworks, load_framework, write_template
from anting_rule_of_law.assessments.entry_checks import fields_of, what_to_enter
from anting_rule_of_law.assessments.layout import INPUT_COLUMNS
from anting_rule_of_law.records import RULE_TYPES, STAGE_ALIASES, STAGES, Rule
from anting_rule_of_law.rulekinds import BUILTIN_KINDS, ReasonText, rule_kind, rule_kinds
from anting_rule_of_law.rulekinds import vocabulary as v
from anting_rule_of_law.rulekinds.bonus import BonusParams
from anting_rule_of_law.rulekinds.deduct import DeductParams
from anting_rule_of_law.rulekinds.ratio import RatioParams
from anting_rule_of_law.schemas import load_schema
from anting_rule_of_law.tableimport import summary_lines

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _tables() -> dict[str, dict[object, v.Words]]:
    return {
        name: dict(getattr(v, name))
        for name in (
            "STAGES",
            "STATUSES",
            "ADJUSTMENTS",
            "REASONS",
            "VETO_EFFECTS",
            "CLAUSE_KINDS",
            "CLAUSE_INPUTS",
            "ZERO_DENOMINATOR",
            "AGGREGATIONS",
            "MISSING_POLICIES",
            "INPUT_FIELDS",
            "YES_NO",
            "LABELS",
        )
    }


def test_the_builtin_kinds_are_the_schema_enum_and_records_rule_types() -> None:
    schema = load_schema("framework")
    enum = schema["properties"]["nodes"]["items"]["properties"]["rule"]["properties"]["type"]
    assert tuple(enum["enum"]) == RULE_TYPES == tuple(BUILTIN_KINDS)
    assert set(rule_kinds()) >= set(RULE_TYPES)


def test_every_builtin_kind_is_described_in_the_scoring_docs() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "scoring.md").read_text(encoding="utf-8")
    for name, kind in BUILTIN_KINDS.items():
        assert f"| `{name}` ({kind.title.zh}) |" in doc, name


@pytest.mark.parametrize("table", sorted(_tables()))
def test_every_word_exists_in_both_languages(table: str) -> None:
    for key, words in _tables()[table].items():
        assert words.zh and words.en, (table, key)
        assert not _CJK.search(words.en), (table, key, words.en)
        # a zh word may quote an identifier (gate, rate) but is Chinese text
        assert _CJK.search(words.zh), (table, key, words.zh)


def test_every_kind_has_names_hint_and_distinct_chinese_name() -> None:
    titles = [k.title.zh for k in BUILTIN_KINDS.values()]
    assert len(set(titles)) == len(titles)
    for kind in BUILTIN_KINDS.values():
        assert _CJK.search(kind.title.zh) and not _CJK.search(kind.title.en)
        assert kind.hint.zh and kind.hint.en
        assert set(kind.inputs) <= {key for key, _, _ in INPUT_COLUMNS}


def test_stage_words_and_aliases_come_from_the_vocabulary() -> None:
    assert tuple(v.STAGES) == STAGES == ("self", "review", "final")
    assert STAGE_ALIASES["复核"] == "review" and STAGE_ALIASES["核定"] == "final"
    assert [v.stage_name(s, "zh") for s in STAGES] == ["自评", "初审", "核定"]
    assert v.stage_name("unknown", "zh") == "unknown"
    assert v.status_name("missing", "en") == "missing" and v.status_name(None, "zh") == ""


def test_input_headers_are_the_vocabulary_field_words() -> None:
    for key, zh, en in INPUT_COLUMNS:
        assert (zh, en) == (v.INPUT_FIELDS[key].zh, v.INPUT_FIELDS[key].en)


@pytest.mark.parametrize("framework", bundled_frameworks())
def test_typed_parameters_of_every_bundled_rule(framework: str) -> None:
    fw = load_framework(framework)
    for leaf in fw.leaves():
        rule = leaf.rule
        assert rule is not None
        params = rule.params
        assert type(params) is type(rule_kind(rule.type).params_of(rule))
        if isinstance(params, RatioParams):
            assert (params.target, params.floor) == (rule.target, rule.floor)
        if isinstance(params, DeductParams):
            assert params.clauses == rule.clauses
        if isinstance(params, BonusParams):
            assert params.extra == rule.extra
        assert fields_of(rule) == frozenset(rule_kind(rule.type).inputs)


def test_an_unknown_kind_is_refused_by_the_record() -> None:
    with pytest.raises(ValueError, match="'nonsense'"):
        Rule(type="nonsense")
    with pytest.raises(KeyError, match="unknown rule kind 'nonsense'"):
        rule_kind("nonsense")


def test_the_template_and_the_table_import_use_the_same_kind_names(tmp_path: Path) -> None:
    fw = load_framework("shanghai-town-2023")
    path = write_template(fw, tmp_path / "t.xlsx", lang="zh")
    ws = openpyxl.load_workbook(path)["具体指标"]
    header = [str(c.value).splitlines()[0] for c in ws[1]]
    col = header.index("评分方式") + 1
    shown = {ws.cell(r, col).value for r in range(2, ws.max_row + 1)} - {None}  # input rows
    kinds = {leaf.rule.type for leaf in fw.leaves() if leaf.rule is not None}
    assert shown == {rule_kind(k).title.zh for k in kinds}

    result = SimpleNamespace(
        sheet="考核指标",
        data={"id": "x", "version": "1", "status": "official", "nodes": []},
        levels=(1, 1, 1),
        total_points=1.0,
        inferred=[("1.1.1", "ratio", "达到100%得满分"), ("1.1.2", "check", "未开展不得分")],
        manual=["1.1.3"],
    )
    text = "\n".join(summary_lines(result, Path("表.xlsx"), Path("out.yaml"), "zh"))
    assert "ratio（比率）" in text and "check（达标制）" in text
    assert "保留为评审打分（manual）" in text


def test_hints_fill_their_placeholders() -> None:
    fw = load_framework("shanghai-town-2023")
    for leaf in fw.leaves():
        for lang in ("zh", "en"):
            text = what_to_enter(leaf, lang)
            assert text and "{" not in text, (leaf.code, text)


def test_a_kind_reads_only_entry_fields_and_names_itself_plainly() -> None:
    import attrs

    with pytest.raises(ValueError, match="reads \\['colour'\\], not entry fields"):
        attrs.evolve(rule_kind("count"), inputs=("count", "colour"))
    with pytest.raises(ValueError, match="name"):
        attrs.evolve(rule_kind("count"), name="Count Two")
    with pytest.raises(ValueError, match="shows must be one of"):
        ReasonText(shows="colour")
