"""The Excel fill-in workbook: written from a framework, filled, read back; errors by sheet!cell."""

from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import form_fill
from anting_rule_of_law import (
    Assessment,
    Entry,
    Evidence,
    Unit,
    VetoDeclaration,
    bundled_frameworks,
    check_files,
    load_framework,
    read_assessment,
    write_template,
)
from anting_rule_of_law.cli import main
from anting_rule_of_law.records import Framework
from form_fill import form_cell, form_columns

FRAMEWORK_FILE = form_fill.MINI_FRAMEWORK


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(FRAMEWORK_FILE)


@pytest.fixture
def template(tmp_path: Path, fw: Framework) -> Path:
    return write_template(fw, tmp_path / "form.xlsx")


_fill = form_fill.fill


FILLED = {
    "1.1.1": {"met": "是", "evidence": "2023-01-16 党委会会议纪要；述法报告"},
    "1.1.2": {"grade": "良"},
    "1.1.3": {"gate": "是", "clauses": {"c1": 0, "c2": "否", "c3": "93%"}},
    "2.1.1": {"numerator": 1319, "denominator": 1333, "rate": 0.9895},
    "2.1.2": {"count": "366件", "note": "公共法律服务窗口"},
    "2.1.3": {"score": 8.5, "reason": "表现良好"},
    "2.1.4": {"not_applicable": "是", "reason": "无创新项目"},
    "2.1.5": {"value": 0.73},
}
INFO = {
    "unit_code": 310114102,
    "unit_name": "安亭镇",
    "district": "嘉定区",
    "year": 2023,
    "stage": "初审",
    "assessor": "司法所",
}


def test_round_trip_template_fill_read(template: Path, tmp_path: Path, fw: Framework) -> None:
    filled = _fill(template, tmp_path / "filled.xlsx", FILLED, INFO, {"V1": "否", "V2": "是"})
    record = read_assessment(filled, fw)
    expected = Assessment(
        framework_id="mini-test",
        framework_version="1.0",
        unit=Unit(code="310114102", name="安亭镇", district="嘉定区"),
        year=2023,
        stage="review",
        assessor="司法所",
        vetoes=(VetoDeclaration("V1", False), VetoDeclaration("V2", True)),
        entries=(
            Entry(
                code="1.1.1",
                met=True,
                evidence=(Evidence("2023-01-16 党委会会议纪要"), Evidence("述法报告")),
                raw=(("met", "是"),),
            ),
            Entry(code="1.1.2", grade="良"),
            Entry(
                code="1.1.3",
                gate=True,
                clauses=(("c1", 0.0), ("c2", 0.0), ("c3", 0.93)),
                raw=(
                    ("gate", "是"),
                    ("clauses.c1", "0"),
                    ("clauses.c2", "否"),
                    ("clauses.c3", "93%"),
                ),
            ),
            Entry(
                code="2.1.1",
                numerator=1319.0,
                denominator=1333.0,
                rate=0.9895,
                raw=(("numerator", "1319"), ("denominator", "1333"), ("rate", "0.9895")),
            ),
            Entry(code="2.1.2", count=366.0, note="公共法律服务窗口", raw=(("count", "366件"),)),
            Entry(code="2.1.3", score=8.5, reason="表现良好", raw=(("score", "8.5"),)),
            Entry(
                code="2.1.4",
                not_applicable=True,
                reason="无创新项目",
                raw=(("not_applicable", "是"),),
            ),
            Entry(code="2.1.5", value=0.73, raw=(("value", "0.73"),)),
        ),
        sha256=hashlib.sha256(filled.read_bytes()).hexdigest(),
        source_path=str(filled),
    )
    assert record == expected
    assert check_files([filled], fw).problems == ()


def test_an_untouched_template_reads_as_all_missing(template: Path, fw: Framework) -> None:
    checked = check_files([template], fw)
    assert [p.where for p in checked.errors] == ["基本信息!C4", "基本信息!C8"]  # unit code, year
    assert "unit code is missing" in checked.errors[0].en
    assert "year is missing" in checked.errors[1].en


