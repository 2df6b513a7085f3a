"""Reading YAML, JSON and CSV assessments: records, located problems, warnings, the API."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from anting_rule_of_law import (
    Assessment,
    Entry,
    Evidence,
    InputError,
    Unit,
    VetoDeclaration,
    assessment_from_dict,
    bundled_frameworks,
    check_files,
    load_framework,
    read_assessment,
    read_assessments,
    validate_files,
)
from anting_rule_of_law.records import Framework

FRAMEWORK_FILE = Path(__file__).parent / "malformed" / "_framework.yaml"


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(FRAMEWORK_FILE)


def _good() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "framework": {"id": "mini-test", "version": "1.0"},
        "unit": {
            "code": "310114102",
            "name": "安亭镇",
            "name_en": "Anting Town",
            "district": "嘉定区",
        },
        "year": 2023,
        "stage": "自评",
        "assessor": "安亭镇司法所",
        "vetoes": [
            {"code": "V1", "triggered": "否"},
            {"code": "V2", "triggered": False, "note": "无"},
        ],
        "entries": [
            {
                "code": "1.1.1",
                "met": "是",
                "evidence": ["2023-01-16 党委会会议纪要", {"ref": "R2", "description": "述法"}],
            },
            {"code": "1.1.2", "grade": "良"},
            {"code": "1.1.3", "gate": True, "clauses": {"c1": 0, "c2": "否", "c3": "93%"}},
            {"code": "2.1.1", "numerator": 1319, "denominator": "1,333", "rate": "98.94%"},
            {"code": "2.1.2", "count": "366件"},
            {"code": "2.1.3", "score": 8.5, "reason": "表现良好"},
            {"code": "2.1.4", "not_applicable": "是", "reason": "本年无创新项目"},
            {"code": "2.1.5", "value": "0.73"},
        ],
    }


def _expected(sha256: str = "", source_path: str = "") -> Assessment:
    return Assessment(
        framework_id="mini-test",
        framework_version="1.0",
        unit=Unit(code="310114102", name="安亭镇", name_en="Anting Town", district="嘉定区"),
        year=2023,
        stage="self",
        assessor="安亭镇司法所",
        vetoes=(VetoDeclaration("V1", False), VetoDeclaration("V2", False, "无")),
        entries=(
            Entry(
                code="1.1.1",
                met=True,
                evidence=(Evidence("2023-01-16 党委会会议纪要"), Evidence("R2", "述法")),
                raw=(("met", "是"),),
            ),
            Entry(code="1.1.2", grade="良"),
            Entry(
                code="1.1.3",
                gate=True,
                clauses=(("c1", 0.0), ("c2", 0.0), ("c3", 0.93)),
                raw=(
                    ("gate", "true"),
                    ("clauses.c1", "0"),
                    ("clauses.c2", "否"),
                    ("clauses.c3", "93%"),
                ),
            ),
            Entry(
                code="2.1.1",
                numerator=1319.0,
                denominator=1333.0,
                rate=0.9894,
                raw=(("numerator", "1319"), ("denominator", "1,333"), ("rate", "98.94%")),
            ),
            Entry(code="2.1.2", count=366.0, raw=(("count", "366件"),)),
            Entry(code="2.1.3", score=8.5, reason="表现良好", raw=(("score", "8.5"),)),
            Entry(
                code="2.1.4",
                not_applicable=True,
                reason="本年无创新项目",
                raw=(("not_applicable", "是"),),
            ),
            Entry(code="2.1.5", value=0.73, raw=(("value", "0.73"),)),
        ),
        sha256=sha256,
        source_path=source_path,
    )


def _write_yaml(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_yaml_file_reads_to_the_expected_record(tmp_path: Path, fw: Framework) -> None:
    path = _write_yaml(tmp_path / "a.yaml", _good())
    record = read_assessment(path, fw)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert record == _expected(digest, str(path))


def test_json_file_reads_to_the_same_record(tmp_path: Path, fw: Framework) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(_good(), ensure_ascii=False), encoding="utf-8")
    record = read_assessment(path, FRAMEWORK_FILE)
    assert record == _expected(hashlib.sha256(path.read_bytes()).hexdigest(), str(path))


def test_the_truncated_rate_is_a_warning_with_both_numbers(tmp_path: Path, fw: Framework) -> None:
    path = _write_yaml(tmp_path / "a.yaml", _good())
    checked = check_files([path], fw)
    assert checked.ok and len(checked.assessments) == 1
    (warning,) = checked.warnings
    assert warning.where == "$.entries[3].rate"
    assert warning.en == (
        "rate 98.94% given, 1319/1333 = 98.95% (98.9497…%); "
        "the printed value looks truncated, not rounded"
    )
    assert "98.95%" in warning.zh and "截断" in warning.zh


def test_a_genuine_mismatch_is_told_apart_from_truncation(tmp_path: Path, fw: Framework) -> None:
    data = _good()
    data["entries"][3]["rate"] = "97.5%"
    problems = validate_files([_write_yaml(tmp_path / "a.yaml", data)], fw)
    (warning,) = [p for p in problems if p.where == "$.entries[3].rate"]
    assert "disagree" in warning.en and "truncated" not in warning.en
    assert "1319/1333 = 98.9% (98.9497…%)" in warning.en  # at the printed precision


def test_a_rounded_rate_gives_no_warning(tmp_path: Path, fw: Framework) -> None:
    data = _good()
    data["entries"][3]["rate"] = "98.95%"
    assert validate_files([_write_yaml(tmp_path / "a.yaml", data)], fw) == []


def test_lower_bound_rate(tmp_path: Path, fw: Framework) -> None:
    data = _good()
    data["entries"][3] = {"code": "2.1.1", "rate": "95%以上"}
    record = read_assessment(_write_yaml(tmp_path / "a.yaml", data), fw)
    entry = record.entry("2.1.1")
    assert entry is not None
    assert entry.rate == 0.95 and entry.rate_bound == "min"
    assert dict(entry.raw)["rate"] == "95%以上"


def test_missing_entries_and_vetoes_are_warnings_not_errors(tmp_path: Path, fw: Framework) -> None:
    data = _good()
    data["entries"] = data["entries"][:2]
    data["vetoes"] = []
    path = _write_yaml(tmp_path / "a.yaml", data)
    checked = check_files([path], fw)
    assert checked.ok
    texts = [w.en for w in checked.warnings]
    assert texts[0].startswith("6 specific indicator(s) have no entry")
    assert "1.1.3, 2.1.1, 2.1.2, 2.1.3, 2.1.4, 2.1.5" in texts[0]
    assert "V1, V2" in texts[1]
    assert read_assessment(path, fw).entries[1].grade == "良"  # warnings do not raise


def test_every_problem_of_every_file_at_once(tmp_path: Path, fw: Framework) -> None:
    bad1 = _good()
    bad1["entries"][1]["grade"] = "甲"
    bad1["entries"][3]["numerator"] = 2000
    bad2 = _good()
    bad2["entries"][0]["code"] = "9.9.9"
    paths = [_write_yaml(tmp_path / "1.yaml", bad1), _write_yaml(tmp_path / "2.yaml", bad2)]
    with pytest.raises(InputError) as info:
        read_assessments(paths, fw)
    places = [(Path(p.file).name, p.where) for p in info.value.errors]
    assert ("1.yaml", "$.entries[1].grade") in places
    assert ("1.yaml", "$.entries[3].numerator") in places
    assert ("2.yaml", "$.entries[0].code") in places


@pytest.mark.parametrize(
    ("change", "where", "fragment"),
    [
        (lambda d: d["entries"][2]["clauses"].update(c1=-1), "$.entries[2].clauses.c1", "negative"),
        (lambda d: d["entries"][5].pop("reason"), "$.entries[5].score", "needs a reason"),
        (lambda d: d["entries"][0].update(count=3), "$.entries[0].count", "does not apply"),
        (lambda d: d["entries"][6].update(count=2), "$.entries[6].count", "marked not applicable"),
        (lambda d: d["entries"][3].update(rate="120%"), "$.entries[3].rate", "above 100%"),
        (lambda d: d["entries"][4].update(count="-1"), "$.entries[4].count", "negative"),
        (
            lambda d: d["vetoes"].append({"code": "V1", "triggered": "是"}),
            "$.vetoes[2].code",
            "declared twice",
        ),
        (lambda d: d["framework"].update(id="other-fw"), "$.framework.id", "not 'mini-test'"),
    ],
)
def test_semantic_errors_are_located(
    tmp_path: Path, fw: Framework, change: Any, where: str, fragment: str
) -> None:
    data = _good()
    change(data)
    checked = check_files([_write_yaml(tmp_path / "a.yaml", data)], fw)
    assert not checked.ok and checked.assessments == ()
    assert any(p.where == where and fragment in p.en for p in checked.errors), checked.errors


def test_framework_version_mismatch_is_a_warning(tmp_path: Path, fw: Framework) -> None:
    data = _good()
    data["framework"]["version"] = "0.9"
    checked = check_files([_write_yaml(tmp_path / "a.yaml", data)], fw)
    assert checked.ok
    assert any(w.where == "$.framework.version" for w in checked.warnings)


def test_assessment_from_dict(fw: Framework) -> None:
    assert assessment_from_dict(_good(), fw) == _expected()
    bad = _good()
    del bad["year"]
    with pytest.raises(InputError) as info:
        assessment_from_dict(bad, fw, file="inline")
    assert info.value.problems[0].file == "inline"
    assert "'year' is a required property" in info.value.problems[0].en


def test_assessment_from_dict_uses_the_bundled_framework_by_id() -> None:
    if "shanghai-town-2023" not in bundled_frameworks():
        pytest.skip("bundled framework not present")
    data = {
        "schema_version": 1,
        "framework": "shanghai-town-2023",
        "unit": {"code": "310114102", "name": "安亭镇"},
        "year": 2023,
        "entries": [{"code": "1.3.3", "grade": "优"}],
    }
    record = assessment_from_dict(data)
    assert record.framework_id == "shanghai-town-2023"
    assert record.entries == (Entry(code="1.3.3", grade="优"),)


CSV_HEADER = (
    "unit_code,unit_name,district,year,stage,code,met,grade,numerator,denominator,rate,"
    "count,value,score,reason,gate,clauses,not_applicable,evidence,note,triggered\n"
)


def test_csv_gives_one_assessment_per_unit_year_stage(tmp_path: Path, fw: Framework) -> None:
    path = tmp_path / "batch.csv"
    path.write_text(
        CSV_HEADER
        + "310114102,安亭镇,嘉定区,2023,自评,1.1.1,是,,,,,,,,,,,,纪要;报告,,\n"
        + "310114102,安亭镇,嘉定区,2023,自评,1.1.3,,,,,,,,,,是,c1=2;c2=否;c3=93%,,,,\n"
        + "310114102,安亭镇,嘉定区,2023,自评,V1,,,,,,,,,,,,,,,否\n"
        + '310114102,安亭镇,嘉定区,2022,自评,2.1.1,,,1319,"1,333",,,,,,,,,,,\n'
        + "310114103,外冈镇,嘉定区,2023,初审,2.1.2,,,,,,366,,,,,,,,,\n",
        encoding="utf-8-sig",
    )
    records = read_assessments([path], fw)
    assert [(a.unit.code, a.year, a.stage) for a in records] == [
        ("310114102", 2023, "self"),
        ("310114102", 2022, "self"),
        ("310114103", 2023, "review"),
    ]
    first = records[0]
    assert first.entries[0] == Entry(
        code="1.1.1", met=True, evidence=(Evidence("纪要"), Evidence("报告")), raw=(("met", "是"),)
    )
    assert first.entries[1].clauses == (("c1", 2.0), ("c2", 0.0), ("c3", 0.93))
    assert first.vetoes == (VetoDeclaration("V1", False),)
    assert records[1].entries[0].denominator == 1333.0
    assert records[2].unit == Unit(code="310114103", name="外冈镇", district="嘉定区")
    assert all(a.source_path == str(path) for a in records)
    with pytest.raises(InputError, match="holds 3 assessments"):
        read_assessment(path, fw)


def test_csv_accepts_chinese_headers(tmp_path: Path, fw: Framework) -> None:
    path = tmp_path / "zh.csv"
    path.write_text("单位代码,年度,编号,数量\n310114102,2023,2.1.2,366件\n", encoding="utf-8")
    (record,) = read_assessments([path], fw)
    assert record.entries == (Entry(code="2.1.2", count=366.0, raw=(("count", "366件"),)),)


def test_csv_needs_a_framework(tmp_path: Path) -> None:
    path = tmp_path / "nofw.csv"
    path.write_text("unit_code,year,code,count\n310114102,2023,2.1.2,366\n", encoding="utf-8")
    (problem,) = validate_files([path])
    assert problem.where == "line 2" and "--framework" in problem.en


def test_csv_of_a_district_is_fast(tmp_path: Path) -> None:
    if "shanghai-town-2023" not in bundled_frameworks():
        pytest.skip("bundled framework not present")
    fw = load_framework("shanghai-town-2023")
    lines = [CSV_HEADER.rstrip("\n") + ",framework"]
    for town in range(12):
        for year in (2021, 2022, 2023):
            for leaf in fw.leaves():
                value = {"check": "met", "levels": "grade", "count": "count"}.get(
                    leaf.rule.type if leaf.rule else "", ""
                )
                cells = dict.fromkeys(CSV_HEADER.strip().split(","), "")
                cells.update(
                    unit_code=f"3101141{town:02d}",
                    unit_name=f"镇{town}",
                    year=str(year),
                    code=leaf.code,
                )
                if value == "met":
                    cells["met"] = "是"
                elif value == "grade":
                    cells["grade"] = "良"
                elif value == "count":
                    cells["count"] = "12"
                lines.append(",".join(cells.values()) + ",shanghai-town-2023")
    path = tmp_path / "district.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    checked = check_files([path])
    elapsed = time.perf_counter() - start
    assert checked.ok, checked.errors[:3]
    assert len(checked.assessments) == 36
    assert sum(len(a.entries) for a in checked.assessments) == 36 * 55
    assert elapsed < 2.0, elapsed


def test_unknown_framework_argument_raises(tmp_path: Path) -> None:
    path = _write_yaml(tmp_path / "a.yaml", _good())
    with pytest.raises(InputError, match="no bundled framework"):
        check_files([path], "no-such-framework")