def test_excel_errors_name_sheet_and_cell(template: Path, tmp_path: Path, fw: Framework) -> None:
    bad = dict(FILLED)
    bad["2.1.1"] = {"numerator": 1400, "denominator": 1333}
    bad["1.1.2"] = {"grade": "甲"}
    bad["2.1.5"] = {"value": "abc"}
    filled = _fill(template, tmp_path / "bad.xlsx", bad, {**INFO, "year": 1999}, {"V1": "也许"})
    ws = openpyxl.load_workbook(filled)["具体指标"]
    errors = {(p.where, p.en.split(":")[0]) for p in check_files([filled], fw).errors}
    assert (f"具体指标!{form_cell(ws, '2.1.1', 'numerator')}", "2.1.1") in errors
    assert (f"具体指标!{form_cell(ws, '1.1.2', 'grade')}", "1.1.2") in errors
    assert (f"具体指标!{form_cell(ws, '2.1.5', 'value')}", "value") in errors
    assert ("基本信息!C8", "year 1999 is out of range (2000..2100)") in errors
    assert ("否决项!E2", "triggered") in errors
    # the exact cell of the mini framework's layout: 2.1.1's numerator is typed in E16
    assert form_cell(ws, "2.1.1", "numerator") == "E16"


def test_unknown_code_row_added_by_hand(template: Path, tmp_path: Path, fw: Framework) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb["具体指标"]
    cols = form_columns(ws)
    last = ws.max_row
    ws[f"{cols['code']}{last + 1}"] = "9.9.9"
    ws[f"{cols['field']}{last + 1}"] = "count"
    ws[f"{cols['input']}{last + 1}"] = 3
    ws[f"{cols['field']}{last + 2}"] = "count"
    ws[f"{cols['input']}{last + 2}"] = 4  # a value without a code
    ws[f"{cols['code']}{last + 3}"] = "2.1.2"
    ws[f"{cols['input']}{last + 3}"] = 5  # a row the template did not write
    info = wb["基本信息"]
    info["C4"], info["C8"] = "310114102", 2023
    wb.save(tmp_path / "x.xlsx")
    errors = {p.where: p.en for p in check_files([tmp_path / "x.xlsx"], fw).errors}
    assert "unknown indicator code '9.9.9'" in errors[f"具体指标!A{last + 1}"]
    assert "without an indicator code" in errors[f"具体指标!A{last + 2}"]
    assert "not a row the template wrote" in errors[f"具体指标!{cols['field']}{last + 3}"]


def test_template_structure(template: Path, fw: Framework) -> None:
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["说明", "基本信息", "具体指标", "否决项"]
    ws = wb["具体指标"]
    cols = form_columns(ws)
    codes = [ws[f"A{r}"].value for r in range(2, ws.max_row + 1)]
    fields = [ws[f"{cols['field']}{r}"].value for r in range(2, ws.max_row + 1)]
    indicator_rows = [c for c, f in zip(codes, fields, strict=True) if f == "indicator"]
    assert indicator_rows == [leaf.code for leaf in fw.leaves()]
    assert [c for c, f in zip(codes, fields, strict=True) if f == "section"] == [
        "1",
        "1.1",
        "2",
        "2.1",
    ]
    # the deduction indicator: its gate and every clause on a row of its own, with the text
    rows_113 = [
        (f, ws[f"B{r}"].value)
        for r, (c, f) in enumerate(zip(codes, fields, strict=True), start=2)
        if c == "1.1.3"
    ]
    assert rows_113 == [
        ("indicator", "执法监督检查"),
        ("gate", "　前提条件：未开展不得分"),
        ("clauses.c1", "　c1 每发现一起扣1分"),
        ("clauses.c2", "　c2 未公示的扣3分"),
        ("clauses.c3", "　c3 办结率未达到95%的扣2分"),
    ]
    assert ws.protection.sheet and wb["基本信息"].protection.sheet and wb["否决项"].protection.sheet
    assert ws.freeze_panes == "C2"  # the header row, code and indicator/input columns
    assert ws.column_dimensions[cols["field"]].hidden
    # structure locked; the inputs and the indicator row's own fields unlocked
    numerator = form_cell(ws, "2.1.1", "numerator")
    assert not ws[numerator].protection.locked
    assert not ws[form_cell(ws, "2.1.1", "rate")].protection.locked
    assert ws[form_cell(ws, "2.1.1", "rate")].number_format == "0.00%"
    assert not ws[form_cell(ws, "2.1.1", "evidence")].protection.locked
    row = int(numerator[1:])
    assert ws[f"A{row}"].protection.locked and ws[f"{cols['reason']}{row}"].protection.locked
    # drop-downs: yes/no, the rule's grades
    lists = {
        str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"
    }
    assert lists[form_cell(ws, "1.1.1", "met")] == '"是,否"'
    assert lists[form_cell(ws, "1.1.2", "grade")] == '"优,良,中,差"'
    assert lists[form_cell(ws, "2.1.4", "not_applicable")] == '"是,否"'
    numbers = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    assert any(str(dv.sqref) == numerator for dv in numbers)
    # Chinese text fits: the indicator column is wider than the code column
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width
    info = wb["基本信息"]
    assert info["C2"].value == "mini-test" and info["C2"].protection.locked
    assert not info["C4"].protection.locked
    assert info["B12"].value == "layout" and info["C12"].value == 2
    vetoes = wb["否决项"]
    assert [vetoes.cell(i, 1).value for i in (2, 3)] == ["V1", "V2"]
    assert not vetoes["E2"].protection.locked


def test_english_template_reads_back_too(tmp_path: Path, fw: Framework) -> None:
    path = write_template(
        fw, tmp_path / "en.xlsx", lang="en", unit={"code": "310114102", "name": "安亭镇"}, year=2023
    )
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Instructions", "Basic info", "Indicators", "Vetoes"]
    ws = wb["Indicators"]
    assert ws["B1"].value == "indicator and input\n指标与填报项"
    ws[form_cell(ws, "2.1.2", "count")] = 12
    wb.save(path)
    record = read_assessment(path, fw)
    assert record.unit == Unit(code="310114102", name="安亭镇")
    assert record.entries == (Entry(code="2.1.2", count=12.0, raw=(("count", "12"),)),)


def test_template_is_written_atomically(
    tmp_path: Path, fw: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "keep.xlsx"
    target.write_bytes(b"old")
    import anting_rule_of_law.assessments.template as tpl

    def boom(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(tpl, "_veto_sheet", boom)
    with pytest.raises(RuntimeError):
        write_template(fw, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.xlsx"]


def test_template_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.xlsx"
    assert (
        main(
            [
                "template",
                "--framework",
                str(FRAMEWORK_FILE),
                "-o",
                str(out),
                "--lang",
                "en",
                "--year",
                "2023",
            ]
        )
        == 0
    )
    assert openpyxl.load_workbook(out)["Basic info"]["C8"].value == 2023
    assert (
        main(["template", "--framework", str(FRAMEWORK_FILE), "-o", str(tmp_path / "t.csv")]) == 4
    )
    err = capsys.readouterr().err
    assert "Traceback" not in err and ".xlsx" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]
    # a missing folder is created, as by every command that writes (docs/reliability.md)
    new = tmp_path / "no" / "t.xlsx"
    assert main(["template", "--framework", str(FRAMEWORK_FILE), "-o", str(new)]) == 0
    assert new.is_file()


def test_validate_command_exit_codes(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled = _fill(template, tmp_path / "ok.xlsx", FILLED, INFO, {"V1": "否", "V2": "否"})
    assert main(["validate", str(filled), "--framework", str(FRAMEWORK_FILE), "--lang", "en"]) == 0
    assert "0 error(s)" in capsys.readouterr().out
    assert (
        main(["validate", str(template), "--framework", str(FRAMEWORK_FILE), "--lang", "zh"]) == 3
    )
    err = capsys.readouterr().err
    assert "基本信息!C4: 错误: 缺少单位代码" in err


@pytest.mark.skipif(
    "shanghai-town-2023" not in bundled_frameworks(), reason="bundled framework not present"
)
def test_bundled_framework_template_round_trip(tmp_path: Path) -> None:
    fw = load_framework("shanghai-town-2023")
    path = write_template(
        fw, tmp_path / "sh.xlsx", unit={"code": "310114102", "name": "安亭镇"}, year=2023
    )
    wb = openpyxl.load_workbook(path)
    ws = wb["具体指标"]
    cols = form_columns(ws)
    fields = [ws[f"{cols['field']}{r}"].value for r in range(2, ws.max_row + 1)]
    assert fields.count("indicator") == 55 and fields.count("section") == 4 + 18
    record_problems = check_files([path]).problems
    assert not any(p.is_error for p in record_problems)
    assert record_problems[0].en.startswith("55 specific indicator(s) have no entry")


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_template_without_repair(template: Path, tmp_path: Path) -> None:
    soffice = _soffice()
    assert soffice is not None
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,3",
            "--outdir",
            str(out),
            str(template),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "repair" not in (proc.stdout + proc.stderr).lower()
    with (out / "form-具体指标.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "编号\ncode"
    assert rows[1][:3] == ["1", "党委领导", "30"]
    assert rows[3][:4] == ["1.1.1", "召开党委会专题研究法治建设", "10", "达标制"]
    assert rows[4][:2] == ["1.1.1", "　是否达到"]
    assert sorted({r[0] for r in rows[1:]}) == [
        "1",
        "1.1",
        "1.1.1",
        "1.1.2",
        "1.1.3",
        "2",
        "2.1",
        "2.1.1",
        "2.1.2",
        "2.1.3",
        "2.1.4",
        "2.1.5",
    ]
